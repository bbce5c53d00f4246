package org.ailive;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.ailive.auth.Totp;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Signs officers and chairs in as a person would now (issue 18): the password, then setting up
 * two-factor sign-in for real (the codes computed from the secret the service gave, with the same
 * code generator), then a code at every later sign-in. Nothing in the service is switched off for it.
 */
public final class TwoFactorFixture {

  /** A member signed in with two-factor sign-in set up: their full session, their secret and recovery codes. */
  public record Enrolled(String token, String secret, java.util.List<String> recoveryCodes) {
  }

  private TwoFactorFixture() {
  }

  /** Signs in with the password (an officer or chair without two-factor gets a set-up session) and sets it up. */
  public static Enrolled signInAndEnrol(TestServer server, String email, String password) throws Exception {
    JsonObject first = post(server.client, "/api/auth/sign-in", null,
      new JsonObject().put("email", email).put("password", password), 200);
    return enrol(server, first.getString("token"));
  }

  /** Sets two-factor sign-in up with this session; the answer's session (a new one for a set-up session, else the same). */
  public static Enrolled enrol(TestServer server, String token) throws Exception {
    JsonObject enrol = post(server.client, "/api/auth/two-factor/enrol", token, new JsonObject(), 200);
    String secret = enrol.getString("secret");
    JsonObject confirmed = post(server.client, "/api/auth/two-factor/confirm", token,
      new JsonObject().put("code", Totp.code(Totp.fromBase32(secret), Totp.step(Instant.now()))), 200);
    String session = confirmed.getString("token", token);
    return new Enrolled(session, secret, confirmed.getJsonArray("recoveryCodes").stream().map(String::valueOf).toList());
  }

  /**
   * Signs in with the password and a code; when the code of every step within the window was used
   * already (a sign-in a moment ago), waits for the next step, as a person would.
   */
  public static JsonObject signIn(TestServer server, String email, String password, String secret) throws Exception {
    JsonObject first = post(server.client, "/api/auth/sign-in", null,
      new JsonObject().put("email", email).put("password", password), 200);
    if (!"totp".equals(first.getString("secondFactor"))) {
      throw new AssertionError("no code asked of " + email + ": " + first.encode());
    }
    return post(server.client, "/api/auth/sign-in/second-factor", null, new JsonObject()
      .put("challenge", first.getString("challenge")).put("code", freshCode(server, email, secret)), 200);
  }

  /** A code the service has not accepted yet for this member: now's, or the next step's (within the window). */
  public static String freshCode(TestServer server, String email, String secret) throws Exception {
    var rows = server.query("SELECT t.last_step FROM member_two_factor t JOIN member m ON m.id = t.member_id"
      + " WHERE lower(m.email) = lower($1)", email);
    long last = rows.isEmpty() ? 0 : rows.getJsonObject(0).getLong("last_step");
    long step = Totp.step(Instant.now());
    while (step <= last - 1) {
      Thread.sleep(1000);
      step = Totp.step(Instant.now());
    }
    return Totp.code(Totp.fromBase32(secret), Math.max(step, last + 1));
  }

  public static String memberId(TestServer server, String email) throws Exception {
    return server.query("SELECT id FROM member WHERE lower(email) = lower($1)", email).getJsonObject(0).getString("id");
  }

  static JsonObject post(WebClient client, String path, String token, JsonObject body, int status) throws Exception {
    var req = client.post(path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    var res = req.sendJsonObject(body).await(20, TimeUnit.SECONDS);
    if (res.statusCode() != status) {
      throw new AssertionError(path + ": " + res.statusCode() + " " + res.bodyAsString());
    }
    return res.bodyAsJsonObject();
  }

}
