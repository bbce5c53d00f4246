package org.ailive.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 6: a session has an absolute lifetime from its sign-in that refreshing cannot
 * extend; a live listener ends when its token does (a join-link session's too); "sign out
 * everywhere" ends every token and socket of the member.
 */
class SessionTest {

  static TestServer server;
  static String password;
  static String meetingId;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    password = Files.readString(server.dataDir.resolve("demo-accounts.txt")).replaceAll("(?s).*password: (\\S+).*", "$1");
    meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
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

  static String signIn(String email) throws Exception {
    var res = post("/api/auth/sign-in", null, new JsonObject().put("email", email).put("password", password));
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getString("token");
  }

  static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  static Identity identityOf(String email) throws Exception {
    JsonObject row = server.query("SELECT id::text AS id, full_name, array_to_string(roles, ',') AS roles FROM member"
      + " WHERE email = $1", email).getJsonObject(0);
    return new Identity(UUID.fromString(row.getString("id")), row.getString("full_name"), null, null,
      Set.of(row.getString("roles").split(",")));
  }

  /** A session token as the server signs them, with claims of our choosing (here: when its member signed in). */
  static String sessionSignedInAt(String realToken, Long authTime) {
    JsonObject claims = payload(realToken);
    String sub = claims.getString("sub");
    for (String k : new String[] {"sub", "iss", "iat", "exp", "auth_time"}) {
      claims.remove(k);
    }
    claims.put("jti", UUID.randomUUID().toString());
    if (authTime != null) {
      claims.put("auth_time", authTime);
    }
    return server.app.tokens().jwtAuth().generateToken(claims, new JWTOptions().setAlgorithm("ES256")
      .setSubject(sub).setIssuer("ailive").setExpiresInSeconds(3600));
  }

  static void awaitClosed(BusClient bus, long withinMs) throws Exception {
    long deadline = System.currentTimeMillis() + withinMs;
    while (!bus.isClosed() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(bus.isClosed(), "the socket was closed");
  }

  static BusClient joined(String token) throws Exception {
    BusClient bus = BusClient.connect(server.vertx, server.port(), token);
    bus.listen("ailive.meeting." + meetingId + ".events");
    bus.await(m -> m.getJsonObject("body") != null && "joined".equals(m.getJsonObject("body").getString("type")), "joined");
    return bus;
  }

  @Test
  void aRefreshKeepsTheSignInTimeAndNeverPassesTheLimit() throws Exception {
    String token = signIn("camhs@demo.ailive.test");
    JsonObject first = payload(token);
    assertNotNull(first.getLong("auth_time"), "the token says when its member signed in: " + first);
    var res = post("/api/auth/refresh", token, new JsonObject());
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonObject fresh = payload(res.bodyAsJsonObject().getString("token"));
    assertEquals(first.getLong("auth_time"), fresh.getLong("auth_time"), "kept across the refresh");
    assertTrue(fresh.getLong("exp") <= first.getLong("auth_time") + 12 * 3600, "never past sessionMaxHours: " + fresh);
    assertTrue(res.bodyAsJsonObject().getLong("expiresInMinutes") <= 12 * 60);
  }

  @Test
  void aRefreshPastTheAbsoluteLifetimeIsRefusedAndChangesNothing() throws Exception {
    String real = server.demoToken("police@demo.ailive.test");
    long now = System.currentTimeMillis() / 1000;
    String old = sessionSignedInAt(real, now - 13 * 3600);
    assertEquals(200, get("/api/me", old).statusCode(), "still a valid token until its own expiry");
    var refused = post("/api/auth/refresh", old, new JsonObject());
    assertEquals(401, refused.statusCode(), refused.bodyAsString());
    assertEquals("session_expired", refused.bodyAsJsonObject().getString("error"));
    assertEquals(200, get("/api/me", old).statusCode(), "nothing was revoked by the refusal");

    var noSignInTime = post("/api/auth/refresh", sessionSignedInAt(real, null), new JsonObject());
    assertEquals(401, noSignInTime.statusCode(), "a token that does not say when its member signed in");
    assertEquals("session_expired", noSignInTime.bodyAsJsonObject().getString("error"));

    var inTime = post("/api/auth/refresh", sessionSignedInAt(real, now - 11 * 3600), new JsonObject());
    assertEquals(200, inTime.statusCode(), inTime.bodyAsString());
    JsonObject renewed = payload(inTime.bodyAsJsonObject().getString("token"));
    assertTrue(renewed.getLong("exp") <= now - 11 * 3600 + 12 * 3600 + 1, "an hour left, not a whole new session: " + renewed);
  }

  @Test
  void aLiveListenerEndsWhenItsTokenExpires() throws Exception {
    String shortLived = server.app.tokens().issue(identityOf("police@demo.ailive.test"), 3);
    BusClient bus = joined(shortLived);
    try {
      assertFalse(bus.isClosed());
      awaitClosed(bus, 8000);
    } finally {
      bus.close();
    }
  }

  @Test
  void aJoinLinkSessionsSocketEndsWithItsSession() throws Exception {
    Identity scoped = identityOf("police@demo.ailive.test").scopedTo(UUID.fromString(meetingId));
    // As a join-link session near the end of its meeting day: three seconds left.
    String nearTheEnd = server.app.tokens().issueFromLink(scoped, UUID.randomUUID(), 3);
    BusClient bus = joined(nearTheEnd);
    try {
      awaitClosed(bus, 8000);
    } finally {
      bus.close();
    }
  }

  @Test
  void signingOutEverywhereEndsEveryTokenAndSocketOfTheMember() throws Exception {
    String laptop = signIn("housing@demo.ailive.test");
    String phone = signIn("housing@demo.ailive.test");
    String other = signIn("camhs@demo.ailive.test");
    BusClient onThePhone = joined(phone);
    try {
      assertEquals(401, post("/api/auth/sign-out-everywhere", null, new JsonObject()).statusCode());
      assertEquals(204, post("/api/auth/sign-out-everywhere", laptop, new JsonObject()).statusCode());
      assertEquals(401, get("/api/me", laptop).statusCode());
      assertEquals(401, get("/api/me", phone).statusCode(), "the other device's token too");
      awaitClosed(onThePhone, 5000);
      assertEquals(200, get("/api/me", other).statusCode(), "another member is not touched");
      assertEquals(1, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'sign_out_everywhere'")
        .getJsonObject(0).getInteger("n"));
    } finally {
      onThePhone.close();
    }
    // At once, in the same second too: the cut-off compares to the millisecond.
    assertEquals(200, get("/api/me", signIn("housing@demo.ailive.test")).statusCode(), "signing in again works");
  }
}
