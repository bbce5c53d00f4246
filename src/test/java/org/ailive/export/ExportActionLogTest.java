package org.ailive.export;

import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, part 1: the action log as CSV and XLSX, laid out like a council action plan, read back
 * with commons-csv and fastexcel-reader and compared with what the database holds; the filters,
 * formula injection, the audit trail and who may export.
 */
class ExportActionLogTest {

  static final ZoneId LONDON = ZoneId.of("Europe/London");
  static final LocalDate TODAY = LocalDate.now(LONDON);
  static final String CSV_PATH = "/api/exports/actions.csv";
  static final String XLSX_PATH = "/api/exports/actions.xlsx";

  static TestServer server;
  static String officer;
  static String chair;
  static String partner;
  static String observer;
  static UUID panelId;
  static UUID otherPanelId;
  static UUID plannedMeeting;
  static UUID closedMeeting;
  static UUID police;

  /** What each seeded action must look like in the log: the twelve columns, as CSV text. */
  static final List<List<String>> expected = new ArrayList<>();
  static long proposedNumber;

  @BeforeAll
  static void seed() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    partner = server.demoToken("police@demo.ailive.test");
    observer = server.demoToken("observer@demo.ailive.test");
    panelId = uuid("SELECT id FROM panel");
    plannedMeeting = uuid("SELECT id FROM meeting WHERE status = 'planned'");
    closedMeeting = uuid("SELECT id FROM meeting WHERE status = 'closed'");
    LocalDate planned = date("SELECT meeting_date AS d FROM meeting WHERE id = $1", plannedMeeting);
    LocalDate closed = date("SELECT meeting_date AS d FROM meeting WHERE id = $1", closedMeeting);
    var cases = server.query("SELECT id, family_ref FROM family_case WHERE meeting_id = $1 ORDER BY family_ref",
      plannedMeeting);
    UUID case0 = UUID.fromString(cases.getJsonObject(0).getString("id"));
    UUID case1 = UUID.fromString(cases.getJsonObject(1).getString("id"));
    UUID case2 = UUID.fromString(cases.getJsonObject(2).getString("id"));
    String ref0 = cases.getJsonObject(0).getString("family_ref");
    String ref1 = cases.getJsonObject(1).getString("family_ref");
    String ref2 = cases.getJsonObject(2).getString("family_ref");
    police = uuid("SELECT id FROM agency WHERE name = 'Police'");
    UUID camhs = uuid("SELECT id FROM agency WHERE name = 'CAMHS'");
    UUID gemma = uuid("SELECT id FROM member WHERE email = 'police@demo.ailive.test'");
    UUID nikhil = uuid("SELECT id FROM member WHERE email = 'camhs@demo.ailive.test'");
    otherPanelId = uuid("INSERT INTO panel (double_district_id, name) SELECT id, 'Welwyn Hatfield & Hertsmere A&I panel'"
      + " FROM double_district WHERE code = 'WHH' RETURNING id");
    UUID otherMeeting = uuid("INSERT INTO meeting (panel_id, meeting_date, first_district_id, status)"
      + " SELECT $1, $2, d.id, 'closed' FROM district d JOIN double_district dd ON dd.id = d.double_district_id"
      + " WHERE dd.code = 'WHH' ORDER BY d.name LIMIT 1 RETURNING id", otherPanelId, closed.minusDays(7));

    long a1 = action(case0, plannedMeeting, "=HYPERLINK(\"https://example.test\",\"Click\")", police, gemma,
      TODAY.minusDays(10), "Referral made", "open", null, 90);
    expect(a1, ref0, "'=HYPERLINK(\"https://example.test\",\"Click\")", "Referral made", "Gemma Rowe – Police",
      TODAY.minusDays(10), "Open", "", planned, "NHST", "Overdue; Consider full case review",
      "Red: Overdue");

    // Due in 14 days: amber; a7, due in 15, is green.
    long a2 = action(case1, plannedMeeting, "+44 7700 900123: call mum back", camhs, null, TODAY.plusDays(14),
      "Mum called back", "in_progress", null, 30);
    // Inserted newest first: the log lists them oldest first whatever the insert order.
    update(a2, nikhil, "Seen; plan agreed", TODAY.minusDays(3));
    update(a2, nikhil, "Appointment offered", TODAY.minusDays(10));
    expect(a2, ref1, "'+44 7700 900123: call mum back", "Mum called back", "CAMHS", TODAY.plusDays(14),
      "In progress", TODAY.minusDays(10) + " Nikhil Varma: Appointment offered\n" + TODAY.minusDays(3)
        + " Nikhil Varma: Seen; plan agreed", planned, "NHST", "", "Amber: Due within 14 days");

    long a3 = action(case0, closedMeeting, "-1 day's arrears left to clear", police, gemma, TODAY.minusDays(40),
      "Arrears cleared", "closed", null, 60);
    expect(a3, ref0, "'-1 day's arrears left to clear", "Arrears cleared", "Gemma Rowe – Police",
      TODAY.minusDays(40), "Closed", "", closed, "NHST", "", "");

    long a4 = action(case2, plannedMeeting, "@school: share attendance data", police, null, TODAY.plusDays(5),
      "Data shared", "dropped", "Family moved out of area", 20);
    expect(a4, ref2, "'@school: share attendance data", "Data shared", "Police", TODAY.plusDays(5),
      "Dropped: Family moved out of area", "", planned, "NHST", "", "");

    proposedNumber = action(case2, plannedMeeting, "A proposal not yet agreed", camhs, null, TODAY.plusDays(30),
      "Agreed", "proposed", null, 1);

    long a6 = action(null, closedMeeting, "\tIndented note raised under AOB", camhs, nikhil, TODAY.plusDays(10),
      "\rStarts with a carriage return", "open", null, 100);
    update(a6, nikhil, "Chased by e-mail", TODAY.minusDays(70));
    expect(a6, "AOB", "'\tIndented note raised under AOB", "'\rStarts with a carriage return",
      "Nikhil Varma – CAMHS", TODAY.plusDays(10), "Open", TODAY.minusDays(70) + " Nikhil Varma: Chased by e-mail",
      closed, "NHST", "Consider full case review", "Red: No progress for 2 months");

    long a7 = action(null, otherMeeting, "WHH housing forum: bring the family's case", police, null,
      TODAY.plusDays(15), "Raised at the forum", "open", null, 5);
    expect(a7, "AOB", "WHH housing forum: bring the family's case", "Raised at the forum", "Police",
      TODAY.plusDays(15), "Open", "", closed.minusDays(7), "WHH", "", "Green: On track");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void csvIsTheCouncilActionPlanLayoutAndMatchesTheDatabase() throws Exception {
    var res = Downloaded.download(server, CSV_PATH, officer, Download.CSV, "action-log-" + TODAY + "\\.csv");
    List<CSVRecord> records = Downloaded.csv(res.body());
    assertEquals(List.of("Action no.", "Family ref", "Description", "Success measure", "Lead", "Due date", "Status",
      "Progress and updates", "Meeting raised", "Panel", "Flags", "RAG"), records.get(0).toList());
    assertEquals(expected.size(), records.size() - 1, "every agreed action, and no proposal");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), records.get(i + 1).toList(), "row " + (i + 1));
    }
    // The same actions the database holds, by number, nothing left out.
    var db = server.query("SELECT number FROM action WHERE status <> 'proposed' ORDER BY number");
    assertEquals(db.stream().map(o -> String.valueOf(((JsonObject) o).getLong("number"))).toList(),
      records.subList(1, records.size()).stream().map(r -> r.get(0)).toList());
  }

  @Test
  void xlsxHoldsTheSameRowsWithRealDatesAndNumbers() throws Exception {
    var res = Downloaded.download(server, XLSX_PATH, officer, Download.XLSX, "action-log-" + TODAY + "\\.xlsx");
    List<Row> rows = Downloaded.xlsx(res.body());
    assertEquals("Action no.", rows.get(0).getCellText(0));
    assertEquals("Flags", rows.get(0).getCellText(10));
    assertEquals("RAG", rows.get(0).getCellText(11));
    assertEquals(expected.size(), rows.size() - 1);
    for (int i = 0; i < expected.size(); i++) {
      List<String> want = expected.get(i);
      Row row = rows.get(i + 1);
      assertEquals(Long.parseLong(want.get(0)), row.getCellAsNumber(0).orElseThrow().longValue());
      assertEquals(LocalDate.parse(want.get(5)), row.getCellAsDate(5).orElseThrow().toLocalDate(), "due date");
      assertEquals(LocalDate.parse(want.get(8)), row.getCellAsDate(8).orElseThrow().toLocalDate(), "meeting raised");
      for (int c : new int[] {1, 2, 3, 4, 6, 7, 9, 10, 11}) {
        // XLSX text is never neutralised with an apostrophe: it is a string cell, which is never run.
        String text = want.get(c).startsWith("'") ? want.get(c).substring(1) : want.get(c);
        assertEquals(text, row.getOptionalCell(c).map(Cell::getText).orElse(""), "row " + (i + 1) + " col " + c);
      }
    }
  }

  @Test
  void formulaInjectionIsNeutralisedInCsvAndNeverAFormulaInXlsx() throws Exception {
    List<CSVRecord> csv = Downloaded.csv(Downloaded.get(server, CSV_PATH, officer).body());
    List<String> dangerous = List.of("=", "+", "-", "@", "\t", "\r");
    for (CSVRecord r : csv.subList(1, csv.size())) {
      for (String cell : r.toList()) {
        assertFalse(dangerous.stream().anyMatch(cell::startsWith), "a CSV cell starts with a formula trigger: " + cell);
      }
    }
    var xlsx = Downloaded.get(server, XLSX_PATH, officer).body();
    String sheet = Downloaded.sheetXml(xlsx);
    assertFalse(sheet.contains("<f>") || sheet.contains("<f "), "no cell of the sheet is a formula");
    for (Row row : Downloaded.xlsx(xlsx)) {
      for (Cell cell : row) {
        if (cell != null) {
          assertNull(cell.getFormula(), "cell " + cell.getAddress() + " is a formula");
          assertFalse(cell.getType() == CellType.FORMULA);
        }
      }
    }
    Row first = Downloaded.xlsx(xlsx).get(1);
    assertEquals(CellType.STRING, first.getCell(2).getType());
    assertEquals("=HYPERLINK(\"https://example.test\",\"Click\")", first.getCell(2).getText());
  }

  @Test
  void filtersByPanelMeetingAgencyStatusAndOverdue() throws Exception {
    List<String> all = expected.stream().map(r -> r.get(0)).toList();
    assertEquals(List.of(all.get(5)), numbers("?panelId=" + otherPanelId));
    assertEquals(all.subList(0, 5), numbers("?panelId=" + panelId));
    assertEquals(List.of(all.get(2), all.get(4)), numbers("?meetingId=" + closedMeeting));
    assertEquals(List.of(all.get(0), all.get(2), all.get(3), all.get(5)), numbers("?agencyId=" + police));
    assertEquals(List.of(all.get(0), all.get(4), all.get(5)), numbers("?status=open"));
    assertEquals(List.of(all.get(0), all.get(1), all.get(4), all.get(5)), numbers("?status=open,in_progress"));
    assertTrue(numbers("?status=all").contains(String.valueOf(proposedNumber)));
    assertEquals(List.of(all.get(0)), numbers("?overdue=true"));
    assertEquals(List.of(all.get(0)), numbers("?overdue=true&agencyId=" + police + "&panelId=" + panelId));
    assertEquals(List.of(), numbers("?overdue=true&status=closed"));

    var named = Downloaded.download(server, CSV_PATH + "?panelId=" + otherPanelId, officer, Download.CSV,
      "action-log-WHH-" + TODAY + "\\.csv");
    assertEquals(2, Downloaded.csv(named.body()).size());

    for (String bad : List.of("?status=finished", "?panelId=nope", "?overdue=yes", "?agencyId=123")) {
      var res = Downloaded.get(server, CSV_PATH + bad, officer);
      assertEquals(400, res.statusCode(), bad);
      assertEquals("invalid_field", res.bodyAsJsonObject().getString("error"));
    }
    // One set of query rules (protocol.Query): an empty or repeated filter is refused, never read as absent.
    for (String[] bad : new String[][] {{"?panelId=", "panelId"}, {"?status=", "status"}, {"?overdue=", "overdue"},
      {"?panelId=" + panelId + "&panelId=" + otherPanelId, "panelId"}}) {
      var res = Downloaded.get(server, CSV_PATH + bad[0], officer);
      assertEquals(400, res.statusCode(), bad[0]);
      assertEquals(bad[1], res.bodyAsJsonObject().getString("field"), bad[0]);
    }
    var unknownPanel = Downloaded.get(server, XLSX_PATH + "?panelId=" + UUID.randomUUID(), officer);
    assertEquals(400, unknownPanel.statusCode());
  }

  /** Issue 15: the officer's log is the county's; a chair's holds the panels they run, and no other panel's. */
  @Test
  void aChairsLogHoldsOnlyThePanelsTheyRun() throws Exception {
    List<String> all = expected.stream().map(r -> r.get(0)).toList();
    var res = Downloaded.get(server, CSV_PATH, chair);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    List<CSVRecord> records = Downloaded.csv(res.body());
    assertEquals(all.subList(0, 5), records.subList(1, records.size()).stream().map(r -> r.get(0)).toList());
    var other = Downloaded.get(server, CSV_PATH + "?panelId=" + otherPanelId, chair);
    assertEquals(403, other.statusCode(), other.bodyAsString());
    assertEquals("forbidden", other.bodyAsJsonObject().getString("error"));
  }

  @Test
  void eachExportLeavesAnAuditRowWithItsFiltersAndRowCount() throws Exception {
    long before = Downloaded.auditCount(server, "export", "action_log");
    Downloaded.get(server, CSV_PATH + "?agencyId=" + police, officer);
    Downloaded.get(server, XLSX_PATH + "?overdue=true", chair);
    assertEquals(before + 2, Downloaded.auditCount(server, "export", "action_log"));
    var rows = server.query("SELECT a.detail, m.email FROM audit_entry a JOIN member m ON m.id = a.member_id"
      + " WHERE a.action = 'export' AND a.subject = 'action_log' ORDER BY a.id DESC LIMIT 2");
    JsonObject xlsx = rows.getJsonObject(0).getJsonObject("detail");
    assertEquals("chair@demo.ailive.test", rows.getJsonObject(0).getString("email"));
    assertEquals("xlsx", xlsx.getString("format"));
    assertEquals(1, xlsx.getInteger("rows"));
    assertTrue(xlsx.getJsonObject("filters").getBoolean("overdue"));
    assertTrue(xlsx.getBoolean("completed"));
    JsonObject csv = rows.getJsonObject(1).getJsonObject("detail");
    assertEquals("officer@demo.ailive.test", rows.getJsonObject(1).getString("email"));
    assertEquals("csv", csv.getString("format"));
    assertEquals(4, csv.getInteger("rows"));
    assertEquals(police.toString(), csv.getJsonObject("filters").getString("agencyId"));
  }

  @Test
  void partnersAndObserversCannotExport() throws Exception {
    long before = Downloaded.auditCount(server, "export", "action_log");
    for (String token : List.of(partner, observer)) {
      for (String path : List.of(CSV_PATH, XLSX_PATH)) {
        var res = Downloaded.get(server, path, token);
        assertEquals(403, res.statusCode(), path);
        assertEquals("forbidden", res.bodyAsJsonObject().getString("error"));
      }
    }
    var anonymous = server.client.get(CSV_PATH).send().await(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(401, anonymous.statusCode());
    assertEquals(before, Downloaded.auditCount(server, "export", "action_log"), "a refused export records nothing");
  }

  private static List<String> numbers(String query) throws Exception {
    var res = Downloaded.get(server, CSV_PATH + query, officer);
    assertEquals(200, res.statusCode(), query + ": " + res.bodyAsString());
    List<CSVRecord> records = Downloaded.csv(res.body());
    return records.subList(1, records.size()).stream().map(r -> r.get(0)).toList();
  }

  private static long action(UUID caseId, UUID meetingId, String description, UUID agency, UUID member, LocalDate due,
                             String success, String status, String dropReason, int confirmedDaysAgo) throws Exception {
    UUID proposer = uuid("SELECT id FROM member WHERE email = 'chair@demo.ailive.test'");
    OffsetDateTime confirmed = noon(TODAY.minusDays(confirmedDaysAgo));
    return server.query("INSERT INTO action (case_id, meeting_id, description, owner_agency_id, owner_member_id,"
        + " due_date, success_measure, status, drop_reason, proposed_by_member_id, confirmed_at, created_at)"
        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce($11, now())) RETURNING number",
      caseId, meetingId, description, agency, member, due, success, status, dropReason, proposer,
      status.equals("proposed") ? null : confirmed).getJsonObject(0).getLong("number");
  }

  private static void update(long number, UUID author, String body, LocalDate on) throws Exception {
    server.query("INSERT INTO action_update (action_id, author_member_id, body, created_at)"
      + " SELECT id, $2, $3, $4 FROM action WHERE number = $1", number, author, body, noon(on));
  }

  private static void expect(long number, String familyRef, String description, String success, String lead,
                             LocalDate due, String status, String progress, LocalDate raised, String panel,
                             String flags, String rag) {
    expected.add(List.of(String.valueOf(number), familyRef, description, success, lead, due.toString(), status,
      progress, raised.toString(), panel, flags, rag));
  }

  private static OffsetDateTime noon(LocalDate day) {
    return day.atTime(LocalTime.NOON).atOffset(ZoneOffset.UTC);
  }

  static UUID uuid(String sql, Object... params) throws Exception {
    var row = server.query(sql, params).getJsonObject(0);
    return UUID.fromString(row.getString(row.fieldNames().iterator().next()));
  }

  private static LocalDate date(String sql, Object... params) throws Exception {
    return LocalDate.parse(server.query(sql, params).getJsonObject(0).getString("d"));
  }
}
