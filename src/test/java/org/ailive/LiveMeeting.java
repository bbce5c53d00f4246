package org.ailive;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo meeting, opened, started and on its first case: the setting of the live-feature tests. */
public final class LiveMeeting {

  public final TestServer server;
  public final String meetingId;
  public final String chair;
  public final String officer;
  public final String police;
  public final String camhs;
  public final String observer;
  private final AtomicInteger keys = new AtomicInteger();

  private LiveMeeting(TestServer server) throws Exception {
    this.server = server;
    meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    chair = server.demoToken("chair@demo.ailive.test");
    officer = server.demoToken("officer@demo.ailive.test");
    police = server.demoToken("police@demo.ailive.test");
    camhs = server.demoToken("camhs@demo.ailive.test");
    observer = server.demoToken("observer@demo.ailive.test");
  }

  public static LiveMeeting start() throws Exception {
    LiveMeeting m = new LiveMeeting(TestServer.start());
    m.ok(m.officer, "meeting.open", new JsonObject());
    m.ok(m.chair, "meeting.start", new JsonObject());
    m.ok(m.chair, "timer.start", new JsonObject());
    return m;
  }

  public void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  public String key() {
    return "t-" + keys.incrementAndGet();
  }

  public HttpResponse<Buffer> command(String token, String type, JsonObject args) throws Exception {
    JsonObject body = args.copy().put("type", type);
    if (!body.containsKey("key")) {
      body.put("key", key());
    }
    return server.client.post("/api/meetings/" + meetingId + "/commands").bearerTokenAuthentication(token)
      .sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  public JsonObject ok(String token, String type, JsonObject args) throws Exception {
    var res = command(token, type, args);
    assertEquals(200, res.statusCode(), type + ": " + res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  /** The JSON error of a refused command, after checking its status. */
  public JsonObject refused(int status, String token, String type, JsonObject args) throws Exception {
    var res = command(token, type, args);
    assertEquals(status, res.statusCode(), type + ": " + res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  public JsonObject state(String token) throws Exception {
    var res = server.client.get("/api/meetings/" + meetingId + "/room").bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getJsonObject("state");
  }

  public String memberId(String email) throws Exception {
    return server.query("SELECT id FROM member WHERE email = $1", email).getJsonObject(0).getString("id");
  }

  public String agencyId(String name) throws Exception {
    return server.query("SELECT id FROM agency WHERE name = $1", name).getJsonObject(0).getString("id");
  }

  /** The token of the presenter of the case now under discussion. */
  public String presenterOfFocus() throws Exception {
    String caseId = state(chair).getJsonObject("focus").getString("caseId");
    String email = server.query("SELECT m.email FROM family_case c JOIN member m ON m.id = c.presenter_member_id "
      + "WHERE c.id = $1", UUID.fromString(caseId)).getJsonObject(0).getString("email");
    return server.demoToken(email);
  }

  public long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("n");
  }
}
