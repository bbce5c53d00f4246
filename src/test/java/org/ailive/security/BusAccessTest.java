package org.ailive.security;

import io.vertx.core.json.JsonObject;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6, "a table of role x bus address, one test generated from it": every row of
 * {@code security/bus.csv} written as every identity on its own real WebSocket, each cell a test.
 * Cells run in table order on one server: the meeting's state moves on as the table says.
 */
class BusAccessTest {

  static final String TABLE = "/security/bus.csv";
  private static final long ANSWER_MS = 10_000;

  static SecurityFixture fx;
  static final AtomicInteger keys = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    fx = SecurityFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @TestFactory
  List<DynamicTest> everyAddressAsEveryIdentity() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, String> row : SecurityFixture.table(TABLE)) {
      for (String identity : SecurityFixture.IDENTITIES) {
        String expected = row.get(identity);
        String name = row.get("frame") + " " + row.get("address") + " " + row.get("body") + " as " + identity
          + " -> " + expected + " (bus.csv line " + row.get("#line") + ")";
        tests.add(DynamicTest.dynamicTest(name, () -> {
          String actual = outcome(row, identity);
          assertEquals(expected, actual, name);
        }));
      }
    }
    // The forged revocations above were refused: the chair's sessions still work.
    tests.add(DynamicTest.dynamicTest("the chair is still signed in after the forged revocations", () ->
      assertEquals(200, fx.send("GET", "/api/me", null, fx.demoToken("chair")).statusCode())));
    return tests;
  }

  /** Writes the row's frame as the identity on a new socket and names what came back. */
  static String outcome(Map<String, String> row, String identity) throws Exception {
    String token = fx.token(identity);
    String frame = row.get("frame");
    String address = fx.expand(row.get("address").replace("{random}", UUID.randomUUID().toString()));
    String body = row.get("body").isEmpty() ? null
      : fx.expand(row.get("body").replace("{key}", "bus-" + keys.incrementAndGet()));
    BusClient bus = BusClient.connect(fx.server.vertx, fx.server.port(), token);
    try {
      JsonObject f = new JsonObject().put("type", frame).put("address", address);
      if (token != null) {
        f.put("headers", new JsonObject().put("token", token).put("protocol", org.ailive.live.LiveProtocol.VERSION));
      }
      if (body != null) {
        f.put("body", new JsonObject(body));
      }
      String reply = null;
      if (frame.equals("send")) {
        reply = UUID.randomUUID().toString();
        f.put("replyAddress", reply);
      }
      bus.sendRaw(f.encode());
      return switch (frame) {
        case "send" -> sendOutcome(bus, reply);
        case "register" -> registerOutcome(bus, address);
        case "publish" -> silentOrRejected(bus, 1500);
        default -> throw new IllegalArgumentException("bus.csv: unknown frame " + frame);
      };
    } finally {
      bus.close();
    }
  }

  private static String sendOutcome(BusClient bus, String reply) throws Exception {
    long deadline = System.currentTimeMillis() + ANSWER_MS;
    while (bus.errors.isEmpty() && bus.received.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    // A refusal by the bridge comes as two frames, the reason then "rejected", written together:
    // after a failed reply, wait a moment to see whether a "rejected" follows.
    if (!bus.errors.isEmpty() && bus.errors.get(0).getString("address") != null) {
      Thread.sleep(150);
    }
    for (JsonObject m : bus.received) {
      if (reply.equals(m.getString("address")) && m.getJsonObject("body").getBoolean("ok", false)) {
        assertTrue(bus.errors.isEmpty(), "an answer and an error: " + bus.errors);
        return "allow";
      }
    }
    Integer code = null;
    boolean rejected = false;
    for (JsonObject e : bus.errors) {
      if (reply.equals(e.getString("address"))) {
        code = e.getInteger("failureCode");
        JsonObject error = new JsonObject(e.getString("message"));
        assertTrue(error.containsKey("error") && error.containsKey("message"), "the JSON error shape: " + e);
      } else if (e.getString("address") == null && "rejected".equals(e.getString("body"))) {
        rejected = true;
      } else {
        return "unexpected " + e.encode();
      }
    }
    if (code == null) {
      return rejected ? "rejected" : "no answer; received " + bus.received;
    }
    return rejected ? "rejected:" + code : Integer.toString(code);
  }

  private static String registerOutcome(BusClient bus, String address) throws Exception {
    boolean presence = address.endsWith(".presence");
    long deadline = System.currentTimeMillis() + (presence ? 700 : ANSWER_MS);
    while (System.currentTimeMillis() < deadline) {
      if (!bus.errors.isEmpty()) {
        return errors(bus);
      }
      for (JsonObject m : bus.received) {
        if (address.equals(m.getString("address")) && "joined".equals(m.getJsonObject("body").getString("type"))) {
          return "allow";
        }
      }
      Thread.sleep(10);
    }
    if (!presence) {
      return "no answer";
    }
    // Registered without a word: prove it by making presence change (the officer joins and leaves).
    BusClient helper = BusClient.connect(fx.server.vertx, fx.server.port(), fx.demoToken("officer"));
    try {
      helper.listen(address.replace(".presence", ".events"));
      helper.await(m -> "joined".equals(m.getJsonObject("body").getString("type")), "the officer joined");
    } finally {
      helper.close();
    }
    deadline = System.currentTimeMillis() + ANSWER_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!bus.errors.isEmpty()) {
        return errors(bus);
      }
      for (JsonObject m : bus.received) {
        if (address.equals(m.getString("address")) && "presence".equals(m.getJsonObject("body").getString("type"))) {
          return "allow";
        }
      }
      Thread.sleep(10);
    }
    return "registered, but no presence message came";
  }

  private static String silentOrRejected(BusClient bus, long waitMs) throws Exception {
    long deadline = System.currentTimeMillis() + waitMs;
    while (bus.errors.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    return bus.errors.isEmpty() ? "accepted silently" : errors(bus);
  }

  private static String errors(BusClient bus) throws Exception {
    Thread.sleep(100);
    if (bus.errors.size() == 1 && bus.errors.get(0).getString("address") == null
      && "rejected".equals(bus.errors.get(0).getString("body"))) {
      return "rejected";
    }
    return "errors " + bus.errors;
  }
}
