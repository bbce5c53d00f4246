package org.ailive.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.App;
import org.ailive.TestServer;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 9: common and breached passwords are refused, case-insensitively, wherever a
 * password is set: accepting an invitation, the configured first officer (and every later change:
 * {@link FirstSignInTest}). {@code Password1234} passes the length rule, so only the list stops it.
 */
class PasswordPolicyTest {

  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void theShippedListRefusesCommonPasswordsInAnyCase() {
    for (String common : new String[] {"Password1234", "PASSWORD1234", "password1234", "qwerty123456",
        "123456789012", " Password1234 "}) {
      String problem = PasswordPolicy.problem(common);
      assertNotNull(problem, common);
      assertTrue(problem.contains("common"), problem);
    }
    assertTrue(PasswordPolicy.problem("short").contains("at least 12"));
    assertTrue(PasswordPolicy.problem("abababababab").contains("repeated"));
    assertNull(PasswordPolicy.problem("a quiet walk by the river"));
    assertNull(PasswordPolicy.problem(TestServer.OFFICER_PASSWORD));
  }

  @Test
  void anInvitationIsNotAcceptedWithACommonPasswordAndStaysUsable() throws Exception {
    String officer = server.demoToken(TestServer.OFFICER_EMAIL);
    var created = server.client.post("/api/members/invitations").bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("fullName", "Lena Park").put("email", "lena.park@school.example")
        .put("roles", new JsonArray().add("partner"))).await(20, TimeUnit.SECONDS);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String code = created.bodyAsJsonObject().getString("invitationUrl").replaceAll(".*code=", "");

    for (String common : new String[] {"Password1234", "pAsSwOrD1234"}) {
      var refused = accept(code, common);
      assertEquals(400, refused.statusCode(), refused.bodyAsString());
      JsonObject error = refused.bodyAsJsonObject();
      assertEquals("invalid_field", error.getString("error"));
      assertEquals("password", error.getString("field"), "the error names the field");
      assertTrue(error.getString("message").startsWith("Password is one of the most common passwords"),
        "and says why: " + error.getString("message"));
    }
    assertNull(server.query("SELECT password_hash FROM member WHERE email = 'lena.park@school.example'")
      .getJsonObject(0).getString("password_hash"), "nothing changed");
    assertEquals(200, accept(code, "lanterns over the harbour").statusCode(), "the invitation is still good");
  }

  @Test
  void aCommonConfiguredFirstOfficerPasswordStopsTheFirstStart() throws Exception {
    Path dataDir = Files.createTempDirectory("ailive-weak-officer");
    AppConfig config = AppConfig.load(null, Map.of()).with("httpPort", 0).with("dataDir", dataDir.toString())
      .with("firstOfficerEmail", TestServer.OFFICER_EMAIL).with("firstOfficerPassword", "Password1234")
      .with("demo", "false");
    var vertx = App.newVertx();
    try {
      Exception refused = assertThrows(Exception.class, () -> App.start(vertx, config).await(2, TimeUnit.MINUTES));
      StringBuilder all = new StringBuilder();
      for (Throwable t = refused; t != null; t = t.getCause()) {
        all.append(t.getMessage()).append(" / ");
      }
      String messages = all.toString();
      assertTrue(messages.contains("firstOfficerPassword") && messages.contains("most common passwords"), messages);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    TestServer good = TestServer.start(dataDir, false);
    try {
      assertEquals(1, good.query("SELECT count(*) AS n FROM member").getJsonObject(0).getInteger("n"),
        "no account was made by the refused start; the next one makes it");
    } finally {
      good.stop();
      TestServer.deleteQuietly(dataDir);
    }
  }

  private static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> accept(String code, String password)
    throws Exception {
    return server.client.post("/api/auth/accept-invitation")
      .sendJsonObject(new JsonObject().put("code", code).put("password", password)).await(30, TimeUnit.SECONDS);
  }
}
