package org.ailive.ui;

import org.ailive.TestServer;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real service with the demo county, for browser tests: the accounts and the planned meeting. */
final class DemoCounty implements AutoCloseable {

  static final String OFFICER = "officer@demo.ailive.test";
  static final String CHAIR = "chair@demo.ailive.test";
  static final String POLICE = "police@demo.ailive.test";
  static final String CAMHS = "camhs@demo.ailive.test";
  static final String HOUSING = "housing@demo.ailive.test";
  static final String OBSERVER = "observer@demo.ailive.test";
  static final String PRESENTER = "presenter-families-first@demo.ailive.test";

  final TestServer server;
  /** The one password every demo account shares (from {@code <dataDir>/demo-accounts.txt}). */
  final String password;
  /** Next month's planned meeting, with six accepted cases and an agenda. */
  final String meetingId;

  private DemoCounty(TestServer server) throws Exception {
    this.server = server;
    Matcher m = Pattern.compile("password: (\\S+)").matcher(Files.readString(server.dataDir.resolve("demo-accounts.txt")));
    if (!m.find()) {
      throw new IllegalStateException("no password in demo-accounts.txt");
    }
    password = m.group(1);
    meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
  }

  static DemoCounty start() throws Exception {
    return new DemoCounty(TestServer.start());
  }

  int port() {
    return server.port();
  }

  Browser browser(String name) {
    return Browser.open(name, port());
  }

  /**
   * A live command on the demo meeting over REST, as {@code email} (for setting a scene, not for
   * what a test checks in the browser). Fails unless accepted.
   */
  JsonObject command(String email, String type, JsonObject fields) throws Exception {
    JsonObject body = fields.copy().put("type", type).put("key", "scene-" + UUID.randomUUID());
    var res = server.client.post("/api/meetings/" + meetingId + "/commands")
      .bearerTokenAuthentication(server.demoToken(email)).sendJsonObject(body).await(20, TimeUnit.SECONDS);
    if (res.statusCode() != 200) {
      throw new AssertionError(type + " as " + email + ": " + res.statusCode() + " " + res.bodyAsString());
    }
    return res.bodyAsJsonObject();
  }

  /** A REST call as {@code email}; fails unless the status is {@code expect}. */
  JsonObject post(String email, String path, JsonObject body, int expect) throws Exception {
    var res = server.client.post(path).bearerTokenAuthentication(server.demoToken(email)).sendJsonObject(body)
      .await(20, TimeUnit.SECONDS);
    if (res.statusCode() != expect) {
      throw new AssertionError("POST " + path + " as " + email + ": " + res.statusCode() + " " + res.bodyAsString());
    }
    return res.bodyAsJsonObject();
  }

  String id(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getString("id");
  }

  long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("n");
  }

  @Override
  public void close() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }
}
