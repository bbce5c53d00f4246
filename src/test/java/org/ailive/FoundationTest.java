package org.ailive;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3: the service starts on an empty data dir, guards its API and keeps its data. */
class FoundationTest {

  static TestServer server;
  static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("ailive-foundation");
    server = TestServer.start(dataDir, false);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(dataDir);
  }

  private HttpResponse<Buffer> get(String path, String token) throws Exception {
    var req = server.client.get(path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.send().await(20, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(String path, String token, Buffer body) throws Exception {
    var req = server.client.post(path).putHeader("Content-Type", "application/json");
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.sendBuffer(body).await(20, TimeUnit.SECONDS);
  }

  private static String officerSession;

  /**
   * The officer signed in with their password, and two-factor sign-in set up for real at the first
   * call (issue 18: an officer's password alone opens a session for setting it up only); one session.
   */
  private String signInOfficer() throws Exception {
    if (officerSession == null) {
      officerSession = TwoFactorFixture.signInAndEnrol(server, TestServer.OFFICER_EMAIL, TestServer.OFFICER_PASSWORD)
        .token();
    }
    return officerSession;
  }

  @Test
  void firstStartMigratesAndServesHealth() throws Exception {
    var res = get("/health", null);
    assertEquals(200, res.statusCode());
    assertEquals("up", res.bodyAsJsonObject().getString("database"));
    assertTrue(Files.exists(dataDir.resolve("postgres/PG_VERSION")), "the embedded data dir is under dataDir");
    var tables = server.query("SELECT count(*) AS n FROM flyway_schema_history WHERE success");
    assertTrue(tables.getJsonObject(0).getLong("n") >= 1);
  }

  @Test
  void metricsAreServedForPrometheus() throws Exception {
    get("/health", null);
    var res = get("/metrics", null);
    assertEquals(200, res.statusCode());
    assertTrue(res.bodyAsString().contains("vertx_http_server_requests_total"), res.bodyAsString());
  }

  @Test
  void signInPageIsServed() throws Exception {
    var res = get("/", null);
    assertEquals(200, res.statusCode());
    assertTrue(res.bodyAsString().contains("<form"), "the sign-in page has a form");
    assertNotNull(res.getHeader("Content-Security-Policy"));
    assertEquals("nosniff", res.getHeader("X-Content-Type-Options"));
  }

  @Test
  void apiWithoutTokenIs401AsJson() throws Exception {
    var res = get("/api/meetings", null);
    assertEquals(401, res.statusCode());
    assertEquals("unauthorized", res.bodyAsJsonObject().getString("error"));
    var forged = get("/api/meetings", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA");
    assertEquals(401, forged.statusCode());
  }

  @Test
  void wrongRoleIs403() throws Exception {
    String partner = server.newMemberToken("A Partner", "partner");
    var res = post("/api/meetings", partner, new JsonObject().put("panelId", UUID.randomUUID().toString())
      .put("meetingDate", "2027-01-06").toBuffer());
    assertEquals(403, res.statusCode());
    assertEquals("forbidden", res.bodyAsJsonObject().getString("error"));
  }

  @Test
  void badPasswordAndUnknownEmailGetTheSame401() throws Exception {
    var wrongPassword = post("/api/auth/sign-in", null, new JsonObject().put("email", TestServer.OFFICER_EMAIL)
      .put("password", "wrong").toBuffer());
    var unknownEmail = post("/api/auth/sign-in", null, new JsonObject().put("email", "nobody@test.example")
      .put("password", TestServer.OFFICER_PASSWORD).toBuffer());
    assertEquals(401, wrongPassword.statusCode());
    assertEquals(401, unknownEmail.statusCode());
    assertEquals(wrongPassword.bodyAsString(), unknownEmail.bodyAsString(), "neither part is revealed");
    assertFalse(wrongPassword.bodyAsString().toLowerCase().contains("unknown"));
    var audit = server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'sign_in_failed'");
    assertTrue(audit.getJsonObject(0).getLong("n") >= 2);
  }

  @Test
  void signedInOfficerSeesThemselves() throws Exception {
    String token = signInOfficer();
    var me = get("/api/me", token);
    assertEquals(200, me.statusCode());
    assertTrue(me.bodyAsJsonObject().getJsonArray("roles").contains("officer"));
  }

  @Test
  void malformedJsonIs400WithAMessage() throws Exception {
    var res = post("/api/auth/sign-in", null, Buffer.buffer("{\"email\": "));
    assertEquals(400, res.statusCode());
    assertEquals("bad_json", res.bodyAsJsonObject().getString("error"));
    assertFalse(res.bodyAsJsonObject().getString("message").isBlank());
    var wrongType = post("/api/auth/sign-in", null, new JsonObject().put("email", 42).put("password", "x").toBuffer());
    assertEquals(400, wrongType.statusCode());
    assertTrue(wrongType.bodyAsJsonObject().getString("field").equals("email"), "names the field");
  }

  @Test
  void oversizeBodyIs413() throws Exception {
    String big = "x".repeat((int) server.config.bodyLimitBytes() + 10);
    var res = post("/api/auth/sign-in", null, new JsonObject().put("email", big).put("password", "x").toBuffer());
    assertEquals(413, res.statusCode());
    assertEquals("body_too_large", res.bodyAsJsonObject().getString("error"));
  }

  @Test
  void aSecondServiceOnTheSameDataDirIsRefusedAndTheFirstRunsOn() throws Exception {
    var vertx = App.newVertx();
    try {
      var failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> App.start(vertx, server.config).await(60, TimeUnit.SECONDS));
      assertTrue(failure.getMessage().contains("in use by another running A&I Live"), failure.getMessage());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    assertEquals(200, get("/health", null).statusCode());
    assertEquals(200, server.client.get("/api/me").bearerTokenAuthentication(signInOfficer()).send()
      .await(20, TimeUnit.SECONDS).statusCode(), "the first service's database is untouched");
  }

  @Test
  void unknownApiRouteIs404Json() throws Exception {
    var res = get("/api/nothing-here", signInOfficer());
    assertEquals(404, res.statusCode());
    assertEquals("not_found", res.bodyAsJsonObject().getString("error"));
  }
}
