package org.ailive.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.ailive.notify.SmtpInbox.freePort;
import static org.ailive.notify.SmtpInbox.part;
import static org.ailive.notify.SmtpInbox.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 4 (cases and actions) against the real service and a real SMTP server (GreenMail):
 * a case accepted, late (to its presenter and to the chair), declined and deferred in the meeting;
 * an action confirmed, returned, closed in the meeting (commands over the real REST path), reported
 * done and dropped between meetings. Each mail is read back: to whom, its subject, its link, and no
 * case summary, action description, reason or update in it. A change the room refuses sends
 * nothing, and a notice that cannot be written undoes its change: they commit together.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaseActionNoticesTest {

  static final String CASE_SECRET = "Jayden sleeps at his aunt's flat on Tuesdays";
  static final String ACTION_SECRET = "Visit the aunt's flat on Tuesday evenings";
  static final String REASON_SECRET = "The aunt's partner has a caution for assault";
  static final String DOMAIN = "@demo.ailive.test";
  static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/London"));

  static TestServer server;
  static GreenMail smtp;
  static int httpPort;
  static String base;
  static String officer;
  static String chair;
  static String presenter;
  static String school;
  static String police;
  static String camhs;
  static String meetingId;
  static String panelId;
  static int keys;
  static String confirmedAction;

  @BeforeAll
  static void start() throws Exception {
    int smtpPort = freePort();
    httpPort = freePort();
    base = "http://localhost:" + httpPort;
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    server = TestServer.start(Files.createTempDirectory("ailive-case-notices"), true, Map.of(
      "httpPort", httpPort, "publicUrl", base, "smtpHost", "127.0.0.1", "smtpPort", smtpPort,
      "smtpStarttls", "disabled", "mailFrom", "ailive@council.example", "mailAllowedDomains", "demo.ailive.test"));
    officer = server.demoToken("officer" + DOMAIN);
    chair = server.demoToken("chair" + DOMAIN);
    presenter = server.demoToken("presenter-families-first" + DOMAIN);
    school = server.demoToken("presenter-school" + DOMAIN);
    police = server.demoToken("police" + DOMAIN);
    camhs = server.demoToken("camhs" + DOMAIN);
    JsonObject meeting = server.query("SELECT id, panel_id FROM meeting WHERE status = 'planned'"
      + " ORDER BY meeting_date LIMIT 1").getJsonObject(0);
    meetingId = meeting.getString("id");
    panelId = meeting.getString("panel_id");
    // Every case's summary holds a sentence no mail may carry.
    server.query("UPDATE family_case SET summary_of_concerns = $1", CASE_SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    smtp.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void aCaseAcceptedLateOrDeclinedIsMailedToItsPresenterAndALateOneToTheChair() throws Exception {
    // On time: its presenter gets the receipt, with the meeting's date and a link to the case.
    JsonObject far = meetingIn(40);
    String onTime = submit(presenter, far, "NH-2031-901");
    MimeMessage accepted = onlyMail("presenter-families-first" + DOMAIN, "Your case for family NH-2031-901 is on the agenda");
    String text = text(accepted);
    assertTrue(text.contains("Dear Sarah Whitfield,"), text);
    assertTrue(text.contains(day(far.getString("meetingDate"))), text);
    assertTrue(text.contains(base + "/case-form.html?case=" + onTime), text);
    assertTrue(html(accepted).contains("<a href=\"" + base + "/case-form.html?case=" + onTime + "\">Open the case</a>"));

    // Late: its presenter is told it waits, the chair that it needs their decision.
    JsonObject soon = meetingIn(2);
    String late = submit(school, soon, "NH-2031-902");
    assertTrue(text(onlyMail("presenter-school" + DOMAIN, "Your case for family NH-2031-902 was submitted late"))
      .contains("The chair will decide"));
    MimeMessage decide = onlyMail("chair" + DOMAIN, "A late case for family NH-2031-902 needs your decision");
    assertTrue(text(decide).contains(base + "/meeting-prep.html?meeting=" + soon.getString("id")), text(decide));

    // The chair accepts it: its presenter hears; the chair is not told of their own decision.
    assertEquals(200, post("/api/cases/" + late + "/accept", chair, new JsonObject()).statusCode());
    onlyMail("presenter-school" + DOMAIN, "Your case for family NH-2031-902 is on the agenda");

    // Another late one, declined with a reason that stays in the app.
    String declined = submit(presenter, soon, "NH-2031-903");
    onlyMail("presenter-families-first" + DOMAIN, "Your case for family NH-2031-903 was submitted late");
    assertEquals(200, post("/api/cases/" + declined + "/decline", chair, new JsonObject().put("reason", REASON_SECRET))
      .statusCode());
    MimeMessage no = onlyMail("presenter-families-first" + DOMAIN, "Your case for family NH-2031-903 was declined");
    assertTrue(text(no).contains("Sign in to read the chair's reason"), text(no));

    // A refused decision (it is no longer late) writes no notice.
    long before = notices();
    assertEquals(409, post("/api/cases/" + declined + "/accept", chair, new JsonObject()).statusCode());
    assertEquals(before, notices());
    assertEquals(0, count("SELECT count(*) AS n FROM notice WHERE kind = 'case_late_decision' AND member_id <> $1",
      UUID.fromString(memberId("chair" + DOMAIN))), "late cases go to the panel's chair only");
  }

  @Test
  @Order(2)
  void theMeetingsDecisionsOnActionsAreMailedAndARefusedOneSendsNothing() throws Exception {
    ok(officer, "meeting.open", new JsonObject());
    ok(chair, "meeting.start", new JsonObject());
    ok(chair, "timer.start", new JsonObject());
    String policeId = memberId("police" + DOMAIN);
    String camhsId = memberId("camhs" + DOMAIN);

    // Confirmed: its owner is told, with its number, family, due date and a link; not what it says.
    String a = propose(police, "Police", policeId);
    ok(chair, "action.confirm", new JsonObject().put("actionId", a));
    JsonObject row = server.query("SELECT a.number, a.due_date, fc.family_ref FROM action a"
      + " LEFT JOIN family_case fc ON fc.id = a.case_id WHERE a.id = $1", UUID.fromString(a)).getJsonObject(0);
    long number = row.getLong("number");
    MimeMessage confirmed = onlyMail("police" + DOMAIN, "Action " + number + " is confirmed and yours");
    String text = text(confirmed);
    assertTrue(text.contains("(" + row.getString("family_ref") + ")"), text);
    assertTrue(text.contains("due by " + day(row.getString("due_date"))), text);
    assertTrue(text.contains(base + "/my-actions.html"), text);

    // Refused by the room (due too late, no reason): no notice.
    String b = propose(camhs, "CAMHS", camhsId);
    long before = notices();
    refused(400, chair, "action.confirm", new JsonObject().put("actionId", b)
      .put("dueDate", TODAY.plusMonths(6).toString()));
    assertEquals(before, notices());

    // A notice that cannot be written undoes the change it belongs to: the same transaction.
    server.query("CREATE FUNCTION refuse_notice() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN"
      + " IF NEW.dedupe_key LIKE 'action_confirmed:" + b + ":%' THEN RAISE EXCEPTION 'refused by the test'; END IF;"
      + " RETURN NEW; END $f$");
    server.query("CREATE TRIGGER refuse_notice BEFORE INSERT ON notice FOR EACH ROW EXECUTE FUNCTION refuse_notice()");
    long events = count("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1", UUID.fromString(meetingId));
    try {
      assertNotEquals(200, command(chair, "action.confirm", new JsonObject().put("actionId", b)).statusCode());
    } finally {
      server.query("DROP TRIGGER refuse_notice ON notice");
      server.query("DROP FUNCTION refuse_notice()");
    }
    assertEquals("proposed", server.query("SELECT status FROM action WHERE id = $1", UUID.fromString(b))
      .getJsonObject(0).getString("status"), "the confirmation was not made");
    assertEquals(events, count("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1",
      UUID.fromString(meetingId)), "nor recorded");
    assertEquals(before, notices());

    // Returned instead: its proposer is told; the chair's reason stays in the app.
    ok(chair, "action.return", new JsonObject().put("actionId", b).put("reason", REASON_SECRET));
    long bNumber = server.query("SELECT number FROM action WHERE id = $1", UUID.fromString(b)).getJsonObject(0)
      .getLong("number");
    assertTrue(text(onlyMail("camhs" + DOMAIN, "Action " + bNumber + " was returned to you")).contains("Sign in to read why"));
    assertEquals(0, count("SELECT count(*) AS n FROM notice WHERE kind = 'action_confirmed' AND dedupe_key LIKE $1",
      "%" + b + "%"), "never confirmed, never mailed as confirmed");

    // Closed with the partners' agreement: its owner is told.
    ok(chair, "action.proposeClose", new JsonObject().put("actionId", a).put("completionConfirmed", true));
    ok(chair, "action.close", new JsonObject().put("actionId", a));
    onlyMail("police" + DOMAIN, "Action " + number + " is closed");
  }

  @Test
  @Order(3)
  void aCaseDeferredInTheMeetingIsMailedToItsPresenterWithTheNewDate() throws Exception {
    JsonObject item = server.query("SELECT ai.id, ai.case_id, fc.family_ref, mb.email FROM agenda_item ai"
      + " JOIN family_case fc ON fc.id = ai.case_id JOIN member mb ON mb.id = fc.presenter_member_id"
      + " WHERE ai.meeting_id = $1 AND NOT ai.done ORDER BY ai.position DESC LIMIT 1", UUID.fromString(meetingId))
      .getJsonObject(0);
    ok(chair, "item.defer", new JsonObject().put("itemId", item.getString("id")));
    JsonObject moved = server.query("SELECT m.meeting_date FROM family_case fc JOIN meeting m ON m.id = fc.meeting_id"
      + " WHERE fc.id = $1", UUID.fromString(item.getString("case_id"))).getJsonObject(0);
    MimeMessage deferred = onlyMail(item.getString("email"),
      "Your case for family " + item.getString("family_ref") + " was moved to the next meeting");
    String text = text(deferred);
    assertTrue(text.contains("discussed at the meeting on " + day(moved.getString("meeting_date"))), text);
    assertTrue(text.contains(base + "/case-form.html?case=" + item.getString("case_id")), text);
  }

  @Test
  @Order(4)
  void betweenMeetingsAReportedCompletionGoesToTheChairAndADropToTheOwner() throws Exception {
    String policeId = memberId("police" + DOMAIN);
    confirmedAction = propose(police, "Police", policeId);
    ok(chair, "action.confirm", new JsonObject().put("actionId", confirmedAction));
    long number = server.query("SELECT number FROM action WHERE id = $1", UUID.fromString(confirmedAction))
      .getJsonObject(0).getLong("number");
    onlyMail("police" + DOMAIN, "Action " + number + " is confirmed and yours");

    var done = post("/api/actions/" + confirmedAction + "/progress", police,
      new JsonObject().put("body", REASON_SECRET).put("status", "done_awaiting_agreement"));
    assertEquals(201, done.statusCode(), done.bodyAsString());
    MimeMessage reported = onlyMail("chair" + DOMAIN, "Action " + number + " is reported done");
    String name = server.query("SELECT mb.full_name, ag.name FROM member mb JOIN agency ag ON ag.id = mb.agency_id"
      + " WHERE mb.id = $1", UUID.fromString(policeId)).getJsonObject(0).getString("full_name");
    assertTrue(text(reported).contains("reported done by " + name + " (Police)"), text(reported));
    assertTrue(text(reported).contains(base + "/actions.html?status=done_awaiting_agreement"), text(reported));

    var dropped = post("/api/actions/" + confirmedAction + "/drop", chair, new JsonObject().put("reason", REASON_SECRET));
    assertEquals(200, dropped.statusCode(), dropped.bodyAsString());
    onlyMail("police" + DOMAIN, "Action " + number + " was dropped");
  }

  @Test
  @Order(5)
  void noMailCarriesNarrativeAndEachNoticeIsOneMail() throws Exception {
    waitFor(() -> count("SELECT count(*) AS n FROM notice WHERE status <> 'sent'") == 0, "every notice sent");
    List<MimeMessage> all = Arrays.asList(smtp.getReceivedMessages());
    assertEquals(notices(), all.size(), "one mail per notice, none twice");
    assertTrue(all.size() >= 12, "every kind was mailed: " + all.size());
    for (MimeMessage m : all) {
      String whole = m.getSubject() + "\n" + text(m) + "\n" + html(m);
      for (String secret : List.of(CASE_SECRET, ACTION_SECRET, REASON_SECRET, "aunt")) {
        assertFalse(whole.contains(secret), "a mail carries '" + secret + "': " + whole);
      }
      assertTrue(text(m).contains(base + "/"), "every mail links to the service: " + text(m));
    }
  }

  // ---- helpers

  static JsonObject meetingIn(int days) throws Exception {
    for (int d = days; ; d++) {
      var res = server.client.post("/api/meetings").bearerTokenAuthentication(officer)
        .sendJsonObject(new JsonObject().put("panelId", panelId).put("meetingDate", TODAY.plusDays(d).toString()))
        .await(20, TimeUnit.SECONDS);
      if (res.statusCode() != 409) {
        assertEquals(201, res.statusCode(), res.bodyAsString());
        return res.bodyAsJsonObject();
      }
    }
  }

  /** A complete case created and submitted by {@code token}; its id. */
  static String submit(String token, JsonObject meeting, String familyRef) throws Exception {
    JsonObject body = new JsonObject().put("meetingId", meeting.getString("id")).put("familyRef", familyRef)
      .put("districtId", meeting.getString("firstDistrictId")).put("ffaOpen", true).put("consentToShare", true)
      .put("reasonForBringing", "Attendance has fallen and key work has stalled.")
      .put("summaryOfConcerns", CASE_SECRET)
      .put("presentingNeeds", new io.vertx.core.json.JsonArray().add("attendance_school"))
      .put("voiceOfChild", "\"I want to stay at my school and keep my friends, and see my nan at weekends.\"");
    var created = post("/api/cases", token, body);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String id = created.bodyAsJsonObject().getString("id");
    var submitted = post("/api/cases/" + id + "/submit", token, new JsonObject());
    assertEquals(200, submitted.statusCode(), submitted.bodyAsString());
    return id;
  }

  static String propose(String token, String agency, String ownerMemberId) throws Exception {
    long seq = ok(token, "action.propose", new JsonObject().put("description", ACTION_SECRET)
      .put("ownerAgencyId", agencyId(agency)).put("ownerMemberId", ownerMemberId)
      .put("successMeasure", "The school confirms it")).getLong("seq");
    return server.query("SELECT payload->'action'->>'id' AS id FROM meeting_event WHERE meeting_id = $1 AND seq = $2",
      UUID.fromString(meetingId), seq).getJsonObject(0).getString("id");
  }

  static HttpResponse<Buffer> command(String token, String type, JsonObject args) throws Exception {
    return server.client.post("/api/meetings/" + meetingId + "/commands").bearerTokenAuthentication(token)
      .sendJsonObject(args.copy().put("type", type).put("key", "n-" + (++keys))).await(20, TimeUnit.SECONDS);
  }

  static JsonObject ok(String token, String type, JsonObject args) throws Exception {
    var res = command(token, type, args);
    assertEquals(200, res.statusCode(), type + ": " + res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  static void refused(int status, String token, String type, JsonObject args) throws Exception {
    var res = command(token, type, args);
    assertEquals(status, res.statusCode(), type + ": " + res.bodyAsString());
  }

  static HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    return server.client.post(path).bearerTokenAuthentication(token).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  static String memberId(String email) throws Exception {
    return server.query("SELECT id FROM member WHERE email = $1", email).getJsonObject(0).getString("id");
  }

  static String agencyId(String name) throws Exception {
    return server.query("SELECT id FROM agency WHERE name = $1", name).getJsonObject(0).getString("id");
  }

  static long notices() {
    return count("SELECT count(*) AS n FROM notice");
  }

  static long count(String sql, Object... params) {
    try {
      return server.query(sql, params).getJsonObject(0).getLong("n");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** "Friday 12 March 2027", as mail says a date. */
  static String day(String isoDate) {
    return CaseNotices.day(LocalDate.parse(isoDate));
  }

  /** Waits for the one mail to {@code to} with this subject; no second one follows. */
  static MimeMessage onlyMail(String to, String subject) throws Exception {
    waitFor(() -> mails(to, subject).size() >= 1, "a mail to " + to + ": " + subject);
    Thread.sleep(300);
    List<MimeMessage> found = mails(to, subject);
    assertEquals(1, found.size(), "exactly one mail to " + to + ": " + subject);
    return found.get(0);
  }

  static List<MimeMessage> mails(String to, String subject) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(to) && subject.equals(m.getSubject());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  static String text(MimeMessage mail) throws Exception {
    return part(mail, "text/plain");
  }

  static String html(MimeMessage mail) throws Exception {
    return part(mail, "text/html");
  }
}
