package org.ailive.live;

import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, 11b: the bridge limits how fast one socket opens listeners (each is a presence change in
 * the room) and how many sockets one member holds on a node; each refusal carries its reason.
 */
class BridgeLimitsTest {

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

  static JsonObject error(JsonObject frame) {
    return new JsonObject(frame.getString("message"));
  }

  @Test
  void registersAreRateLimitedPerSocket() throws Exception {
    String presence = "ailive.meeting." + meetingId + ".presence";
    BusClient bus = BusClient.connect(server.vertx, server.port(), server.demoToken("camhs@demo.ailive.test"));
    try {
      for (int i = 0; i < 25; i++) {
        bus.listen(presence);
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (bus.errors.stream().noneMatch(e -> presence.equals(e.getString("address")))
        && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      JsonObject refused = bus.errors.stream().filter(e -> presence.equals(e.getString("address"))).findFirst()
        .orElseThrow(() -> new AssertionError("no register was refused: " + bus.errors));
      assertEquals(429, refused.getInteger("failureCode"), refused.encode());
      assertEquals("too_many_registers", error(refused).getString("error"));
      // The socket stays usable for commands.
      JsonObject time = bus.request("ailive.meeting." + meetingId + ".cmd", new JsonObject().put("type", "time"));
      assertEquals("rec", time.getString("type"), time.encode());
    } finally {
      bus.close();
    }
  }

  @Test
  void aMemberHoldsAtMostTenSocketsPerNode() throws Exception {
    String token = server.demoToken("police@demo.ailive.test");
    String cmd = "ailive.meeting." + meetingId + ".cmd";
    List<BusClient> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        BusClient bus = BusClient.connect(server.vertx, server.port(), token);
        sockets.add(bus);
        JsonObject reply = bus.request(cmd, new JsonObject().put("type", "time"));
        assertEquals("rec", reply.getString("type"), "socket " + (i + 1) + ": " + reply.encode());
      }
      BusClient eleventh = BusClient.connect(server.vertx, server.port(), token);
      sockets.add(eleventh);
      JsonObject refused = eleventh.request(cmd, new JsonObject().put("type", "time"));
      assertEquals("err", refused.getString("type"), refused.encode());
      assertEquals(429, refused.getInteger("failureCode"));
      assertEquals("too_many_sockets", error(refused).getString("error"));
      eleventh.listen("ailive.meeting." + meetingId + ".events");
      String events = "ailive.meeting." + meetingId + ".events";
      long deadline = System.currentTimeMillis() + 5000;
      while (eleventh.errors.stream().noneMatch(e -> events.equals(e.getString("address")))
        && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(eleventh.errors.stream().anyMatch(e -> events.equals(e.getString("address"))
        && "too_many_sockets".equals(error(e).getString("error"))), "a register is refused too: " + eleventh.errors);
      assertTrue(eleventh.received.stream().noneMatch(m -> m.getJsonObject("body") != null
        && "joined".equals(m.getJsonObject("body").getString("type"))), "not joined");

      JsonObject otherMember = timeAs("camhs@demo.ailive.test", cmd);
      assertEquals("rec", otherMember.getString("type"), "another member is not limited: " + otherMember.encode());

      sockets.get(0).close();
      Thread.sleep(300);
      BusClient again = BusClient.connect(server.vertx, server.port(), token);
      sockets.add(again);
      assertEquals("rec", again.request(cmd, new JsonObject().put("type", "time")).getString("type"),
        "a closed socket frees its place");
    } finally {
      for (BusClient bus : sockets) {
        bus.close();
      }
    }
  }

  /** One socket of another member asking the time. */
  static JsonObject timeAs(String email, String cmd) throws Exception {
    BusClient bus = BusClient.connect(server.vertx, server.port(), server.demoToken(email));
    try {
      return bus.request(cmd, new JsonObject().put("type", "time"));
    } finally {
      bus.close();
    }
  }
}
