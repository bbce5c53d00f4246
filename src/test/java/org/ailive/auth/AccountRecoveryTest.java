package org.ailive.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 4, through the real service: re-invite, password change ending the other
 * sessions, password resets asked for by the member (the same answer whether the e-mail is a
 * member's or not, throttled, single-use, 30 minutes) or issued by the officer, and a deactivated
 * member's links refused.
 */
class AccountRecoveryTest {

  static final String NEW_PASSWORD = "lanterns over the harbour wall";

  static TestServer server;
  static String officer;
  static String panelId;
  static String meetingId;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    String demoPassword = Files.readString(server.dataDir.resolve("demo-accounts.txt"))
      .replaceAll("(?s).*password: (\\S+).*", "$1");
    officer = signIn("officer@demo.ailive.test", demoPassword).bodyAsJsonObject().getString("token");
    panelId = server.query("SELECT id::text AS id FROM panel").getJsonObject(0).getString("id");
    meetingId = server.query("SELECT id::text AS id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
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

  static HttpResponse<Buffer> signIn(String email, String password) throws Exception {
    return post("/api/auth/sign-in", null, new JsonObject().put("email", email).put("password", password));
  }

  /** A new partner on the demo panel, invited by the officer: {memberId, invitationUrl, expiresAt}. */
  static JsonObject invite(String email) throws Exception {
    var res = post("/api/members/invitations", officer, new JsonObject().put("fullName", "Test " + email)
      .put("email", email).put("roles", new JsonArray().add("partner")).put("panelIds", new JsonArray().add(panelId)));
    assertEquals(201, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> accept(String invitationUrl, String password) throws Exception {
    return post("/api/auth/accept-invitation", null, new JsonObject()
      .put("code", invitationUrl.substring(invitationUrl.indexOf("code=") + 5)).put("password", password));
  }

  /** A member with a password: invited, accepted. Their id. */
  static String member(String email) throws Exception {
    JsonObject invited = invite(email);
    assertEquals(200, accept(invited.getString("invitationUrl"), NEW_PASSWORD).statusCode());
    return invited.getString("memberId");
  }

  static HttpResponse<Buffer> reset(String url, String password) throws Exception {
    return post("/api/auth/reset-password", null, new JsonObject()
      .put("code", url.substring(url.indexOf("code=") + 5)).put("newPassword", password));
  }

  static HttpResponse<Buffer> askForReset(String email) throws Exception {
    return post("/api/auth/password-reset", null, new JsonObject().put("email", email));
  }

  static HttpResponse<Buffer> resume(String setCookie) throws Exception {
    return server.client.post(SessionCookie.PATH).putHeader("Cookie", setCookie.split(";", 2)[0])
      .putHeader(SessionCookie.CSRF_HEADER, "1").send().await(20, TimeUnit.SECONDS);
  }

  static String sessionCookieOf(HttpResponse<Buffer> res) {
    return res.headers().getAll("Set-Cookie").stream().filter(c -> c.startsWith(SessionCookie.NAME + "="))
      .findFirst().orElseThrow();
  }

  static JsonObject listed(String memberId) throws Exception {
    JsonArray all = get("/api/members", officer).bodyAsJsonArray();
    for (Object o : all) {
      if (((JsonObject) o).getString("id").equals(memberId)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("not listed: " + memberId);
  }

  static void awaitClosed(BusClient bus) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (!bus.isClosed() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(bus.isClosed(), "the socket was closed");
  }

  @Test
  void aReinviteVoidsTheOldLinkAndTheNewOneWorksOnce() throws Exception {
    JsonObject first = invite("reinvited@test.example");
    String memberId = first.getString("memberId");

    var again = post("/api/members/invitations", officer, new JsonObject().put("fullName", "Twice")
      .put("email", "Reinvited@test.example").put("roles", new JsonArray().add("partner")));
    assertEquals(409, again.statusCode());
    assertEquals("email_taken", again.bodyAsJsonObject().getString("error"));
    assertTrue(again.bodyAsJsonObject().getString("message").contains("Re-invite"), again.bodyAsString());

    assertEquals(404, post("/api/members/" + UUID.randomUUID() + "/invitations", officer, new JsonObject()).statusCode());
    var second = post("/api/members/" + memberId + "/invitations", officer, new JsonObject());
    assertEquals(201, second.statusCode(), second.bodyAsString());
    String url = second.bodyAsJsonObject().getString("invitationUrl");
    assertTrue(url.startsWith("/invite.html#code="), url);
    assertTrue(listed(memberId).getLong("invitationExpiresAt") > System.currentTimeMillis());

    var old = accept(first.getString("invitationUrl"), NEW_PASSWORD);
    assertEquals(400, old.statusCode(), "the first link stopped working");
    assertEquals("invalid_invitation", old.bodyAsJsonObject().getString("error"));
    assertEquals(200, accept(url, NEW_PASSWORD).statusCode());
    assertEquals(400, accept(url, "another fine password here").statusCode(), "the new one works once");
    assertEquals(200, signIn("reinvited@test.example", NEW_PASSWORD).statusCode());

    var hasPassword = post("/api/members/" + memberId + "/invitations", officer, new JsonObject());
    assertEquals(409, hasPassword.statusCode());
    assertEquals("has_password", hasPassword.bodyAsJsonObject().getString("error"));
    assertEquals(1, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'member_reinvited'"
      + " AND subject = $1", "member:" + memberId).getJsonObject(0).getInteger("n"));
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSession() throws Exception {
    member("changer@test.example");
    var laptopSignIn = signIn("changer@test.example", NEW_PASSWORD);
    String laptop = laptopSignIn.bodyAsJsonObject().getString("token");
    String laptopCookie = sessionCookieOf(laptopSignIn);
    var phoneSignIn = signIn("changer@test.example", NEW_PASSWORD);
    String phone = phoneSignIn.bodyAsJsonObject().getString("token");
    String phoneCookie = sessionCookieOf(phoneSignIn);
    BusClient onThePhone = BusClient.connect(server.vertx, server.port(), phone);
    try {
      onThePhone.listen("ailive.meeting." + meetingId + ".events");
      onThePhone.await(m -> m.getJsonObject("body") != null && "joined".equals(m.getJsonObject("body").getString("type")),
        "joined");

      var wrong = post("/api/auth/change-password", laptop, new JsonObject()
        .put("currentPassword", "not my password at all").put("newPassword", "a brand new password here"));
      assertEquals(400, wrong.statusCode());
      assertEquals("currentPassword", wrong.bodyAsJsonObject().getString("field"));
      assertEquals(200, get("/api/me", phone).statusCode(), "a refused change ends nothing");

      var changed = post("/api/auth/change-password", laptop, new JsonObject()
        .put("currentPassword", NEW_PASSWORD).put("newPassword", "a brand new password here"));
      assertEquals(200, changed.statusCode(), changed.bodyAsString());
      String fresh = changed.bodyAsJsonObject().getString("token");
      assertEquals(200, get("/api/me", fresh).statusCode(), "the answer's session works");
      assertEquals(200, resume(sessionCookieOf(changed)).statusCode(), "and its browser cookie");
      assertEquals(401, get("/api/me", laptop).statusCode(), "the session it was changed with ended");
      assertEquals(401, get("/api/me", phone).statusCode(), "the other browser's token ended");
      assertEquals(401, resume(phoneCookie).statusCode(), "the other browser's cookie ended");
      assertEquals(401, resume(laptopCookie).statusCode());
      awaitClosed(onThePhone);
      assertEquals(401, signIn("changer@test.example", NEW_PASSWORD).statusCode(), "the old password stopped working");
      assertEquals(200, signIn("changer@test.example", "a brand new password here").statusCode());
    } finally {
      onThePhone.close();
    }
  }

  @Test
  void aResetAskedForByTheMemberIsTheSameAnswerSingleUseAndEndsEverySession() throws Exception {
    String memberId = member("forgetful@test.example");
    String before = signIn("forgetful@test.example", NEW_PASSWORD).bodyAsJsonObject().getString("token");

    long t0 = System.nanoTime();
    var unknown = askForReset("nobody-here@test.example");
    long unknownMs = (System.nanoTime() - t0) / 1_000_000;
    t0 = System.nanoTime();
    var known = askForReset("Forgetful@test.example");
    long knownMs = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(202, unknown.statusCode(), unknown.bodyAsString());
    assertEquals(202, known.statusCode());
    assertEquals(unknown.bodyAsString(), known.bodyAsString(), "the same answer");
    assertTrue(unknownMs >= 390 && knownMs >= 390, "both wait out the even answer: " + unknownMs + " / " + knownMs);
    System.out.printf("password-reset answer: unknown e-mail %d ms, member's e-mail %d ms%n", unknownMs, knownMs);

    JsonObject row = server.query("SELECT created_by_member_id, code_hash,"
      + " round(extract(epoch FROM expires_at - created_at))::int AS seconds FROM password_reset WHERE member_id = $1::uuid",
      memberId).getJsonObject(0);
    assertNull(row.getValue("created_by_member_id"), "asked for by the member");
    assertEquals(30 * 60, row.getInteger("seconds"), "30 minutes");
    assertEquals(64, row.getString("code_hash").length(), "stored hashed");
    assertNotNull(listed(memberId).getLong("resetRequestedAt"), "the officer sees the request");
    assertEquals(0, server.query("SELECT count(*) AS n FROM password_reset r JOIN member m ON m.id = r.member_id"
      + " WHERE m.email = 'nobody-here@test.example'").getJsonObject(0).getInteger("n"));

    // The officer issues the link (the request's own code went nowhere: no mail yet); the request is answered.
    var issued = post("/api/members/" + memberId + "/password-reset", officer, new JsonObject());
    assertEquals(201, issued.statusCode(), issued.bodyAsString());
    String url = issued.bodyAsJsonObject().getString("url");
    assertTrue(url.startsWith("/reset.html#code="), url);
    assertNull(listed(memberId).getValue("resetRequestedAt"), "the request was answered");
    assertEquals(1, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'password_reset_issued'"
      + " AND subject = $1", "member:" + memberId).getJsonObject(0).getInteger("n"));

    var weak = reset(url, "Password1234");
    assertEquals(400, weak.statusCode());
    assertEquals("newPassword", weak.bodyAsJsonObject().getString("field"));
    server.query("UPDATE member SET must_change_password = true WHERE id = $1::uuid", memberId);
    assertEquals(204, reset(url, "a river of quiet stones").statusCode());
    var twice = reset(url, "a river of other stones");
    assertEquals(400, twice.statusCode(), "single-use");
    assertEquals("invalid_reset", twice.bodyAsJsonObject().getString("error"));
    assertEquals(401, get("/api/me", before).statusCode(), "every session ended");
    assertEquals(401, signIn("forgetful@test.example", NEW_PASSWORD).statusCode());
    var signedIn = signIn("forgetful@test.example", "a river of quiet stones");
    assertEquals(200, signedIn.statusCode());
    assertNull(signedIn.bodyAsJsonObject().getValue("mustChangePassword"), "no one-time password any more");

    // Expiry, without waiting: the row's end moved into the past.
    var another = post("/api/members/" + memberId + "/password-reset", officer, new JsonObject());
    String late = another.bodyAsJsonObject().getString("url");
    server.query("UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE member_id = $1::uuid"
      + " AND used_at IS NULL AND voided_at IS NULL", memberId);
    var expired = reset(late, "too late for this one");
    assertEquals(410, expired.statusCode(), expired.bodyAsString());
    assertEquals("reset_expired", expired.bodyAsJsonObject().getString("error"));
    assertEquals(twice.bodyAsJsonObject().getString("message"), expired.bodyAsJsonObject().getString("message"),
      "one plain message");
    var made = reset("/reset.html#code=made-up", "a made up code here");
    assertEquals(400, made.statusCode());
    assertEquals(200, signIn("forgetful@test.example", "a river of quiet stones").statusCode(), "nothing changed");
  }

  @Test
  void askingForResetsIsThrottledPerEmail() throws Exception {
    for (int i = 0; i < ResetThrottle.PER_EMAIL; i++) {
      assertEquals(202, askForReset("throttled@test.example").statusCode());
    }
    var refused = askForReset("THROTTLED@test.example");
    assertEquals(429, refused.statusCode());
    assertEquals("too_many_attempts", refused.bodyAsJsonObject().getString("error"));
    assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) > 0);
    assertEquals(1, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'password_reset_throttled'")
      .getJsonObject(0).getInteger("n"));
  }

  @Test
  void aDeactivatedMembersInvitationResetAndJoinLinkStopWorkingEvenOnceReactivated() throws Exception {
    JsonObject invited = invite("not-yet@test.example");
    String withoutPassword = invited.getString("memberId");
    String memberId = member("leaving@test.example");
    String token = signIn("leaving@test.example", NEW_PASSWORD).bodyAsJsonObject().getString("token");
    String resetUrl = post("/api/members/" + memberId + "/password-reset", officer, new JsonObject())
      .bodyAsJsonObject().getString("url");
    var link = post("/api/meetings/" + meetingId + "/join-links", officer, new JsonObject().put("memberId", memberId));
    assertEquals(201, link.statusCode(), link.bodyAsString());
    String joinToken = link.bodyAsJsonObject().getString("url").replaceAll(".*token=", "");

    for (String id : new String[] {withoutPassword, memberId}) {
      assertEquals(200, server.client.patch("/api/members/" + id).bearerTokenAuthentication(officer)
        .sendJsonObject(new JsonObject().put("active", false)).await(20, TimeUnit.SECONDS).statusCode());
    }
    assertEquals(400, accept(invited.getString("invitationUrl"), NEW_PASSWORD).statusCode());
    assertEquals(400, reset(resetUrl, "a deactivated password").statusCode());
    assertEquals(401, post("/api/auth/join", null, new JsonObject().put("token", joinToken)).statusCode());
    assertEquals("member_inactive", post("/api/members/" + withoutPassword + "/invitations", officer, new JsonObject())
      .bodyAsJsonObject().getString("error"));
    assertEquals("member_inactive", post("/api/members/" + memberId + "/password-reset", officer, new JsonObject())
      .bodyAsJsonObject().getString("error"));
    assertEquals(202, askForReset("leaving@test.example").statusCode(), "the same answer");
    assertEquals(0, server.query("SELECT count(*) AS n FROM password_reset WHERE member_id = $1::uuid"
      + " AND voided_at IS NULL AND used_at IS NULL", memberId).getJsonObject(0).getInteger("n"), "and no reset made");

    assertEquals(200, server.client.patch("/api/members/" + memberId).bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("active", true)).await(20, TimeUnit.SECONDS).statusCode());
    assertTrue(listed(memberId).getBoolean("active"));
    assertEquals(401, get("/api/me", token).statusCode(), "reactivation revives no old session");
    assertEquals(400, reset(resetUrl, "a reactivated password").statusCode(), "nor the old reset");
    assertEquals(401, post("/api/auth/join", null, new JsonObject().put("token", joinToken)).statusCode(),
      "nor the old join link");
    assertEquals(200, signIn("leaving@test.example", NEW_PASSWORD).statusCode(), "signing in again works");
    assertFalse(listed(withoutPassword).getBoolean("active"));
  }
}
