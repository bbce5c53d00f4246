package org.ailive.reports;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.export.Download;
import org.ailive.export.Downloaded;
import org.ailive.protocol.Zone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 6, the bi-monthly impact audit (R12): cases discussed in the period (not before it,
 * not deferred), their agreed actions against their due dates (on a London day), whether the need
 * was met at review (recorded through the outcome API), the outcome and the time got against the
 * time planned; the JSON exactly, then the PDF's text and the XLSX's cells read back.
 */
class ImpactAuditTest {

  static final String PERIOD = "from=2024-03-01&to=2024-04-30";
  static final String NARRATIVE = "Mum told the school about the flat";

  static TestServer server;
  static String officer;
  static String chair;
  static String partner;
  static UUID nhst;
  static UUID whh;
  static UUID a1;
  static UUID a2;
  static UUID w1Case;
  static List<Integer> numbers = new ArrayList<>();

  @BeforeAll
  static void seed() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    partner = server.demoToken("police@demo.ailive.test");
    nhst = id("SELECT id FROM panel");
    whh = id("INSERT INTO panel (double_district_id, name) SELECT id, 'Welwyn Hatfield & Hertsmere A&I panel'"
      + " FROM double_district WHERE code = 'WHH' RETURNING id");
    UUID before = meeting(nhst, "NHST", "2024-01-10", "closed");
    UUID m1 = meeting(nhst, "NHST", "2024-03-06", "closed");
    UUID m2 = meeting(nhst, "NHST", "2024-04-10", "closed");
    UUID w1 = meeting(whh, "WHH", "2024-03-20", "closed");

    a1 = familyCase(m1, nhst, "NHST", "A-1", "2024-04-10");
    a2 = familyCase(m1, nhst, "NHST", "A-2", "2024-04-10");
    UUID a3 = familyCase(before, nhst, "NHST", "A-3", null);
    UUID a4 = familyCase(m1, nhst, "NHST", "A-4", null);
    w1Case = familyCase(w1, whh, "WHH", "W-1", null);

    item(before, 1, a1, 900, 900, "discussed", null); // before the period: its time is not counted
    item(before, 2, a3, 900, 700, "discussed", null); // discussed only before the period
    item(m1, 1, a1, 900, 1200, "discussed", null);
    item(m1, 2, a2, 900, 600, "discussed", null);
    item(m1, 3, a4, 900, 0, "deferred", m2);         // deferred, never discussed
    item(m2, 1, a1, 600, 300, "discussed", null);    // reviewed at the next meeting
    item(w1, 1, w1Case, 1200, 1200, "discussed", null);

    numbers.add(action(a1, m1, "Police", "2024-03-31", "closed", "2024-03-30T10:00:00Z"));
    numbers.add(action(a1, m1, "CAMHS", "2024-03-20", "closed", "2024-04-02T10:00:00Z"));
    numbers.add(action(a1, m1, "Police", "2024-04-30", "open", null));
    numbers.add(action(a1, m1, "CAMHS", "2024-05-01", "dropped", null));
    action(a1, m1, "Police", "2024-05-01", "proposed", null); // never confirmed: not an agreed action
    numbers.add(action(a2, m1, "Police", "2030-01-01", "in_progress", null));
    // 23:30 UTC on its due date is 00:30 the next day in London (summer time): late.
    numbers.add(action(a2, m1, "CAMHS", "2024-04-15", "closed", "2024-04-15T23:30:00Z"));
    action(a3, before, "Police", "2024-02-01", "closed", "2024-01-20T10:00:00Z");

    // The review's answers, recorded as the officer and the chair record them.
    assertEquals(200, outcome(a1, new JsonObject().put("outcome", "ifst").put("needMet", true), officer).statusCode());
    assertEquals(200, outcome(a2, new JsonObject().put("needMet", false), chair).statusCode());
    assertEquals(200, outcome(w1Case, new JsonObject().put("outcome", "tys"), officer).statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void theAuditListsEachCaseDiscussedWithItsActionsReviewOutcomeAndTime() throws Exception {
    JsonObject report = json("/api/reports/impact-audit?" + PERIOD, officer);
    String today = Zone.today().toString();
    JsonObject a1Json = new JsonObject().put("caseId", a1.toString()).put("familyRef", "A-1").put("district", district(a1))
      .put("status", "discussed").put("discussedOn", new JsonArray().add("2024-03-06").add("2024-04-10"))
      .put("reviewDate", "2024-04-10").put("needMet", true).put("need", "met").put("outcome", "ifst")
      .put("plannedSeconds", 1500).put("usedSeconds", 1500).put("differenceSeconds", 0).put("ratio", 1.0)
      .put("actions", counts(4, 1, 1, 0, 1, 1, 50))
      .put("actionList", new JsonArray()
        .add(action(0, "Police", "2024-03-31", "closed", "2024-03-30", "on_time"))
        .add(action(1, "CAMHS", "2024-03-20", "closed", "2024-04-02", "late"))
        .add(action(2, "Police", "2024-04-30", "open", null, "overdue"))
        .add(action(3, "CAMHS", "2024-05-01", "dropped", null, "dropped")));
    JsonObject a2Json = new JsonObject().put("caseId", a2.toString()).put("familyRef", "A-2").put("district", district(a2))
      .put("status", "discussed").put("discussedOn", new JsonArray().add("2024-03-06"))
      .put("reviewDate", "2024-04-10").put("needMet", false).put("need", "not_met").put("outcome", "not_recorded")
      .put("plannedSeconds", 900).put("usedSeconds", 600).put("differenceSeconds", -300).put("ratio", 0.67)
      .put("actions", counts(2, 0, 1, 1, 0, 0, 0))
      .put("actionList", new JsonArray()
        .add(action(4, "Police", "2030-01-01", "in_progress", null, "open"))
        .add(action(5, "CAMHS", "2024-04-15", "closed", "2024-04-16", "late")));
    JsonObject w1Json = new JsonObject().put("caseId", w1Case.toString()).put("familyRef", "W-1")
      .put("district", district(w1Case)).put("status", "discussed").put("discussedOn", new JsonArray().add("2024-03-20"))
      .put("reviewDate", null).put("needMet", null).put("need", "not_reviewed").put("outcome", "tys")
      .put("plannedSeconds", 1200).put("usedSeconds", 1200).put("differenceSeconds", 0).put("ratio", 1.0)
      .put("actions", counts(0, 0, 0, 0, 0, 0, null)).put("actionList", new JsonArray());
    JsonObject expected = new JsonObject().put("from", "2024-03-01").put("to", "2024-04-30").put("panelId", null)
      .put("asOf", today)
      .put("totals", totals(3, counts(6, 1, 2, 1, 1, 1, 33), 1, 1, 1, outcomes(0, 1, 1, 0, 0, 1), 3600, 3300))
      .put("panels", new JsonArray()
        .add(panel(nhst, "NHST").put("totals", totals(2, counts(6, 1, 2, 1, 1, 1, 33), 1, 1, 0,
          outcomes(0, 1, 0, 0, 0, 1), 2400, 2100)).put("cases", new JsonArray().add(a1Json).add(a2Json))
          .put("cancelledMeetings", 0))
        .add(panel(whh, "WHH").put("totals", totals(1, counts(0, 0, 0, 0, 0, 0, null), 0, 0, 1,
          outcomes(0, 0, 1, 0, 0, 0), 1200, 1200)).put("cases", new JsonArray().add(w1Json))
          .put("cancelledMeetings", 0)))
      // Issue 20: the period's cancelled meetings (none here; MeetingSeriesTest cancels one).
      .put("cancelledMeetings", new JsonArray());
    assertEquals(expected, report);
    assertFalse(report.encode().contains(NARRATIVE), "no case narrative");

    // The figures agree with the database directly.
    var db = server.query("SELECT count(*) FILTER (WHERE (closed_at AT TIME ZONE 'Europe/London')::date <= due_date)"
      + " AS on_time, count(*) AS closed FROM action WHERE case_id = ANY ($1::uuid[]) AND status = 'closed'",
      (Object) new UUID[] {a1, a2, w1Case}).getJsonObject(0);
    assertEquals(db.getInteger("on_time"), report.getJsonObject("totals").getJsonObject("actions").getInteger("onTime"));
    assertEquals(db.getInteger("closed") - db.getInteger("on_time"),
      report.getJsonObject("totals").getJsonObject("actions").getInteger("late"));

    JsonObject chairs = json("/api/reports/impact-audit?" + PERIOD, chair);
    assertEquals(1, chairs.getJsonArray("panels").size(), "a chair's audit covers the panels they run");
    assertEquals(2, chairs.getJsonObject("totals").getInteger("cases"));
    JsonObject onePanel = json("/api/reports/impact-audit?" + PERIOD + "&panelId=" + whh, officer);
    assertEquals(List.of("W-1"), familyRefs(onePanel));
    JsonObject byDefault = json("/api/reports/impact-audit", officer);
    assertEquals(Zone.today().minusMonths(2).plusDays(1).toString(), byDefault.getString("from"), "two months by default");
    assertEquals(today, byDefault.getString("to"));
    JsonObject toOnly = json("/api/reports/impact-audit?to=2024-04-30", officer);
    assertEquals(List.of("2024-03-01", "2024-04-30", "A-1,A-2,W-1"), List.of(toOnly.getString("from"),
      toOnly.getString("to"), String.join(",", familyRefs(toOnly))), "the two months to the date given");
    assertEquals("2024-04-30", json("/api/reports/impact-audit?from=2024-03-01", officer).getString("to"));
  }

  @Test
  void thePdfAndTheXlsxSayWhatTheJsonSaysAndEachDownloadIsAudited() throws Exception {
    JsonObject report = json("/api/reports/impact-audit?" + PERIOD, officer);
    long audited = Downloaded.auditCount(server, "export", ImpactAuditApi.SUBJECT);

    HttpResponse<Buffer> pdf = Downloaded.download(server, "/api/reports/impact-audit.pdf?" + PERIOD, officer,
      Download.PDF, "impact-audit-2024-03-01-to-2024-04-30\\.pdf");
    String text = Downloaded.pdfText(pdf.body());
    assertTrue(text.contains("Impact audit, 01/03/2024 to 30/04/2024"), text);
    assertTrue(text.contains("Cases discussed 3"), text);
    assertTrue(text.contains("Closed on time 1") && text.contains("Closed late 2"), text);
    assertTrue(text.contains("Closed on time, of those closed 33%"), text);
    assertTrue(text.contains("Need met at review 1") && text.contains("Not yet reviewed 1"), text);
    for (String ref : familyRefs(report)) {
      assertTrue(text.contains("NHST " + ref) || text.contains("WHH " + ref), ref + " in " + text);
    }
    assertFalse(text.contains("A-3") || text.contains("A-4"), "only cases discussed in the period");
    assertFalse(text.contains(NARRATIVE));
    for (JsonObject a : actions(report)) {
      String row = a.getInteger("number") + " " + a.getString("ownerAgency") + " " + day(a.getString("dueDate"));
      assertTrue(text.contains(row), row + " in " + text);
    }
    try (PDDocument doc = Loader.loadPDF(pdf.body().getBytes())) {
      assertTrue(doc.getDocumentCatalog().getMarkInfo().isMarked(), "a tagged PDF");
      assertTrue(doc.getDocumentCatalog().getStructureTreeRoot() != null);
      assertEquals("en-GB", doc.getDocumentCatalog().getLanguage());
      assertEquals("Impact audit, 01/03/2024 to 30/04/2024", doc.getDocumentInformation().getTitle());
    }

    HttpResponse<Buffer> xlsx = Downloaded.download(server, "/api/reports/impact-audit.xlsx?" + PERIOD, officer,
      Download.XLSX, "impact-audit-2024-03-01-to-2024-04-30\\.xlsx");
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body().getBytes()))) {
      List<Sheet> sheets = wb.getSheets().toList();
      assertEquals(List.of("Cases", "Actions", "Cancelled meetings"), sheets.stream().map(Sheet::getName).toList());
      List<Row> cases = sheets.get(0).read();
      assertEquals(ImpactAuditTables.CASE_HEADERS, cases.get(0).stream().map(c -> c.getText()).toList());
      List<JsonObject> jsonCases = cases(report);
      assertEquals(jsonCases.size(), cases.size() - 1);
      for (int i = 0; i < jsonCases.size(); i++) {
        JsonObject c = jsonCases.get(i);
        Row row = cases.get(i + 1);
        assertEquals(c.getString("familyRef"), row.getCellText(1));
        assertEquals(c.getString("need").equals("met") ? "Met" : c.getString("need").equals("not_met") ? "Not met"
          : "Not yet reviewed", row.getCellText(5));
        assertEquals(OutcomesReport.LABELS.get(c.getString("outcome")), row.getCellText(6));
        JsonObject n = c.getJsonObject("actions");
        assertEquals(List.of(n.getInteger("total"), n.getInteger("onTime"), n.getInteger("late"), n.getInteger("open"),
          n.getInteger("overdue"), n.getInteger("dropped")), List.of(7, 8, 9, 10, 11, 12).stream()
          .map(k -> row.getCellAsNumber(k).orElseThrow().intValue()).toList());
        assertEquals(c.getInteger("plannedSeconds") / 60.0, row.getCellAsNumber(13).orElseThrow().doubleValue(), 0.05);
        assertEquals(c.getInteger("usedSeconds") / 60.0, row.getCellAsNumber(14).orElseThrow().doubleValue(), 0.05);
      }
      assertEquals("06/03/2024, 10/04/2024", cases.get(1).getCellText(3));
      assertEquals(LocalDate.parse("2024-04-10"), cases.get(1).getCellAsDate(4).orElseThrow().toLocalDate());

      List<Row> actionRows = sheets.get(1).read();
      List<JsonObject> jsonActions = actions(report);
      assertEquals(jsonActions.size(), actionRows.size() - 1);
      for (int i = 0; i < jsonActions.size(); i++) {
        JsonObject a = jsonActions.get(i);
        Row row = actionRows.get(i + 1);
        assertEquals(a.getInteger("number"), row.getCellAsNumber(2).orElseThrow().intValue());
        assertEquals(a.getString("ownerAgency"), row.getCellText(3));
        assertEquals(a.getString("dueDate"), row.getCellAsDate(4).orElseThrow().toLocalDate().toString());
        assertEquals(ImpactAudit.TIMELINESS.get(a.getString("timeliness")), row.getCellText(7));
      }
      var db = server.query("SELECT number, (closed_at AT TIME ZONE 'Europe/London')::date <= due_date AS on_time"
        + " FROM action WHERE case_id = $1 AND status = 'closed' ORDER BY number", a2).getJsonObject(0);
      Row late = actionRows.subList(1, actionRows.size()).stream().filter(r -> r.getCellAsNumber(2).orElseThrow().intValue() == db.getInteger("number"))
        .findFirst().orElseThrow();
      assertEquals(db.getBoolean("on_time") ? "Closed on time" : "Closed late", late.getCellText(7));
      assertEquals("16/04/2024", ImpactAuditTables.DAY.format(late.getCellAsDate(6).orElseThrow()));
    }
    assertFalse(new String(xlsx.body().getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("Mum told"));

    assertEquals(audited + 2, Downloaded.auditCount(server, "export", ImpactAuditApi.SUBJECT), "each download audited");
    JsonObject detail = server.query("SELECT detail FROM audit_entry WHERE subject = $1 ORDER BY id DESC LIMIT 1",
      ImpactAuditApi.SUBJECT).getJsonObject(0).getJsonObject("detail");
    assertEquals(new JsonObject().put("format", "xlsx").put("filters", new JsonObject().put("from", "2024-03-01")
      .put("to", "2024-04-30").put("panelId", null)).put("cases", 3).put("actions", 6), detail);
  }

  @Test
  void onlyOfficersAndChairsWhoRunThePanelGetTheAuditAndBadInputIs400() throws Exception {
    long audited = Downloaded.auditCount(server, "export", ImpactAuditApi.SUBJECT);
    for (String path : List.of("/api/reports/impact-audit", "/api/reports/impact-audit.pdf",
      "/api/reports/impact-audit.xlsx")) {
      var res = Downloaded.get(server, path + "?" + PERIOD, partner);
      assertEquals(403, res.statusCode(), path);
      assertEquals("forbidden", res.bodyAsJsonObject().getString("error"));
      var notTheirs = Downloaded.get(server, path + "?" + PERIOD + "&panelId=" + whh, chair);
      assertEquals(403, notTheirs.statusCode(), path + " for a panel the chair does not run");
    }
    assertEquals(audited, Downloaded.auditCount(server, "export", ImpactAuditApi.SUBJECT), "nothing left the service");
    var reversed = Downloaded.get(server, "/api/reports/impact-audit?from=2024-04-30&to=2024-03-01", officer);
    assertEquals(400, reversed.statusCode());
    assertEquals("from", reversed.bodyAsJsonObject().getString("field"));
    assertEquals(400, Downloaded.get(server, "/api/reports/impact-audit.pdf?from=2024-02-30", officer).statusCode());
    var unknown = Downloaded.get(server, "/api/reports/impact-audit?panelId=" + UUID.randomUUID(), officer);
    assertEquals(400, unknown.statusCode());
    assertEquals("panelId", unknown.bodyAsJsonObject().getString("field"));
  }

  private static JsonObject counts(int total, int onTime, int late, int open, int overdue, int dropped, Integer pct) {
    return new JsonObject().put("total", total).put("onTime", onTime).put("late", late).put("open", open)
      .put("overdue", overdue).put("dropped", dropped).put("onTimePercent", pct);
  }

  private static JsonObject action(int i, String agency, String due, String status, String closedOn, String timeliness) {
    return new JsonObject().put("number", numbers.get(i)).put("ownerAgency", agency).put("dueDate", due)
      .put("status", status).put("closedOn", closedOn).put("timeliness", timeliness);
  }

  private static JsonObject outcomes(int assessment, int ifst, int tys, int other, int none, int notRecorded) {
    return new JsonObject().put("assessment", assessment).put("ifst", ifst).put("tys", tys).put("other", other)
      .put("none", none).put("not_recorded", notRecorded);
  }

  private static JsonObject totals(int cases, JsonObject actions, int met, int notMet, int notReviewed,
                                   JsonObject outcomes, int planned, int used) {
    return new JsonObject().put("cases", cases).put("actions", actions)
      .put("need", new JsonObject().put("met", met).put("notMet", notMet).put("notReviewed", notReviewed))
      .put("outcomes", outcomes).put("plannedSeconds", planned).put("usedSeconds", used)
      .put("differenceSeconds", used - planned);
  }

  private static JsonObject panel(UUID id, String code) throws Exception {
    var row = server.query("SELECT p.name FROM panel p WHERE p.id = $1", id).getJsonObject(0);
    return new JsonObject().put("panelId", id.toString()).put("code", code).put("name", row.getString("name"));
  }

  private static String district(UUID caseId) throws Exception {
    return server.query("SELECT d.name FROM family_case fc JOIN district d ON d.id = fc.district_id WHERE fc.id = $1",
      caseId).getJsonObject(0).getString("name");
  }

  private static List<JsonObject> cases(JsonObject report) {
    List<JsonObject> out = new ArrayList<>();
    report.getJsonArray("panels").forEach(p -> ((JsonObject) p).getJsonArray("cases").forEach(c -> out.add((JsonObject) c)));
    return out;
  }

  private static List<String> familyRefs(JsonObject report) {
    return cases(report).stream().map(c -> c.getString("familyRef")).toList();
  }

  private static List<JsonObject> actions(JsonObject report) {
    List<JsonObject> out = new ArrayList<>();
    cases(report).forEach(c -> c.getJsonArray("actionList").forEach(a -> out.add((JsonObject) a)));
    return out;
  }

  private static String day(String iso) {
    return ImpactAuditTables.DAY.format(LocalDate.parse(iso));
  }

  private static JsonObject json(String path, String token) throws Exception {
    var res = Downloaded.get(server, path, token);
    assertEquals(200, res.statusCode(), path + ": " + res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> outcome(UUID caseId, JsonObject body, String token) throws Exception {
    var res = server.client.post("/api/cases/" + caseId + "/outcome").bearerTokenAuthentication(token)
      .sendJsonObject(body).await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res;
  }

  private static UUID meeting(UUID panel, String code, String date, String status) throws Exception {
    return id("INSERT INTO meeting (panel_id, meeting_date, first_district_id, status)"
      + " SELECT $1, $2, d.id, $3 FROM district d JOIN double_district dd ON dd.id = d.double_district_id"
      + " WHERE dd.code = $4 ORDER BY d.name LIMIT 1 RETURNING id", panel, LocalDate.parse(date), status, code);
  }

  private static UUID familyCase(UUID meetingId, UUID panel, String code, String ref, String reviewDate)
    throws Exception {
    return id("INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,"
        + " summary_of_concerns, review_date, status) SELECT $1, $2, d.id, $3, m.id, true, $4, $5, 'discussed'"
        + " FROM district d JOIN double_district dd ON dd.id = d.double_district_id,"
        + " member m WHERE dd.code = $6 AND m.email = 'presenter-families-first@demo.ailive.test'"
        + " ORDER BY d.name LIMIT 1 RETURNING family_case.id",
      ref, panel, meetingId, NARRATIVE, reviewDate == null ? null : LocalDate.parse(reviewDate), code);
  }

  private static void item(UUID meetingId, int position, UUID caseId, int planned, int used, String disposition,
                           UUID deferredTo) throws Exception {
    server.query("INSERT INTO agenda_item (meeting_id, position, kind, section, district_id, case_id, title,"
        + " allotted_seconds, used_seconds, done, disposition, deferred_to_meeting_id)"
        + " SELECT $1, $2, 'case', 'first_district', fc.district_id, fc.id, fc.family_ref, $3, $4, true, $5, $6"
        + " FROM family_case fc WHERE fc.id = $7",
      meetingId, position, planned, used, disposition, deferredTo, caseId);
  }

  private static int action(UUID caseId, UUID meetingId, String agency, String due, String status, String closedAt)
    throws Exception {
    return server.query("INSERT INTO action (case_id, meeting_id, description, owner_agency_id, due_date,"
        + " success_measure, status, drop_reason, proposed_by_member_id, confirmed_at, closed_at)"
        + " SELECT $1, $2, $3, ag.id, $4, 'Seen at the next meeting', $5, CASE WHEN $5 = 'dropped' THEN 'No longer needed' END,"
        + " m.id, CASE WHEN $5 <> 'proposed' THEN now() END, $6"
        + " FROM agency ag, member m WHERE ag.name = $7 AND m.email = 'chair@demo.ailive.test' RETURNING number",
      caseId, meetingId, NARRATIVE, LocalDate.parse(due), status,
      closedAt == null ? null : OffsetDateTime.parse(closedAt), agency).getJsonObject(0).getInteger("number");
  }

  private static UUID id(String sql, Object... params) throws Exception {
    return UUID.fromString(server.query(sql, params).getJsonObject(0).getString("id"));
  }
}
