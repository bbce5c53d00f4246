package org.ailive.reports;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.ailive.export.Download;
import org.ailive.export.Downloaded;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, item 7 (R11): the quarterly pack for the Local Implementation Groups, built from meetings
 * seeded over five quarters; its JSON compared with the database, its PDF's text and its XLSX's
 * cells read back and compared with each other, its errors, its access rule and its audit rows.
 */
class QuarterlyPackTest {

  static final String Q = "quarter=2024-Q2";

  static TestServer server;
  static String officer;
  static String chair;
  static String partner;
  static UUID nhst;
  static UUID whh;

  @BeforeAll
  static void seed() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    partner = server.demoToken("police@demo.ailive.test");
    nhst = id("SELECT id FROM panel");
    whh = id("INSERT INTO panel (double_district_id, name) SELECT id, 'Welwyn Hatfield & Hertsmere A&I panel'"
      + " FROM double_district WHERE code = 'WHH' RETURNING id");
    // Police: 100% in 2023 Q3, 0% in Q4, 100% in 2024 Q1, 2 of 2 NHST meetings in 2024 Q2.
    // CAMHS: 0%, 100%, 100%, then 1 of 2 (50%).
    UUID q3 = meeting(nhst, "NHST", "2023-08-09", "closed", 0);
    mark(q3, "police", "in_room");
    mark(q3, "camhs", "absent");
    UUID q4 = meeting(nhst, "NHST", "2023-11-08", "closed", 0);
    mark(q4, "police", "apologies");
    mark(q4, "camhs", "in_room");
    UUID q1 = meeting(nhst, "NHST", "2024-02-14", "closed", 0);
    mark(q1, "police", "in_room");
    mark(q1, "camhs", "remote");
    UUID a = meeting(nhst, "NHST", "2024-04-10", "closed", 0);
    mark(a, "police", "in_room");
    mark(a, "camhs", "apologies_with_update");
    UUID b = meeting(nhst, "NHST", "2024-05-15", "closed", 0);
    mark(b, "police", "remote");
    mark(b, "camhs", "in_room");
    UUID planned = meeting(nhst, "NHST", "2024-06-12", "planned", 0); // not held: not counted
    mark(planned, "camhs", "in_room");
    UUID w = meeting(whh, "WHH", "2024-05-22", "closed", 1);
    mark(w, "police", "in_room");

    familyCase(q1, nhst, "NHST", 0, "FAM-Q1", "discussed", "presenter-families-first", null, "neglect");
    familyCase(a, nhst, "NHST", 0, "FAM-A1", "discussed", "presenter-families-first", "ifst", "neglect", "housing_rent_arrears");
    familyCase(a, nhst, "NHST", 1, "FAM-A2", "discussed", "presenter-school", "assessment", "attendance_school");
    familyCase(b, nhst, "NHST", 0, "FAM-B1", "discussed", "presenter-school", null, "neglect");
    familyCase(b, nhst, "NHST", 0, "FAM-B2", "draft", "presenter-families-first", null, "neglect"); // not brought
    familyCase(w, whh, "WHH", 1, "FAM-W1", "closed", "presenter-health-visiting", "tys", "domestic_abuse");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void theJsonIsTheQuartersReportsAndAgreesWithTheDatabase() throws Exception {
    JsonObject pack = json("/api/reports/quarterly?" + Q, officer);
    assertEquals("2024-Q2", pack.getString("quarter"));
    assertEquals("2024 Q2 (Apr–Jun)", pack.getString("label"));
    assertEquals("2024-04-01", pack.getString("from"));
    assertEquals("2024-06-30", pack.getString("to"));
    assertEquals(List.of("2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"),
      pack.getJsonArray("quarters").stream().map(o -> ((JsonObject) o).getString("quarter")).toList());

    // Attendance this quarter: the attendance report's own figures, checked against the marks.
    JsonObject county = pack.getJsonObject("attendance").getJsonObject("county");
    assertEquals(held("2024-04-01", "2024-06-30"), county.getLong("meetings"), "2 NHST + 1 WHH held; the planned one not");
    JsonObject police = agency(county.getJsonArray("agencies"), "Police");
    assertEquals(attended("Police", "2024-04-01", "2024-06-30"), police.getLong("attended"));
    assertEquals(100, police.getInteger("percent"));
    assertEquals(33, agency(county.getJsonArray("agencies"), "CAMHS").getInteger("percent"), "1 of 3 meetings county-wide");

    // The trend: the four quarters' percentages, each checked against the database.
    JsonObject policeTrend = agency(pack.getJsonObject("attendanceTrend").getJsonObject("county").getJsonArray("agencies"), "Police");
    assertEquals(java.util.Arrays.asList(100, 0, 100, 100), percents(policeTrend));
    JsonObject nhstTrend = pack.getJsonObject("attendanceTrend").getJsonArray("panels").stream().map(o -> (JsonObject) o)
      .filter(p -> p.getString("panelId").equals(nhst.toString())).findFirst().orElseThrow();
    JsonObject camhs = agency(nhstTrend.getJsonArray("agencies"), "CAMHS");
    assertEquals(java.util.Arrays.asList(0, 100, 100, 50), percents(camhs));
    assertEquals(50, camhs.getInteger("change"), "points from the first quarter to this one");
    String[][] quarters = {{"2023-07-01", "2023-09-30"}, {"2023-10-01", "2023-12-31"}, {"2024-01-01", "2024-03-31"},
      {"2024-04-01", "2024-06-30"}};
    for (int i = 0; i < 4; i++) {
      JsonObject q = camhs.getJsonArray("quarters").getJsonObject(i);
      assertEquals(attended("CAMHS", quarters[i][0], quarters[i][1], nhst), q.getLong("attended"), quarters[i][0]);
      assertEquals(held(quarters[i][0], quarters[i][1], nhst), q.getLong("meetings"), quarters[i][0]);
    }

    // Needs, outcomes, referrals: the cases brought this quarter (not the draft, not Q1's).
    JsonObject needs = pack.getJsonObject("needs").getJsonObject("county");
    assertEquals(4, needs.getInteger("cases"));
    for (Object o : server.query("SELECT n AS need, count(*) AS cases FROM family_case fc JOIN meeting m ON m.id = fc.meeting_id,"
      + " unnest(fc.presenting_needs) n WHERE fc.status IN ('accepted', 'discussed', 'closed')"
      + " AND m.meeting_date BETWEEN '2024-04-01' AND '2024-06-30' GROUP BY n")) {
      JsonObject row = (JsonObject) o;
      assertEquals(row.getInteger("cases"), needs.getJsonArray("needs").stream().map(x -> (JsonObject) x)
        .filter(n -> n.getString("code").equals(row.getString("need"))).findFirst().orElseThrow().getInteger("cases"));
    }
    JsonArray outcomeQuarters = pack.getJsonObject("outcomes").getJsonObject("county").getJsonArray("quarters");
    assertEquals(1, outcomeQuarters.size(), "only this quarter");
    assertEquals(Map.of("assessment", 1, "ifst", 1, "tys", 1, "other", 0, "none", 0, "not_recorded", 1),
      outcomeQuarters.getJsonObject(0).getJsonObject("outcomes").getMap());

    JsonObject referrals = pack.getJsonObject("referrals");
    assertEquals(4, referrals.getInteger("cases"));
    Map<String, Integer> byAgency = new LinkedHashMap<>();
    referrals.getJsonArray("byAgency").forEach(o -> byAgency.put(((JsonObject) o).getString("agency"), ((JsonObject) o).getInteger("cases")));
    Map<String, Integer> dbAgency = new LinkedHashMap<>();
    for (Object o : server.query("SELECT ag.name, count(*) AS cases FROM family_case fc JOIN meeting m ON m.id = fc.meeting_id"
      + " JOIN member mb ON mb.id = fc.presenter_member_id JOIN agency ag ON ag.id = mb.agency_id"
      + " WHERE fc.status IN ('accepted', 'discussed', 'closed') AND m.meeting_date BETWEEN '2024-04-01' AND '2024-06-30'"
      + " GROUP BY ag.name")) {
      dbAgency.put(((JsonObject) o).getString("name"), ((JsonObject) o).getInteger("cases"));
    }
    assertEquals(dbAgency, byAgency);
    assertEquals(2, byAgency.values().iterator().next(), "most referrals first");
    JsonArray byDistrict = referrals.getJsonArray("byDistrict");
    assertEquals(4, byDistrict.size(), "every district of the two panels, referred from or not");
    for (Object o : byDistrict) {
      JsonObject d = (JsonObject) o;
      long n = server.query("SELECT count(*) AS n FROM family_case fc JOIN meeting m ON m.id = fc.meeting_id"
        + " JOIN district d ON d.id = fc.district_id WHERE d.name = $1 AND fc.status IN ('accepted', 'discussed', 'closed')"
        + " AND m.meeting_date BETWEEN '2024-04-01' AND '2024-06-30'", d.getString("district")).getJsonObject(0).getLong("n");
      assertEquals(n, d.getLong("cases"), d.getString("district"));
    }

    // A chair's pack covers the panels they run.
    JsonObject theirs = json("/api/reports/quarterly?" + Q, chair);
    assertEquals(1, theirs.getJsonObject("attendance").getJsonArray("panels").size());
    assertEquals(3, theirs.getJsonObject("referrals").getInteger("cases"));
    assertEquals(2, theirs.getJsonObject("referrals").getJsonArray("byDistrict").size());
  }

  @Test
  void thePdfAndTheXlsxSayTheSameAndEachDownloadIsAudited() throws Exception {
    long before = Downloaded.auditCount(server, "export", "quarterly_pack");
    Buffer xlsx = Downloaded.download(server, "/api/reports/quarterly.xlsx?" + Q, officer, Download.XLSX,
      "quarterly-pack-2024-Q2\\.xlsx").body();
    Buffer pdf = Downloaded.download(server, "/api/reports/quarterly.pdf?" + Q, officer, Download.PDF,
      "quarterly-pack-2024-Q2\\.pdf").body();
    assertEquals(before + 2, Downloaded.auditCount(server, "export", "quarterly_pack"));
    JsonObject detail = server.query("SELECT detail FROM audit_entry WHERE subject = 'quarterly_pack' ORDER BY id DESC LIMIT 1")
      .getJsonObject(0).getJsonObject("detail");
    assertEquals("pdf", detail.getString("format"));
    assertEquals("2024-Q2", detail.getString("quarter"));

    Map<String, List<List<String>>> sheets = sheets(xlsx);
    assertEquals(List.of("Attendance", "Attendance trend", "Presenting needs", "Step-up outcomes", "Referrals by agency",
      "Referrals by district", "Cancelled meetings"), new ArrayList<>(sheets.keySet()), "one sheet per section");
    List<List<String>> trend = sheets.get("Attendance trend");
    assertEquals(List.of("Area", "Agency", "2023-Q3 % attended", "2023-Q4 % attended", "2024-Q1 % attended",
      "2024-Q2 % attended", "Change (points)"), trend.get(0));
    assertTrue(trend.contains(List.of("County-wide", "Police", "100", "0", "100", "100", "0")), trend.toString());
    assertTrue(trend.contains(List.of("WHH – Welwyn Hatfield & Hertsmere A&I panel", "Police", "", "", "", "100", "")),
      "no meeting before this quarter: no figure and no change");
    List<List<String>> byAgency = sheets.get("Referrals by agency");
    assertEquals(List.of("Presenting agency", "Cases", "% of cases"), byAgency.get(0));
    assertEquals(List.of("Families First", "1", "25"), byAgency.stream().filter(r -> r.get(0).equals("Families First"))
      .findFirst().orElseThrow());

    // The PDF holds every section and, row by row, the same cells as the workbook.
    String text = Downloaded.pdfText(pdf);
    assertTrue(text.contains("Quarterly report to the Local Implementation Groups, 2024 Q2 (Apr–Jun)"), text);
    assertTrue(text.contains("Meetings from 1 April 2024 to 30 June 2024. Every panel (county-wide)."), text);
    for (String heading : List.of("Attendance per agency", "Attendance over the last four quarters", "Presenting-needs themes",
      "Step-up outcomes", "Referrals by presenting agency", "Referrals by district", "Cancelled meetings")) {
      assertTrue(text.contains(heading), heading);
    }
    assertTrue(!text.contains("FAM-") && !xlsxText(sheets).contains("FAM-"), "counts only: no family reference");
    int checked = 0;
    for (Map.Entry<String, List<List<String>>> sheet : sheets.entrySet()) {
      if (sheet.getValue().size() == 1) {
        // A section with nothing in it: the PDF says so instead of an empty table.
        assertTrue(text.contains("None this quarter."), sheet.getKey());
        continue;
      }
      for (List<String> row : sheet.getValue()) {
        String cells = String.join(" ", row.stream().map(c -> c.isEmpty() ? "–" : c).toList());
        assertTrue(text.contains(cells), sheet.getKey() + ": " + cells + " in\n" + text);
        checked++;
      }
    }
    assertTrue(checked > 20, "rows compared: " + checked);
  }

  @Test
  void aBadQuarterIsAClearErrorAndOnlyOfficersAndChairsGetThePack() throws Exception {
    for (String bad : List.of("2024-Q5", "2024Q2", "Q2-2024", "2099-Q1", "1999-Q4")) {
      var res = Downloaded.get(server, "/api/reports/quarterly.pdf?quarter=" + bad, officer);
      assertEquals(400, res.statusCode(), bad);
      JsonObject error = res.bodyAsJsonObject();
      assertEquals("invalid_field", error.getString("error"), bad);
      assertEquals("quarter", error.getString("field"), error.encode());
      assertTrue(error.getString("message").startsWith("Quarter "), error.getString("message"));
    }
    assertEquals("Quarter must be written like 2026-Q4 (a year, then Q1 to Q4).",
      Downloaded.get(server, "/api/reports/quarterly?quarter=2024-Q5", officer).bodyAsJsonObject().getString("message"));
    assertEquals(400, Downloaded.get(server, "/api/reports/quarterly?quarter=", officer).statusCode(), "an empty quarter");

    long before = Downloaded.auditCount(server, "export", "quarterly_pack");
    for (String path : List.of("/api/reports/quarterly?" + Q, "/api/reports/quarterly.pdf?" + Q, "/api/reports/quarterly.xlsx?" + Q)) {
      var res = Downloaded.get(server, path, partner);
      assertEquals(403, res.statusCode(), path);
      assertEquals("forbidden", res.bodyAsJsonObject().getString("error"));
    }
    var notTheirs = Downloaded.get(server, "/api/reports/quarterly.xlsx?" + Q + "&panelId=" + whh, chair);
    assertEquals(403, notTheirs.statusCode(), "a chair asking for a panel they do not run");
    assertEquals(before, Downloaded.auditCount(server, "export", "quarterly_pack"), "nothing refused is audited as sent");

    JsonObject byDefault = json("/api/reports/quarterly", officer);
    Quarter last = Quarter.of(LocalDate.now(org.ailive.protocol.Zone.LONDON)).minus(1);
    assertEquals(last.key(), byDefault.getString("quarter"), "the last quarter that has ended");
  }

  private static List<Integer> percents(JsonObject trend) {
    List<Integer> out = new ArrayList<>();
    trend.getJsonArray("quarters").forEach(o -> out.add(((JsonObject) o).getInteger("percent")));
    return out;
  }

  /** Every sheet's rows as the text a reader sees (whole numbers without ".0"). */
  private static Map<String, List<List<String>>> sheets(Buffer body) throws Exception {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(body.getBytes()))) {
      for (Sheet sheet : wb.getSheets().toList()) {
        List<List<String>> rows = new ArrayList<>();
        for (Row row : sheet.read()) {
          List<String> cells = new ArrayList<>();
          for (int c = 0; c < row.getCellCount(); c++) {
            Cell cell = row.getCell(c);
            cells.add(cell == null ? "" : cell.getValue() instanceof BigDecimal n ? n.stripTrailingZeros().toPlainString()
              : cell.getText());
          }
          // A row's trailing empty cells are not stored: as wide as the header row.
          while (!rows.isEmpty() && cells.size() < rows.get(0).size()) {
            cells.add("");
          }
          rows.add(cells);
        }
        out.put(sheet.getName(), rows);
      }
    }
    return out;
  }

  private static String xlsxText(Map<String, List<List<String>>> sheets) {
    return sheets.values().toString();
  }

  private static long held(String from, String to, UUID... panel) throws Exception {
    return server.query("SELECT count(*) AS n FROM meeting WHERE status IN ('live', 'closed') AND meeting_date BETWEEN $1 AND $2"
        + " AND ($3::uuid IS NULL OR panel_id = $3)", LocalDate.parse(from), LocalDate.parse(to), panel.length == 0 ? null : panel[0])
      .getJsonObject(0).getLong("n");
  }

  private static long attended(String agency, String from, String to, UUID... panel) throws Exception {
    return server.query("SELECT count(DISTINCT a.meeting_id) AS n FROM attendance a JOIN member mb ON mb.id = a.member_id"
        + " JOIN meeting m ON m.id = a.meeting_id JOIN agency ag ON ag.id = mb.agency_id WHERE ag.name = $1"
        + " AND a.status IN ('in_room', 'remote', 'substitute') AND m.status IN ('live', 'closed')"
        + " AND m.meeting_date BETWEEN $2 AND $3 AND ($4::uuid IS NULL OR m.panel_id = $4)",
      agency, LocalDate.parse(from), LocalDate.parse(to), panel.length == 0 ? null : panel[0]).getJsonObject(0).getLong("n");
  }

  private static JsonObject json(String path, String token) throws Exception {
    var res = Downloaded.get(server, path, token);
    assertEquals(200, res.statusCode(), path + ": " + res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  private static JsonObject agency(JsonArray agencies, String name) {
    JsonObject found = agencies.stream().map(o -> (JsonObject) o).filter(a -> a.getString("agency").equals(name))
      .findFirst().orElse(null);
    assertTrue(found != null, name + " is listed");
    return found;
  }

  private static UUID meeting(UUID panel, String code, String date, String status, int firstDistrict) throws Exception {
    return id("INSERT INTO meeting (panel_id, meeting_date, first_district_id, status)"
      + " SELECT $1, $2, d.id, $3 FROM district d JOIN double_district dd ON dd.id = d.double_district_id"
      + " WHERE dd.code = $4 ORDER BY d.name OFFSET $5 LIMIT 1 RETURNING id", panel, LocalDate.parse(date), status, code, firstDistrict);
  }

  private static void mark(UUID meetingId, String slug, String status) throws Exception {
    server.query("INSERT INTO attendance (meeting_id, member_id, status, written_update) VALUES ($1, $2, $3, $4)",
      meetingId, member(slug), status, status.equals("apologies_with_update") ? "Update sent to the chair." : null);
  }

  private static UUID member(String slug) throws Exception {
    return id("SELECT id FROM member WHERE email = $1", slug + "@demo.ailive.test");
  }

  /** A case of the panel's {@code district}-th district (0 or 1, by name), presented by {@code presenter}. */
  private static void familyCase(UUID meetingId, UUID panel, String code, int district, String ref, String status,
                                 String presenter, String outcome, String... needs) throws Exception {
    server.query("INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,"
        + " presenting_needs, status, outcome) SELECT $1, $2, d.id, $3, $4, true, $5, $6, $7 FROM district d"
        + " JOIN double_district dd ON dd.id = d.double_district_id WHERE dd.code = $8 ORDER BY d.name OFFSET $9 LIMIT 1",
      ref, panel, meetingId, member(presenter), needs, status, outcome, code, district);
  }

  private static UUID id(String sql, Object... params) throws Exception {
    return UUID.fromString(server.query(sql, params).getJsonObject(0).getString("id"));
  }
}
