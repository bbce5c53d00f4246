package org.ailive.meeting;

import biweekly.ICalendar;
import biweekly.component.VEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import org.ailive.TestServer;
import org.ailive.export.Download;
import org.ailive.export.Downloaded;
import org.ailive.notify.SmtpInbox;
import org.ailive.protocol.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 5, a panel's meetings as a series, through the real API of the real service (demo
 * county, embedded Postgres) with a real SMTP server: the dry run makes nothing; the series skips
 * bank holidays, rotates the first district on from the panel's last meeting (R2) and tells each
 * member ONCE with every meeting in one calendar file; a date already taken refuses it all; one
 * meeting moves or is cancelled on its own, the later ones take their turns again; and the
 * attendance report, the impact audit and the quarterly pack record the cancelled meeting.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeetingSeriesTest {

  static SmtpInbox smtp;
  static TestServer server;
  static String officer;
  static String panelId;
  static List<String> districts;
  /** The panel's members and chair, as the service tells them. */
  static Set<String> panel;
  static JsonArray made;

  /** The last Monday of each month from May 2028: the 29 May and 28 August are bank holidays. */
  static final JsonObject LAST_MONDAYS = new JsonObject().put("week", "last").put("weekday", "monday")
    .put("fromDate", "2028-05-01").put("count", 4).put("startsAt", "10:00").put("endsAt", "12:30")
    .put("location", "Stevenage Borough Council, Room 2");

  @BeforeAll
  static void start() throws Exception {
    smtp = new SmtpInbox();
    int httpPort = SmtpInbox.freePort();
    Map<String, Object> settings = new HashMap<>(smtp.settings("council.example"));
    settings.put("httpPort", httpPort);
    settings.put("publicUrl", "http://localhost:" + httpPort);
    server = TestServer.start(Files.createTempDirectory("ailive-series"), true, settings);
    officer = server.demoToken("officer@demo.ailive.test");
    JsonObject p = server.query("SELECT id::text AS id FROM panel ORDER BY name LIMIT 1").getJsonObject(0);
    panelId = p.getString("id");
    districts = server.query("SELECT d.id::text AS id FROM panel p JOIN district d ON d.double_district_id = p.double_district_id"
      + " WHERE p.id = $1 ORDER BY d.name", UUID.fromString(panelId)).stream()
      .map(o -> ((JsonObject) o).getString("id")).toList();
    panel = server.query("SELECT m.email FROM member m WHERE m.active AND (m.id IN (SELECT member_id FROM panel_member"
        + " WHERE panel_id = $1 AND left_at IS NULL) OR m.id = (SELECT chair_member_id FROM panel WHERE id = $1))",
      UUID.fromString(panelId)).stream().map(o -> ((JsonObject) o).getString("email")).collect(Collectors.toSet());
    assertTrue(panel.size() >= 5, "the demo panel has members");
    smtp.settled(server);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    smtp.close();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void theDryRunListsTheDatesAndFirstDistrictsAndMakesNothing() throws Exception {
    int mailsBefore = smtp.all().size();
    HttpResponse<Buffer> res = send("POST", "/api/panels/" + panelId + "/meeting-series?dryRun=true", LAST_MONDAYS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonObject out = res.bodyAsJsonObject();
    assertTrue(out.getBoolean("dryRun"));
    assertEquals("the last Monday of each month", out.getString("rule"));
    JsonArray dates = out.getJsonArray("dates");
    assertEquals(List.of("2028-05-30", "2028-06-26", "2028-07-31", "2028-08-29"), field(dates, "meetingDate"));
    assertEquals(List.of("2028-05-29", "2028-06-26", "2028-07-31", "2028-08-28"), field(dates, "plannedDate"));
    JsonObject may = dates.getJsonObject(0);
    assertTrue(may.getBoolean("shifted"));
    assertEquals("Spring bank holiday", may.getString("holiday"));
    assertFalse(dates.getJsonObject(1).getBoolean("shifted"));
    assertNull(dates.getJsonObject(1).getString("holiday"));
    assertEquals("Summer bank holiday", dates.getJsonObject(3).getString("holiday"));
    assertEquals(expectedRotation(LocalDate.parse("2028-05-30"), 4), field(dates, "firstDistrictId"),
      "R2: alternating, on from the panel's last meeting before the series");
    assertEquals(0, count("SELECT count(*) AS n FROM meeting_series"));
    assertEquals(0, count("SELECT count(*) AS n FROM meeting WHERE meeting_date BETWEEN '2028-05-01' AND '2028-08-31'"));
    assertEquals(0, count("SELECT count(*) AS n FROM notice WHERE kind = 'meeting_series'"));
    assertEquals(mailsBefore, smtp.settled(server).size(), "no mail for a preview");
  }

  @Test
  @Order(2)
  void theSeriesIsMadeAndEachMemberIsToldOnceWithEveryMeetingInOneCalendarFile() throws Exception {
    HttpResponse<Buffer> res = send("POST", "/api/panels/" + panelId + "/meeting-series", LAST_MONDAYS);
    assertEquals(201, res.statusCode(), res.bodyAsString());
    JsonObject out = res.bodyAsJsonObject();
    String seriesId = out.getString("id");
    made = out.getJsonArray("meetings");
    assertEquals(4, made.size());
    assertEquals(panel.size(), out.getInteger("notified"));
    List<String> firsts = expectedRotationOfMade();
    assertEquals(field(out.getJsonArray("dates"), "firstDistrictId"), firsts);
    for (int i = 0; i < 4; i++) {
      JsonObject m = made.getJsonObject(i);
      assertEquals(seriesId, m.getString("seriesId"));
      assertEquals("10:00", m.getString("startsAt"));
      assertEquals("Stevenage Borough Council, Room 2", m.getString("location"));
      JsonObject read = getJson("/api/meetings/" + m.getString("id"));
      assertEquals(out.getJsonArray("dates").getJsonObject(i).getString("meetingDate"), read.getString("meetingDate"));
      assertEquals(firsts.get(i), read.getString("firstDistrictId"));
    }

    // ONE notice per member for the series, never one per meeting.
    assertEquals(panel.size(), count("SELECT count(*) AS n FROM notice WHERE kind = 'meeting_series'"));
    assertEquals(0, count("SELECT count(*) AS n FROM notice WHERE kind = 'meeting_scheduled'"));
    List<MimeMessage> all = smtp.settled(server);
    for (String to : panel) {
      List<MimeMessage> theirs = all.stream().filter(m -> SmtpInbox.sentTo(m, to)).toList();
      assertEquals(1, theirs.size(), "one mail to " + to);
      assertTrue(SmtpInbox.subject(theirs.get(0)).startsWith("Meetings scheduled: "), SmtpInbox.subject(theirs.get(0)));
    }
    String someone = panel.stream().sorted().findFirst().orElseThrow();
    MimeMessage mail = all.stream().filter(m -> SmtpInbox.sentTo(m, someone)).findFirst().orElseThrow();
    assertTrue(SmtpInbox.subject(mail).endsWith(", 4 meetings"), SmtpInbox.subject(mail));
    String text = SmtpInbox.part(mail, "text/plain");
    assertTrue(text.contains("on the last Monday of each month"), text);
    assertTrue(text.contains("Dates: 30 May 2028, 26 Jun 2028, 31 Jul 2028, 29 Aug 2028"), text);
    assertTrue(text.contains("Time: 10:00am to 12:30pm (UK time)"), text);
    assertTrue(text.contains("Where: Stevenage Borough Council, Room 2"), text);
    ICalendar cal = SeriesFiles.ics(mail);
    assertEquals("REQUEST", cal.getMethod().getValue());
    List<VEvent> events = cal.getEvents();
    assertEquals(4, events.size(), "one entry per meeting");
    for (int i = 0; i < 4; i++) {
      assertEquals("meeting-" + made.getJsonObject(i).getString("id") + "@council.example", events.get(i).getUid().getValue(),
        "each under its meeting's own UID, so a later move or cancel updates it");
      assertEquals(0, events.get(i).getSequence().getValue());
      assertEquals(someone, events.get(i).getAttendees().get(0).getEmail());
    }
    // British Summer Time: 10:00 in London is 9:00 UTC.
    assertEquals(Instant.parse("2028-05-30T09:00:00Z"), events.get(0).getDateStart().getValue().toInstant());

    assertEquals(1, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'meeting_series_created' AND subject = $1",
      "meeting_series:" + seriesId));
    JsonArray listed = getArray("/api/panels/" + panelId + "/meeting-series");
    assertEquals(1, listed.size());
    JsonObject series = listed.getJsonObject(0);
    assertEquals(seriesId, series.getString("id"));
    assertEquals("last", series.getString("week"));
    assertEquals("monday", series.getString("weekday"));
    assertEquals(4, series.getInteger("count"));
    assertEquals(List.of("2028-05-30", "2028-06-26", "2028-07-31", "2028-08-29"), field(series.getJsonArray("meetings"), "meetingDate"));
  }

  @Test
  @Order(3)
  void aDateThePanelAlreadyMeetsOnRefusesTheWholeSeries() throws Exception {
    JsonObject overlapping = LAST_MONDAYS.copy().put("fromDate", "2028-07-01").put("count", 3);
    for (String path : List.of("?dryRun=true", "")) {
      HttpResponse<Buffer> res = send("POST", "/api/panels/" + panelId + "/meeting-series" + path, overlapping);
      assertEquals(409, res.statusCode(), res.bodyAsString());
      JsonObject error = res.bodyAsJsonObject();
      assertEquals("series_dates_taken", error.getString("error"));
      assertEquals(new JsonArray().add("2028-07-31").add("2028-08-29"), error.getJsonArray("dates"));
      assertTrue(error.getString("message").contains("Monday 31 July 2028, Tuesday 29 August 2028"), error.getString("message"));
    }
    assertEquals(1, count("SELECT count(*) AS n FROM meeting_series"), "nothing created");
    assertEquals(0, count("SELECT count(*) AS n FROM meeting WHERE meeting_date = '2028-09-25'"));
  }

  @Test
  @Order(4)
  void badInputNamesTheFieldAndOnlyTheOfficerMakesASeries() throws Exception {
    Map<String, JsonObject> bad = Map.of(
      "week", LAST_MONDAYS.copy().put("week", "fifth"),
      "weekday", LAST_MONDAYS.copy().put("weekday", "saturday"),
      "fromDate", LAST_MONDAYS.copy().put("fromDate", LocalDate.now(Zone.LONDON).minusDays(1).toString()),
      "count", LAST_MONDAYS.copy().put("untilDate", "2028-12-31"),
      "endsAt", LAST_MONDAYS.copy().put("endsAt", "09:00"),
      "untilDate", LAST_MONDAYS.copy().put("count", (Integer) null).put("untilDate", "2030-12-31"));
    for (Map.Entry<String, JsonObject> e : bad.entrySet()) {
      HttpResponse<Buffer> res = send("POST", "/api/panels/" + panelId + "/meeting-series?dryRun=true", e.getValue());
      assertEquals(400, res.statusCode(), e.getKey() + ": " + res.bodyAsString());
      assertEquals(e.getKey(), res.bodyAsJsonObject().getString("field"), res.bodyAsString());
    }
    HttpResponse<Buffer> thirteen = send("POST", "/api/panels/" + panelId + "/meeting-series?dryRun=true",
      LAST_MONDAYS.copy().put("count", 13));
    assertEquals("count", thirteen.bodyAsJsonObject().getString("field"));
    HttpResponse<Buffer> unknown = send("POST", "/api/panels/" + UUID.randomUUID() + "/meeting-series?dryRun=true", LAST_MONDAYS);
    assertEquals(404, unknown.statusCode(), unknown.bodyAsString());

    // Until a date: the first Wednesday of January to March 2029.
    HttpResponse<Buffer> until = send("POST", "/api/panels/" + panelId + "/meeting-series?dryRun=true", new JsonObject()
      .put("week", "first").put("weekday", "wednesday").put("fromDate", "2029-01-01").put("untilDate", "2029-03-31"));
    assertEquals(200, until.statusCode(), until.bodyAsString());
    assertEquals(List.of("2029-01-03", "2029-02-07", "2029-03-07"), field(until.bodyAsJsonObject().getJsonArray("dates"), "meetingDate"));

    HttpResponse<Buffer> partner = server.client.post("/api/panels/" + panelId + "/meeting-series")
      .bearerTokenAuthentication(server.demoToken("police@demo.ailive.test")).sendJsonObject(LAST_MONDAYS)
      .await(20, TimeUnit.SECONDS);
    assertEquals(403, partner.statusCode());
    assertEquals(1, count("SELECT count(*) AS n FROM meeting_series"));
  }

  @Test
  @Order(5)
  void oneMeetingMovesAndAnotherIsCancelledAndTheLaterOnesTakeTheirTurnsAgain() throws Exception {
    String may = made.getJsonObject(0).getString("id");
    String june = made.getJsonObject(1).getString("id");
    String july = made.getJsonObject(2).getString("id");
    String august = made.getJsonObject(3).getString("id");
    HttpResponse<Buffer> moved = send("PATCH", "/api/meetings/" + may, new JsonObject().put("startsAt", "10:30"));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    assertEquals(panel.size(), moved.bodyAsJsonObject().getInteger("notified"));
    String juneFirst = made.getJsonObject(1).getString("firstDistrictId");
    String augustFirst = made.getJsonObject(3).getString("firstDistrictId");
    // August's agenda is already built: its sections follow its first district (R1), so it keeps it.
    server.query("INSERT INTO agenda_item (meeting_id, position, kind, section, title, allotted_seconds)"
      + " VALUES ($1, 1, 'other', 'other', 'Welcome', 300)", UUID.fromString(august));

    HttpResponse<Buffer> cancelled = send("POST", "/api/meetings/" + june + "/cancel", null);
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    assertTrue(cancelled.bodyAsJsonObject().getBoolean("cancelled"));
    assertEquals(new JsonArray().add(july), cancelled.bodyAsJsonObject().getJsonArray("rotationChanged"));
    // June had no turn: July goes first with June's district; August, its agenda built, keeps its own.
    assertEquals(juneFirst, getJson("/api/meetings/" + july).getString("firstDistrictId"));
    assertEquals(augustFirst, getJson("/api/meetings/" + august).getString("firstDistrictId"));
    assertNotEquals(juneFirst, getJson("/api/meetings/" + may).getString("firstDistrictId"), "May keeps its turn");

    List<MimeMessage> all = smtp.settled(server);
    String someone = panel.stream().sorted().findFirst().orElseThrow();
    List<MimeMessage> theirs = all.stream().filter(m -> SmtpInbox.sentTo(m, someone)).toList();
    MimeMessage change = theirs.stream().filter(m -> SmtpInbox.subject(m).startsWith("Meeting changed")).findFirst().orElseThrow();
    VEvent movedEvent = SeriesFiles.ics(change).getEvents().get(0);
    assertEquals("meeting-" + may + "@council.example", movedEvent.getUid().getValue(), "the series' entry for May");
    assertEquals(1, movedEvent.getSequence().getValue());
    MimeMessage cancel = theirs.stream().filter(m -> SmtpInbox.subject(m).startsWith("Meeting cancelled")).findFirst().orElseThrow();
    ICalendar cancelCal = SeriesFiles.ics(cancel);
    assertEquals("CANCEL", cancelCal.getMethod().getValue());
    assertEquals("meeting-" + june + "@council.example", cancelCal.getEvents().get(0).getUid().getValue());

    JsonArray listed = getArray("/api/panels/" + panelId + "/meeting-series").getJsonObject(0).getJsonArray("meetings");
    assertEquals(List.of(false, true, false, false), listed.stream().map(o -> ((JsonObject) o).getBoolean("cancelled")).toList());
    assertTrue(getArray("/api/meetings").stream().map(JsonObject.class::cast)
      .anyMatch(m -> m.getString("id").equals(june) && m.getBoolean("cancelled")), "the list shows it cancelled");
  }

  @Test
  @Order(6)
  void theReportsRecordTheCancelledMeeting() throws Exception {
    String june = made.getJsonObject(1).getString("id");
    String period = "from=2028-01-01&to=2028-12-31&panelId=" + panelId;
    JsonObject attendance = getJson("/api/reports/attendance?" + period);
    JsonArray cancelled = attendance.getJsonArray("cancelledMeetings");
    assertEquals(1, cancelled.size(), cancelled.encode());
    assertEquals(june, cancelled.getJsonObject(0).getString("meetingId"));
    assertEquals("2028-06-26", cancelled.getJsonObject(0).getString("meetingDate"));
    assertEquals(Zone.today().toString(), cancelled.getJsonObject(0).getString("cancelledOn"));
    assertTrue(cancelled.getJsonObject(0).getBoolean("inSeries"));
    assertEquals(1, attendance.getJsonArray("panels").getJsonObject(0).getInteger("cancelled"));
    assertEquals(0, attendance.getJsonArray("panels").getJsonObject(0).getInteger("meetings"), "not counted as held");
    Map<String, List<List<String>>> sheets = SeriesFiles.sheets(Downloaded.download(server, "/api/reports/attendance.xlsx?" + period,
      officer, Download.XLSX, ".*\\.xlsx").body());
    assertEquals(List.of("Attendance", "Cancelled meetings"), new ArrayList<>(sheets.keySet()));
    assertEquals(List.of("Area", "Meeting date", "Cancelled on", "One of a series"), sheets.get("Cancelled meetings").get(0));
    assertEquals(2, sheets.get("Cancelled meetings").size());
    assertTrue(sheets.get("Cancelled meetings").get(1).get(3).equals("Yes"));

    JsonObject audit = getJson("/api/reports/impact-audit?" + period);
    assertEquals(june, audit.getJsonArray("cancelledMeetings").getJsonObject(0).getString("meetingId"));
    assertEquals(1, audit.getJsonArray("panels").getJsonObject(0).getInteger("cancelledMeetings"));
    String pdf = Downloaded.pdfText(Downloaded.download(server, "/api/reports/impact-audit.pdf?" + period, officer,
      Download.PDF, ".*\\.pdf").body());
    assertTrue(pdf.contains("Cancelled meetings") && pdf.contains("26/06/2028"), pdf);
    Map<String, List<List<String>>> auditSheets = SeriesFiles.sheets(Downloaded.download(server, "/api/reports/impact-audit.xlsx?" + period,
      officer, Download.XLSX, ".*\\.xlsx").body());
    assertEquals(2, auditSheets.get("Cancelled meetings").size());

    // The quarterly pack covers a quarter that has ended: a meeting of the last one, made late and cancelled.
    LocalDate lastQuarterStart = Zone.today().with(IsoFields.DAY_OF_QUARTER, 1).minusMonths(3);
    String quarter = lastQuarterStart.getYear() + "-Q" + lastQuarterStart.get(IsoFields.QUARTER_OF_YEAR);
    LocalDate day = freeWorkingDay(lastQuarterStart);
    HttpResponse<Buffer> late = send("POST", "/api/meetings", new JsonObject().put("panelId", panelId)
      .put("meetingDate", day.toString()).put("confirmed", true));
    assertEquals(201, late.statusCode(), late.bodyAsString());
    assertEquals(200, send("POST", "/api/meetings/" + late.bodyAsJsonObject().getString("id") + "/cancel", null).statusCode());
    JsonObject pack = getJson("/api/reports/quarterly?quarter=" + quarter + "&panelId=" + panelId);
    assertEquals(List.of(day.toString()), field(pack.getJsonArray("cancelledMeetings"), "meetingDate"));
    assertFalse(pack.getJsonArray("cancelledMeetings").getJsonObject(0).getBoolean("inSeries"));
    Map<String, List<List<String>>> packSheets = SeriesFiles.sheets(Downloaded.download(server, "/api/reports/quarterly.xlsx?quarter="
      + quarter + "&panelId=" + panelId, officer, Download.XLSX, ".*\\.xlsx").body());
    assertEquals(2, packSheets.get("Cancelled meetings").size());
    String packPdf = Downloaded.pdfText(Downloaded.download(server, "/api/reports/quarterly.pdf?quarter=" + quarter
      + "&panelId=" + panelId, officer, Download.PDF, ".*\\.pdf").body());
    assertTrue(packPdf.contains("Cancelled meetings " + "Meetings of this quarter that were cancelled"), packPdf);
    assertTrue(packPdf.contains(day.format(DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.UK))), packPdf);
  }

  /** R2 worked out from the database: each meeting's first district is the other one from the meeting before it. */
  private static List<String> expectedRotation(LocalDate firstDate, int n) throws Exception {
    JsonArray before = server.query("SELECT first_district_id::text AS id FROM meeting WHERE panel_id = $1 AND meeting_date < $2"
      + " AND cancelled_at IS NULL ORDER BY meeting_date DESC LIMIT 1", UUID.fromString(panelId), firstDate);
    assertFalse(before.isEmpty(), "the demo panel has met before");
    String previous = before.getJsonObject(0).getString("id");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      previous = districts.get((districts.indexOf(previous) + 1) % districts.size());
      out.add(previous);
    }
    return out;
  }

  private static List<String> expectedRotationOfMade() throws Exception {
    List<String> firsts = field(made, "firstDistrictId");
    assertEquals(expectedRotation(LocalDate.parse("2028-05-30"), 4), firsts);
    assertNotEquals(firsts.get(0), firsts.get(1));
    return firsts;
  }

  private static LocalDate freeWorkingDay(LocalDate from) throws Exception {
    for (LocalDate d = from.plusDays(10); ; d = d.plusDays(1)) {
      if (d.getDayOfWeek().getValue() <= 5 && server.query("SELECT 1 FROM meeting WHERE panel_id = $1 AND meeting_date = $2",
        UUID.fromString(panelId), d).isEmpty()) {
        return d;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> field(JsonArray rows, String name) {
    return rows.stream().map(o -> (T) ((JsonObject) o).getValue(name)).toList();
  }

  private static HttpResponse<Buffer> send(String method, String path, JsonObject body) throws Exception {
    var req = server.client.request(io.vertx.core.http.HttpMethod.valueOf(method), path).bearerTokenAuthentication(officer);
    return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
  }

  private static JsonObject getJson(String path) throws Exception {
    HttpResponse<Buffer> res = send("GET", path, null);
    assertEquals(200, res.statusCode(), path + ": " + res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  private static JsonArray getArray(String path) throws Exception {
    HttpResponse<Buffer> res = send("GET", path, null);
    assertEquals(200, res.statusCode(), path + ": " + res.bodyAsString());
    return res.bodyAsJsonArray();
  }

  private static long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("n");
  }
}
