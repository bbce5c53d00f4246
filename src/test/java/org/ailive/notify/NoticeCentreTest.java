package org.ailive.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import org.ailive.TestServer;
import org.ailive.live.BusClient;
import org.ailive.protocol.Addresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.ailive.notify.SmtpInbox.freePort;
import static org.ailive.notify.SmtpInbox.part;
import static org.ailive.notify.SmtpInbox.sentTo;
import static org.ailive.notify.SmtpInbox.subject;
import static org.ailive.notify.SmtpInbox.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 7 and "bounces and invalid addresses are shown against the member", through the
 * real service, a real SMTP server (GreenMail, and one that refuses an address for good) and a real
 * client of the live channel: a member's notice is in their bell and reaches their own socket live,
 * never another member's; each member chooses per kind (essential ones stay on mail); with mail off
 * the in-app notice is still written, and a secret link never is; every mail says why it was sent
 * and links to the settings; a refused or unusable address is shown against the member until a
 * later mail to it is accepted or the address changes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoticeCentreTest {

  static TestServer server;
  static GreenMail smtp;
  static int smtpPort;
  static int httpPort;
  static String officer;
  static UUID officerId;
  static String partner;
  static UUID partnerId;

  @BeforeAll
  static void start() throws Exception {
    smtpPort = freePort();
    httpPort = freePort();
    smtpUp();
    server = TestServer.start(Files.createTempDirectory("ailive-notices"), true, Map.of(
      "httpPort", httpPort, "publicUrl", "http://localhost:" + httpPort,
      "smtpHost", "127.0.0.1", "smtpPort", smtpPort, "smtpStarttls", "disabled", "mailFrom", "ailive@council.example",
      "mailRetryBaseMs", 1000, "mailMaxAttempts", 3));
    officer = server.demoToken(TestServer.OFFICER_EMAIL);
    officerId = UUID.fromString(server.query("SELECT id FROM member WHERE email = $1", TestServer.OFFICER_EMAIL)
      .getJsonObject(0).getString("id"));
    partnerId = UUID.fromString(server.query("INSERT INTO member (full_name, email, roles) VALUES"
      + " ('Pat Partner', 'pat.partner@police.example', '{partner}') RETURNING id").getJsonObject(0).getString("id"));
    partner = server.tokenFor(partnerId, "Pat Partner", "partner");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    if (smtp != null) {
      smtp.stop();
    }
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void aNoticeIsInItsMembersBellArrivesLiveOnTheirOwnSocketOnlyAndItsMailSaysWhy() throws Exception {
    BusClient mine = BusClient.connect(server.vertx, httpPort, officer);
    BusClient other = BusClient.connect(server.vertx, httpPort, partner);
    try {
      mine.listen(Addresses.notices(officerId));
      mine.await(m -> "listening".equals(m.getJsonObject("body").getString("type")), "the bridge listening");
      other.listen(Addresses.notices(officerId));
      waitFor(() -> other.errors.stream().anyMatch(e -> Addresses.notices(officerId).equals(e.getString("address"))),
        "another member's register refused");
      JsonObject refusal = other.errors.stream().filter(e -> Addresses.notices(officerId).equals(e.getString("address")))
        .findFirst().orElseThrow();
      assertEquals(403, refusal.getInteger("failureCode"), refusal.encode());
      other.listen(Addresses.notices(partnerId));
      other.await(m -> "listening".equals(m.getJsonObject("body").getString("type")), "their own notices");

      enqueue(problemNotice("Bo Example"));
      JsonObject live = mine.await(m -> "notice".equals(m.getJsonObject("body").getString("type")), "the live notice")
        .getJsonObject("body");
      assertEquals("Mail to Bo Example is not getting through", live.getString("subject"));
      assertEquals("mail_problem", live.getString("kind"));
      assertTrue(live.getString("url").startsWith("/members.html?member="), live.encode());
      assertTrue(live.getLong("unread") >= 1, live.encode());
      assertNotNull(live.getLong("createdAt"));
      Thread.sleep(500);
      assertFalse(other.received.stream().anyMatch(m -> "notice".equals(m.getJsonObject("body").getString("type"))),
        "another member's socket got nothing: " + other.received);

      MimeMessage mail = onlyMailTo(TestServer.OFFICER_EMAIL, "Mail to Bo Example is not getting through");
      String text = part(mail, "text/plain");
      String html = part(mail, "text/html");
      String settings = "http://localhost:" + httpPort + "/notices.html#preferences";
      assertTrue(text.contains("You are getting this email because of your A&I Live setting for"
        + " \"Members whose address refuses mail (officers)\"."), text);
      assertTrue(text.contains("Choose which messages you get: " + settings), text);
      assertFalse(text.contains("cannot be turned off"), "not an essential kind: " + text);
      assertTrue(html.contains("<a href=\"" + settings + "\""), html);

      JsonObject bell = get(officer, "/api/notices?limit=5");
      JsonObject first = bell.getJsonArray("notices").getJsonObject(0);
      assertEquals(live.getString("id"), first.getString("id"), "newest first");
      assertNull(first.getValue("readAt"));
      assertFalse(first.containsKey("textBody"));
      long unread = bell.getLong("unread");
      assertTrue(unread >= 1);
      assertFalse(get(partner, "/api/notices").encode().contains(live.getString("id")), "a member sees only their own");

      assertEquals(404, post(partner, "/api/notices/" + live.getString("id") + "/read").statusCode(),
        "another member's notice is not found");
      HttpResponse<Buffer> read = post(officer, "/api/notices/" + live.getString("id") + "/read");
      assertEquals(200, read.statusCode(), read.bodyAsString());
      assertNotNull(read.bodyAsJsonObject().getLong("readAt"));
      assertEquals(unread - 1, read.bodyAsJsonObject().getLong("unread"));
      assertEquals(400, post(officer, "/api/notices/not-an-id/read").statusCode());

      enqueue(problemNotice("Cal Example"));
      mine.await(m -> m.getJsonObject("body").getString("subject", "").contains("Cal Example"), "the second");
      JsonObject page = get(officer, "/api/notices?limit=1");
      assertEquals(1, page.getJsonArray("notices").size());
      JsonObject next = get(officer, "/api/notices?limit=1&olderThan=" + page.getString("olderThan"));
      assertEquals(live.getString("id"), next.getJsonArray("notices").getJsonObject(0).getString("id"), "paged");
      assertEquals(400, server.client.get("/api/notices?limit=0").bearerTokenAuthentication(officer).send()
        .await(10, TimeUnit.SECONDS).statusCode());
      HttpResponse<Buffer> all = post(officer, "/api/notices/read-all");
      assertEquals(200, all.statusCode(), all.bodyAsString());
      assertEquals(0, get(officer, "/api/notices").getLong("unread"));
    } finally {
      mine.close();
      other.close();
    }
  }

  @Test
  @Order(2)
  void eachMemberChoosesPerKindAndEssentialKindsStayOnMail() throws Exception {
    JsonObject prefs = get(officer, "/api/notices/preferences");
    JsonObject invitation = kind(prefs, "invitation");
    assertEquals(Boolean.TRUE, invitation.getBoolean("essential"));
    assertEquals("mail", invitation.getString("choice"));
    assertEquals("Invitations to join", invitation.getString("label"));
    assertEquals("mail", kind(prefs, "mail_problem").getString("choice"));
    assertEquals(NoticeKind.values().length, prefs.getJsonArray("kinds").size(), "every kind");
    assertEquals("App only", prefs.getJsonArray("choices").getJsonObject(1).getString("label"));

    HttpResponse<Buffer> off = put(officer, new JsonObject().put("choices", new JsonObject().put("invitation", "off")));
    assertEquals(422, off.statusCode(), off.bodyAsString());
    assertEquals("essential_notice", off.bodyAsJsonObject().getString("error"));
    assertEquals("invitation", off.bodyAsJsonObject().getString("kind"));
    assertTrue(off.bodyAsJsonObject().getString("message").contains("cannot be turned off"));
    assertEquals(422, put(officer, new JsonObject().put("choices", new JsonObject().put("password_reset", "app")))
      .statusCode());
    // The weekly digest carries sign-in-free links, so it is never in the app: mail or off.
    JsonObject digest = kind(prefs, "action_digest");
    assertEquals(new JsonArray().add("mail").add("off"), digest.getJsonArray("offered"));
    assertEquals(new JsonArray().add("mail"), invitation.getJsonArray("offered"));
    assertEquals(new JsonArray().add("mail").add("app").add("off"), kind(prefs, "mail_problem").getJsonArray("offered"));
    HttpResponse<Buffer> digestApp = put(officer, new JsonObject().put("choices", new JsonObject().put("action_digest", "app")));
    assertEquals(422, digestApp.statusCode(), digestApp.bodyAsString());
    assertEquals("mail_or_off", digestApp.bodyAsJsonObject().getString("error"));
    assertEquals("action_digest", digestApp.bodyAsJsonObject().getString("kind"));
    for (JsonObject bad : new JsonObject[] {new JsonObject(), new JsonObject().put("choices", "all"),
        new JsonObject().put("choices", new JsonObject().put("weather", "app")),
        new JsonObject().put("choices", new JsonObject().put("mail_problem", "loud")),
        new JsonObject().put("choices", new JsonObject().put("mail_problem", "app").put("invitation", "off"))}) {
      HttpResponse<Buffer> refused = put(officer, bad);
      assertTrue(refused.statusCode() == 400 || refused.statusCode() == 422, bad + " " + refused.bodyAsString());
    }
    assertEquals("mail", kind(get(officer, "/api/notices/preferences"), "mail_problem").getString("choice"),
      "a refused change changes nothing");

    HttpResponse<Buffer> app = put(officer, new JsonObject().put("choices", new JsonObject().put("mail_problem", "app")));
    assertEquals(200, app.statusCode(), app.bodyAsString());
    assertEquals("app", kind(app.bodyAsJsonObject(), "mail_problem").getString("choice"));
    assertEquals("mail", kind(get(partner, "/api/notices/preferences"), "mail_problem").getString("choice"),
      "each member's own");
    long mails = Arrays.stream(smtp.getReceivedMessages()).filter(m -> sentTo(m, TestServer.OFFICER_EMAIL)).count();
    Notice appOnly = problemNotice("Dee Example");
    enqueue(appOnly);
    JsonObject row = server.query("SELECT status, in_app, text_body, url FROM notice WHERE dedupe_key = $1",
      appOnly.dedupeKey()).getJsonObject(0);
    assertEquals("none", row.getString("status"));
    assertEquals(Boolean.TRUE, row.getBoolean("in_app"));
    assertEquals("", row.getString("text_body"), "an app-only notice keeps no body");
    Thread.sleep(1000);
    assertEquals(mails, Arrays.stream(smtp.getReceivedMessages()).filter(m -> sentTo(m, TestServer.OFFICER_EMAIL))
      .count(), "app only: no mail");
    assertTrue(get(officer, "/api/notices").encode().contains("Dee Example"));

    assertEquals(200, put(officer, new JsonObject().put("choices", new JsonObject().put("mail_problem", "off")))
      .statusCode());
    Notice none = problemNotice("Eve Example");
    enqueue(none);
    assertEquals(0, server.query("SELECT id FROM notice WHERE dedupe_key = $1", none.dedupeKey()).size(), "off: nothing");
    assertEquals(200, put(officer, new JsonObject().put("choices", new JsonObject().put("mail_problem", "mail")))
      .statusCode());
  }

  @Test
  @Order(3)
  void withMailOffTheInAppNoticeIsStillWrittenAndASecretLinkNeverIs() throws Exception {
    Outbox off = new Outbox(server.vertx, server.config.with("smtpHost", ""));
    assertFalse(off.on());
    Notice notice = problemNotice("Fay Example");
    var pool = server.app.db().pool();
    pool.withTransaction(conn -> off.enqueue(conn, notice)).await(10, TimeUnit.SECONDS);
    JsonObject row = server.query("SELECT status, in_app FROM notice WHERE dedupe_key = $1", notice.dedupeKey())
      .getJsonObject(0);
    assertEquals("none", row.getString("status"), "not for the mail worker");
    assertEquals(Boolean.TRUE, row.getBoolean("in_app"));
    Notice secret = Notices.invitation(new Notices.Recipient(partnerId, "Pat Partner", "pat.partner@police.example"),
      "/invite.html#code=secret-code", java.time.Instant.now());
    pool.withTransaction(conn -> off.enqueue(conn, secret)).await(10, TimeUnit.SECONDS);
    assertEquals(0, server.query("SELECT id FROM notice WHERE dedupe_key = $1", secret.dedupeKey()).size(),
      "an invitation's link is never an in-app notice");
    Thread.sleep(500);
    assertEquals("none", server.query("SELECT status FROM notice WHERE dedupe_key = $1", notice.dedupeKey())
      .getJsonObject(0).getString("status"), "the worker never takes it");
    String outbox = get(officer, "/api/admin/outbox").encode();
    assertFalse(outbox.contains("Fay Example"), "the officer's outbox lists mail");
    assertTrue(get(officer, "/api/admin/outbox?status=none").encode().contains("Fay Example"));
  }

  @Test
  @Order(4)
  void anAddressTheServerRefusesIsShownAgainstTheMemberUntilAMailToItIsAccepted() throws Exception {
    smtp.stop();
    JsonObject bo;
    try (RefusingSmtp refusing = new RefusingSmtp(smtpPort, "refused")) {
      bo = invite("Bo Refused", "bo.refused@nowhere.example");
      waitFor(() -> problem("bo.refused@nowhere.example") != null, "the refusal recorded against Bo");
      JsonObject failed = server.query("SELECT status, attempts, last_error FROM notice WHERE to_address = $1",
        "bo.refused@nowhere.example").getJsonObject(0);
      assertEquals("failed", failed.getString("status"), "refused for good: not tried again");
      assertEquals(1, failed.getInteger("attempts"));
      JsonObject listed = listedMember("bo.refused@nowhere.example");
      assertTrue(listed.getString("mailProblem").startsWith("The mail server refused this address: 550"), listed.encode());
      assertNotNull(listed.getLong("mailProblemAt"));
      waitFor(() -> refusing.accepted.stream().anyMatch(r -> r.contains(TestServer.OFFICER_EMAIL)), "the officer told by mail");
      assertTrue(get(officer, "/api/notices").encode().contains("Mail to Bo Refused is not getting through"),
        "and in the bell");
    }
    smtpUp();
    HttpResponse<Buffer> reset = post(officer, "/api/members/" + bo.getString("memberId") + "/password-reset");
    assertEquals(201, reset.statusCode(), reset.bodyAsString());
    onlyMailTo("bo.refused@nowhere.example", "Choose a new A&I Live password");
    waitFor(() -> problem("bo.refused@nowhere.example") == null, "cleared once a mail to it was accepted");
    assertNull(listedMember("bo.refused@nowhere.example").getString("mailProblem"));

    // An address the mail client cannot use at all (a comma in it): failed at once, shown the same way.
    invite("Cy Comma", "cy,comma@school.example");
    waitFor(() -> problem("cy,comma@school.example") != null, "the unusable address recorded");
    assertEquals("This is not an e-mail address mail can be sent to.", problem("cy,comma@school.example"));
    assertEquals("failed", server.query("SELECT status FROM notice WHERE to_address = $1", "cy,comma@school.example")
      .getJsonObject(0).getString("status"));
    assertNotNull(onlyMailTo(TestServer.OFFICER_EMAIL, "Mail to Cy Comma is not getting through"));
    server.query("UPDATE member SET email = 'cy.comma@school.example' WHERE email = 'cy,comma@school.example'");
    assertNull(problem("cy.comma@school.example"), "a new address clears it");
  }

  @Test
  @Order(5)
  void anEssentialMailSaysItCannotBeTurnedOff() throws Exception {
    invite("Gil Essential", "gil.essential@council.example");
    String text = part(onlyMailTo("gil.essential@council.example", "Set up your A&I Live account"), "text/plain");
    assertTrue(text.contains("setting for \"Invitations to join\". These cannot be turned off."), text);
  }

  // ---- helpers

  private static Notice problemNotice(String name) {
    return MailProblemNotices.refused(UUID.randomUUID(), UUID.randomUUID(), name,
      new Notices.Recipient(officerId, "Olive Officer", TestServer.OFFICER_EMAIL));
  }

  private static void enqueue(Notice notice) throws Exception {
    Outbox outbox = new Outbox(server.vertx, server.config);
    server.app.db().pool().withTransaction(conn -> outbox.enqueue(conn, notice)).await(10, TimeUnit.SECONDS);
  }

  private static JsonObject invite(String name, String email) throws Exception {
    HttpResponse<Buffer> r = server.client.post("/api/members/invitations").bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("fullName", name).put("email", email)
        .put("roles", new JsonArray().add("partner"))).await(10, TimeUnit.SECONDS);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static String problem(String email) {
    try {
      return server.query("SELECT mail_problem FROM member WHERE email = $1", email).getJsonObject(0).getString("mail_problem");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject listedMember(String email) throws Exception {
    HttpResponse<Buffer> r = server.client.get("/api/members").bearerTokenAuthentication(officer).send()
      .await(10, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonArray().stream().map(o -> (JsonObject) o).filter(m -> email.equals(m.getString("email")))
      .findFirst().orElseThrow();
  }

  private static JsonObject kind(JsonObject prefs, String code) {
    return prefs.getJsonArray("kinds").stream().map(o -> (JsonObject) o).filter(k -> code.equals(k.getString("kind")))
      .findFirst().orElseThrow(() -> new AssertionError("no kind " + code + " in " + prefs.encode()));
  }

  private static JsonObject get(String token, String path) throws Exception {
    HttpResponse<Buffer> r = server.client.get(path).bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> post(String token, String path) throws Exception {
    return server.client.post(path).bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> put(String token, JsonObject body) throws Exception {
    return server.client.put("/api/notices/preferences").bearerTokenAuthentication(token).sendJsonObject(body)
      .await(10, TimeUnit.SECONDS);
  }

  /** Waits for one mail to {@code to} with {@code subject}, then makes sure no second one follows. */
  private static MimeMessage onlyMailTo(String to, String subject) throws Exception {
    waitFor(() -> count(to, subject) >= 1, "a mail to " + to + ": " + subject);
    Thread.sleep(500);
    assertEquals(1, count(to, subject), "exactly one mail to " + to + ": " + subject);
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> sentTo(m, to) && subject(m).equals(subject))
      .findFirst().orElseThrow();
  }

  private static long count(String to, String subject) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> sentTo(m, to) && subject(m).equals(subject)).count();
  }

  private static void smtpUp() {
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }
}
