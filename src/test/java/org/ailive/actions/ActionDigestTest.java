package org.ailive.actions;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.ailive.TestServer;
import org.ailive.actions.PanelFixture.Member;
import org.ailive.actions.PanelFixture.Panel;
import org.ailive.notify.Outbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.ailive.notify.SmtpInbox.freePort;
import static org.ailive.notify.SmtpInbox.part;
import static org.ailive.notify.SmtpInbox.sentTo;
import static org.ailive.notify.SmtpInbox.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 3: the weekly digest of due-soon and overdue actions, run as the scheduler runs it
 * (one day, one transaction) against the real service's database, and read back from a real SMTP
 * server. Only the owner's open actions due within 14 days or overdue are listed, each by number,
 * family reference and due date with its own progress link; never a description or an update; one
 * mail per owner per week however often the job runs; nothing on other days.
 */
class ActionDigestTest {

  static final LocalDate MONDAY = LocalDate.now(ZoneId.of("Europe/London")).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));

  static TestServer server;
  static GreenMail smtp;
  static int httpPort;
  static PanelFixture fx;
  static ActionDigest digest;

  @BeforeAll
  static void start() throws Exception {
    int smtpPort = freePort();
    httpPort = freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    server = TestServer.start(Files.createTempDirectory("ailive-digest"), false, Map.of(
      "httpPort", httpPort, "publicUrl", "http://localhost:" + httpPort,
      "smtpHost", "127.0.0.1", "smtpPort", smtpPort, "smtpStarttls", "disabled",
      "mailFrom", "ailive@council.example", "mailAllowedDomains", "test.example"));
    fx = new PanelFixture(server);
    digest = new ActionDigest(new Outbox(server.vertx, server.config));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    smtp.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void eachOwnerGetsOneMailAWeekListingOnlyTheirOpenActionsDueSoonOrOverdue() throws Exception {
    UUID police = fx.agency("Police");
    UUID camhs = fx.agency("CAMHS");
    Member chair = fx.member("David Okafor", police, "Police", "chair");
    Member gemma = fx.member("Gemma Rowe", police, "Police", "partner");
    Member nikhil = fx.member("Nikhil Varma", camhs, "CAMHS", "partner");
    Member left = fx.member("Lena Left", camhs, "CAMHS", "partner");
    Member quiet = fx.member("Quentin Quiet", camhs, "CAMHS", "partner");
    Member offMember = fx.member("Olu Off", police, "Police", "partner");
    server.query("UPDATE member SET email = 'nikhil@camhs.elsewhere' WHERE id = $1", nikhil.id());
    Panel panel = fx.panel(chair, gemma, nikhil, left, quiet, offMember);
    UUID meeting = fx.meeting(panel, MONDAY.minusDays(40), "closed");
    UUID family = fx.familyCase(panel, meeting, "DG-2026-001", gemma, null, "discussed");

    UUID overdue = act(meeting, family, "OVERDUE-NARRATIVE the mother said", police, gemma, -3, "open", chair);
    UUID soon = act(meeting, family, "SOON-NARRATIVE school refusal", police, gemma, 14, "in_progress", chair);
    UUID today = act(meeting, null, "TODAY-NARRATIVE raised under AOB", police, gemma, 0, "open", chair);
    UUID later = act(meeting, family, "LATER-NARRATIVE", police, gemma, 15, "open", chair);
    UUID closed = act(meeting, family, "CLOSED-NARRATIVE", police, gemma, -1, "closed", chair);
    UUID dropped = act(meeting, family, "DROPPED-NARRATIVE", police, gemma, 2, "dropped", chair);
    UUID reported = act(meeting, family, "REPORTED-NARRATIVE", police, gemma, 2, "done_awaiting_agreement", chair);
    UUID agencyOnly = act(meeting, family, "AGENCY-NARRATIVE", police, null, 2, "open", chair);
    UUID nikhils = act(meeting, family, "NIKHIL-NARRATIVE", camhs, nikhil, 5, "open", chair);
    UUID lefts = act(meeting, family, "LEFT-NARRATIVE", camhs, left, 5, "open", chair);
    act(meeting, family, "QUIET-NARRATIVE", camhs, quiet, 40, "open", chair);
    server.query("INSERT INTO action_update (action_id, author_member_id, body, status_after)"
      + " VALUES ($1, $2, 'UPDATE-NARRATIVE visited the family', 'in_progress')", soon, gemma.id());
    server.query("UPDATE panel_member SET left_at = now() WHERE member_id = $1", left.id());
    UUID offs = act(meeting, family, "OFF-NARRATIVE", police, offMember, 3, "open", chair);
    server.query("INSERT INTO notice_preference (member_id, kind, choice) VALUES ($1, 'action_digest', 'off')",
      offMember.id());

    assertEquals(0, run(MONDAY.plusDays(1)), "only Mondays");
    assertEquals(0, count("SELECT count(*) FROM progress_link"));
    assertEquals(2, run(MONDAY), "Gemma and Nikhil (not Lena, who left the panel, nor Quentin, with nothing due,"
      + " nor Olu, who turned the digest off)");
    assertEquals(0, count("SELECT count(*) FROM progress_link WHERE member_id = $1", offMember.id()),
      "no links for a digest that is not sent");
    assertEquals(0, count("SELECT count(*) FROM notice WHERE member_id = $1", offMember.id()));
    assertEquals(0, run(MONDAY), "the same week again: nothing more");
    assertEquals(0, run(MONDAY.plusDays(1)));

    String email = server.query("SELECT email FROM member WHERE id = $1", gemma.id()).getJsonObject(0).getString("email");
    MimeMessage mail = onlyMailTo(email);
    assertEquals("Your A&I Live actions due soon or overdue", mail.getSubject());
    String text = part(mail, "text/plain");
    String html = part(mail, "text/html");
    assertTrue(text.contains("Dear Gemma Rowe,"), text);
    assertTrue(text.contains("You own 3 open actions"), text);
    assertTrue(text.contains("- Action " + fx.number(overdue) + ", family DG-2026-001, due "
      + day(MONDAY.minusDays(3)) + " (overdue)"), text);
    assertTrue(text.contains("- Action " + fx.number(soon) + ", family DG-2026-001, due " + day(MONDAY.plusDays(14)) + "\n"),
      text);
    assertTrue(text.contains("- Action " + fx.number(today) + ", due " + day(MONDAY) + "\n"), "no family: " + text);
    for (UUID not : List.of(later, closed, dropped, reported, agencyOnly, nikhils, lefts, offs)) {
      assertFalse(text.contains("Action " + fx.number(not) + ","), "action " + fx.number(not) + " is not listed: " + text);
    }
    assertTrue(text.indexOf("Action " + fx.number(overdue) + ",") < text.indexOf("Action " + fx.number(soon) + ","),
      "most urgent first");
    for (String body : List.of(text, html)) {
      assertFalse(body.contains("NARRATIVE"), "no description or update text: " + body);
    }
    assertTrue(html.contains("<strong>Action " + fx.number(overdue) + "</strong>, family DG-2026-001"), html);
    assertTrue(html.contains("Post progress on action " + fx.number(soon) + "</a>"), html);
    assertTrue(text.contains("http://localhost:" + httpPort + "/my-actions.html"), text);

    // Each listed action has its own link, whose code is stored only as a hash.
    Matcher links = Pattern.compile("http://localhost:" + httpPort + "/progress\\.html#code=(\\S+)").matcher(text);
    int n = 0;
    while (links.find()) {
      n++;
      assertEquals(1, count("SELECT count(*) FROM progress_link WHERE code_hash = $1 AND member_id = $2"
        + " AND expires_at BETWEEN now() + interval '6 days 23 hours' AND now() + interval '7 days'",
        ProgressLinks.sha256(links.group(1)), gemma.id()));
      assertEquals(0, count("SELECT count(*) FROM progress_link WHERE code_hash = $1", links.group(1)));
    }
    assertEquals(3, n, text);
    assertEquals(3, count("SELECT count(*) FROM progress_link WHERE member_id = $1", gemma.id()));
    assertEquals(1, count("SELECT count(*) FROM audit_entry WHERE action = 'progress_links_issued' AND subject = $1",
      "member:" + gemma.id()));

    // Outside the allowed domains the family reference is withheld, line by line.
    String other = part(onlyMailTo("nikhil@camhs.elsewhere"), "text/plain");
    assertTrue(other.contains("- Action " + fx.number(nikhils) + ", family (not shown in e-mail), due"), other);
    assertFalse(other.contains("DG-2026-001"), other);

    // The body held sign-in-free links: it is not kept once sent.
    waitFor(() -> sentCount(email) == 1, "the digest marked sent");
    JsonObject row = server.query("SELECT kind, secret, text_body, dedupe_key FROM notice WHERE to_address = $1", email)
      .getJsonObject(0);
    assertEquals("action_digest", row.getString("kind"));
    assertEquals(Boolean.TRUE, row.getBoolean("secret"));
    assertEquals("", row.getString("text_body"));
    assertTrue(row.getString("dedupe_key").startsWith("action_digest:" + gemma.id() + ":"), row.encode());

    // Next week: a new mail, and its links replace this week's (one more action is due by then).
    assertEquals(2, run(MONDAY.plusDays(7)));
    waitFor(() -> mailsTo(email) == 2, "next week's digest");
    assertEquals(3, count("SELECT count(*) FROM progress_link WHERE member_id = $1 AND withdrawn_why = 'replaced'",
      gemma.id()));
    assertEquals(4, count("SELECT count(*) FROM progress_link WHERE member_id = $1 AND withdrawn_at IS NULL", gemma.id()));
    assertEquals(1, count("SELECT count(*) FROM progress_link WHERE action_id = $1 AND withdrawn_at IS NULL", later));
  }

  private static UUID act(UUID meeting, UUID caseId, String what, UUID agency, Member owner, int dueInDays,
                          String status, Member chair) throws Exception {
    return fx.action(meeting, caseId, what, agency, owner, MONDAY.plusDays(dueInDays), status, "1 month", chair);
  }

  private static int run(LocalDate day) throws Exception {
    return server.app.db().pool().withTransaction(conn -> digest.run(conn, day)).await(30, TimeUnit.SECONDS);
  }

  private static long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("count");
  }

  private static String day(LocalDate d) {
    return d.format(java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.UK));
  }

  private static long sentCount(String to) {
    try {
      JsonArray rows = server.query("SELECT count(*) FROM notice WHERE to_address = $1 AND status = 'sent'", to);
      return rows.getJsonObject(0).getLong("count");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static MimeMessage onlyMailTo(String to) throws Exception {
    waitFor(() -> mailsTo(to) >= 1, "a mail to " + to);
    Thread.sleep(500);
    assertEquals(1, mailsTo(to), "exactly one mail to " + to);
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> sentTo(m, to)).findFirst().orElseThrow();
  }

  private static long mailsTo(String to) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> sentTo(m, to)).count();
  }
}
