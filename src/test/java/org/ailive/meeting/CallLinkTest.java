package org.ailive.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.config.AppConfig;
import org.ailive.protocol.ApiError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, item 3 (R13): a meeting's video-call link over the real service. The officer or the
 * panel's chair sets it (https on an allowed host only, refused at the field with the reason) and
 * clears it; remote partners read it, signed in or through their join link; observers never do;
 * it cannot change once the meeting has closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallLinkTest {

  static final String TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0";

  static TestServer server;
  static String officer;
  static String chair;
  static String partner;
  static String observer;
  static String meetingId;
  static String closedMeetingId;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    partner = server.demoToken("housing@demo.ailive.test");
    observer = server.demoToken("observer@demo.ailive.test");
    meetingId = server.query("SELECT id::text AS id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    closedMeetingId = server.query("SELECT id::text AS id FROM meeting WHERE status = 'closed'").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void theOfficerSetsAnHttpsLinkOnAnAllowedHost() throws Exception {
    var set = put(meetingId, officer, TEAMS);
    assertEquals(200, set.statusCode(), set.bodyAsString());
    assertEquals(TEAMS, set.bodyAsJsonObject().getString("callUrl"));
    assertEquals(TEAMS, storedUrl(meetingId));
    assertEquals(TEAMS, get(meetingId, officer).getString("callUrl"));
  }

  @Test
  @Order(2)
  void aLinkThatIsNotHttpsIsRefusedAtTheFieldAndNothingChanges() throws Exception {
    var refused = put(meetingId, officer, "http://zoom.us/j/123456");
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    JsonObject error = refused.bodyAsJsonObject();
    assertEquals("invalid_field", error.getString("error"));
    assertEquals("callUrl", error.getString("field"));
    assertTrue(error.getString("message").contains("https://"), error.encode());
    assertEquals(TEAMS, storedUrl(meetingId), "the link set before is kept");
  }

  @Test
  @Order(3)
  void aHostNotOnTheListIsRefusedNamingTheAllowedOnes() throws Exception {
    for (String url : new String[] {"https://calls.example.com/j/1", "https://zoom.us.example.com/j/1",
      "https://evilteams.microsoft.com.example/x"}) {
      var refused = put(meetingId, officer, url);
      assertEquals(400, refused.statusCode(), url + ": " + refused.bodyAsString());
      String message = refused.bodyAsJsonObject().getString("message");
      assertEquals("callUrl", refused.bodyAsJsonObject().getString("field"));
      assertTrue(message.contains("not an allowed call service"), message);
      assertTrue(message.contains("teams.microsoft.com") && message.contains("zoom.us and its subdomains")
        && message.contains("meet.google.com") && message.contains("webex.com and its subdomains"), message);
    }
    var userInfo = put(meetingId, officer, "https://someone@zoom.us/j/1");
    assertEquals(400, userInfo.statusCode(), userInfo.bodyAsString());
    assertEquals(TEAMS, storedUrl(meetingId));
  }

  @Test
  @Order(4)
  void theChairSetsASubdomainLinkAndOthersMayNot() throws Exception {
    String zoom = "https://council.zoom.us/j/98765?pwd=abc";
    var set = put(meetingId, chair, zoom);
    assertEquals(200, set.statusCode(), set.bodyAsString());
    assertEquals(zoom, storedUrl(meetingId));
    assertEquals(403, put(meetingId, partner, TEAMS).statusCode());
    assertEquals(403, put(meetingId, observer, TEAMS).statusCode());
    var back = put(meetingId, officer, TEAMS);
    assertEquals(200, back.statusCode(), back.bodyAsString());
  }

  @Test
  @Order(5)
  void aRemotePartnerReadsItSignedInAndThroughTheirJoinLinkAnObserverNever() throws Exception {
    assertEquals(TEAMS, get(meetingId, partner).getString("callUrl"));
    JsonObject mine = listed(partner);
    assertEquals(TEAMS, mine.getString("callUrl"));

    var links = post("/api/meetings/" + meetingId + "/join-links/batch", officer, new JsonObject()
      .put("memberIds", new JsonArray().add(memberId("housing@demo.ailive.test"))));
    assertEquals(201, links.statusCode(), links.bodyAsString());
    String linkToken = links.bodyAsJsonObject().getJsonArray("links").getJsonObject(0).getString("url")
      .replaceAll(".*token=", "");
    var session = post("/api/auth/join", null, new JsonObject().put("token", linkToken));
    assertEquals(200, session.statusCode(), session.bodyAsString());
    String scoped = session.bodyAsJsonObject().getString("token");
    assertEquals(TEAMS, get(meetingId, scoped).getString("callUrl"), "the join-link landing reads the meeting with this");

    JsonObject seen = get(meetingId, observer);
    assertTrue(seen.containsKey("callUrl"));
    assertNull(seen.getString("callUrl"), "observers follow in the app: " + seen.encode());
    assertNull(listed(observer).getString("callUrl"));
    var stranger = server.newMemberToken("Someone Elsewhere", "partner");
    assertEquals(403, server.client.get("/api/meetings/" + meetingId).bearerTokenAuthentication(stranger).send()
      .await(20, TimeUnit.SECONDS).statusCode(), "not on the panel: not the meeting, nor its link");
  }

  @Test
  @Order(6)
  void theOfficerClearsItAndAClosedMeetingsLinkCannotChange() throws Exception {
    var cleared = put(meetingId, officer, null);
    assertEquals(200, cleared.statusCode(), cleared.bodyAsString());
    assertNull(cleared.bodyAsJsonObject().getString("callUrl"));
    assertNull(storedUrl(meetingId));
    assertNull(get(meetingId, partner).getString("callUrl"));

    var missing = server.client.put("/api/meetings/" + meetingId + "/call-link").bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject()).await(20, TimeUnit.SECONDS);
    assertEquals(400, missing.statusCode(), missing.bodyAsString());

    var closed = put(closedMeetingId, officer, TEAMS);
    assertEquals(409, closed.statusCode(), closed.bodyAsString());
    assertEquals("meeting_closed", closed.bodyAsJsonObject().getString("error"));
    assertNull(storedUrl(closedMeetingId));
    assertEquals(404, put(UUID.randomUUID().toString(), officer, TEAMS).statusCode());
  }

  @Test
  @Order(7)
  void aMeetingCanBeCreatedWithItsLinkAndABadOneIsRefusedBeforeAnythingIsMade() throws Exception {
    String panelId = server.query("SELECT panel_id::text AS id FROM meeting WHERE id = $1::uuid", meetingId)
      .getJsonObject(0).getString("id");
    JsonObject body = new JsonObject().put("panelId", panelId).put("meetingDate", "2031-03-05").put("confirmed", true);
    var refused = post("/api/meetings", officer, body.copy().put("callUrl", "https://meet.example.org/abc"));
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertEquals("callUrl", refused.bodyAsJsonObject().getString("field"));
    assertEquals(0, server.query("SELECT count(*) AS n FROM meeting WHERE meeting_date = '2031-03-05'")
      .getJsonObject(0).getLong("n"));
    var made = post("/api/meetings", officer, body.copy().put("callUrl", "https://meet.google.com/abc-defg-hij"));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    assertEquals("https://meet.google.com/abc-defg-hij", made.bodyAsJsonObject().getString("callUrl"));
  }

  @Test
  @Order(8)
  void theAllowListIsTheSettingAndABadEntryStopsTheStart() throws Exception {
    var defaults = AppConfig.load(null, Map.of()).callLinkHosts();
    assertEquals(List.of("teams.microsoft.com", "teams.live.com", "zoom.us", "*.zoom.us", "meet.google.com",
      "webex.com", "*.webex.com"), defaults);
    var own = AppConfig.load(null, Map.of("AILIVE_CALL_LINK_HOSTS", " Video.Council.example ,*.meet.example"));
    CallLinks links = new CallLinks(own.callLinkHosts());
    assertEquals("https://video.council.example/room/7", links.check(" https://video.council.example/room/7 "));
    assertEquals("https://a.meet.example/x", links.check("https://a.meet.example/x"));
    assertEquals("https://A.Meet.example/Room", links.check("HTTPS://A.Meet.example/Room"), "kept as given but for the scheme");
    var refused = assertThrows(ApiError.class,
      () -> links.check("https://teams.microsoft.com/l/x"));
    assertTrue(refused.getMessage().contains("video.council.example, any subdomain of meet.example"), refused.getMessage());
    var bad = AppConfig.load(null, Map.of("AILIVE_CALL_LINK_HOSTS", "zoom.us,https://teams.microsoft.com"));
    var stopped = assertThrows(IllegalArgumentException.class, bad::callLinkHosts);
    assertTrue(stopped.getMessage().startsWith("AILIVE_CALL_LINK_HOSTS must be host names"), stopped.getMessage());
    var none = new CallLinks(AppConfig.load(null, Map.of("AILIVE_CALL_LINK_HOSTS", "")).callLinkHosts());
    assertTrue(assertThrows(ApiError.class,
      () -> none.check("https://zoom.us/j/1")).getMessage().contains("allowed: none"));
  }

  static String storedUrl(String meeting) throws Exception {
    return server.query("SELECT call_url FROM meeting WHERE id = $1::uuid", meeting).getJsonObject(0).getString("call_url");
  }

  static String memberId(String email) throws Exception {
    return server.query("SELECT id::text AS id FROM member WHERE email = $1", email).getJsonObject(0).getString("id");
  }

  static JsonObject listed(String token) throws Exception {
    var res = server.client.get("/api/meetings").bearerTokenAuthentication(token).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonArray().stream().map(JsonObject.class::cast)
      .filter(m -> m.getString("id").equals(meetingId)).findFirst().orElseThrow();
  }

  static JsonObject get(String meeting, String token) throws Exception {
    var res = server.client.get("/api/meetings/" + meeting).bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> put(String meeting, String token, String url) throws Exception {
    return server.client.put("/api/meetings/" + meeting + "/call-link").bearerTokenAuthentication(token)
      .sendJsonObject(new JsonObject().put("callUrl", url)).await(20, TimeUnit.SECONDS);
  }

  static HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    var req = server.client.post(path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return req.sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }
}
