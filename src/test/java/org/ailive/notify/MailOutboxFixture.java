package org.ailive.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * A real SMTP server (GreenMail) in this JVM and the real service mailing through it, for the outbox
 * tests ({@link MailOutboxTest}, {@link MailPathsTest}): each class gets its own. Also held here, so
 * each class proves it for the mail it sent: no mail holds what was written about a family.
 */
abstract class MailOutboxFixture {

  static final String FROM = "ailive@council.example";
  static TestServer server;
  static GreenMail smtp;
  static int smtpPort;
  static int httpPort;
  static String officer;

  @BeforeAll
  static void start() throws Exception {
    received.clear();
    smtpPort = freePort();
    httpPort = freePort();
    smtpUp();
    server = TestServer.start(Files.createTempDirectory("ailive-mail"), true, Map.of(
      "httpPort", httpPort, "publicUrl", "http://localhost:" + httpPort,
      "smtpHost", "127.0.0.1", "smtpPort", smtpPort, "smtpStarttls", "disabled", "mailFrom", FROM,
      "mailRetryBaseMs", 1000, "mailMaxAttempts", 3));
    officer = server.demoToken(TestServer.OFFICER_EMAIL);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    smtpDown();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(6)
  void noMailHoldsWhatWasWrittenAboutAFamily() throws Exception {
    List<String> narrative = new ArrayList<>();
    for (String sql : List.of(
        "SELECT reason_for_bringing AS t FROM family_case UNION ALL SELECT summary_of_concerns FROM family_case"
          + " UNION ALL SELECT voice_of_child FROM family_case UNION ALL SELECT declined_reason FROM family_case",
        "SELECT body AS t FROM contribution", "SELECT written_update AS t FROM attendance WHERE written_update IS NOT NULL")) {
      server.query(sql).forEach(o -> {
        String t = ((JsonObject) o).getString("t");
        if (t != null && t.strip().length() >= 20) {
          narrative.add(t.strip().substring(0, 20));
        }
      });
    }
    assertTrue(narrative.size() > 5, "the demo county holds narrative to look for: " + narrative.size());
    JsonArray notices = server.query("SELECT subject, text_body, html_body FROM notice");
    assertTrue(notices.size() >= 5, notices.encode());
    for (Object o : notices) {
      String all = ((JsonObject) o).encode();
      for (String n : narrative) {
        assertFalse(all.contains(n), "a mail holds narrative: " + n);
      }
    }
    for (MimeMessage mail : allMail()) {
      String body = part(mail, "text/plain") + part(mail, "text/html");
      narrative.forEach(n -> assertFalse(body.contains(n), "a mail holds narrative: " + n));
    }
  }

  // ---- helpers

  static JsonObject invite(String name, String email) throws Exception {
    HttpResponse<Buffer> r = server.client.post("/api/members/invitations").bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("fullName", name).put("email", email)
        .put("roles", new JsonArray().add("partner"))).await(10, TimeUnit.SECONDS);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** The link to {@code page} in a mail's text: group 1 the service's address, group 2 the code. */
  static Matcher link(String text, String page) {
    Matcher m = Pattern.compile("(http://\\S+)/" + Pattern.quote(page) + "#code=(\\S+)").matcher(text);
    assertTrue(m.find(), text);
    return m;
  }

  /** Sets a password with the invitation or reset link in {@code mail}, which is the one {@code answer} showed. */
  static void accept(MimeMessage mail, JsonObject answer, String page, String password) throws Exception {
    Matcher m = link(part(mail, "text/plain"), page);
    assertTrue(m.group().endsWith(answer.getString("invitationUrl")), m.group());
    HttpResponse<Buffer> accepted = server.client.post("/api/auth/accept-invitation")
      .sendJsonObject(new JsonObject().put("code", m.group(2)).put("password", password)).await(10, TimeUnit.SECONDS);
    assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
  }

  static HttpResponse<Buffer> askForReset(String email) throws Exception {
    return server.client.post("/api/auth/password-reset").sendJsonObject(new JsonObject().put("email", email))
      .await(10, TimeUnit.SECONDS);
  }

  static HttpResponse<Buffer> signIn(String email, String password) throws Exception {
    return server.client.post("/api/auth/sign-in").sendJsonObject(new JsonObject().put("email", email)
      .put("password", password)).await(10, TimeUnit.SECONDS);
  }

  static HttpResponse<Buffer> importCsv(String csv) throws Exception {
    return server.client.post("/api/admin/import/apply").bearerTokenAuthentication(officer)
      .putHeader("Content-Type", "text/csv; charset=utf-8").sendBuffer(Buffer.buffer(csv)).await(30, TimeUnit.SECONDS);
  }

  static String address(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@import.example";
  }

  static JsonObject get(String path) throws Exception {
    HttpResponse<Buffer> r = server.client.get(path).bearerTokenAuthentication(officer).send().await(10, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> post(String path) throws Exception {
    return server.client.post(path).bearerTokenAuthentication(officer).send().await(10, TimeUnit.SECONDS);
  }

  static JsonArray outbox(String status) throws Exception {
    HttpResponse<Buffer> r = server.client.get("/api/admin/outbox?status=" + status).bearerTokenAuthentication(officer)
      .send().await(10, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("notices");
  }

  static JsonObject notice(JsonArray notices, String to) {
    return notices.stream().map(o -> (JsonObject) o).filter(n -> to.equals(n.getString("to"))).findFirst()
      .orElseThrow(() -> new AssertionError("no notice to " + to + " in " + notices.encode()));
  }

  static boolean tried(String to) {
    try {
      JsonArray rows = server.query("SELECT attempts, last_error FROM notice WHERE to_address = $1", to);
      return rows.size() == 1 && rows.getJsonObject(0).getInteger("attempts") >= 1
        && rows.getJsonObject(0).getString("last_error") != null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String status(String to) {
    try {
      return server.query("SELECT status FROM notice WHERE to_address = $1", to).getJsonObject(0).getString("status");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the one mail to {@code to}, then makes sure no second one follows. */
  static MimeMessage onlyMailTo(String to) throws Exception {
    waitFor(() -> mailsTo(to) >= 1, "a mail to " + to);
    Thread.sleep(500);
    assertEquals(1, mailsTo(to), "exactly one mail to " + to);
    return allMail().stream().filter(m -> sentTo(m, to)).findFirst().orElseThrow();
  }

  /** Waits for the {@code n}th mail to {@code to} (no more follow), in the order received. */
  static MimeMessage nthMailTo(String to, int n) throws Exception {
    waitFor(() -> mailsTo(to) >= n, n + " mails to " + to);
    Thread.sleep(500);
    assertEquals(n, mailsTo(to), "exactly " + n + " mails to " + to);
    return allMail().stream().filter(m -> sentTo(m, to)).skip(n - 1).findFirst().orElseThrow();
  }

  static long mailsTo(String to) {
    return allMail().stream().filter(m -> sentTo(m, to)).count();
  }

  /** What every GreenMail of this class received (each stop keeps what it had). */
  static List<MimeMessage> allMail() {
    List<MimeMessage> out = new ArrayList<>(received);
    out.addAll(Arrays.asList(smtp.getReceivedMessages()));
    return out;
  }

  /** GreenMail on the same port each time; what it received is kept across a stop (counted per address). */
  private static final List<MimeMessage> received = new ArrayList<>();

  static void smtpUp() {
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  static void smtpDown() {
    if (smtp != null && smtp.isRunning()) {
      received.addAll(Arrays.asList(smtp.getReceivedMessages()));
      smtp.stop();
    }
  }
}
