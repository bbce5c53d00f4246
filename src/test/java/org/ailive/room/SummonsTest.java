package org.ailive.room;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.ailive.TestServer;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.ailive.notify.SmtpInbox.freePort;
import static org.ailive.notify.SmtpInbox.part;
import static org.ailive.notify.SmtpInbox.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 5 against the real service and a real SMTP server (GreenMail): the demo panel's
 * next meeting, moved to a summer day (London is an hour ahead of UTC then), opened through the
 * room's command path. Young Carers, CGL Spectrum and AF-DASH attend when relevant and are key for
 * a need of items 1, 3 and 5; CMHT is key too but county-wide. The meeting starts at 9:30am and
 * each case has 15 minutes (AOB 20), so item 3 is expected at 10:00am and item 5 at 10:35am.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SummonsTest {

  static final String FROM = "ailive@council.example";
  static final LocalDate SUMMER_DAY = LocalDate.of(2027, 7, 7);
  static final String YOUNG_CARERS = "young-carers@demo.ailive.test";
  static final String CGL = "cgl-spectrum@demo.ailive.test";
  static final String AF_DASH = "af-dash@demo.ailive.test";
  static final String CMHT = "cmht@demo.ailive.test";
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mma", Locale.UK);

  static TestServer server;
  static GreenMail smtp;
  static int httpPort;
  static String meetingId;
  static String officer;
  static String chair;
  static JsonArray agenda;
  static final AtomicInteger keys = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    int smtpPort = freePort();
    httpPort = freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    server = TestServer.start(Files.createTempDirectory("ailive-summons"), true, Map.of(
      "httpPort", httpPort, "publicUrl", "http://localhost:" + httpPort,
      "smtpHost", "127.0.0.1", "smtpPort", smtpPort, "smtpStarttls", "disabled", "mailFrom", FROM,
      "mailAllowedDomains", "demo.ailive.test"));
    meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    // Before the room first loads it: a day in British Summer Time, so London is not UTC.
    server.query("UPDATE meeting SET meeting_date = $1 WHERE id = $2", SUMMER_DAY, UUID.fromString(meetingId));
    // An agency that attends when relevant, key for a need of item 3, with nobody on the panel: nobody to tell.
    server.query("INSERT INTO agency (name, attendance) VALUES ('Nobody Here Trust', 'when_relevant')");
    server.query("INSERT INTO need_key_agency (need, agency_id) SELECT 'neglect', id FROM agency"
      + " WHERE name = 'Nobody Here Trust'");
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    smtp.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void openingTheMeetingSummonsEachWhenRelevantKeyAgencyWithItsItemTimeAndAJoinLink() throws Exception {
    // AF-DASH's member holds a join link already: their summons links to the meeting page instead.
    HttpResponse<Buffer> made = server.client.post("/api/meetings/" + meetingId + "/join-links")
      .bearerTokenAuthentication(officer).sendJsonObject(new JsonObject().put("memberId", memberId(AF_DASH)))
      .await(10, TimeUnit.SECONDS);
    assertEquals(201, made.statusCode(), made.bodyAsString());

    command(officer, "meeting.open", new JsonObject());
    agenda = state().getJsonArray("agenda");
    assertEquals("case", item(1).getString("kind"));
    assertEquals(900, item(1).getInteger("allottedSeconds"));

    MimeMessage young = onlyMail(YOUNG_CARERS, "key for item 1");
    String text = part(young, "text/plain");
    assertEquals("Your agency is key for item 1, expected about 9:30am", young.getSubject());
    assertTrue(text.contains("Dear Megan Price,"), text);
    assertTrue(text.contains("Young Carers is a key agency for item 1 (family " + item(1).getString("familyRef")
      + "). The item is expected to start at about 9:30am."), text);
    assertTrue(text.contains("Wednesday 7 July 2027"), text);

    // Item 3 starts after two 15-minute cases: 10:00am in London (9:00 UTC that day).
    MimeMessage cgl = onlyMail(CGL, "key for item 3");
    String cglText = part(cgl, "text/plain");
    assertEquals("Your agency is key for item 3, expected about " + expected(3), cgl.getSubject());
    assertEquals("Your agency is key for item 3, expected about 10:00am", cgl.getSubject());
    assertTrue(cglText.contains("(family " + item(3).getString("familyRef") + ")"), cglText);
    assertTrue(part(cgl, "text/html").contains("<strong>item 3</strong>"));

    // The link is Dean's own join link: it opens a session for this meeting.
    Matcher link = Pattern.compile("http://localhost:" + httpPort + "/join\\.html#token=(\\S+)").matcher(cglText);
    assertTrue(link.find(), cglText);
    HttpResponse<Buffer> joined = server.client.post("/api/auth/join")
      .sendJsonObject(new JsonObject().put("token", link.group(1))).await(10, TimeUnit.SECONDS);
    assertEquals(200, joined.statusCode(), joined.bodyAsString());
    assertEquals(meetingId, joined.bodyAsJsonObject().getString("meetingId"));
    assertEquals(1, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'join_link_created'"
      + " AND detail->>'memberId' = $1 AND (detail->>'summons')::boolean", memberId(CGL)));

    MimeMessage afDash = onlyMail(AF_DASH, "key for item 5");
    assertEquals("Your agency is key for item 5, expected about 10:35am", afDash.getSubject());
    assertTrue(part(afDash, "text/plain").contains("http://localhost:" + httpPort + "/room.html?meeting=" + meetingId),
      "a member who holds a join link is sent the meeting page");

    // CMHT is key for item 1's mental health need but county-wide: expected anyway, not summoned.
    Thread.sleep(500);
    assertEquals(0, mails(CMHT), "no summons to a county-wide agency");
    assertEquals(3, count("SELECT count(*) AS n FROM summons WHERE meeting_id = $1", UUID.fromString(meetingId)));
    assertEquals(3, count("SELECT count(*) AS n FROM notice WHERE kind = 'summons'"));
    assertEquals("sent", server.query("SELECT status FROM notice WHERE kind = 'summons' AND to_address = $1", CGL)
      .getJsonObject(0).getString("status"));
  }

  @Test
  @Order(2)
  void aRebalanceMovingAnItemMoreThanTenMinutesSendsOneUpdateAndNoneAgainWithinTenMinutes() throws Exception {
    // Item 1 from 15 to 30 minutes: items 3 and 5 move 15 minutes later; item 1 does not move.
    command(chair, "agenda.setMinutes", new JsonObject().put("itemId", item(1).getString("id")).put("minutes", 30));
    MimeMessage cgl = onlyMail(CGL, "now expected");
    assertEquals("Item 3 is now expected about 10:15am", cgl.getSubject());
    assertTrue(part(cgl, "text/plain").contains("is now expected to start at about 10:15am"));
    assertEquals("Item 5 is now expected about 10:50am", onlyMail(AF_DASH, "now expected").getSubject());

    // Another 15 minutes, then 5 more: more than 10 minutes from what they were told, but within 10
    // minutes of their agency's last update, so nothing goes until a later change.
    command(chair, "agenda.setMinutes", new JsonObject().put("itemId", item(1).getString("id")).put("minutes", 45));
    command(chair, "agenda.setMinutes", new JsonObject().put("itemId", item(2).getString("id")).put("minutes", 20));
    Thread.sleep(1500);
    assertEquals(1, mailsAbout(CGL, "now expected"));
    assertEquals(1, mailsAbout(AF_DASH, "now expected"));
    assertEquals(0, mails(YOUNG_CARERS, "now expected"));
    assertEquals(2, count("SELECT count(*) AS n FROM notice WHERE kind = 'summons_update'"));
    JsonObject told = server.query("SELECT s.updates, to_char(s.expected_at AT TIME ZONE 'Europe/London', 'HH24:MI')"
      + " AS told FROM summons s JOIN member m ON m.id = s.member_id WHERE m.email = $1", CGL).getJsonObject(0);
    assertEquals(1, told.getInteger("updates"));
    assertEquals("10:15", told.getString("told"), "what they were last told is remembered");
  }

  @Test
  @Order(3)
  void whenTheirItemStartsAMemberNotConnectedGetsAShortMailAndOneConnectedOnlyTheAppNotice() throws Exception {
    command(chair, "meeting.start", new JsonObject());
    command(chair, "timer.start", new JsonObject().put("itemId", item(3).getString("id")));
    MimeMessage starting = onlyMail(CGL, "starting now");
    assertEquals("Item 3 is starting now", starting.getSubject());
    assertTrue(part(starting, "text/plain").contains("/room.html?meeting=" + meetingId));
    JsonObject row = server.query("SELECT kind, member_id FROM notice WHERE kind LIKE 'item_starting%'"
      + " AND to_address = $1", CGL).getJsonObject(0);
    assertEquals("item_starting", row.getString("kind"));
    assertEquals(memberId(CGL), row.getString("member_id"), "an in-app notice: the row is the member's");

    // Jamal (AF-DASH) is in the meeting when item 5 starts: told in the app, not by mail.
    BusClient jamal = BusClient.connect(server.vertx, server.port(), server.demoToken(AF_DASH));
    jamal.listen("ailive.meeting." + meetingId + ".events");
    waitFor(() -> {
      try {
        return count("SELECT count(*) AS n FROM attendance a JOIN member m ON m.id = a.member_id"
          + " WHERE m.email = $1 AND a.joined_at IS NOT NULL", AF_DASH) == 1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "Jamal connected");
    command(chair, "timer.start", new JsonObject().put("itemId", item(5).getString("id")));
    waitFor(() -> {
      try {
        return count("SELECT count(*) AS n FROM notice WHERE kind = 'item_starting_app' AND to_address = $1",
          AF_DASH) == 1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "the in-app notice");
    Thread.sleep(1500);
    assertEquals(0, mails(AF_DASH, "starting now"), "no mail to a member in the meeting");
    jamal.close();

    // Back to item 3 and on again: nobody is told twice.
    command(chair, "timer.start", new JsonObject().put("itemId", item(3).getString("id")));
    Thread.sleep(500);
    assertEquals(1, mails(CGL, "starting now"));
    assertEquals(2, count("SELECT count(*) AS n FROM notice WHERE kind LIKE 'item_starting%'"));
    // Nothing written about the family in any of them (R12).
    for (Object o : server.query("SELECT text_body || html_body AS body FROM notice WHERE kind LIKE 'summons%'"
      + " OR kind LIKE 'item_starting%'")) {
      String body = ((JsonObject) o).getString("body");
      assertFalse(body.contains("attendance has fallen") || body.contains("drinking"), body);
    }
  }

  @Test
  @Order(4)
  void aNoticeThatCannotBeWrittenNeverStopsTheChairsChange() throws Exception {
    // Long enough ago that AF-DASH may be updated again; a name no mail may carry (over one short line).
    server.query("UPDATE summons SET updated_at = updated_at - interval '20 minutes'");
    server.query("UPDATE member SET full_name = repeat('x', 300) WHERE email = $1", AF_DASH);
    long updates = count("SELECT count(*) AS n FROM notice WHERE kind = 'summons_update'");
    int before = state().getJsonObject("timer").getInteger("allottedSeconds");
    command(chair, "timer.extend", new JsonObject().put("minutes", 5));
    assertEquals(before + 300, state().getJsonObject("timer").getInteger("allottedSeconds"), "the change is kept");
    assertEquals(updates, count("SELECT count(*) AS n FROM notice WHERE kind = 'summons_update'"));
    assertEquals(1, count("SELECT updates AS n FROM summons s JOIN member m ON m.id = s.member_id WHERE m.email = $1",
      AF_DASH), "nothing of the failed update is kept either");

    // Once the name is fixed, the next change of timing sends the update it owes.
    server.query("UPDATE member SET full_name = 'Jamal Ahmed' WHERE email = $1", AF_DASH);
    command(chair, "timer.extend", new JsonObject().put("minutes", 1));
    waitFor(() -> mails(AF_DASH, "now expected") == 2, "the update owed");
    // With the timer running the server counts from now: item 3's 21 minutes (barely used), then AOB's 20.
    String subject = received(AF_DASH, "now expected").get(1).getSubject();
    Matcher time = Pattern.compile("Item 5 is now expected about (\\d{1,2}:\\d{2}[ap]m)").matcher(subject);
    assertTrue(time.find(), subject);
    LocalTime told = LocalTime.parse(time.group(1), new java.time.format.DateTimeFormatterBuilder()
      .parseCaseInsensitive().appendPattern("h:mma").toFormatter(Locale.UK));
    LocalTime expected = LocalTime.now(java.time.ZoneId.of("Europe/London")).plusMinutes(41);
    int apart = Math.abs(told.toSecondOfDay() - expected.toSecondOfDay()) / 60;
    assertTrue(Math.min(apart, 24 * 60 - apart) <= 4, subject + " vs about " + expected);
  }

  // --- helpers ---

  private static String expected(int position) {
    LocalDateTime at = SUMMER_DAY.atTime(LocalTime.of(9, 30));
    for (int p = 1; p < position; p++) {
      at = at.plusSeconds(item(p).getInteger("allottedSeconds"));
    }
    return TIME.format(at).replace("AM", "am").replace("PM", "pm");
  }

  private static JsonObject item(int position) {
    return agenda.stream().map(o -> (JsonObject) o).filter(i -> i.getInteger("position") == position).findFirst()
      .orElseThrow();
  }

  private static void command(String token, String type, JsonObject args) throws Exception {
    HttpResponse<Buffer> res = server.client.post("/api/meetings/" + meetingId + "/commands")
      .bearerTokenAuthentication(token).sendJsonObject(args.copy().put("type", type).put("key", "s-" + keys.incrementAndGet()))
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), type + ": " + res.bodyAsString());
  }

  private static JsonObject state() throws Exception {
    HttpResponse<Buffer> res = server.client.get("/api/meetings/" + meetingId + "/room").bearerTokenAuthentication(chair)
      .send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getJsonObject("state");
  }

  private static String memberId(String email) throws Exception {
    return server.query("SELECT id FROM member WHERE email = $1", email).getJsonObject(0).getString("id");
  }

  private static long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("n");
  }

  private static MimeMessage onlyMail(String to, String subjectHas) throws Exception {
    waitFor(() -> mails(to, subjectHas) >= 1, "a mail to " + to + " about '" + subjectHas + "'");
    Thread.sleep(300);
    assertEquals(1, mails(to, subjectHas), "exactly one mail to " + to + " about '" + subjectHas + "'");
    return received(to, subjectHas).get(0);
  }

  private static long mailsAbout(String to, String subjectHas) {
    return mails(to, subjectHas);
  }

  private static long mails(String to) {
    return mails(to, "");
  }

  private static long mails(String to, String subjectHas) {
    return received(to, subjectHas).size();
  }

  private static List<MimeMessage> received(String to, String subjectHas) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(to) && m.getSubject().contains(subjectHas);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }
}
