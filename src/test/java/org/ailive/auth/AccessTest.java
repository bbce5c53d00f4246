package org.ailive.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.TwoFactorFixture;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 6: invitations, join links, sign-out and refresh, lock-out; refused tokens of every kind. */
class AccessTest {

  static TestServer server;
  static String officer;
  static String meetingId;
  static String otherMeetingId;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    // An officer signs in with a code: set up two-factor sign-in for real first (issue 18).
    officer = TwoFactorFixture.signInAndEnrol(server, TestServer.OFFICER_EMAIL, TestServer.OFFICER_PASSWORD).token();
    meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    otherMeetingId = server.query("SELECT id FROM meeting WHERE status = 'closed'").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  static JsonObject signIn(String email, String password) throws Exception {
    var res = post("/api/auth/sign-in", null, new JsonObject().put("email", email).put("password", password));
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    var req = server.client.post(path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  static HttpResponse<Buffer> get(String path, String token) throws Exception {
    return server.client.get(path).bearerTokenAuthentication(token).send().await(20, TimeUnit.SECONDS);
  }

  static void awaitClosed(BusClient c) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (!c.isClosed() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(c.isClosed(), "the socket was closed");
  }

  @Test
  void signOutRevokesTheTokenEverywhere() throws Exception {
    String token = server.demoToken("police@demo.ailive.test");
    BusClient bus = BusClient.connect(server.vertx, server.port(), token);
    bus.listen("ailive.meeting." + meetingId + ".events");
    bus.await(m -> "joined".equals(m.getJsonObject("body").getString("type")), "joined");
    assertEquals(204, post("/api/auth/sign-out", token, new JsonObject()).statusCode());
    assertEquals(401, get("/api/me", token).statusCode());
    awaitClosed(bus);
    BusClient again = BusClient.connect(server.vertx, server.port(), token);
    again.listen("ailive.meeting." + meetingId + ".events");
    Thread.sleep(500);
    assertEquals("rejected", again.errors.get(0).getString("body"));
    again.close();
  }

  @Test
  void refreshGivesANewTokenAndRetiresTheOld() throws Exception {
    String old = server.demoToken("camhs@demo.ailive.test");
    var res = post("/api/auth/refresh", old, new JsonObject());
    assertEquals(200, res.statusCode(), res.bodyAsString());
    String fresh = res.bodyAsJsonObject().getString("token");
    assertEquals(200, get("/api/me", fresh).statusCode());
    assertEquals(401, get("/api/me", old).statusCode());
  }

  @Test
  void expiredTamperedForeignAndWrongKindTokensAreRefused() throws Exception {
    UUID member = UUID.fromString(server.query("SELECT id FROM member WHERE email = 'cmht@demo.ailive.test'")
      .getJsonObject(0).getString("id"));
    String shortLived = server.app.tokens().issue(new Identity(member, "Fiona", null, null, Set.of("partner")), 1);
    Thread.sleep(2100);
    assertEquals(401, get("/api/me", shortLived).statusCode(), "expired");
    String good = server.demoToken("cmht@demo.ailive.test");
    String[] parts = good.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1])));
    claims.put("roles", new JsonArray().add("officer"));
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toBuffer().getBytes())
      + "." + parts[2];
    assertEquals(401, get("/api/me", tampered).statusCode(), "tampered");
    TestServer other = TestServer.start(java.nio.file.Files.createTempDirectory("ailive-other"), false);
    try {
      String foreign = other.tokenFor(member, "Fiona", "officer");
      assertEquals(401, get("/api/me", foreign).statusCode(), "signed by another server's key");
    } finally {
      other.stop();
      TestServer.deleteQuietly(other.dataDir);
    }
    String joinToken = server.app.tokens().issueJoinLink(member, UUID.fromString(meetingId), UUID.randomUUID(), 3600);
    assertEquals(401, get("/api/me", joinToken).statusCode(), "a join link is not a session");
  }

  /**
   * Issue 15, 11a: five wrong passwords (anyone can send them) used to lock the chair out for 15
   * minutes. Now they slow the next attempt, right password or not, by a second, doubling with each
   * further failure up to a minute: the chair waits, then signs in.
   */
  @Test
  void repeatedFailuresDelayTheAccountButDoNotLockItsMemberOut() throws Exception {
    for (int i = 0; i < SignInThrottle.ACCOUNT_FREE_FAILURES; i++) {
      assertEquals(401, post("/api/auth/sign-in", null, new JsonObject().put("email", "chair@demo.ailive.test")
        .put("password", "guess-" + i)).statusCode());
    }
    String password = java.nio.file.Files.readString(server.dataDir.resolve("demo-accounts.txt"))
      .replaceAll("(?s).*password: (\\S+).*", "$1");
    JsonObject right = new JsonObject().put("email", "chair@demo.ailive.test").put("password", password);
    var delayed = post("/api/auth/sign-in", null, right);
    if (delayed.statusCode() == 429) {
      assertEquals("too_many_attempts", delayed.bodyAsJsonObject().getString("error"));
      long wait = Long.parseLong(delayed.getHeader("Retry-After"));
      assertTrue(wait >= 1 && wait <= 2, "a short wait, not a lock-out: Retry-After " + wait);
      assertTrue(server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'sign_in_throttled'")
        .getJsonObject(0).getLong("n") >= 1);
      Thread.sleep(wait * 1000 + 100);
    }
    signIn("chair@demo.ailive.test", password);
    signIn("police@demo.ailive.test", password);
  }

  @Test
  void anInvitedMemberSetsAPasswordOnceAndSignsIn() throws Exception {
    String panelId = server.query("SELECT id FROM panel LIMIT 1").getJsonObject(0).getString("id");
    String agencyId = server.query("SELECT id FROM agency WHERE name = 'Police'").getJsonObject(0).getString("id");
    JsonObject invite = new JsonObject().put("fullName", "Priya Shah").put("email", "priya.shah@police.example")
      .put("agencyId", agencyId).put("roles", new JsonArray().add("partner")).put("panelIds", new JsonArray().add(panelId));
    assertEquals(403, post("/api/members/invitations", server.demoToken("police@demo.ailive.test"), invite).statusCode());
    var created = post("/api/members/invitations", officer, invite);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(409, post("/api/members/invitations", officer, invite).statusCode(), "one member per e-mail");
    String code = created.bodyAsJsonObject().getString("invitationUrl").replaceAll(".*code=", "");
    var weak = post("/api/auth/accept-invitation", null, new JsonObject().put("code", code).put("password", "short"));
    assertEquals(400, weak.statusCode());
    assertTrue(weak.bodyAsJsonObject().getString("message").toLowerCase(java.util.Locale.ROOT).contains("password"),
      weak.bodyAsString());
    var accepted = post("/api/auth/accept-invitation", null, new JsonObject().put("code", code)
      .put("password", "a long and memorable passphrase"));
    assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
    assertEquals(200, get("/api/meetings/" + meetingId, accepted.bodyAsJsonObject().getString("token")).statusCode(),
      "a member of the panel they were invited to");
    var reused = post("/api/auth/accept-invitation", null, new JsonObject().put("code", code)
      .put("password", "another long passphrase"));
    assertEquals("invalid_invitation", reused.bodyAsJsonObject().getString("error"));
    signIn("priya.shah@police.example", "a long and memorable passphrase");
    JsonArray audit = get("/api/audit?action=member_invited", officer).bodyAsJsonArray();
    assertTrue(audit.stream().anyMatch(e -> ((JsonObject) e).getJsonObject("detail").getString("email")
      .equals("priya.shah@police.example")));
    assertEquals(403, get("/api/audit", server.demoToken("police@demo.ailive.test")).statusCode());
    var csv = get("/api/audit.csv?action=member_invited", officer);
    assertEquals(200, csv.statusCode());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    assertTrue(csv.bodyAsString().contains("priya.shah@police.example"), csv.bodyAsString());
    assertEquals(1, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'export' AND subject = 'audit_trail'")
      .getJsonObject(0).getInteger("n"), "the export of the audit trail is itself audited");
  }

  @Test
  void deactivatingAMemberEndsTheirSessions() throws Exception {
    String memberId = server.query("SELECT id FROM member WHERE email = 'housing@demo.ailive.test'")
      .getJsonObject(0).getString("id");
    String token = server.demoToken("housing@demo.ailive.test");
    assertEquals(200, get("/api/me", token).statusCode());
    Thread.sleep(1100);
    var res = server.client.patch("/api/members/" + memberId).bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("active", false)).await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    assertEquals(401, get("/api/me", token).statusCode());
    assertEquals(1, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'member_updated' AND subject = $1",
      "member:" + memberId).getJsonObject(0).getInteger("n"));
    String password = java.nio.file.Files.readString(server.dataDir.resolve("demo-accounts.txt"))
      .replaceAll("(?s).*password: (\\S+).*", "$1");
    assertEquals(401, post("/api/auth/sign-in", null, new JsonObject().put("email", "housing@demo.ailive.test")
      .put("password", password)).statusCode(), "an inactive member cannot sign in");
    assertEquals(200, server.client.patch("/api/members/" + memberId).bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("active", true)).await(20, TimeUnit.SECONDS).statusCode());
    Thread.sleep(1100);
    String again = signIn("housing@demo.ailive.test", password).getString("token");
    assertEquals(200, get("/api/me", again).statusCode(), "signed in again after being reactivated");
  }

  @Test
  void aJoinLinkOpensItsOwnMeetingOnlyUntilRevoked() throws Exception {
    String police = server.query("SELECT id FROM member WHERE email = 'police@demo.ailive.test'")
      .getJsonObject(0).getString("id");
    var link = post("/api/meetings/" + meetingId + "/join-links", officer, new JsonObject().put("memberId", police));
    assertEquals(201, link.statusCode(), link.bodyAsString());
    String joinToken = link.bodyAsJsonObject().getString("url").replaceAll(".*token=", "");
    var session = post("/api/auth/join", null, new JsonObject().put("token", joinToken));
    assertEquals(200, session.statusCode(), session.bodyAsString());
    String scoped = session.bodyAsJsonObject().getString("token");
    assertEquals(meetingId, session.bodyAsJsonObject().getString("meetingId"));
    assertEquals(200, get("/api/meetings/" + meetingId + "/room", scoped).statusCode());
    assertEquals(403, get("/api/meetings/" + otherMeetingId, scoped).statusCode(), "another meeting");
    assertEquals(403, get("/api/panels", scoped).statusCode());
    BusClient other = BusClient.connect(server.vertx, server.port(), scoped);
    other.listen("ailive.meeting." + otherMeetingId + ".events");
    Thread.sleep(500);
    assertEquals("rejected", other.errors.get(0).getString("body"), "the bridge refuses another meeting too");
    other.close();
    BusClient bus = BusClient.connect(server.vertx, server.port(), scoped);
    bus.listen("ailive.meeting." + meetingId + ".events");
    bus.await(m -> "joined".equals(m.getJsonObject("body").getString("type")), "joined");

    String linkId = link.bodyAsJsonObject().getString("id");
    assertEquals(204, server.client.delete("/api/meetings/" + meetingId + "/join-links/" + linkId)
      .bearerTokenAuthentication(officer).send().await(20, TimeUnit.SECONDS).statusCode());
    assertEquals(401, get("/api/meetings/" + meetingId + "/room", scoped).statusCode(), "sessions from it end");
    awaitClosed(bus);
    assertEquals("invalid_join_link", post("/api/auth/join", null, new JsonObject().put("token", joinToken))
      .bodyAsJsonObject().getString("error"));
  }
}
