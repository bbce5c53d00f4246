package org.ailive.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.ailive.export.Download;
import org.ailive.export.Downloaded;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, parts 3-5: attendance like Appendix 2 of the review (per panel and county-wide),
 * presenting-needs themes, step-up outcomes per quarter (recorded through the API) and timing (R3),
 * as JSON and as CSV/XLSX read back and compared with what was seeded into the database.
 */
class ReportsTest {

  static final String PERIOD = "from=2024-01-01&to=2024-06-30";

  static TestServer server;
  static String officer;
  static String chair;
  static String partner;
  static UUID nhst;
  static UUID whh;
  static UUID m1;
  static UUID m2;
  static UUID m3;
  static UUID m4;
  static UUID case1;
  static UUID case2;
  static UUID case3;
  static UUID draftCase;
  static UUID whhCase;

  @BeforeAll
  static void seed() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    partner = server.demoToken("police@demo.ailive.test");
    nhst = id("SELECT id FROM panel");
    whh = id("INSERT INTO panel (double_district_id, name) SELECT id, 'Welwyn Hatfield & Hertsmere A&I panel'"
      + " FROM double_district WHERE code = 'WHH' RETURNING id");
    m1 = meeting(nhst, "NHST", "2024-01-10", "closed");
    m2 = meeting(nhst, "NHST", "2024-02-14", "closed");
    m3 = meeting(nhst, "NHST", "2024-04-10", "closed");
    m4 = meeting(nhst, "NHST", "2024-05-15", "planned"); // not held: not counted
    UUID w1 = meeting(whh, "WHH", "2024-01-17", "closed");
    UUID w2 = meeting(whh, "WHH", "2024-03-20", "closed");

    mark(m1, "chair", "in_room", null);
    mark(m1, "officer", "in_room", null);
    mark(m1, "police", "in_room", null);
    mark(m1, "camhs", "apologies", null);
    server.query("INSERT INTO attendance (meeting_id, member_id, status, substitute_for_member_id)"
      + " VALUES ($1, $2, 'substitute', $3)", m1, member("school-nursing"), member("health-visiting"));
    mark(m2, "chair", "in_room", null);
    mark(m2, "police", "remote", null);
    mark(m2, "camhs", "absent", null);
    mark(m3, "chair", "in_room", null);
    mark(m3, "police", "apologies_with_update", "Two call-outs since the last meeting; details sent to the chair.");
    mark(m4, "police", "in_room", null);
    mark(w1, "police", "in_room", null);
    mark(w2, "police", "in_room", null);

    case1 = familyCase(m1, nhst, "NHST", "T-1", "discussed", "neglect", "housing_rent_arrears");
    case2 = familyCase(m2, nhst, "NHST", "T-2", "discussed", "neglect");
    case3 = familyCase(m3, nhst, "NHST", "T-3", "discussed", "attendance_school");
    draftCase = familyCase(m1, nhst, "NHST", "T-4", "draft", "neglect");
    whhCase = familyCase(w1, whh, "WHH", "W-1", "closed", "neglect", "domestic_abuse");

    // m1: six cases, the last two cut short; m2: three cases, evenly; m3: two cases, too few to judge.
    int[] m1Used = {1200, 1100, 1000, 900, 400, 300};
    int position = 1;
    for (int i = 0; i < 6; i++) {
      if (i == 3) {
        item(m1, position++, "aob", null, "AOB and partner updates", 1200, 1000);
      }
      item(m1, position++, "case", case1, "T-1 part " + (i + 1), 900, m1Used[i]);
    }
    int[] m2Used = {900, 900, 850};
    for (int i = 0; i < 3; i++) {
      item(m2, i + 1, "case", case2, "T-2 part " + (i + 1), 900, m2Used[i]);
    }
    item(m3, 1, "case", case3, "T-3 part 1", 900, 600);
    item(m3, 2, "case", case3, "T-3 part 2", 900, 600);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void attendanceIsThePercentageOfMeetingsAttendedPerAgencyPerPanelAndCountyWide() throws Exception {
    JsonObject report = json("/api/reports/attendance?" + PERIOD, officer);
    assertEquals("2024-01-01", report.getString("from"));
    assertEquals(5, report.getJsonObject("county").getInteger("meetings"), "3 NHST + 2 WHH held; the planned one not");
    JsonObject nhstReport = panel(report, nhst);
    assertEquals(3, nhstReport.getInteger("meetings"));

    JsonObject police = agency(nhstReport, "Police");
    assertEquals(List.of(3, 2, 67, 1, 1, 0, 1, 0, 0), counts(police));
    assertEquals(List.of(3, 0, 0, 0, 0, 0, 0, 1, 2), counts(agency(nhstReport, "CAMHS")), "apologies, absent, not marked");
    assertEquals(List.of(3, 1, 33, 0, 0, 1, 0, 0, 2), counts(agency(nhstReport, "Health Visiting")),
      "a substitute counts for the agency they stand in for");
    assertEquals(List.of(3, 0, 0, 0, 0, 0, 0, 0, 3), counts(agency(nhstReport, "School Nursing")));
    assertEquals(List.of(3, 3, 100, 3, 0, 0, 0, 0, 0), counts(agency(nhstReport, "Families First")));
    JsonObject cgl = agency(nhstReport, "CGL Spectrum");
    assertEquals("when_relevant", cgl.getString("expected"), "a partner on the panel, expected when relevant");
    assertEquals(0, cgl.getInteger("percent"));
    assertNull(find(nhstReport, "Larkspur Lane Primary School"), "a presenting school is not a member agency");

    JsonObject whhReport = panel(report, whh);
    assertEquals(List.of(2, 2, 100, 2, 0, 0, 0, 0, 0), counts(agency(whhReport, "Police")));
    assertEquals(0, agency(whhReport, "CAMHS").getInteger("percent"), "county-wide agencies are expected everywhere");
    assertNull(find(whhReport, "CGL Spectrum"));

    JsonObject county = report.getJsonObject("county");
    assertEquals(List.of(5, 4, 80, 3, 1, 0, 1, 0, 0), counts(agency(county, "Police")));
    assertEquals(20, agency(county, "Health Visiting").getInteger("percent"));
    assertEquals(3, agency(county, "CGL Spectrum").getInteger("meetings"), "only the panels that list it");

    // The same figures from the database directly: attended = in the room, remote or substitute.
    long policeAttended = server.query("SELECT count(DISTINCT a.meeting_id) AS n FROM attendance a"
      + " JOIN member mb ON mb.id = a.member_id JOIN meeting m ON m.id = a.meeting_id JOIN agency ag ON ag.id = mb.agency_id"
      + " WHERE ag.name = 'Police' AND a.status IN ('in_room', 'remote', 'substitute') AND m.status = 'closed'"
      + " AND m.meeting_date BETWEEN '2024-01-01' AND '2024-06-30'").getJsonObject(0).getLong("n");
    assertEquals(policeAttended, agency(county, "Police").getLong("attended"));

    JsonObject onePanel = json("/api/reports/attendance?" + PERIOD + "&panelId=" + whh, officer);
    assertEquals(1, onePanel.getJsonArray("panels").size());
    assertEquals(2, onePanel.getJsonObject("county").getInteger("meetings"));
    // Issue 15: a chair's reports cover the panels they run; the demo chair does not run WHH.
    var notTheirs = Downloaded.get(server, "/api/reports/attendance?" + PERIOD + "&panelId=" + whh, chair);
    assertEquals(403, notTheirs.statusCode(), notTheirs.bodyAsString());
    JsonObject theirs = json("/api/reports/attendance?" + PERIOD, chair);
    assertEquals(1, theirs.getJsonArray("panels").size());
    assertEquals(nhst.toString(), theirs.getJsonArray("panels").getJsonObject(0).getString("panelId"));
    assertEquals(3, theirs.getJsonObject("county").getInteger("meetings"), "the totals are of the panels they run");
  }

  @Test
  void attendanceAsCsvAndXlsxIsAppendixTwoAndIsAudited() throws Exception {
    long before = Downloaded.auditCount(server, "export", "attendance_report");
    var csv = Downloaded.download(server, "/api/reports/attendance.csv?" + PERIOD, officer, Download.CSV,
      "attendance-2024-01-01-to-2024-06-30\\.csv");
    List<CSVRecord> records = Downloaded.csv(csv.body());
    assertEquals(List.of("Area", "Agency", "Expected", "Meetings", "Attended", "% attended", "In the room", "Remote",
      "Substitute", "Apologies with update", "Apologies", "Absent or not recorded"), records.get(0).toList());
    CSVRecord countyPolice = records.stream().filter(r -> r.get(0).equals("County-wide") && r.get(1).equals("Police"))
      .findFirst().orElseThrow();
    assertEquals(List.of("County-wide", "Police", "Every meeting", "5", "4", "80", "3", "1", "0", "1", "0", "0"),
      countyPolice.toList());
    assertTrue(records.stream().anyMatch(r -> r.get(0).startsWith("NHST – ") && r.get(1).equals("Health Visiting")
      && r.get(5).equals("33")));

    var xlsx = Downloaded.download(server, "/api/reports/attendance.xlsx?" + PERIOD, officer, Download.XLSX,
      "attendance-2024-01-01-to-2024-06-30\\.xlsx");
    List<Row> rows = Downloaded.xlsx(xlsx.body());
    assertEquals(records.size(), rows.size(), "the same rows as the CSV");
    Row police = rows.stream().filter(r -> "County-wide".equals(r.getCellText(0)) && "Police".equals(r.getCellText(1)))
      .findFirst().orElseThrow();
    assertEquals(80, police.getCellAsNumber(5).orElseThrow().intValue());
    assertEquals(5, police.getCellAsNumber(3).orElseThrow().intValue());

    assertEquals(before + 2, Downloaded.auditCount(server, "export", "attendance_report"));
    JsonObject detail = server.query("SELECT detail FROM audit_entry WHERE subject = 'attendance_report'"
      + " ORDER BY id DESC LIMIT 1").getJsonObject(0).getJsonObject("detail");
    assertEquals("xlsx", detail.getString("format"));
    assertEquals("2024-06-30", detail.getJsonObject("filters").getString("to"));
    assertEquals(records.size() - 1, detail.getInteger("rows"));
  }

  @Test
  void presentingNeedsThemesCountCasesPerNeed() throws Exception {
    JsonObject report = json("/api/reports/needs?" + PERIOD, officer);
    JsonObject nhstNeeds = panel(report, nhst);
    assertEquals(3, nhstNeeds.getInteger("cases"), "the draft case is not counted");
    JsonArray needs = nhstNeeds.getJsonArray("needs");
    assertEquals(new JsonObject().put("code", "neglect").put("label", "Neglect").put("cases", 2).put("percent", 67),
      needs.getJsonObject(0), "most frequent first");
    JsonObject county = report.getJsonObject("county");
    assertEquals(4, county.getInteger("cases"));
    assertEquals(3, county.getJsonArray("needs").getJsonObject(0).getInteger("cases"));
    assertEquals(75, county.getJsonArray("needs").getJsonObject(0).getInteger("percent"));

    // Compared with the database.
    var db = server.query("SELECT n AS need, count(*) AS cases FROM family_case fc JOIN meeting m ON m.id = fc.meeting_id,"
      + " unnest(fc.presenting_needs) n WHERE fc.status IN ('accepted', 'discussed', 'closed')"
      + " AND m.meeting_date BETWEEN '2024-01-01' AND '2024-06-30' GROUP BY n");
    for (Object o : db) {
      JsonObject row = (JsonObject) o;
      JsonObject need = county.getJsonArray("needs").stream().map(x -> (JsonObject) x)
        .filter(n -> n.getString("code").equals(row.getString("need"))).findFirst().orElseThrow();
      assertEquals(row.getInteger("cases"), need.getInteger("cases"), row.getString("need"));
    }

    List<CSVRecord> csv = Downloaded.csv(Downloaded.download(server, "/api/reports/needs.csv?" + PERIOD, officer,
      Download.CSV, "presenting-needs-2024-01-01-to-2024-06-30\\.csv").body());
    assertEquals(List.of("County-wide", "Neglect", "neglect", "3", "75"), csv.get(1).toList());
  }

  @Test
  void outcomesAreRecordedPerCaseAndReportedPerQuarter() throws Exception {
    assertEquals(200, outcome(case1, "ifst", officer).statusCode());
    assertEquals(200, outcome(case2, "assessment", chair).statusCode());
    var tys = outcome(whhCase, "tys", officer);
    assertEquals(200, tys.statusCode(), tys.bodyAsString());
    assertEquals("W-1", tys.bodyAsJsonObject().getString("familyRef"));
    assertEquals("tys", server.query("SELECT outcome FROM family_case WHERE id = $1", whhCase).getJsonObject(0)
      .getString("outcome"));
    assertEquals(1, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'case_outcome' AND subject = $1",
      whhCase.toString()).getJsonObject(0).getLong("n"));

    assertEquals(400, outcome(case3, "adopted", officer).statusCode());
    assertEquals(409, outcome(draftCase, "ifst", officer).statusCode(), "a draft was never taken by the panel");
    assertEquals(404, outcome(UUID.randomUUID(), "ifst", officer).statusCode());
    assertEquals(403, outcome(case3, "ifst", partner).statusCode());

    JsonObject report = json("/api/reports/outcomes?" + PERIOD, officer);
    JsonArray nhstQuarters = panel(report, nhst).getJsonArray("quarters");
    assertEquals(2, nhstQuarters.size());
    JsonObject q1 = nhstQuarters.getJsonObject(0);
    assertEquals("2024-Q1", q1.getString("quarter"));
    assertEquals("2024 Q1 (Jan–Mar)", q1.getString("label"));
    assertEquals(2, q1.getInteger("cases"));
    assertEquals(Map.of("assessment", 1, "ifst", 1, "tys", 0, "other", 0, "none", 0, "not_recorded", 0),
      q1.getJsonObject("outcomes").getMap());
    JsonObject q2 = nhstQuarters.getJsonObject(1);
    assertEquals("2024-Q2", q2.getString("quarter"));
    assertEquals(1, q2.getJsonObject("outcomes").getInteger("not_recorded"));
    JsonObject countyQ1 = report.getJsonObject("county").getJsonArray("quarters").getJsonObject(0);
    assertEquals(3, countyQ1.getInteger("cases"));
    assertEquals(1, countyQ1.getJsonObject("outcomes").getInteger("tys"));

    List<Row> rows = Downloaded.xlsx(Downloaded.download(server, "/api/reports/outcomes.xlsx?" + PERIOD, officer,
      Download.XLSX, "outcomes-2024-01-01-to-2024-06-30\\.xlsx").body());
    assertEquals(List.of("Area", "Quarter", "Cases", "To Assessment", "To IFST", "To TYS", "Other", "None",
      "Not recorded"), rows.get(0).stream().map(c -> c.getText()).toList());
    assertEquals("2024 Q1 (Jan–Mar)", rows.get(1).getCellText(1));
    assertEquals(1, rows.get(1).getCellAsNumber(5).orElseThrow().intValue(), "county-wide Q1: one to TYS");
  }

  @Test
  void timingShowsPlannedAndUsedAndWhetherTheLastCasesWereRushed() throws Exception {
    JsonObject report = json("/api/reports/timing?" + PERIOD + "&panelId=" + nhst, officer);
    JsonArray meetings = report.getJsonArray("meetings");
    assertEquals(3, meetings.size(), "the meetings held, in date order");
    JsonObject first = meetings.getJsonObject(0);
    assertEquals(m1.toString(), first.getString("meetingId"));
    var sums = server.query("SELECT sum(allotted_seconds) AS planned, sum(used_seconds) AS used FROM agenda_item"
      + " WHERE meeting_id = $1", m1).getJsonObject(0);
    assertEquals(sums.getInteger("planned"), first.getInteger("plannedSeconds"));
    assertEquals(sums.getInteger("used"), first.getInteger("usedSeconds"));
    assertEquals(6, first.getInteger("casesDiscussed"));
    assertEquals(1050, first.getJsonObject("firstTwoThirds").getInteger("averageUsedSeconds"));
    assertEquals(350, first.getJsonObject("lastThird").getInteger("averageUsedSeconds"));
    assertEquals(true, first.getBoolean("rushed"), "R3: the last cases were rushed");
    JsonArray items = first.getJsonArray("items");
    assertEquals(7, items.size());
    assertEquals("aob", items.getJsonObject(3).getString("kind"));
    assertNull(items.getJsonObject(3).getString("part"));
    assertEquals("last", items.getJsonObject(6).getString("part"));
    assertEquals("first", items.getJsonObject(4).getString("part"));
    assertEquals(-600, items.getJsonObject(6).getInteger("differenceSeconds"));
    assertEquals(false, meetings.getJsonObject(1).getBoolean("rushed"), "evenly spread");
    assertNull(meetings.getJsonObject(2).getBoolean("rushed"), "two cases: too few to say");

    JsonObject one = json("/api/reports/timing?meetingId=" + m2, chair);
    assertEquals(1, one.getJsonArray("meetings").size());

    List<CSVRecord> csv = Downloaded.csv(Downloaded.download(server, "/api/reports/timing.csv?" + PERIOD, officer,
      Download.CSV, "timing-2024-01-01-to-2024-06-30\\.csv").body());
    assertEquals(1 + 7 + 3 + 2, csv.size());
    CSVRecord last = csv.get(7);
    assertEquals(List.of("2024-01-10", "NHST", "7", "T-1 part 6", "case", "North Herts", "15.0", "5.0", "-10.0", "0.33",
      "Last third", "110.0", "98.3", "Yes"), last.toList());
    assertEquals("Too few cases to say", csv.get(csv.size() - 1).get(13));
  }

  @Test
  void onlyOfficersAndChairsGetReportsAndBadPeriodsAre400() throws Exception {
    for (String path : List.of("/api/reports/attendance", "/api/reports/attendance.csv", "/api/reports/needs.xlsx",
      "/api/reports/outcomes", "/api/reports/timing.csv")) {
      var res = Downloaded.get(server, path, partner);
      assertEquals(403, res.statusCode(), path);
      assertEquals("forbidden", res.bodyAsJsonObject().getString("error"));
    }
    var reversed = Downloaded.get(server, "/api/reports/attendance?from=2024-06-30&to=2024-01-01", officer);
    assertEquals(400, reversed.statusCode());
    assertEquals("invalid_field", reversed.bodyAsJsonObject().getString("error"));
    assertEquals(400, Downloaded.get(server, "/api/reports/needs?from=2024-13-01", officer).statusCode());
    assertEquals(400, Downloaded.get(server, "/api/reports/timing?meetingId=x", officer).statusCode());
    assertEquals(400, Downloaded.get(server, "/api/reports/needs?from=", officer).statusCode(), "an empty filter");
  }

  private static List<Integer> counts(JsonObject line) {
    return List.of(line.getInteger("meetings"), line.getInteger("attended"), line.getInteger("percent"),
      line.getInteger("inRoom"), line.getInteger("remote"), line.getInteger("substitute"),
      line.getInteger("apologiesWithUpdate"), line.getInteger("apologies"), line.getInteger("absent"));
  }

  private static JsonObject json(String path, String token) throws Exception {
    var res = Downloaded.get(server, path, token);
    assertEquals(200, res.statusCode(), path + ": " + res.bodyAsString());
    assertEquals("application/json; charset=utf-8", res.getHeader("Content-Type"));
    return res.bodyAsJsonObject();
  }

  private static JsonObject panel(JsonObject report, UUID panelId) {
    return report.getJsonArray("panels").stream().map(o -> (JsonObject) o)
      .filter(p -> p.getString("panelId").equals(panelId.toString())).findFirst().orElseThrow();
  }

  private static JsonObject find(JsonObject area, String agency) {
    return area.getJsonArray("agencies").stream().map(o -> (JsonObject) o)
      .filter(a -> a.getString("agency").equals(agency)).findFirst().orElse(null);
  }

  private static JsonObject agency(JsonObject area, String agency) {
    JsonObject found = find(area, agency);
    assertTrue(found != null, agency + " is listed");
    return found;
  }

  private static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> outcome(UUID caseId, String outcome,
                                                                                          String token) throws Exception {
    return server.client.post("/api/cases/" + caseId + "/outcome").bearerTokenAuthentication(token)
      .sendJsonObject(new JsonObject().put("outcome", outcome)).await(20, TimeUnit.SECONDS);
  }

  private static UUID meeting(UUID panel, String code, String date, String status) throws Exception {
    return id("INSERT INTO meeting (panel_id, meeting_date, first_district_id, status)"
      + " SELECT $1, $2, d.id, $3 FROM district d JOIN double_district dd ON dd.id = d.double_district_id"
      + " WHERE dd.code = $4 ORDER BY d.name LIMIT 1 RETURNING id", panel, LocalDate.parse(date), status, code);
  }

  private static UUID member(String slug) throws Exception {
    return id("SELECT id FROM member WHERE email = $1", slug + "@demo.ailive.test");
  }

  private static void mark(UUID meetingId, String slug, String status, String update) throws Exception {
    server.query("INSERT INTO attendance (meeting_id, member_id, status, written_update) VALUES ($1, $2, $3, $4)",
      meetingId, member(slug), status, update);
  }

  private static UUID familyCase(UUID meetingId, UUID panel, String code, String ref, String status, String... needs)
    throws Exception {
    return id("INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,"
        + " presenting_needs, status) SELECT $1, $2, d.id, $3, $4, true, $5, $6 FROM district d"
        + " JOIN double_district dd ON dd.id = d.double_district_id WHERE dd.code = $7 ORDER BY d.name LIMIT 1"
        + " RETURNING id", ref, panel, meetingId, member("presenter-families-first"), needs, status, code);
  }

  private static void item(UUID meetingId, int position, String kind, UUID caseId, String title, int planned, int used)
    throws Exception {
    server.query("INSERT INTO agenda_item (meeting_id, position, kind, section, district_id, case_id, title,"
        + " allotted_seconds, used_seconds, done) SELECT $1, $2, $3, $4, CASE WHEN $3 = 'case' THEN fc.district_id END,"
        + " $5, $6, $7, $8, true FROM (SELECT $5::uuid AS id) x LEFT JOIN family_case fc ON fc.id = x.id",
      meetingId, position, kind, "case".equals(kind) ? "first_district" : "aob", caseId, title, planned, used);
  }

  private static UUID id(String sql, Object... params) throws Exception {
    return UUID.fromString(server.query(sql, params).getJsonObject(0).getString("id"));
  }
}
