package org.ailive.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 6: join links for the whole meeting at once, over the real service: made for the
 * chosen members and for everyone expected remote (this meeting's register, else how they last
 * attended), kept unless replaced, shown as used once opened, all withdrawn at once (their sessions
 * end, their sockets close), refused by name for someone not on the panel, refused to non-officers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoinLinkBatchTest {

  static TestServer server;
  static String officer;
  static String meetingId;
  static String closedMeetingId;
  static String base;
  static Map<String, String> ids;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    meetingId = server.query("SELECT id::text AS id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    closedMeetingId = server.query("SELECT id::text AS id FROM meeting WHERE status = 'closed'").getJsonObject(0).getString("id");
    base = "/api/meetings/" + meetingId + "/join-links";
    ids = server.query("SELECT split_part(email, '@', 1) AS slug, id::text AS id FROM member WHERE email LIKE '%@demo.ailive.test'").stream()
      .map(JsonObject.class::cast).collect(Collectors.toMap(r -> r.getString("slug"), r -> r.getString("id")));
    // This meeting's register: Marcus Bell (housing) remote, Fiona McLeod (cmht) in the room, Simon
    // Frost (probation) sent apologies, the observer remote. Last month's: Beth Lawson (school
    // nursing) and Simon Frost remote, Nikhil Varma (camhs) in the room.
    mark(meetingId, "housing", "remote");
    mark(meetingId, "cmht", "in_room");
    mark(meetingId, "probation", "apologies");
    mark(meetingId, "observer", "remote");
    mark(closedMeetingId, "school-nursing", "remote");
    mark(closedMeetingId, "probation", "remote");
    mark(closedMeetingId, "camhs", "in_room");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void linksAreMadeForEveryoneRemoteAndForTheChosenKeepingLiveOnesUnlessReplaced() throws Exception {
    var remote = post(base + "/batch", officer, new JsonObject().put("remote", true));
    assertEquals(201, remote.statusCode(), remote.bodyAsString());
    assertEquals(Set.of(ids.get("housing"), ids.get("school-nursing")), memberIds(remote.bodyAsJsonObject().getJsonArray("links")),
      "marked remote here, or not yet marked and last attended remotely; not in the room, with apologies or an observer");
    JsonObject first = remote.bodyAsJsonObject().getJsonArray("links").getJsonObject(0);
    assertTrue(first.getString("url").startsWith("/join.html#token="), first.encode());
    assertEquals(1, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'join_links_made' AND subject = $1",
      "meeting:" + meetingId));
    assertEquals(2, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'join_link_created' AND detail ->> 'batch' = 'true'"));

    var chosen = post(base + "/batch", officer, new JsonObject()
      .put("memberIds", new JsonArray().add(ids.get("housing")).add(ids.get("police"))));
    assertEquals(201, chosen.statusCode(), chosen.bodyAsString());
    assertEquals(Set.of(ids.get("police")), memberIds(chosen.bodyAsJsonObject().getJsonArray("links")));
    JsonArray already = chosen.bodyAsJsonObject().getJsonArray("alreadyLinked");
    assertEquals(Set.of(ids.get("housing")), memberIds(already), "a live link is kept unless replace is asked");
    String oldHousingLink = already.getJsonObject(0).getString("linkId");

    var again = post(base + "/batch", officer, new JsonObject().put("memberIds", new JsonArray().add(ids.get("police"))));
    assertEquals(200, again.statusCode(), "nothing new made: " + again.bodyAsString());
    assertTrue(again.bodyAsJsonObject().getJsonArray("links").isEmpty());

    var replaced = post(base + "/batch", officer, new JsonObject().put("replace", true)
      .put("memberIds", new JsonArray().add(ids.get("housing"))));
    assertEquals(201, replaced.statusCode(), replaced.bodyAsString());
    JsonObject fresh = replaced.bodyAsJsonObject().getJsonArray("links").getJsonObject(0);
    assertTrue(fresh.getBoolean("replaced"));
    JsonObject housing = seat(ids.get("housing"));
    assertEquals(fresh.getString("id"), housing.getJsonObject("link").getString("id"));
    assertEquals("marked_remote", housing.getString("remoteBecause"));
    JsonObject old = housing.getJsonArray("links").stream().map(JsonObject.class::cast)
      .filter(l -> l.getString("id").equals(oldHousingLink)).findFirst().orElseThrow();
    assertTrue(old.getBoolean("revoked") && !old.getBoolean("live"), old.encode());
    assertEquals("attended_remotely_last_time", seat(ids.get("school-nursing")).getString("remoteBecause"));
    assertFalse(seat(ids.get("probation")).getBoolean("expectedRemote"), "apologies for this meeting");
    assertEquals("none", seat(ids.get("camhs")).getString("state"));
  }

  @Test
  @Order(2)
  void aLinkOpenedShowsAsUsed() throws Exception {
    var made = post(base + "/batch", officer, new JsonObject().put("memberIds", new JsonArray().add(ids.get("cmht"))));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    JsonObject link = made.bodyAsJsonObject().getJsonArray("links").getJsonObject(0);
    JsonObject before = seat(ids.get("cmht")).getJsonObject("link");
    assertFalse(before.getBoolean("used"));
    assertNull(before.getLong("firstUsedAt"));
    for (int i = 0; i < 2; i++) {
      assertEquals(200, post("/api/auth/join", null, new JsonObject().put("token", token(link))).statusCode());
    }
    JsonObject after = seat(ids.get("cmht")).getJsonObject("link");
    assertTrue(after.getBoolean("used"), after.encode());
    assertEquals(2, after.getLong("uses"));
    assertNotNull(after.getLong("firstUsedAt"));
    assertTrue(after.getLong("lastUsedAt") >= after.getLong("firstUsedAt"));
  }

  @Test
  @Order(3)
  void someoneNotOnThePanelIsRefusedByNameAndNothingIsMade() throws Exception {
    String outsider = server.query("INSERT INTO member (full_name, email, roles) VALUES ('Nadia Quinn', $1, '{partner}')"
      + " RETURNING id::text AS id", UUID.randomUUID() + "@test.example").getJsonObject(0).getString("id");
    long links = count("SELECT count(*) AS n FROM join_link");
    var refused = post(base + "/batch", officer, new JsonObject()
      .put("memberIds", new JsonArray().add(ids.get("young-carers")).add(outsider)));
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    JsonObject error = refused.bodyAsJsonObject();
    assertEquals("memberIds", error.getString("field"));
    assertTrue(error.getString("message").contains("Nadia Quinn") && error.getString("message").contains("not on this meeting's panel"),
      error.getString("message"));
    assertEquals(new JsonArray().add(outsider), error.getJsonArray("refused"));
    assertEquals(links, count("SELECT count(*) AS n FROM join_link"), "all or nothing: no link for the panel member either");
    assertEquals(400, post(base + "/batch", officer, new JsonObject()).statusCode(), "nobody chosen");
  }

  @Test
  @Order(4)
  void onlyTheOfficerMakesListsOrWithdrawsThem() throws Exception {
    String chair = server.demoToken("chair@demo.ailive.test");
    assertEquals(403, post(base + "/batch", chair, new JsonObject().put("all", true)).statusCode());
    assertEquals(403, server.client.get(base).bearerTokenAuthentication(chair).send().await(20, TimeUnit.SECONDS).statusCode());
    assertEquals(403, server.client.delete(base).bearerTokenAuthentication(chair).send().await(20, TimeUnit.SECONDS).statusCode());
    assertTrue(count("SELECT count(*) AS n FROM join_link WHERE revoked_at IS NULL") > 0, "the chair withdrew nothing");
  }

  @Test
  @Order(5)
  void withdrawingAllEndsEveryLinkSessionAndClosesItsSocket() throws Exception {
    var made = post(base + "/batch", officer, new JsonObject().put("all", true).put("replace", true));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    JsonArray links = made.bodyAsJsonObject().getJsonArray("links");
    Set<String> everyone = memberIds(links);
    assertTrue(everyone.contains(ids.get("police")) && everyone.contains(ids.get("young-carers")), everyone.toString());
    assertFalse(everyone.contains(ids.get("observer")), "observers only when chosen");
    assertFalse(everyone.contains(ids.get("officer")), "not the officer asking");

    List<String> sessions = new java.util.ArrayList<>();
    List<BusClient> sockets = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      var session = post("/api/auth/join", null, new JsonObject().put("token", token(links.getJsonObject(i))));
      assertEquals(200, session.statusCode(), session.bodyAsString());
      String scoped = session.bodyAsJsonObject().getString("token");
      sessions.add(scoped);
      BusClient bus = BusClient.connect(server.vertx, server.port(), scoped);
      bus.listen("ailive.meeting." + meetingId + ".events");
      bus.await(m -> "joined".equals(m.getJsonObject("body").getString("type")), "joined");
      sockets.add(bus);
    }
    String signedIn = server.demoToken("police@demo.ailive.test");

    var withdrawn = server.client.delete(base).bearerTokenAuthentication(officer).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, withdrawn.statusCode(), withdrawn.bodyAsString());
    assertEquals(links.size(), withdrawn.bodyAsJsonObject().getInteger("withdrawn"));
    for (BusClient bus : sockets) {
      awaitClosed(bus);
    }
    for (String scoped : sessions) {
      assertEquals(401, get("/api/meetings/" + meetingId + "/room", scoped).statusCode(), "the link's session ended");
    }
    assertEquals(200, get("/api/meetings/" + meetingId + "/room", signedIn).statusCode(), "a signed-in session is untouched");
    assertEquals("invalid_join_link", post("/api/auth/join", null, new JsonObject().put("token", token(links.getJsonObject(0))))
      .bodyAsJsonObject().getString("error"));
    var roster = get(base, officer).bodyAsJsonObject().getJsonArray("members");
    assertTrue(roster.stream().map(JsonObject.class::cast).allMatch(s -> s.getValue("link") == null), roster.encode());
    assertEquals(0, count("SELECT count(*) AS n FROM join_link WHERE meeting_id = $1 AND revoked_at IS NULL AND expires_at > now()",
      UUID.fromString(meetingId)));
    assertEquals(1, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'join_links_withdrawn' AND subject = $1",
      "meeting:" + meetingId));
    assertEquals(links.size(), count("SELECT count(*) AS n FROM audit_entry WHERE action = 'join_link_revoked' AND detail ->> 'all' = 'true'"));
    var none = server.client.delete(base).bearerTokenAuthentication(officer).send().await(20, TimeUnit.SECONDS);
    assertEquals(0, none.bodyAsJsonObject().getInteger("withdrawn"), "nothing left to withdraw");
  }

  // ---------- helpers ----------

  static void mark(String meeting, String slug, String status) throws Exception {
    server.query("INSERT INTO attendance (meeting_id, member_id, status) VALUES ($1, $2, $3)",
      UUID.fromString(meeting), UUID.fromString(ids.get(slug)), status);
  }

  static JsonObject seat(String memberId) throws Exception {
    var res = get(base, officer);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getJsonArray("members").stream().map(JsonObject.class::cast)
      .filter(s -> s.getString("memberId").equals(memberId)).findFirst().orElseThrow();
  }

  static Set<String> memberIds(JsonArray rows) {
    return rows.stream().map(JsonObject.class::cast).map(r -> r.getString("memberId")).collect(Collectors.toCollection(TreeSet::new));
  }

  static String token(JsonObject link) {
    return link.getString("url").replaceAll(".*token=", "");
  }

  static long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("n");
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

  static void awaitClosed(BusClient c) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (!c.isClosed() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(c.isClosed(), "the socket was closed");
  }
}
