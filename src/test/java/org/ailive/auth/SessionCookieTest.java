package org.ailive.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, item 5: one sign-in per browser. Sign-in sets an HttpOnly, SameSite=Strict cookie on
 * {@code /api/auth/session} only; that route mints session tokens of the same browser session for
 * new tabs, only with its CSRF header and from this site; signing out ends every token of the
 * browser session and the cookie with them.
 */
class SessionCookieTest {

  static TestServer server;
  static String password;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    password = Files.readString(server.dataDir.resolve("demo-accounts.txt")).replaceAll("(?s).*password: (\\S+).*", "$1");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  /** A sign-in as a browser sees it: the tab's token and the Set-Cookie header. */
  record Browser(String token, String setCookie) {
    String cookie() {
      return setCookie.split(";", 2)[0];
    }
  }

  static HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    HttpRequest<Buffer> req = server.client.post(path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return body == null ? req.send().await(20, TimeUnit.SECONDS) : req.sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  static String sessionCookieOf(HttpResponse<Buffer> res) {
    List<String> cookies = res.headers().getAll("Set-Cookie").stream()
      .filter(c -> c.startsWith(SessionCookie.NAME + "=")).toList();
    assertTrue(cookies.size() <= 1, "one session cookie: " + cookies);
    return cookies.isEmpty() ? null : cookies.get(0);
  }

  static Browser signIn(String email) throws Exception {
    var res = post("/api/auth/sign-in", null, new JsonObject().put("email", email).put("password", password));
    assertEquals(200, res.statusCode(), res.bodyAsString());
    String cookie = sessionCookieOf(res);
    assertNotNull(cookie, "sign-in sets the session cookie");
    return new Browser(res.bodyAsJsonObject().getString("token"), cookie);
  }

  /** POST /api/auth/session as a tab of that browser would send it. */
  static HttpResponse<Buffer> resume(String cookie, String csrf, String origin) throws Exception {
    HttpRequest<Buffer> req = server.client.post("/api/auth/session");
    if (cookie != null) {
      req.putHeader("Cookie", cookie);
    }
    if (csrf != null) {
      req.putHeader(SessionCookie.CSRF_HEADER, csrf);
    }
    if (origin != null) {
      req.putHeader("Origin", origin);
    }
    return req.send().await(20, TimeUnit.SECONDS);
  }

  static int me(String token) throws Exception {
    return server.client.get("/api/me").bearerTokenAuthentication(token).send().await(20, TimeUnit.SECONDS).statusCode();
  }

  static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  void theCookieIsHttpOnlyStrictOnTheSessionRouteOnlyAndLastsTheSession() throws Exception {
    Browser b = signIn("police@demo.ailive.test");
    String c = b.setCookie();
    assertTrue(c.contains("; HTTPOnly") || c.contains("; HttpOnly"), c);
    assertTrue(c.contains("; SameSite=Strict"), c);
    assertTrue(c.contains("; Path=/api/auth/session"), c);
    assertFalse(c.contains("Max-Age") || c.contains("Expires"),
      "a browser-session cookie, forgotten when the browser closes (the token inside expires with the session): " + c);
    assertFalse(c.contains("Secure"), "no Secure flag without an https publicUrl: " + c);
    assertFalse(c.contains("Domain="), "this host only: " + c);
    String refresh = b.cookie().substring(SessionCookie.NAME.length() + 1);
    assertEquals("refresh", payload(refresh).getString("kind"));
    assertEquals(401, me(refresh), "the cookie's token is no bearer token");
  }

  @Test
  void aNewTabGetsATokenOfTheSameBrowserSession() throws Exception {
    Browser b = signIn("police@demo.ailive.test");
    var res = resume(b.cookie(), "1", "http://localhost:" + server.port());
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonObject out = res.bodyAsJsonObject();
    String tab = out.getString("token");
    assertEquals(200, me(tab));
    assertEquals("Gemma Rowe", out.getJsonObject("member").getString("fullName"));
    assertEquals(payload(b.token()).getString("sid"), payload(tab).getString("sid"), "one browser session");
    assertEquals(payload(b.token()).getLong("auth_time"), payload(tab).getLong("auth_time"), "never longer than the sign-in's");
    assertTrue(out.getInteger("expiresInMinutes") > 0);
  }

  @Test
  void theSessionRouteRefusesWithoutItsHeaderFromAnotherSiteAndWithoutACookie() throws Exception {
    Browser b = signIn("police@demo.ailive.test");
    var noHeader = resume(b.cookie(), null, null);
    assertEquals(403, noHeader.statusCode(), noHeader.bodyAsString());
    assertEquals("csrf_refused", noHeader.bodyAsJsonObject().getString("error"));
    assertFalse(noHeader.bodyAsString().contains("\"token\""));
    var wrongHeader = resume(b.cookie(), "yes please", null);
    assertEquals(403, wrongHeader.statusCode());
    var otherSite = resume(b.cookie(), "1", "https://evil.example");
    assertEquals(403, otherSite.statusCode(), otherSite.bodyAsString());
    assertEquals("csrf_refused", otherSite.bodyAsJsonObject().getString("error"));
    var noCookie = resume(null, "1", null);
    assertEquals(401, noCookie.statusCode());
    assertEquals("unauthorized", noCookie.bodyAsJsonObject().getString("error"));
    var forged = resume(SessionCookie.NAME + "=" + b.token(), "1", null);
    assertEquals(401, forged.statusCode(), "a session token is no refresh token");
    assertEquals(200, resume(b.cookie(), "1", null).statusCode(), "the cookie itself was fine all along");
  }

  @Test
  void signingOutInOneTabEndsEveryTabsTokenAndTheCookie() throws Exception {
    Browser b = signIn("housing@demo.ailive.test");
    String secondTab = resume(b.cookie(), "1", null).bodyAsJsonObject().getString("token");
    String thirdTab = resume(b.cookie(), "1", null).bodyAsJsonObject().getString("token");
    String otherDevice = signIn("housing@demo.ailive.test").token();
    assertEquals(200, me(secondTab));

    var out = post("/api/auth/sign-out", thirdTab, null);
    assertEquals(204, out.statusCode(), out.bodyAsString());
    String cleared = sessionCookieOf(out);
    assertNotNull(cleared, "sign-out clears the cookie");
    assertTrue(cleared.startsWith(SessionCookie.NAME + "=;") && cleared.contains("Max-Age=0")
      && cleared.contains("Path=/api/auth/session"), cleared);

    assertEquals(401, me(secondTab), "another tab's token stopped working");
    assertEquals(401, me(b.token()), "the sign-in tab's too");
    var again = resume(b.cookie(), "1", null);
    assertEquals(401, again.statusCode(), "a kept copy of the cookie is refused after sign-out");
    assertTrue(sessionCookieOf(again).contains("Max-Age=0"), "and cleared");
    assertEquals(200, me(otherDevice), "another browser's session goes on");

    // A refresh of a tab's token stays in its browser session, so signing out ends it too.
    Browser c = signIn("housing@demo.ailive.test");
    var refreshed = post("/api/auth/refresh", c.token(), null);
    assertEquals(200, refreshed.statusCode(), refreshed.bodyAsString());
    String renewed = refreshed.bodyAsJsonObject().getString("token");
    assertEquals(payload(c.token()).getString("sid"), payload(renewed).getString("sid"));
    String tab = resume(c.cookie(), "1", null).bodyAsJsonObject().getString("token");
    assertEquals(204, post("/api/auth/sign-out", tab, null).statusCode());
    assertEquals(401, me(renewed));
  }

  @Test
  void anotherTabsLiveSocketClosesWhenOneTabSignsOut() throws Exception {
    String meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    Browser b = signIn("chair@demo.ailive.test");
    String roomTab = resume(b.cookie(), "1", null).bodyAsJsonObject().getString("token");
    String otherDevice = signIn("chair@demo.ailive.test").token();
    BusClient room = BusClient.connect(server.vertx, server.port(), roomTab);
    BusClient elsewhere = BusClient.connect(server.vertx, server.port(), otherDevice);
    try {
      for (BusClient bus : List.of(room, elsewhere)) {
        bus.listen("ailive.meeting." + meetingId + ".events");
        bus.await(m -> m.getJsonObject("body") != null && "joined".equals(m.getJsonObject("body").getString("type")), "joined");
      }
      assertEquals(204, post("/api/auth/sign-out", b.token(), null).statusCode());
      long deadline = System.currentTimeMillis() + 5000;
      while (!room.isClosed() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(room.isClosed(), "the room tab's socket closed with its browser session");
      assertFalse(elsewhere.isClosed(), "another browser's socket stays open");
    } finally {
      room.close();
      elsewhere.close();
    }
  }

  @Test
  void signOutEverywhereEndsTheCookieToo() throws Exception {
    Browser b = signIn("camhs@demo.ailive.test");
    var out = post("/api/auth/sign-out-everywhere", b.token(), null);
    assertEquals(204, out.statusCode());
    assertTrue(sessionCookieOf(out).contains("Max-Age=0"));
    assertEquals(401, resume(b.cookie(), "1", null).statusCode());
  }

  @Test
  void aOneTimePasswordGivesNoCookieUntilANewPasswordIsChosen() throws Exception {
    String email = "observer@demo.ailive.test";
    server.query("UPDATE member SET must_change_password = true WHERE email = $1", email);
    var oneTime = post("/api/auth/sign-in", null, new JsonObject().put("email", email).put("password", password));
    assertEquals(200, oneTime.statusCode(), oneTime.bodyAsString());
    assertTrue(oneTime.bodyAsJsonObject().getBoolean("mustChangePassword"));
    assertNull(sessionCookieOf(oneTime), "a one-time password opens no browser session");
    String chosen = "a quiet meadow with seven oak trees";
    var changed = post("/api/auth/change-password", oneTime.bodyAsJsonObject().getString("token"),
      new JsonObject().put("currentPassword", password).put("newPassword", chosen));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    String cookie = sessionCookieOf(changed);
    assertNotNull(cookie, "the new password begins the browser session");
    assertEquals(200, resume(cookie.split(";", 2)[0], "1", null).statusCode());
  }

  @Test
  void aJoinLinksCookieMintsTokensForThatMeetingOnly() throws Exception {
    String meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    String police = server.query("SELECT id FROM member WHERE email = 'police@demo.ailive.test'")
      .getJsonObject(0).getString("id");
    var link = post("/api/meetings/" + meetingId + "/join-links", server.demoToken("officer@demo.ailive.test"),
      new JsonObject().put("memberId", police));
    assertEquals(201, link.statusCode(), link.bodyAsString());
    var joined = post("/api/auth/join", null, new JsonObject().put("token",
      link.bodyAsJsonObject().getString("url").replaceAll(".*token=", "")));
    assertEquals(200, joined.statusCode(), joined.bodyAsString());
    var res = resume(sessionCookieOf(joined).split(";", 2)[0], "1", null);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    assertEquals(meetingId, res.bodyAsJsonObject().getJsonObject("member").getString("meetingScope"));
    String tab = res.bodyAsJsonObject().getString("token");
    assertEquals(meetingId, payload(tab).getString("meeting"));
    assertNotNull(payload(tab).getString("link"), "withdrawing the link ends it");
    assertEquals(403, server.client.get("/api/actions").bearerTokenAuthentication(tab).send()
      .await(20, TimeUnit.SECONDS).statusCode(), "nothing beyond the meeting (the partner's own sign-in reaches the action log)");
    assertEquals(200, server.client.get("/api/actions").bearerTokenAuthentication(server.demoToken("police@demo.ailive.test"))
      .send().await(20, TimeUnit.SECONDS).statusCode());
  }
}
