package org.ailive.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.TwoFactorFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 18, item 5: two-factor sign-in (TOTP), required for officers and chairs, optional for others. */
class TwoFactorTest {

  static final String PASSWORD = "a long and memorable passphrase";
  static TestServer server;
  static String demoPassword;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    var m = java.util.regex.Pattern.compile("password: (\\S+)")
      .matcher(java.nio.file.Files.readString(server.dataDir.resolve("demo-accounts.txt")));
    assertTrue(m.find());
    demoPassword = m.group(1);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void aPartnerEnrolsAndThenSignsInWithACodeFromTheWindowOnlyOnce() throws Exception {
    String email = member("Pat Partner", "partner");
    JsonObject first = signIn(email, PASSWORD);
    assertNotNull(first.getString("token"), "no code asked before it is set up: " + first.encode());
    String session = first.getString("token");

    var enrol = post("/api/auth/two-factor/enrol", session, new JsonObject());
    assertEquals(200, enrol.statusCode(), enrol.bodyAsString());
    JsonObject pending = enrol.bodyAsJsonObject();
    String secret = pending.getString("secret");
    assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
    assertTrue(pending.getString("otpauthUri").startsWith("otpauth://totp/A%26I%20Live:"), pending.getString("otpauthUri"));
    assertTrue(pending.getString("otpauthUri").contains("secret=" + secret));
    assertTrue(pending.getString("qr").startsWith("data:image/svg+xml;base64,"));
    String svg = new String(java.util.Base64.getDecoder().decode(pending.getString("qr").substring(26)));
    assertTrue(svg.startsWith("<svg") && svg.contains("<path d=\"M"), svg.substring(0, 80));
    byte[] key = Totp.fromBase32(secret);
    assertEquals(secret, Totp.base32(key), "Base32 both ways");

    // Pending until confirmed: signing in still asks for no code.
    assertNotNull(signIn(email, PASSWORD).getString("token"));
    assertEquals("bad_code", post("/api/auth/two-factor/confirm", session, new JsonObject().put("code", "000000"))
      .bodyAsJsonObject().getString("error"));
    settle();
    long confirmedAt = Totp.step(Instant.now());
    // The previous step's code sets it up (a phone's clock a little behind).
    var confirmed = post("/api/auth/two-factor/confirm", session, new JsonObject().put("code", code(key, -1)));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    List<String> recovery = confirmed.bodyAsJsonObject().getJsonArray("recoveryCodes").stream().map(String::valueOf).toList();
    assertEquals(10, recovery.size());
    assertEquals(10, recovery.stream().distinct().count());
    assertEquals("two_factor_enrolled", post("/api/auth/two-factor/enrol", session, new JsonObject())
      .bodyAsJsonObject().getString("error"), "one secret at a time");

    // The password now answers a challenge, no session and no cookie.
    var asked = post("/api/auth/sign-in", null, new JsonObject().put("email", email).put("password", PASSWORD));
    assertEquals(200, asked.statusCode());
    JsonObject challenge = asked.bodyAsJsonObject();
    assertEquals("totp", challenge.getString("secondFactor"));
    assertNull(challenge.getValue("token"));
    assertTrue(asked.headers().getAll("Set-Cookie").isEmpty(), "no browser session before the code");
    assertEquals(401, get("/api/me", challenge.getString("challenge")).statusCode(), "a challenge is no session");

    String c = challenge.getString("challenge");
    settle();
    assertEquals("bad_code", second(c, "code", "123456".equals(code(key, 0)) ? "654321" : "123456")
      .bodyAsJsonObject().getString("error"), "a wrong code");
    assertEquals("bad_code", second(c, "code", code(key, -2)).bodyAsJsonObject().getString("error"), "two steps before");
    assertEquals("bad_code", second(c, "code", code(key, 2)).bodyAsJsonObject().getString("error"), "two steps after");
    // A step later, so that the previous step's code is not the one used to confirm.
    waitForStep(confirmedAt + 1);
    settle();
    var previous = second(c, "code", code(key, -1));
    assertEquals(200, previous.statusCode(), "the previous step's code: " + previous.bodyAsString());
    assertNotNull(previous.bodyAsJsonObject().getString("token"));
    assertFalse(previous.headers().getAll("Set-Cookie").isEmpty(), "the browser session comes with the code");
    assertEquals(200, get("/api/meetings", previous.bodyAsJsonObject().getString("token")).statusCode());
    assertEquals("challenge_invalid", second(c, "code", code(key, 1)).bodyAsJsonObject().getString("error"),
      "a challenge opens one session");

    String c2 = challenge(email);
    settle();
    assertEquals("bad_code", second(c2, "code", code(key, -1)).bodyAsJsonObject().getString("error"),
      "the same code is not accepted twice");
    var next = second(c2, "code", code(key, 1));
    assertEquals(200, next.statusCode(), "the next step's code: " + next.bodyAsString());
    assertEquals("bad_code", second(challenge(email), "code", code(key, 0)).bodyAsJsonObject().getString("error"),
      "now's code is older than the one accepted last");

    // A recovery code works once (typed in capitals and without its dashes too).
    var recovered = second(challenge(email), "recoveryCode", recovery.get(3).toUpperCase().replace("-", ""));
    assertEquals(200, recovered.statusCode(), recovered.bodyAsString());
    assertEquals("bad_code", second(challenge(email), "recoveryCode", recovery.get(3)).bodyAsJsonObject()
      .getString("error"), "a recovery code is spent once used");
    JsonObject status = get("/api/auth/two-factor", recovered.bodyAsJsonObject().getString("token")).bodyAsJsonObject();
    assertEquals(true, status.getBoolean("enrolled"));
    assertEquals(false, status.getBoolean("required"));
    assertEquals(9, status.getInteger("recoveryCodesLeft"));

    // The secret and the codes are in no answer after enrolment and in no audit entry; the secret is kept encrypted.
    String audit = server.query("SELECT action, detail FROM audit_entry").encode();
    assertFalse(audit.contains(secret), "the secret is not audited");
    assertFalse(audit.contains(recovery.get(0)), "nor a recovery code");
    assertFalse(status.encode().contains(secret));
    for (String action : new String[] {"two_factor_enrolled", "recovery_code_used", "second_factor_failed"}) {
      assertTrue(audit.contains("\"" + action + "\""), action + " is audited");
    }
    String stored = server.query("SELECT encode(secret, 'hex') AS s FROM member_two_factor").encode();
    assertFalse(stored.toLowerCase().contains(java.util.HexFormat.of().formatHex(key)), "kept encrypted");
  }

  @Test
  void newRecoveryCodesReplaceTheOldAndAPartnerMayTurnItOff() throws Exception {
    String renewing = member("Rae Renewing", "partner");
    TwoFactorFixture.Enrolled r = TwoFactorFixture.signInAndEnrol(server, renewing, PASSWORD);
    settle();
    var renewed = post("/api/auth/two-factor/recovery-codes", r.token(),
      new JsonObject().put("code", TwoFactorFixture.freshCode(server, renewing, r.secret())));
    assertEquals(200, renewed.statusCode(), renewed.bodyAsString());
    assertEquals(10, renewed.bodyAsJsonObject().getJsonArray("recoveryCodes").size());
    assertEquals("bad_code", second(challenge(renewing), "recoveryCode", r.recoveryCodes().get(0)).bodyAsJsonObject()
      .getString("error"), "the old codes no longer work");
    var fresh = second(challenge(renewing), "recoveryCode", renewed.bodyAsJsonObject().getJsonArray("recoveryCodes").getString(0));
    assertEquals(200, fresh.statusCode(), fresh.bodyAsString());

    String leaving = member("Lee Leaving", "partner");
    TwoFactorFixture.Enrolled l = TwoFactorFixture.signInAndEnrol(server, leaving, PASSWORD);
    settle();
    var off = server.client.delete("/api/auth/two-factor").bearerTokenAuthentication(l.token())
      .sendJsonObject(new JsonObject().put("code", TwoFactorFixture.freshCode(server, leaving, l.secret())))
      .await(20, TimeUnit.SECONDS);
    assertEquals(204, off.statusCode(), off.bodyAsString());
    assertNotNull(signIn(leaving, PASSWORD).getString("token"), "no code asked any more");
    String audit = server.query("SELECT action FROM audit_entry").encode();
    assertTrue(audit.contains("recovery_codes_renewed") && audit.contains("two_factor_disabled"), audit);
  }

  @Test
  void anOfficerOrChairWithoutItGetsASessionForSettingItUpOnly() throws Exception {
    String email = member("Carla Chair", "chair");
    JsonObject first = signIn(email, PASSWORD);
    assertEquals(Boolean.TRUE, first.getBoolean("twoFactorEnrolmentRequired"), first.encode());
    String setUp = first.getString("token");
    for (String path : new String[] {"/api/meetings", "/api/members", "/api/agencies"}) {
      var refused = get(path, setUp);
      assertEquals(403, refused.statusCode(), path);
      assertEquals("two_factor_enrolment_required", refused.bodyAsJsonObject().getString("error"), path);
    }
    assertEquals("two_factor_enrolment_required", post("/api/auth/refresh", setUp, new JsonObject())
      .bodyAsJsonObject().getString("error"), "no refresh into an ordinary session");
    assertEquals(200, get("/api/me", setUp).statusCode());
    assertEquals(true, get("/api/auth/two-factor", setUp).bodyAsJsonObject().getBoolean("required"));

    TwoFactorFixture.Enrolled enrolled = TwoFactorFixture.enrol(server, setUp);
    assertNotEquals(setUp, enrolled.token(), "confirming gives a full session");
    assertEquals(200, get("/api/meetings", enrolled.token()).statusCode());
    assertEquals(401, get("/api/me", setUp).statusCode(), "the set-up session has ended");
    var off = server.client.delete("/api/auth/two-factor").bearerTokenAuthentication(enrolled.token())
      .sendJsonObject(new JsonObject().put("code", "000000")).await(20, TimeUnit.SECONDS);
    assertEquals("two_factor_required", off.bodyAsJsonObject().getString("error"), "a chair keeps it");
    JsonObject again = TwoFactorFixture.signIn(server, email, PASSWORD, enrolled.secret());
    assertEquals(200, get("/api/meetings", again.getString("token")).statusCode());
  }

  @Test
  void aJoinLinkIsNoWayRoundTheCodeForAChair() throws Exception {
    String email = member("Jo Linkchair", "chair");
    String chairId = TwoFactorFixture.memberId(server, email);
    String meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    server.query("INSERT INTO panel_member (panel_id, member_id) SELECT panel_id, $1::uuid FROM meeting WHERE id = $2::uuid",
      chairId, meetingId);
    String officer = signIn("officer@demo.ailive.test", demoPassword).getString("token");
    JsonObject link = post("/api/meetings/" + meetingId + "/join-links", officer, new JsonObject().put("memberId", chairId))
      .bodyAsJsonObject();
    String token = link.getString("url").substring(link.getString("url").indexOf("token=") + 6);
    var opened = post("/api/auth/join", null, new JsonObject().put("token", token));
    assertEquals(403, opened.statusCode(), opened.bodyAsString());
    assertEquals("sign_in_required", opened.bodyAsJsonObject().getString("error"));
    assertTrue(opened.cookies().stream().noneMatch(c -> c.startsWith("ailive_session=")), "no session of any kind");
  }

  @Test
  void demoAccountsNeedNoCodeWhileTheDemoBannerShows() throws Exception {
    assertEquals(true, server.client.get("/api/instance").send().await(20, TimeUnit.SECONDS).bodyAsJsonObject()
      .getBoolean("demo"), "the banner shows");
    JsonObject chair = signIn("chair@demo.ailive.test", demoPassword);
    assertNull(chair.getValue("twoFactorEnrolmentRequired"), chair.encode());
    assertEquals(200, get("/api/meetings", chair.getString("token")).statusCode(), "a full session");
    assertEquals(false, get("/api/auth/two-factor", chair.getString("token")).bodyAsJsonObject().getBoolean("required"));
  }

  @Test
  void anotherOfficerResetsItTheMemberSessionsEndAndTheyEnrolAgain() throws Exception {
    String email = member("Olu Officer", "officer");
    TwoFactorFixture.Enrolled enrolled = TwoFactorFixture.signInAndEnrol(server, email, PASSWORD);
    String id = TwoFactorFixture.memberId(server, email);
    assertEquals(403, post("/api/members/" + id + "/two-factor/reset", enrolled.token(), new JsonObject()).statusCode(),
      "never one's own");
    assertEquals(403, post("/api/members/" + id + "/two-factor/reset", server.demoToken("chair@demo.ailive.test"),
      new JsonObject()).statusCode(), "officers only");

    String other = TwoFactorFixture.signInAndEnrol(server, member("Ola Officer", "officer"), PASSWORD).token();
    var reset = post("/api/members/" + id + "/two-factor/reset", other, new JsonObject());
    assertEquals(204, reset.statusCode(), reset.bodyAsString());
    assertEquals(401, get("/api/me", enrolled.token()).statusCode(), "their sessions end");
    JsonObject next = signIn(email, PASSWORD);
    assertEquals(Boolean.TRUE, next.getBoolean("twoFactorEnrolmentRequired"), "they set it up again: " + next.encode());
    assertEquals(1, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'two_factor_reset' AND subject = $1",
      "member:" + id).getJsonObject(0).getInteger("n"));
  }

  @Test
  void wrongCodesAreSlowedDown() throws Exception {
    String email = member("Tia Throttled", "officer");
    byte[] key = Totp.fromBase32(TwoFactorFixture.signInAndEnrol(server, email, PASSWORD).secret());
    String c = challenge(email);
    int refused = 0;
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < SignInThrottle.ACCOUNT_FREE_FAILURES + 1; i++) {
      last = second(c, "code", wrong(key));
      if (last.statusCode() == 401) {
        refused++;
      }
    }
    assertEquals(SignInThrottle.ACCOUNT_FREE_FAILURES, refused);
    assertEquals(429, last.statusCode(), last.bodyAsString());
    assertEquals("too_many_attempts", last.bodyAsJsonObject().getString("error"));
    assertNotNull(last.getHeader("Retry-After"));
  }

  // ----------------------------------------------------------------------------------------- helpers

  /** A new member with a password (not a demo account) and the given role; their e-mail. */
  static String member(String name, String role) throws Exception {
    String email = name.toLowerCase().replace(' ', '.') + "@council.example";
    String hash = server.vertx.executeBlocking(() -> Passwords.hash(PASSWORD)).await(20, TimeUnit.SECONDS);
    server.query("INSERT INTO member (full_name, email, roles, password_hash) VALUES ($1, $2, $3, $4)",
      name, email, new String[] {role}, hash);
    return email;
  }

  /** The code of the step {@code offset} steps from now. */
  static String code(byte[] key, int offset) {
    return Totp.code(key, Totp.step(Instant.now()) + offset);
  }

  /** A code of none of the steps around now. */
  static String wrong(byte[] key) {
    for (int n = 100000; ; n++) {
      String guess = Integer.toString(n);
      if (!guess.equals(code(key, -1)) && !guess.equals(code(key, 0)) && !guess.equals(code(key, 1))) {
        return guess;
      }
    }
  }

  /** Waits out the last two seconds of a step, so "now" is the same step here and at the server. */
  static void settle() throws InterruptedException {
    long into = Instant.now().getEpochSecond() % 30;
    if (into >= 27) {
      Thread.sleep((31 - into) * 1000);
    }
  }

  static void waitForStep(long step) throws InterruptedException {
    while (Totp.step(Instant.now()) < step) {
      Thread.sleep(500);
    }
  }

  static JsonObject signIn(String email, String password) throws Exception {
    var res = post("/api/auth/sign-in", null, new JsonObject().put("email", email).put("password", password));
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  static String challenge(String email) throws Exception {
    String c = signIn(email, PASSWORD).getString("challenge");
    assertNotNull(c, "a code is asked");
    return c;
  }

  static HttpResponse<Buffer> second(String challenge, String field, String value) throws Exception {
    return post("/api/auth/sign-in/second-factor", null, new JsonObject().put("challenge", challenge).put(field, value));
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
}
