package org.ailive.reminders;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import org.ailive.TestServer;
import org.ailive.calendar.BankHolidays;
import org.ailive.cases.CaseCalendar;
import org.ailive.notify.DailyJob;
import org.ailive.notify.Outbox;
import org.ailive.notify.SmtpInbox;
import org.ailive.protocol.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.ailive.notify.ReminderNotices.day;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 3, the reminders, on the demo county against the real service and a real SMTP
 * server: each reminder job is run for the days it is meant for (and the days around them), and
 * each mail is read back (subject, headers, text, link, HTML); each is sent once however often its
 * day runs; and no mail carries narrative (case summaries, written updates, action text).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemindersTest {

  static final String DRAFT_TEXT = "DRAFT-NARRATIVE the family has been moving between relatives since spring";
  static final String UPDATE_TEXT = "UPDATE-NARRATIVE CMHT saw dad twice and he has missed his depot injection";
  static final String ACTION_TEXT = "ACTION-NARRATIVE refer mum to the talking therapy service and chase the GP";
  static final String MEASURE_TEXT = "MEASURE-NARRATIVE mum has a first appointment booked";
  static final String DEMO = "@demo.ailive.test";

  static SmtpInbox inbox;
  static TestServer server;
  static Outbox outbox;
  static String base;
  static JsonObject meeting;
  static LocalDate meetingDate;

  @BeforeAll
  static void start() throws Exception {
    inbox = new SmtpInbox();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://localhost:" + port;
    Map<String, Object> settings = new HashMap<>(inbox.settings("demo.ailive.test"));
    settings.put("httpPort", port);
    settings.put("publicUrl", base);
    server = TestServer.start(Files.createTempDirectory("ailive-reminders"), true, settings);
    outbox = new Outbox(server.vertx, server.config);
    meeting = server.query("""
      SELECT m.id::text AS id, m.meeting_date::text AS date, m.first_district_id::text AS district, p.id::text AS panel
      FROM meeting m JOIN panel p ON p.id = m.panel_id WHERE m.status = 'planned'""").getJsonObject(0);
    meetingDate = LocalDate.parse(meeting.getString("date"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    inbox.close();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void aDraftCaseIsRemindedTwoWorkingDaysBeforeItsDeadlineAndOnTheDay() throws Exception {
    String presenter = server.demoToken("presenter-families-first" + DEMO);
    HttpResponse<Buffer> created = server.client.post("/api/cases").bearerTokenAuthentication(presenter)
      .sendJsonObject(new JsonObject().put("meetingId", meeting.getString("id")).put("familyRef", "NH-2099-901")
        .put("districtId", meeting.getString("district")).put("ffaOpen", true).put("reasonForBringing", DRAFT_TEXT))
      .await(20, TimeUnit.SECONDS);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String caseId = created.bodyAsJsonObject().getString("id");
    LocalDate deadline = CaseCalendar.deadlineDate(meetingDate);
    LocalDate first = BankHolidays.current().workingDaysBefore(deadline, 2);
    CaseDeadlines job = new CaseDeadlines(outbox);

    assertEquals(0, run(job, BankHolidays.current().workingDaysBefore(deadline, 1)), "not the day between");
    assertEquals(1, run(job, first));
    assertEquals(1, run(job, first), "the day run again");
    assertEquals(1, run(job, deadline));

    List<MimeMessage> mails = mails("presenter-families-first" + DEMO, "is still a draft");
    assertEquals(2, mails.size(), "once for each of the two days, however often they run");
    MimeMessage mail = mails.get(0);
    assertEquals("Your case for the A&I meeting on " + day(meetingDate) + " is still a draft", mail.getSubject());
    assertEquals(SmtpInbox.FROM, mail.getFrom()[0].toString());
    assertEquals("auto-generated", mail.getHeader("Auto-Submitted", null));
    String text = SmtpInbox.part(mail, "text/plain");
    String link = base + "/case-form.html?case=" + caseId;
    assertTrue(text.startsWith("Dear Sarah Whitfield,"), text);
    assertTrue(text.contains("Your case for family NH-2099-901 is still a draft."), text);
    assertTrue(text.contains("The deadline is the end of " + day(deadline) + ", 5 working days before the meeting."), text);
    assertTrue(text.contains("\n" + link + "\n"), text);
    assertTrue(text.contains("Why you got this email: you are the presenter of this case"), text);
    assertTrue(SmtpInbox.part(mail, "text/html").contains("<a href=\"" + link + "\">Finish and submit the case</a>"));

    // Submitted: no more reminders.
    server.query("UPDATE family_case SET status = 'submitted', submitted_at = now() WHERE id = $1::uuid", caseId);
    assertEquals(0, run(job, deadline));
  }

  @Test
  @Order(2)
  void thePanelIsToldThePackIsOpenOnceOnTheDayItOpens() throws Exception {
    LocalDate opens = CaseCalendar.packOpensOn(meetingDate);
    PackOpens job = new PackOpens(outbox);
    assertEquals(0, run(job, opens.minusDays(1)));
    int readers = server.query("""
      SELECT 1 FROM panel_member pm JOIN member m ON m.id = pm.member_id
      WHERE pm.panel_id = $1::uuid AND pm.left_at IS NULL AND m.active AND m.roles && ARRAY['partner', 'presenter']""",
      meeting.getString("panel")).size();
    assertTrue(readers > 20, "the demo panel's partners and presenters: " + readers);
    assertEquals(readers, run(job, opens));
    assertEquals(readers, run(job, opens.plusDays(1)), "still due the next day, and already sent");
    assertEquals(readers, server.query("SELECT 1 FROM notice WHERE kind = 'pack_open'").size());

    MimeMessage mail = only("police" + DEMO, "are ready");
    assertEquals("The papers for the A&I meeting on " + day(meetingDate) + " are ready", mail.getSubject());
    String text = SmtpInbox.part(mail, "text/plain");
    String link = base + "/pack.html?meeting=" + meeting.getString("id");
    assertTrue(text.startsWith("Dear Gemma Rowe,"), text);
    assertTrue(text.contains("The pre-meeting pack for the North Herts & Stevenage A&I panel meeting on "
      + day(meetingDate) + " is open."), text);
    assertTrue(text.contains("\n" + link + "\n"), text);
    assertTrue(SmtpInbox.part(mail, "text/html").contains("<a href=\"" + link + "\">Read the pack</a>"));
    assertEquals(1, mails("presenter-school" + DEMO, "are ready").size(), "presenters read the pack too");
    assertEquals(0, mails("officer" + DEMO, "are ready").size(), "the officer made the pack");
    assertEquals(0, mails("observer" + DEMO, "are ready").size(), "observers get no papers");
  }

  @Test
  @Order(3)
  void apologiesWithoutAWrittenUpdateAreChasedWhenThePackOpensAndOnTheEve() throws Exception {
    mark("camhs" + DEMO, new JsonObject().put("status", "apologies"));
    mark("cmht" + DEMO, new JsonObject().put("status", "apologies_with_update").put("writtenUpdate", UPDATE_TEXT));
    LocalDate opens = CaseCalendar.packOpensOn(meetingDate);
    LocalDate eve = BankHolidays.current().workingDaysBefore(meetingDate, 1);
    ApologyUpdates job = new ApologyUpdates(outbox);
    assertEquals(0, run(job, opens.minusDays(1)));
    assertEquals(1, run(job, opens));
    assertEquals(1, run(job, opens.plusDays(1)), "the same first reminder, not sent again");
    assertEquals(1, run(job, eve));
    assertEquals(0, run(job, meetingDate));

    List<MimeMessage> mails = mails("camhs" + DEMO, "written update");
    assertEquals(2, mails.size());
    MimeMessage mail = mails.get(1);
    assertEquals("Please send a written update with your apologies for " + day(meetingDate), mail.getSubject());
    String text = SmtpInbox.part(mail, "text/plain");
    String link = base + "/apologies.html?meeting=" + meeting.getString("id");
    assertTrue(text.startsWith("Dear Nikhil Varma,"), text);
    assertTrue(text.contains("You have sent apologies for the North Herts & Stevenage A&I panel meeting on "), text);
    assertTrue(text.contains("\n" + link + "\n"), text);
    assertTrue(SmtpInbox.part(mail, "text/html").contains("<a href=\"" + link + "\">Add your written update</a>"));
    assertEquals(0, mails("cmht" + DEMO, "written update").size(), "an update was sent with those apologies");
  }

  @Test
  @Order(4)
  void theChairIsToldOfAnActionWithNoProgressForTwoMonthsOncePerStall() throws Exception {
    LocalDate today = Zone.today();
    JsonObject c = server.query("SELECT id::text AS id, family_ref FROM family_case WHERE family_ref LIKE 'NH-%-014'")
      .getJsonObject(0);
    String stalled = action(c.getString("id"), "open", "now() - interval '3 months'");
    String moving = action(c.getString("id"), "in_progress", "now() - interval '3 months'");
    server.query("INSERT INTO action_update (action_id, author_member_id, body, created_at) SELECT $1::uuid, id,"
      + " 'Seen this month', now() - interval '10 days' FROM member WHERE email = 'police" + DEMO + "'", moving);
    StalledActions job = new StalledActions(outbox);
    assertEquals(1, run(job, today));
    assertEquals(1, run(job, today.plusDays(1)));

    MimeMessage mail = only("chair" + DEMO, "no progress");
    JsonObject a = server.query("SELECT number, (confirmed_at AT TIME ZONE 'Europe/London')::date::text AS since"
      + " FROM action WHERE id = $1::uuid", stalled).getJsonObject(0);
    assertEquals("Action " + a.getLong("number") + " has had no progress for 2 months", mail.getSubject());
    String text = SmtpInbox.part(mail, "text/plain");
    String link = base + "/actions.html?panelId=" + meeting.getString("panel") + "#action-" + stalled;
    assertTrue(text.startsWith("Dear David Okafor,"), text);
    assertTrue(text.contains("Action " + a.getLong("number") + " for family " + c.getString("family_ref")
      + " has had no progress since " + day(LocalDate.parse(a.getString("since"))) + "."), text);
    assertTrue(text.contains("\n" + link + "\n"), text);
    assertTrue(SmtpInbox.part(mail, "text/html").contains("<a href=\"" + link + "\">See the action in the action log</a>"));
  }

  @Test
  @Order(5)
  void thePresenterAndTheChairAreToldWhenAReviewDateComes() throws Exception {
    LocalDate review = LocalDate.parse(server.query("SELECT min(review_date)::text AS d FROM family_case"
      + " WHERE status = 'accepted'").getJsonObject(0).getString("d"));
    // One presenter's address is outside the council's allowed domains: no family reference goes there.
    server.query("UPDATE member SET email = 'amira.haddad@outside.example' WHERE email = 'presenter-health-visiting"
      + DEMO + "'");
    ReviewsDue job = new ReviewsDue(outbox);
    assertEquals(0, run(job, review.minusDays(1)));
    assertEquals(12, run(job, review), "six cases, each to its presenter and the chair");
    assertEquals(12, run(job, review.plusDays(3)));
    assertEquals(0, run(job, review.plusDays(14)), "two weeks late is left to the follow-up page");

    assertEquals(6, mails("chair" + DEMO, "review date").size());
    List<MimeMessage> mine = mails("presenter-school" + DEMO, "review date");
    assertEquals(2, mine.size(), "Tom Braddock presents two of the six");
    MimeMessage mail = mine.get(0);
    assertEquals("A case review date has come", mail.getSubject());
    String text = SmtpInbox.part(mail, "text/plain");
    assertTrue(text.startsWith("Dear Tom Braddock,"), text);
    assertTrue(text.matches("(?s).*The case for family (NH|ST)-\\d{4}-\\d{3} was due for review on "
      + day(review) + "\\..*"), text);
    assertTrue(text.contains("\n" + base + "/cases.html\n"), text);
    for (MimeMessage outside : mails("amira.haddad@outside.example", "review date")) {
      String withheld = SmtpInbox.part(outside, "text/plain");
      assertTrue(withheld.contains("The case for family (not shown in e-mail) was due for review"), withheld);
      assertFalse(withheld.matches("(?s).*(NH|ST)-\\d{4}-\\d{3}.*"), withheld);
    }
    assertEquals(2, mails("amira.haddad@outside.example", "review date").size());
    String chairText = SmtpInbox.part(mails("chair" + DEMO, "review date").get(0), "text/plain");
    assertTrue(chairText.contains(base + "/case-outcome.html?case="), chairText);
  }

  @Test
  @Order(6)
  void noReminderCarriesNarrative() throws Exception {
    List<String> narrative = new ArrayList<>(List.of(DRAFT_TEXT, UPDATE_TEXT, ACTION_TEXT, MEASURE_TEXT, "Seen this month"));
    for (Object o : server.query("SELECT reason_for_bringing, summary_of_concerns, voice_of_child FROM family_case"
      + " WHERE reason_for_bringing <> ''")) {
      JsonObject row = (JsonObject) o;
      row.forEach(e -> {
        if (!String.valueOf(e.getValue()).isBlank()) {
          narrative.add(String.valueOf(e.getValue()));
        }
      });
    }
    List<MimeMessage> all = inbox.settled(server);
    assertTrue(all.size() > 30, "every reminder above: " + all.size());
    for (MimeMessage m : all) {
      String body = m.getSubject() + SmtpInbox.part(m, "text/plain") + SmtpInbox.part(m, "text/html");
      for (String text : narrative) {
        String start = text.substring(0, Math.min(30, text.length()));
        assertFalse(body.contains(start) || body.contains(escape(start)), "narrative in a mail: " + start);
      }
    }
  }

  private static int run(DailyJob job, LocalDate day) throws Exception {
    return server.app.db().pool().withTransaction(conn -> job.run(conn, day)).await(20, TimeUnit.SECONDS);
  }

  private static List<MimeMessage> mails(String to, String subjectHas) throws Exception {
    return inbox.to(server, to).stream().filter(m -> SmtpInbox.subject(m).contains(subjectHas)).toList();
  }

  private static MimeMessage only(String to, String subjectHas) throws Exception {
    List<MimeMessage> found = mails(to, subjectHas);
    assertEquals(1, found.size(), "exactly one mail to " + to);
    return found.get(0);
  }

  /** A partner marks their own attendance on the planned meeting, as the room's command. */
  private static void mark(String email, JsonObject args) throws Exception {
    HttpResponse<Buffer> res = server.client.post("/api/meetings/" + meeting.getString("id") + "/commands")
      .bearerTokenAuthentication(server.demoToken(email))
      .sendJsonObject(args.copy().put("type", "attendance.mark").put("key", UUID.randomUUID().toString()))
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
  }

  /** A confirmed action on the demo panel's closed meeting, for case {@code caseId}, confirmed at {@code when}. */
  private static String action(String caseId, String status, String when) throws Exception {
    return server.query("""
      INSERT INTO action (case_id, meeting_id, description, owner_agency_id, due_date, success_measure, status,
                          proposed_by_member_id, confirmed_by_member_id, confirmed_at, created_at)
      SELECT $1::uuid, (SELECT id FROM meeting WHERE status = 'closed'), $2, m.agency_id, current_date + 30, $3, $4,
             m.id, m.id, %s, %s
      FROM member m WHERE m.email = 'chair%s' RETURNING id::text AS id""".formatted(when, when, DEMO),
      caseId, ACTION_TEXT, MEASURE_TEXT, status).getJsonObject(0).getString("id");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
