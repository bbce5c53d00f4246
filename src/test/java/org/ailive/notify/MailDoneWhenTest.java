package org.ailive.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.ailive.TestServer;
import org.ailive.bench.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.ailive.notify.SmtpInbox.freePort;
import static org.ailive.notify.SmtpInbox.sentTo;
import static org.ailive.notify.SmtpInbox.subject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's "Done when", as an operator would see it: A&amp;I Live in its own JVM ({@code org.ailive.Main},
 * no arguments), configured only by the four mail variables the issue names (plus a free port, a fresh
 * data directory and the demo), against a real SMTP server (GreenMail in this JVM), driven through
 * real HTTP only. The officer invites a member and the invitation mail arrives, its link reaching the
 * service and setting the member's password; the officer opens the demo meeting and the key agencies'
 * summons arrive. A bad mail setting
 * stops the start with the variable's name.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailDoneWhenTest {

  static final String FROM = "ailive@council.example";
  static final String DEMO_OFFICER = "officer@demo.ailive.test";
  static final String INVITED = "rosa.mendes@housing.example";

  static Path runDir;
  static GreenMail smtp;
  static ServerProcess service;
  static Vertx vertx;
  static WebClient http;
  static String officer;

  @BeforeAll
  static void start() throws Exception {
    runDir = Files.createTempDirectory("ailive-done-when");
    int smtpPort = freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    service = ServerProcess.startMain(runDir, Map.of(
      "AILIVE_SMTP_HOST", "127.0.0.1",
      "AILIVE_SMTP_PORT", Integer.toString(smtpPort),
      "AILIVE_SMTP_STARTTLS", "disabled",
      "AILIVE_MAIL_FROM", FROM,
      "AILIVE_DEMO", "true"));
    vertx = Vertx.vertx();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(service.port));
    officer = signIn(DEMO_OFFICER, demoPassword()).getString("token");
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (runDir != null) {
      TestServer.deleteQuietly(runDir);
    }
  }

  @Test
  @Order(1)
  void theOfficerInvitesAMemberAndTheInvitationMailSetsTheirPassword() throws Exception {
    HttpResponse<Buffer> invited = http.post("/api/members/invitations").bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("fullName", "Rosa Mendes").put("email", INVITED)
        .put("roles", new JsonArray().add("partner"))).await(20, TimeUnit.SECONDS);
    assertEquals(201, invited.statusCode(), invited.bodyAsString());
    assertEquals(Boolean.TRUE, invited.bodyAsJsonObject().getBoolean("mailed"), invited.bodyAsString());

    assertTrue(smtp.waitForIncomingEmail(20_000, 1), "the invitation reached the SMTP server");
    Thread.sleep(500);
    List<MimeMessage> mails = Arrays.stream(smtp.getReceivedMessages()).filter(m -> sentTo(m, INVITED)).toList();
    assertEquals(1, mails.size(), "exactly one invitation mail");
    MimeMessage mail = mails.get(0);
    assertEquals(INVITED, mail.getRecipients(Message.RecipientType.TO)[0].toString());
    assertEquals(FROM, mail.getFrom()[0].toString());
    assertEquals("Set up your A&I Live account", mail.getSubject());
    HttpResponse<Buffer> outbox = http.get("/api/admin/outbox?status=sent").bearerTokenAuthentication(officer).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, outbox.statusCode(), outbox.bodyAsString());
    assertTrue(outbox.bodyAsJsonObject().getJsonArray("notices").stream().map(o -> (JsonObject) o)
      .anyMatch(n -> INVITED.equals(n.getString("to"))), "the officer reads it as sent: " + outbox.bodyAsString());

    // No publicUrl is set: the link points at the service's own address, and reaches it.
    String text = textPart(mail);
    String service = "http://localhost:" + MailDoneWhenTest.service.port;
    Matcher link = Pattern.compile("(http://\\S+)/invite\\.html#code=(\\S+)").matcher(text);
    assertTrue(link.find(), "an absolute invitation link: " + text);
    assertEquals(service, link.group(1), text);
    assertTrue(link.group().endsWith(invited.bodyAsJsonObject().getString("invitationUrl")),
      "the mail's link is the one the officer was shown");
    HttpResponse<Buffer> page = http.getAbs(link.group(1).replace("localhost", "127.0.0.1") + "/invite.html").send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, page.statusCode(), "the invitation page is served where the link points");

    String password = "copper kettles sing at dawn";
    HttpResponse<Buffer> accepted = http.post("/api/auth/accept-invitation")
      .sendJsonObject(new JsonObject().put("code", link.group(2)).put("password", password)).await(60, TimeUnit.SECONDS);
    assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
    JsonObject me = http.get("/api/me").bearerTokenAuthentication(signIn(INVITED, password).getString("token"))
      .send().await(20, TimeUnit.SECONDS).bodyAsJsonObject();
    assertEquals("Rosa Mendes", me.getString("fullName"), me.encode());
  }

  @Test
  @Order(2)
  void theOfficerOpensTheDemoMeeting() throws Exception {
    String meetingId = openDemoMeeting();
    // The summons: each "when relevant" key agency's panel members are told their item and its time
    // (SummonsTest proves who, when and what in detail; this is the operator's view of it).
    long deadline = System.currentTimeMillis() + 30_000;
    List<MimeMessage> summons = List.of();
    while (summons.isEmpty() && System.currentTimeMillis() < deadline) {
      summons = Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).startsWith("Your agency is key for item"))
        .toList();
      if (summons.isEmpty()) {
        Thread.sleep(200);
      }
    }
    assertTrue(!summons.isEmpty(), "a summons reached the SMTP server once the meeting opened");
    for (MimeMessage mail : summons) {
      assertEquals(FROM, mail.getFrom()[0].toString());
      assertTrue(subject(mail).matches("Your agency is key for item \\d+, expected about \\d{1,2}:\\d{2}[ap]m"),
        subject(mail));
      String text = textPart(mail);
      assertTrue(text.contains("is a key agency for item"), text);
      assertTrue(Pattern.compile("http://localhost:" + service.port + "/(join\\.html#token=|room\\.html\\?meeting="
        + meetingId + ")").matcher(text).find(), "its link points at the service: " + text);
    }
    assertEquals(36, meetingId.length(), meetingId);
  }

  @Test
  @Order(3)
  void aBadMailSettingStopsTheStartNamingTheVariable() throws Exception {
    // MailSettingsTest proves each bad setting in-process; this is the operator's view of one.
    ServerProcess.Exit exit = ServerProcess.startMainExpectingExit(runDir.resolve("refused"), Map.of(
      "AILIVE_SMTP_HOST", "127.0.0.1", "AILIVE_SMTP_PORT", "2525", "AILIVE_SMTP_STARTTLS", "sometimes",
      "AILIVE_MAIL_FROM", FROM), 60);
    assertNotEquals(0, exit.code(), exit.output());
    assertTrue(exit.output().contains("A&I Live could not start: AILIVE_SMTP_STARTTLS must be required, optional or"
      + " disabled, got 'sometimes'"), exit.output());
    assertTrue(!exit.output().contains("A&I Live is serving"), exit.output());
  }

  // ---- helpers

  /**
   * Opens the demo county's planned meeting as the officer, through the room's command route (the
   * path the live-room tests use), and checks the room says it is open. Returns the meeting's id.
   */
  static String openDemoMeeting() throws Exception {
    HttpResponse<Buffer> list = http.get("/api/meetings").bearerTokenAuthentication(officer).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, list.statusCode(), list.bodyAsString());
    String meetingId = list.bodyAsJsonArray().stream().map(o -> (JsonObject) o)
      .filter(m -> "planned".equals(m.getString("status"))).map(m -> m.getString("id")).findFirst()
      .orElseThrow(() -> new AssertionError("no planned demo meeting: " + list.bodyAsString()));
    HttpResponse<Buffer> opened = http.post("/api/meetings/" + meetingId + "/commands").bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("type", "meeting.open").put("key", "open-" + UUID.randomUUID()))
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, opened.statusCode(), opened.bodyAsString());
    HttpResponse<Buffer> room = http.get("/api/meetings/" + meetingId + "/room").bearerTokenAuthentication(officer)
      .send().await(20, TimeUnit.SECONDS);
    assertEquals(200, room.statusCode(), room.bodyAsString());
    assertEquals("open", room.bodyAsJsonObject().getJsonObject("state").getJsonObject("meeting").getString("status"),
      "the meeting is open: members can join its live room");
    return meetingId;
  }

  /** The demo accounts' password, from {@code <dataDir>/demo-accounts.txt} as the console points to. */
  static String demoPassword() throws Exception {
    String accounts = Files.readString(service.dataDir.resolve("demo-accounts.txt"));
    Matcher m = Pattern.compile("password: (\\S+)").matcher(accounts);
    assertTrue(m.find(), "the demo accounts file names their password");
    return m.group(1);
  }

  /** A demo officer signs in with the password alone while the demo banner shows (no second factor). */
  static JsonObject signIn(String email, String password) throws Exception {
    HttpResponse<Buffer> res = http.post("/api/auth/sign-in")
      .sendJsonObject(new JsonObject().put("email", email).put("password", password)).await(60, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonObject body = res.bodyAsJsonObject();
    assertTrue(body.getString("token") != null && !body.containsKey("secondFactor"), body.encode());
    return body;
  }

  static String textPart(MimeMessage mail) throws Exception {
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart p = parts.getBodyPart(i);
      if (p.isMimeType("text/plain")) {
        return p.getContent().toString().replace("\r\n", "\n");
      }
    }
    throw new AssertionError("no text part");
  }
}
