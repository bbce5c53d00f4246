package org.ailive.notify;

import biweekly.ICalendar;
import biweekly.component.VEvent;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import org.ailive.TestServer;
import org.ailive.protocol.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ailive.notify.Mailbox.attachment;
import static org.ailive.notify.Mailbox.ics;
import static org.ailive.notify.Mailbox.mails;
import static org.ailive.notify.Mailbox.nthMail;
import static org.ailive.notify.Mailbox.onlyMail;
import static org.ailive.notify.Mailbox.part;
import static org.ailive.notify.Mailbox.waitFor;

/**
 * Issue 19 item 4, the meeting's notices, against a real SMTP server (GreenMail) and the real
 * service: a meeting scheduled, moved across the clocks changing and cancelled is one mail per member
 * of the panel with its calendar entry (read back with biweekly: one UID, a higher SEQUENCE each time,
 * the London times right in UTC, METHOD:CANCEL at the end); join links made for everyone remote are
 * each mailed to their own member only, and the link in the mail opens a session; one link made for
 * one member is mailed too; published minutes are a link, never their text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeetingNoticesTest {

  static final String FROM = "ailive@council.example";
  static TestServer server;
  static GreenMail smtp;
  static int httpPort;
  static String officer;
  static String panelId;
  static String panelName;
  static String meetingId;
  static Map<String, String> ids;
  /** The panel's members and chair as the service tells them: address to name. */
  static Map<String, String> panel;
  static final int YEAR = LocalDate.now(Zone.LONDON).getYear() + 1;

  @BeforeAll
  static void start() throws Exception {
    int smtpPort = freePort();
    httpPort = freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Mailbox.smtp = smtp;
    server = TestServer.start(Files.createTempDirectory("ailive-meeting-mail"), true, Map.of(
      "httpPort", httpPort, "publicUrl", "http://localhost:" + httpPort,
      "smtpHost", "127.0.0.1", "smtpPort", smtpPort, "smtpStarttls", "disabled", "mailFrom", FROM,
      "mailRetryBaseMs", 1000, "mailMaxAttempts", 3));
    officer = server.demoToken("officer@demo.ailive.test");
    JsonObject p = server.query("SELECT id::text AS id, name FROM panel ORDER BY name LIMIT 1").getJsonObject(0);
    panelId = p.getString("id");
    panelName = p.getString("name");
    panel = server.query("SELECT m.email, m.full_name FROM member m WHERE m.active AND (m.id IN (SELECT member_id"
        + " FROM panel_member WHERE panel_id = $1 AND left_at IS NULL) OR m.id = (SELECT chair_member_id FROM panel"
        + " WHERE id = $1))", UUID.fromString(panelId)).stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(r -> r.getString("email"), r -> r.getString("full_name")));
    assertTrue(panel.size() >= 5, "the demo panel has members: " + panel);
    ids = server.query("SELECT split_part(email, '@', 1) AS slug, id::text AS id FROM member WHERE email LIKE '%@demo.ailive.test'")
      .stream().map(JsonObject.class::cast).collect(Collectors.toMap(r -> r.getString("slug"), r -> r.getString("id")));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    smtp.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void aScheduledMeetingIsACalendarInvitationToEachMemberOfThePanel() throws Exception {
    HttpResponse<Buffer> created = send("POST", "/api/meetings", new JsonObject().put("panelId", panelId)
      .put("meetingDate", YEAR + "-07-14").put("startsAt", "09:30").put("endsAt", "12:30").put("location", "Civic Centre, Room 4"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    meetingId = created.bodyAsJsonObject().getString("id");

    String someone = panel.keySet().stream().sorted().findFirst().orElseThrow();
    for (String to : panel.keySet()) {
      onlyMail(to, "Meeting scheduled");
    }
    assertEquals(panel.size(), count("SELECT count(*) AS n FROM notice WHERE kind = 'meeting_scheduled'"));
    MimeMessage mail = onlyMail(someone, "Meeting scheduled");
    assertEquals("Meeting scheduled: " + panelName + ", Wednesday 14 July " + YEAR, mail.getSubject());
    String text = part(mail, "text/plain");
    assertTrue(text.contains("Dear " + panel.get(someone) + ","), text);
    assertTrue(text.contains("Time: 9:30am to 12:30pm (UK time)"), text);
    assertTrue(text.contains("Where: Civic Centre, Room 4"), text);
    assertTrue(text.contains("http://localhost:" + httpPort + "/room.html?meeting=" + meetingId), text);

    BodyPart file = attachment(mail);
    assertTrue(file.getContentType().toLowerCase().startsWith("text/calendar"), file.getContentType());
    assertTrue(file.getContentType().toLowerCase().contains("method=request"), file.getContentType());
    ICalendar cal = ics(mail);
    assertEquals("REQUEST", cal.getMethod().getValue());
    VEvent event = cal.getEvents().get(0);
    assertEquals("meeting-" + meetingId + "@council.example", event.getUid().getValue());
    assertEquals(0, event.getSequence().getValue());
    // British Summer Time: 9:30 in London is 8:30 UTC.
    assertEquals(Instant.parse(YEAR + "-07-14T08:30:00Z"), event.getDateStart().getValue().toInstant());
    assertEquals(Instant.parse(YEAR + "-07-14T11:30:00Z"), event.getDateEnd().getValue().toInstant());
    assertEquals(panelName, event.getSummary().getValue(), "the panel's name only");
    assertEquals("Civic Centre, Room 4", event.getLocation().getValue());
    assertEquals(FROM, event.getOrganizer().getEmail());
    assertEquals(someone, event.getAttendees().get(0).getEmail());
    assertEquals(biweekly.parameter.ParticipationLevel.REQUIRED, event.getAttendees().get(0).getParticipationLevel());
    assertTrue(part(mail, "text/calendar").contains("ROLE=REQ-PARTICIPANT"), "an iCalendar 2.0 role");
    assertEquals("http://localhost:" + httpPort + "/room.html?meeting=" + meetingId, event.getUrl().getValue());
    assertEquals("CONFIRMED", event.getStatus().getValue());
    assertEquals(0, server.query("SELECT ics_sequence FROM meeting WHERE id = $1", UUID.fromString(meetingId))
      .getJsonObject(0).getInteger("ics_sequence"));
  }

  @Test
  @Order(2)
  void aMovedMeetingIsTheSameEntryWithAHigherSequenceAndTheNewTimes() throws Exception {
    // A link copied rather than mailed ("mail": false); the new day withdraws it (it was good until the old one's end).
    HttpResponse<Buffer> copied = send("POST", "/api/meetings/" + meetingId + "/join-links",
      new JsonObject().put("memberId", ids.get("probation")).put("mail", false));
    assertEquals(201, copied.statusCode(), copied.bodyAsString());
    assertFalse(copied.bodyAsJsonObject().getBoolean("mailed"));
    assertEquals(0, count("SELECT count(*) AS n FROM notice WHERE kind = 'join_link'"));

    HttpResponse<Buffer> moved = send("PATCH", "/api/meetings/" + meetingId, new JsonObject()
      .put("meetingDate", YEAR + "-11-10").put("startsAt", "10:00").put("endsAt", "12:00").put("location", "Town Hall"));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    assertEquals(panel.size(), moved.bodyAsJsonObject().getInteger("notified"));
    assertEquals(YEAR + "-11-10", moved.bodyAsJsonObject().getString("meetingDate"));
    assertEquals(1, moved.bodyAsJsonObject().getInteger("linksWithdrawn"));
    assertEquals(1, count("SELECT count(*) AS n FROM join_link WHERE id = $1 AND revoked_at IS NOT NULL",
      UUID.fromString(copied.bodyAsJsonObject().getString("id"))));

    String someone = panel.keySet().stream().sorted().findFirst().orElseThrow();
    MimeMessage mail = onlyMail(someone, "Meeting changed");
    assertEquals("Meeting changed: " + panelName + ", now Wednesday 10 November " + YEAR, mail.getSubject());
    assertTrue(part(mail, "text/plain").contains("Time: 10:00am to 12:00pm (UK time)"), part(mail, "text/plain"));
    VEvent event = ics(mail).getEvents().get(0);
    assertEquals("meeting-" + meetingId + "@council.example", event.getUid().getValue(), "the same entry");
    assertEquals(1, event.getSequence().getValue());
    // Greenwich Mean Time: 10:00 in London is 10:00 UTC.
    assertEquals(Instant.parse(YEAR + "-11-10T10:00:00Z"), event.getDateStart().getValue().toInstant());
    assertEquals(Instant.parse(YEAR + "-11-10T12:00:00Z"), event.getDateEnd().getValue().toInstant());
    assertEquals("Town Hall", event.getLocation().getValue());
    for (String to : panel.keySet()) {
      onlyMail(to, "Meeting changed");
    }

    HttpResponse<Buffer> same = send("PATCH", "/api/meetings/" + meetingId, new JsonObject().put("location", "Town Hall"));
    assertEquals(200, same.statusCode(), same.bodyAsString());
    assertEquals(0, same.bodyAsJsonObject().getInteger("notified"), "nothing changed, nobody told");
    HttpResponse<Buffer> backwards = send("PATCH", "/api/meetings/" + meetingId, new JsonObject().put("endsAt", "09:00"));
    assertEquals(400, backwards.statusCode());
    assertEquals("endsAt", backwards.bodyAsJsonObject().getString("field"));
    HttpResponse<Buffer> partner = server.client.patch("/api/meetings/" + meetingId)
      .bearerTokenAuthentication(server.demoToken("police@demo.ailive.test"))
      .sendJsonObject(new JsonObject().put("location", "Elsewhere")).await(10, TimeUnit.SECONDS);
    assertEquals(403, partner.statusCode());

    HttpResponse<Buffer> again = send("PATCH", "/api/meetings/" + meetingId, new JsonObject().put("startsAt", "10:30"));
    assertEquals(200, again.statusCode(), again.bodyAsString());
    assertEquals(2, ics(nthMail(someone, "Meeting changed", 2)).getEvents().get(0).getSequence().getValue(),
      "each change a higher sequence");
  }

  @Test
  @Order(3)
  void aCancelledMeetingIsACancelOfTheSameEntryAndCannotBeMovedAgain() throws Exception {
    // Its room is loaded already (someone looking at it before it opens): the cancel reaches it too.
    assertEquals("planned", roomStatus());
    HttpResponse<Buffer> cancelled = send("POST", "/api/meetings/" + meetingId + "/cancel", null);
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    assertTrue(cancelled.bodyAsJsonObject().getBoolean("cancelled"));
    String someone = panel.keySet().stream().sorted().findFirst().orElseThrow();
    MimeMessage mail = onlyMail(someone, "Meeting cancelled");
    assertEquals("Meeting cancelled: " + panelName + ", Wednesday 10 November " + YEAR, mail.getSubject());
    assertTrue(attachment(mail).getContentType().toLowerCase().contains("method=cancel"), attachment(mail).getContentType());
    ICalendar cal = ics(mail);
    assertEquals("CANCEL", cal.getMethod().getValue());
    VEvent event = cal.getEvents().get(0);
    assertEquals("meeting-" + meetingId + "@council.example", event.getUid().getValue());
    assertEquals(3, event.getSequence().getValue());
    assertEquals("CANCELLED", event.getStatus().getValue());
    for (String to : panel.keySet()) {
      onlyMail(to, "Meeting cancelled");
    }

    HttpResponse<Buffer> twice = send("POST", "/api/meetings/" + meetingId + "/cancel", null);
    assertEquals(409, twice.statusCode());
    assertEquals("meeting_cancelled", twice.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> move = send("PATCH", "/api/meetings/" + meetingId, new JsonObject().put("startsAt", "11:00"));
    assertEquals(409, move.statusCode());
    HttpResponse<Buffer> links = send("POST", "/api/meetings/" + meetingId + "/join-links/batch", new JsonObject().put("all", true));
    assertEquals(409, links.statusCode());
    assertEquals("meeting_cancelled", links.bodyAsJsonObject().getString("error"));
    // The room says so and refuses to open: no summons, no join links for a meeting that is off.
    SmtpInbox.waitFor(() -> {
      try {
        return "cancelled".equals(roomStatus());
      } catch (Exception e) {
        return false;
      }
    }, "the loaded room to learn of the cancellation");
    HttpResponse<Buffer> open = send("POST", "/api/meetings/" + meetingId + "/commands",
      new JsonObject().put("type", "meeting.open").put("key", "open-cancelled"));
    assertEquals(409, open.statusCode(), open.bodyAsString());
    assertEquals("wrong_status", open.bodyAsJsonObject().getString("error"));
    assertEquals(1, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'meeting_cancelled' AND subject = $1",
      "meeting:" + meetingId));
  }

  @Test
  @Order(4)
  void joinLinksForEveryoneRemoteAreEachMailedToTheirOwnMemberAndOpenASession() throws Exception {
    String planned = server.query("SELECT id::text AS id FROM meeting WHERE status = 'planned' AND cancelled_at IS NULL"
      + " AND panel_id = $1 ORDER BY meeting_date LIMIT 1", UUID.fromString(panelId)).getJsonObject(0).getString("id");
    mark(planned, "housing", "remote");
    mark(planned, "school-nursing", "remote");
    mark(planned, "cmht", "in_room");
    HttpResponse<Buffer> made = send("POST", "/api/meetings/" + planned + "/join-links/batch", new JsonObject().put("remote", true));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    JsonArray links = made.bodyAsJsonObject().getJsonArray("links");
    Set<String> linked = links.stream().map(l -> ((JsonObject) l).getString("memberId")).collect(Collectors.toSet());
    assertEquals(Set.of(ids.get("housing"), ids.get("school-nursing")), linked);
    assertEquals(2, made.bodyAsJsonObject().getInteger("mailed"));
    for (Object o : links) {
      JsonObject link = (JsonObject) o;
      assertTrue(link.getBoolean("mailed"), link.encode());
      assertTrue(link.getString("url").startsWith("/join.html#token="), "the link is there to copy too");
      String to = server.query("SELECT email FROM member WHERE id = $1", UUID.fromString(link.getString("memberId")))
        .getJsonObject(0).getString("email");
      MimeMessage mail = onlyMail(to, "Your link to join");
      String text = part(mail, "text/plain");
      assertTrue(text.contains("Dear " + panel.get(to) + ","), text);
      Matcher m = Pattern.compile("http://localhost:" + httpPort + "/join\\.html#token=(\\S+)").matcher(text);
      assertTrue(m.find(), text);
      assertEquals(link.getString("url"), "/join.html#token=" + m.group(1), "their own link, the one made for them");
      HttpResponse<Buffer> session = server.client.post("/api/auth/join")
        .sendJsonObject(new JsonObject().put("token", m.group(1))).await(10, TimeUnit.SECONDS);
      assertEquals(200, session.statusCode(), session.bodyAsString());
      assertEquals(planned, session.bodyAsJsonObject().getString("meetingId"));
      assertNotNull(session.bodyAsJsonObject().getString("token"), session.bodyAsString());
    }
    for (String notRemote : List.of("cmht", "police", "camhs")) {
      String to = notRemote + "@demo.ailive.test";
      assertEquals(0, mails(to, "Your link to join").size(), "no link mailed to " + to);
    }
    waitFor(() -> count("SELECT count(*) AS n FROM notice WHERE kind = 'join_link' AND status = 'sent' AND text_body = ''") == 2,
      "the sent links' bodies are cleared");

    HttpResponse<Buffer> one = send("POST", "/api/meetings/" + planned + "/join-links",
      new JsonObject().put("memberId", ids.get("police")));
    assertEquals(201, one.statusCode(), one.bodyAsString());
    assertTrue(one.bodyAsJsonObject().getBoolean("mailed"));
    String text = part(onlyMail("police@demo.ailive.test", "Your link to join"), "text/plain");
    assertTrue(text.contains(one.bodyAsJsonObject().getString("url")), text);
  }

  @Test
  @Order(5)
  void publishedMinutesAreALinkToReadThemAndNeverTheirText() throws Exception {
    // The planned meeting, held: opened, started and ended (its agenda of cases is in its minutes).
    String closed = server.query("SELECT id::text AS id FROM meeting WHERE status = 'planned' AND cancelled_at IS NULL"
      + " AND panel_id = $1 ORDER BY meeting_date LIMIT 1", UUID.fromString(panelId)).getJsonObject(0).getString("id");
    String chair = server.demoToken("chair@demo.ailive.test");
    for (String[] step : new String[][] {{officer, "meeting.open"}, {chair, "meeting.start"}, {chair, "meeting.end"}}) {
      HttpResponse<Buffer> done = as(step[0], "POST", "/api/meetings/" + closed + "/commands",
        new JsonObject().put("type", step[1]).put("key", "notices-" + step[1]));
      assertEquals(200, done.statusCode(), step[1] + ": " + done.bodyAsString());
    }
    String base = "/api/exports/meetings/" + closed + "/minutes";
    HttpResponse<Buffer> v1 = send("POST", base, null);
    assertEquals(201, v1.statusCode(), v1.bodyAsString());
    JsonObject content = get(base + "/1").getJsonObject("content");
    String itemId = content.getJsonArray("items").getJsonObject(0).getString("itemId");
    String summary = "Mum and the school agree the attendance plan";
    HttpResponse<Buffer> saved = send("PUT", base + "/1/items/" + itemId, new JsonObject().put("summary", summary));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    assertEquals(201, send("POST", base, null).statusCode());
    assertEquals(200, as(chair, "POST", base + "/2/approve").statusCode());
    HttpResponse<Buffer> published = as(chair, "POST", base + "/2/publish");
    assertEquals(200, published.statusCode(), published.bodyAsString());

    List<String> readers = server.query("SELECT m.email FROM member m JOIN panel_member pm ON pm.member_id = m.id"
      + " WHERE pm.panel_id = $1 AND pm.left_at IS NULL AND m.active AND m.roles && ARRAY['partner','presenter']",
      UUID.fromString(panelId)).stream().map(r -> ((JsonObject) r).getString("email")).toList();
    assertFalse(readers.isEmpty());
    assertEquals(readers.size(), published.bodyAsJsonObject().getInteger("notified"), published.bodyAsString());
    for (String to : readers) {
      MimeMessage mail = onlyMail(to, "Minutes published");
      String text = part(mail, "text/plain");
      String html = part(mail, "text/html");
      assertTrue(text.contains("http://localhost:" + httpPort + "/minutes-read.html?meeting=" + closed), text);
      assertFalse(text.contains(summary) || html.contains(summary), "no minutes text in the mail");
      assertFalse(text.contains("attendance"), text);
    }
    assertEquals(0, mails("observer@demo.ailive.test", "Minutes published").size(), "an observer does not read minutes");
    assertEquals(0, mails("chair@demo.ailive.test", "Minutes published").size(), "the chair published them");
    JsonObject row = server.query("SELECT member_id::text AS member_id, dedupe_key FROM notice WHERE kind = 'minutes_published'"
      + " AND to_address = $1", readers.get(0)).getJsonObject(0);
    assertEquals("minutes_published:" + closed + ":v2:" + row.getString("member_id"), row.getString("dedupe_key"));
  }

  // ---- helpers

  static void mark(String meeting, String slug, String status) throws Exception {
    server.query("INSERT INTO attendance (meeting_id, member_id, status) VALUES ($1, $2, $3)",
      UUID.fromString(meeting), UUID.fromString(ids.get(slug)), status);
  }

  private static String roomStatus() throws Exception {
    return get("/api/meetings/" + meetingId + "/room").getJsonObject("state").getJsonObject("meeting").getString("status");
  }

  private static HttpResponse<Buffer> send(String method, String path, JsonObject body) throws Exception {
    return as(officer, method, path, body);
  }

  private static HttpResponse<Buffer> as(String token, String method, String path) throws Exception {
    return as(token, method, path, null);
  }

  private static HttpResponse<Buffer> as(String token, String method, String path, JsonObject body) throws Exception {
    var req = server.client.request(io.vertx.core.http.HttpMethod.valueOf(method), path).bearerTokenAuthentication(token);
    return (body == null ? req.send() : req.sendJsonObject(body)).await(60, TimeUnit.SECONDS);
  }

  private static JsonObject get(String path) throws Exception {
    HttpResponse<Buffer> r = send("GET", path, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static long count(String sql, Object... params) {
    try {
      return Long.parseLong(String.valueOf(server.query(sql, params).getJsonObject(0).getValue("n")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
