package org.ailive.reliability;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, the fast variant: a database outage, a client that stops reading, a client that floods,
 * and a clean shutdown, each against the real service. Nothing acknowledged may be lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityTest {

  static LiveMeeting m;
  static String cmd;
  static String events;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    cmd = "ailive.meeting." + m.meetingId + ".cmd";
    events = "ailive.meeting." + m.meetingId + ".events";
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  static BusClient join(String token) throws Exception {
    BusClient c = BusClient.connect(m.server.vertx, m.server.port(), token);
    c.listen(events);
    c.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type")), "joined");
    return c;
  }

  static long contributions(String body) throws Exception {
    return m.count("SELECT count(*) AS n FROM contribution WHERE body = $1", body);
  }

  @Test
  @Order(1)
  void aDatabaseOutageDelaysSavingAndLosesNothing() throws Exception {
    BusClient watcher = join(m.camhs);
    // The police partner has used the service before the outage (as anyone signed in has): the
    // service knows the member exists, so their change reaches the room (issue 15, 11i). A member
    // first seen during an outage is refused earlier, with the same retryable 503.
    assertEquals(200, m.server.client.get("/api/me").bearerTokenAuthentication(m.police).send()
      .await(20, TimeUnit.SECONDS).statusCode());
    EmbeddedPostgresControl pg = new EmbeddedPostgresControl(m.server.dataDir);
    pg.stop();
    try {
      JsonObject held = new JsonObject().put("body", "Said while the database was down").put("key", "outage-1");
      var refused = m.command(m.police, "contribution.add", held);
      assertEquals(503, refused.statusCode(), refused.bodyAsString());
      assertEquals("storage_unavailable", refused.bodyAsJsonObject().getString("error"));
      watcher.await(msg -> "storage".equals(msg.getJsonObject("body").getString("type"))
        && "delayed".equals(msg.getJsonObject("body").getString("status")), "saving delayed");
      assertEquals(503, m.server.client.get("/health").send().await(20, TimeUnit.SECONDS).statusCode(),
        "the service says so");
      assertEquals(503, m.command(m.police, "contribution.add", held).statusCode(), "still refused, never acknowledged");
      // The soak: -Dailive.outageSeconds=30 keeps the database down as long as the issue asks.
      long until = System.currentTimeMillis() + Long.getLong("ailive.outageSeconds", 0) * 1000;
      while (System.currentTimeMillis() < until) {
        assertEquals(503, m.command(m.police, "contribution.add", held).statusCode());
        Thread.sleep(1000);
      }
    } finally {
      pg.start();
    }
    // After recovery the client's outbox sends the same change again: applied exactly once.
    JsonObject held = new JsonObject().put("body", "Said while the database was down").put("key", "outage-1");
    JsonObject ok = null;
    for (int attempt = 0; attempt < 40 && ok == null; attempt++) {
      var res = m.command(m.police, "contribution.add", held);
      if (res.statusCode() == 200) {
        ok = res.bodyAsJsonObject();
      } else {
        Thread.sleep(250);
      }
    }
    assertTrue(ok != null, "saving works again after the outage");
    assertEquals(200, m.command(m.police, "contribution.add", held).statusCode());
    assertEquals(1, contributions("Said while the database was down"), "exactly once");
    watcher.await(msg -> "storage".equals(msg.getJsonObject("body").getString("type"))
      && "ok".equals(msg.getJsonObject("body").getString("status")), "saving works again");
    assertEquals(200, m.server.client.get("/health").send().await(20, TimeUnit.SECONDS).statusCode());
    watcher.close();
  }

  @Test
  @Order(2)
  void aClientThatStopsReadingIsDisconnectedWithoutSlowingTheOthers() throws Exception {
    StuckClient stuck = new StuckClient(m.server.port(), m.police, events);
    BusClient healthy = join(m.camhs);
    // Large events: each carries the whole shared summary (three fields of ~9 KB).
    JsonObject summary = m.state(m.chair).getJsonObject("focus").getJsonObject("summary");
    String presenter = m.presenterOfFocus();
    String[] fields = {"reasonForBringing", "summaryOfConcerns", "voiceOfChild"};
    String[] current = {summary.getString(fields[0]), summary.getString(fields[1]), summary.getString(fields[2])};
    long first = -1;
    long last = -1;
    String[] editors = {presenter, m.chair, m.officer};
    long until = System.currentTimeMillis() + 60_000;
    boolean closed = false;
    for (int i = 0; !closed && System.currentTimeMillis() < until; i++) {
      if (i % 20 == 19) {
        closed = stuck.closedByServer();
      }
      int f = i % 3;
      String value = (char) ('a' + i % 26) + "x".repeat(9000) + i;
      var res = m.command(editors[i % 3], "case.edit", new JsonObject().put("field", fields[f])
        .put("baseValue", current[f]).put("value", value));
      if (res.statusCode() == 429) {
        Thread.sleep(100);
        continue;
      }
      assertEquals(200, res.statusCode(), res.bodyAsString());
      current[f] = value;
      last = res.bodyAsJsonObject().getLong("seq");
      first = first < 0 ? last : first;
    }
    assertTrue(closed || stuck.closedByServer(), "the stuck client was disconnected");
    stuck.close();
    long expectedLast = last;
    healthy.await(msg -> msg.getJsonObject("body").getLong("seq", -1L) >= expectedLast, "every event");
    List<Long> seqs = new ArrayList<>();
    healthy.events().forEach(e -> seqs.add(e.getLong("seq")));
    for (long s = first; s <= last; s++) {
      assertTrue(seqs.contains(s), "the healthy client missed nothing: " + s);
    }
    // Back, it catches up from its last seq.
    BusClient back = join(m.police);
    List<Long> caughtUp = new ArrayList<>();
    long after = first - 1;
    boolean more = true;
    for (int page = 0; more && page < 2000; page++) {
      JsonObject reply = back.request(cmd, new JsonObject().put("type", "sync").put("after", after));
      if ("err".equals(reply.getString("type")) && reply.getInteger("failureCode") == 429) {
        Thread.sleep(200);
        continue;
      }
      JsonObject sync = reply.getJsonObject("body");
      sync.getJsonArray("events").forEach(e -> caughtUp.add(((JsonObject) e).getLong("seq")));
      after = caughtUp.get(caughtUp.size() - 1);
      more = sync.getBoolean("more");
      assertTrue(sync.encode().length() < 256 * 1024, "catch-up comes in pages a phone can take");
    }
    for (long s = first; s <= last; s++) {
      assertTrue(caughtUp.contains(s), "caught up with " + s);
    }
    healthy.close();
    back.close();
  }

  @Test
  @Order(3)
  void aClientThatFloodsIsSlowedAndOthersAreNot() throws Exception {
    BusClient flooder = BusClient.connect(m.server.vertx, m.server.port(), m.police);
    BusClient other = BusClient.connect(m.server.vertx, m.server.port(), m.camhs);
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      replies.add(flooder.requestAsync(cmd, new JsonObject().put("type", "hand.raise").put("key", "flood-" + i), m.police));
    }
    JsonObject fine = other.request(cmd, new JsonObject().put("type", "hand.raise").put("key", "other-1"));
    assertEquals("rec", fine.getString("type"), "another member is not held back: " + fine.encode());
    Future.join(new ArrayList<>(replies)).await(30, TimeUnit.SECONDS);
    long limited = replies.stream().filter(f -> "err".equals(f.result().getString("type"))
      && f.result().getInteger("failureCode") == 429).count();
    long accepted = replies.stream().filter(f -> "rec".equals(f.result().getString("type"))).count();
    assertTrue(limited >= 150, "most of the flood was refused with 429: " + limited);
    assertTrue(accepted >= 20 && accepted <= 50, "the burst went through: " + accepted);
    assertTrue(new JsonObject(replies.get(199).result().getString("message")).getString("error")
      .equals("too_many_commands"));
    m.ok(m.chair, "hand.clear", new JsonObject());
    flooder.close();
    other.close();
  }

  @Test
  @Order(4)
  void aCleanShutdownTellsClientsToReconnectAndKeepsWhatWasAcknowledged() throws Exception {
    BusClient client = join(m.camhs);
    List<Future<JsonObject>> inFlight = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inFlight.add(client.requestAsync(cmd, new JsonObject().put("type", "contribution.add")
        .put("key", "shutdown-" + i).put("body", "Just before the restart " + i), m.camhs));
    }
    m.server.halt();
    JsonObject notice = client.await(msg -> "reconnect".equals(msg.getJsonObject("body").getString("type")),
      "the reconnect notice");
    assertTrue(notice.getJsonObject("body").getLong("afterMs") > 0);
    Future.join(new ArrayList<>(inFlight)).await(30, TimeUnit.SECONDS);
    m.server.boot();
    for (int i = 0; i < 5; i++) {
      JsonObject reply = inFlight.get(i).result();
      long saved = contributions("Just before the restart " + i);
      if (reply != null && "rec".equals(reply.getString("type"))) {
        assertEquals(1, saved, "acknowledged, so saved: " + i);
      }
      assertTrue(saved <= 1);
    }
    client.close();
  }
}
