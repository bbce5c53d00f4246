package org.ailive.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Who is connected now: joins and leaves are broadcast, with each member's number of connections. */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PresenceTest {

  static TestServer server;
  static String meetingId;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  static JsonObject entry(JsonObject presence, String name) {
    JsonArray members = presence.getJsonObject("body").getJsonArray("members");
    return members.stream().map(o -> (JsonObject) o).filter(m -> name.equals(m.getString("name"))).findFirst()
      .orElse(null);
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void joinsAndLeavesAreBroadcastWithConnectionCounts() throws Exception {
    String chairToken = server.demoToken("chair@demo.ailive.test");
    String policeToken = server.demoToken("police@demo.ailive.test");
    String events = "ailive.meeting." + meetingId + ".events";
    BusClient watcher = BusClient.connect(server.vertx, server.port(), chairToken);
    watcher.listen("ailive.meeting." + meetingId + ".presence");
    BusClient phone = BusClient.connect(server.vertx, server.port(), policeToken);
    BusClient laptop = BusClient.connect(server.vertx, server.port(), policeToken);
    Thread.sleep(300);
    phone.listen(events);
    watcher.await(m -> entry(m, "Gemma Rowe") != null, "the partner's join");
    laptop.listen(events);
    JsonObject two = watcher.await(m -> entry(m, "Gemma Rowe") != null
      && entry(m, "Gemma Rowe").getInteger("connections") == 2, "a second connection");
    assertEquals("Police", entry(two, "Gemma Rowe").getString("agency"));
    laptop.close();
    watcher.await(m -> m != two && entry(m, "Gemma Rowe") != null
      && entry(m, "Gemma Rowe").getInteger("connections") == 1, "one connection left");
    phone.close();
    JsonObject gone = watcher.await(m -> entry(m, "Gemma Rowe") == null
      && watcher.received.indexOf(m) > watcher.received.indexOf(two), "the partner leaving");
    assertNull(entry(gone, "Gemma Rowe"));
    // The planned meeting is not open, so joining recorded no attendance.
    assertEquals(0, server.query("SELECT count(*) AS n FROM attendance").getJsonObject(0).getInteger("n"));
    watcher.close();
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void thoseAlreadyConnectedWhenTheMeetingOpensHaveTheirJoinRecordedNotAsRemote() throws Exception {
    String policeToken = server.demoToken("police@demo.ailive.test");
    BusClient early = BusClient.connect(server.vertx, server.port(), policeToken);
    early.listen("ailive.meeting." + meetingId + ".events");
    early.await(m -> "joined".equals(m.getJsonObject("body").getString("type")), "joined");
    String police = server.query("SELECT id FROM member WHERE email = 'police@demo.ailive.test'")
      .getJsonObject(0).getString("id");
    assertEquals(0, server.query("SELECT count(*) AS n FROM attendance WHERE member_id = $1",
      java.util.UUID.fromString(police)).getJsonObject(0).getInteger("n"), "planned: nothing recorded yet");
    var opened = server.client.post("/api/meetings/" + meetingId + "/commands")
      .bearerTokenAuthentication(server.demoToken("officer@demo.ailive.test"))
      .sendJsonObject(new JsonObject().put("type", "meeting.open").put("key", "open-1")).await(20, TimeUnit.SECONDS);
    assertEquals(200, opened.statusCode(), opened.bodyAsString());
    JsonObject row = server.query("SELECT status, joined_at::text AS joined FROM attendance WHERE member_id = $1",
      java.util.UUID.fromString(police)).getJsonObject(0);
    assertNull(row.getString("status"), "not yet marked: their screen asks how they attend (issue 17)");
    assertNotNull(row.getString("joined"), "when they joined is recorded");
    early.close();
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void someoneOutsideThePanelCannotListen() throws Exception {
    String outsider = server.newMemberToken("Outsider", "partner");
    BusClient c = BusClient.connect(server.vertx, server.port(), outsider);
    c.listen("ailive.meeting." + meetingId + ".events");
    long deadline = System.currentTimeMillis() + 5000;
    while (c.errors.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals("rejected", c.errors.get(0).getString("body"));
    c.close();
    TimeUnit.MILLISECONDS.sleep(10);
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void manyJoiningTogetherGetOneListNotOnePerJoin() throws Exception {
    String chairToken = server.demoToken("chair@demo.ailive.test");
    // 40 sockets from four partners, ten each: a member may hold at most ten per server (issue 15, 11b).
    JsonArray partners = server.query("""
      SELECT m.email, m.full_name FROM member m JOIN panel_member pm ON pm.member_id = m.id
      JOIN meeting mt ON mt.panel_id = pm.panel_id
      WHERE mt.id = $1 AND pm.left_at IS NULL AND 'partner' = ANY(m.roles) AND m.active
      ORDER BY m.email LIMIT 4""", java.util.UUID.fromString(meetingId));
    assertEquals(4, partners.size());
    java.util.List<String> names = partners.stream().map(o -> ((JsonObject) o).getString("full_name")).toList();
    java.util.function.ToIntFunction<JsonObject> connections = m -> names.stream()
      .mapToInt(n -> entry(m, n) == null ? 0 : entry(m, n).getInteger("connections")).sum();
    BusClient watcher = BusClient.connect(server.vertx, server.port(), chairToken);
    watcher.listen("ailive.meeting." + meetingId + ".presence");
    Thread.sleep(500);
    int before = watcher.received.size();
    java.util.List<BusClient> tabs = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String token = server.demoToken(partners.getJsonObject(i % 4).getString("email"));
      BusClient tab = BusClient.connect(server.vertx, server.port(), token);
      tab.listen("ailive.meeting." + meetingId + ".events");
      tabs.add(tab);
    }
    JsonObject all = watcher.await(m -> connections.applyAsInt(m) == 40, "all 40 connections in one list");
    long lists = watcher.received.stream().skip(before).filter(m -> m.getJsonObject("body") != null
      && "presence".equals(m.getJsonObject("body").getString("type"))).count();
    // Joined one after another within a second or two: a list at most every 250 ms, not 40 lists.
    org.junit.jupiter.api.Assertions.assertTrue(lists < 20, lists + " presence lists for 40 joins");
    assertEquals(40, connections.applyAsInt(all));
    for (BusClient tab : tabs) {
      tab.close();
    }
    watcher.await(m -> watcher.received.indexOf(m) > watcher.received.indexOf(all) && connections.applyAsInt(m) == 0,
      "everyone gone: the last change is always sent");
    watcher.close();
  }
}
