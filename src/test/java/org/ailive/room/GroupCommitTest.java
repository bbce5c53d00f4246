package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A busy meeting: changes that arrive together are committed together (one transaction for many
 * events), each still acknowledged only after its commit, in order, exactly once; catch-up from the
 * room's memory gives exactly what the log holds.
 */
class GroupCommitTest {

  static LiveMeeting m;
  static String cmd;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    cmd = "ailive.meeting." + m.meetingId + ".cmd";
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  static JsonObject contribution(String key, int i) {
    return new JsonObject().put("type", "contribution.add").put("key", key).put("body", "Update number " + i + ".");
  }

  @Test
  void changesSentTogetherShareCommitsAndEachIsAckedOnceInOrder() throws Exception {
    // Six connections (a socket may send 30 commands at once before it is slowed down).
    List<BusClient> senders = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      senders.add(BusClient.connect(m.server.vertx, m.server.port(), i % 2 == 0 ? m.police : m.camhs));
    }
    BusClient camhs = BusClient.connect(m.server.vertx, m.server.port(), m.camhs);
    camhs.listen("ailive.meeting." + m.meetingId + ".events");
    camhs.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type")), "joined");
    long before = m.count("SELECT last_seq AS n FROM meeting WHERE id = $1", UUID.fromString(m.meetingId));

    int n = 120;
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int s = i % senders.size();
      replies.add(senders.get(s).requestAsync(cmd, contribution("gc-" + i, i), s % 2 == 0 ? m.police : m.camhs));
      if (i == 10) {
        // The same key again while the first is still being written: answered once it is, not applied twice.
        replies.add(senders.get(4).requestAsync(cmd, contribution("gc-10", 10), m.police));
      }
    }
    Set<Long> seqs = new HashSet<>();
    long dupSeq = -1;
    long firstSeq = -1;
    for (int i = 0; i < replies.size(); i++) {
      JsonObject reply = replies.get(i).await(30, TimeUnit.SECONDS);
      assertEquals("rec", reply.getString("type"), reply.encode());
      JsonObject body = reply.getJsonObject("body");
      assertTrue(body.getBoolean("ok"), reply.encode());
      if (body.getBoolean("duplicate", false)) {
        dupSeq = body.getLong("seq");
      } else {
        assertTrue(seqs.add(body.getLong("seq")), "each change its own seq: " + reply.encode());
        if (i == 10) {
          firstSeq = body.getLong("seq");
        }
      }
    }
    assertEquals(n, seqs.size());
    assertEquals(firstSeq, dupSeq, "the repeated key gets the first one's seq");
    assertEquals(before + n, m.count("SELECT last_seq AS n FROM meeting WHERE id = $1", UUID.fromString(m.meetingId)));

    UUID meeting = UUID.fromString(m.meetingId);
    assertEquals(n, m.count("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1 AND seq > $2"
      + " AND type = 'contribution.added'", meeting, before));
    assertEquals(n, m.count("SELECT count(*) AS n FROM contribution WHERE meeting_id = $1 AND body LIKE 'Update number %'",
      meeting));
    // Rows written in one transaction share its id (xmin): fewer transactions than events.
    long transactions = m.count("SELECT count(DISTINCT xmin::text) AS n FROM meeting_event WHERE meeting_id = $1"
      + " AND seq > $2", meeting, before);
    assertTrue(transactions < n / 2, transactions + " transactions for " + n + " events sent together");

    // Everyone receives every event, in seq order, with no gap.
    long last = before + n;
    camhs.await(msg -> msg.getJsonObject("body").getLong("seq", -1L) == last, "the last event");
    List<Long> received = camhs.received.stream().map(msg -> msg.getJsonObject("body").getLong("seq", -1L))
      .filter(s -> s > before).toList();
    List<Long> expected = new ArrayList<>();
    for (long s = before + 1; s <= last; s++) {
      expected.add(s);
    }
    assertEquals(expected, received);
    for (BusClient c : senders) {
      c.close();
    }
    camhs.close();
  }

  @Test
  void catchUpFromTheRoomsMemoryIsWhatTheLogHolds() throws Exception {
    BusClient police = BusClient.connect(m.server.vertx, m.server.port(), m.police);
    for (int i = 0; i < 5; i++) {
      m.ok(m.police, "contribution.add", new JsonObject().put("body", "Memory check " + i + "."));
    }
    long last = m.count("SELECT last_seq AS n FROM meeting WHERE id = $1", UUID.fromString(m.meetingId));
    JsonObject reply = police.request(cmd, new JsonObject().put("type", "sync").put("after", last - 5)
      .put("presence", true)).getJsonObject("body");
    JsonArray events = reply.getJsonArray("events");
    assertEquals(5, events.size());
    JsonArray logged = m.server.query("SELECT e.seq, e.type, e.payload, m.full_name FROM meeting_event e"
      + " LEFT JOIN member m ON m.id = e.actor_member_id WHERE e.meeting_id = $1 AND e.seq > $2 ORDER BY e.seq",
      UUID.fromString(m.meetingId), last - 5);
    for (int i = 0; i < 5; i++) {
      JsonObject mine = events.getJsonObject(i);
      JsonObject row = logged.getJsonObject(i);
      assertEquals(row.getLong("seq"), mine.getLong("seq"));
      assertEquals(row.getString("type"), mine.getString("type"));
      assertEquals(new JsonObject(row.getValue("payload").toString()), mine.getJsonObject("payload"));
      assertEquals(row.getString("full_name"), mine.getJsonObject("actor").getString("name"));
    }
    assertTrue(reply.getJsonArray("presence") != null, "presence when asked: " + reply.encode());
    assertTrue(!reply.containsKey("state"), "no whole state unless asked");
    police.close();
  }

  /**
   * One change the database refuses (here a trigger refuses one text) must not take the changes
   * committed with it down: they are committed one by one, the bad one gets its own error, and any
   * applied on top of it get a retryable 503 (a client resends with the same key, as live.js does).
   */
  @Test
  void aChangeTheDatabaseRefusesDoesNotTakeItsBatchMatesWithIt() throws Exception {
    m.server.query("CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN "
      + "IF NEW.body = 'poison' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
    m.server.query("CREATE TRIGGER refuse_poison BEFORE INSERT ON contribution FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
    try {
      List<BusClient> senders = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        senders.add(BusClient.connect(m.server.vertx, m.server.port(), i % 2 == 0 ? m.police : m.camhs));
      }
      int n = 30;
      List<JsonObject> commands = new ArrayList<>();
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        JsonObject c = new JsonObject().put("type", "contribution.add").put("key", "poison-batch-" + i)
          .put("body", i == 12 ? "poison" : "Batch mate " + i + ".");
        commands.add(c);
        replies.add(senders.get(i % 3).requestAsync(cmd, c, i % 3 == 1 ? m.camhs : m.police));
      }
      int retried = 0;
      for (int i = 0; i < n; i++) {
        JsonObject reply = replies.get(i).await(30, TimeUnit.SECONDS);
        if (i == 12) {
          assertEquals("err", reply.getString("type"), reply.encode());
          assertEquals(500, reply.getInteger("failureCode"), reply.encode());
          continue;
        }
        int attempts = 0;
        while ("err".equals(reply.getString("type")) && attempts++ < 5) {
          assertEquals(503, reply.getInteger("failureCode"), "only a retryable refusal: " + reply.encode());
          retried++;
          Thread.sleep(200);
          reply = senders.get(i % 3).request(cmd, commands.get(i), i % 3 == 1 ? m.camhs : m.police);
        }
        assertEquals("rec", reply.getString("type"), "batch mate " + i + ": " + reply.encode());
      }
      UUID meeting = UUID.fromString(m.meetingId);
      for (int i = 0; i < n; i++) {
        if (i != 12) {
          assertEquals(1, m.count("SELECT count(*) AS n FROM contribution WHERE meeting_id = $1 AND body = $2", meeting,
            "Batch mate " + i + "."), "batch mate " + i + " saved once (" + retried + " resent)");
        }
      }
      assertEquals(0, m.count("SELECT count(*) AS n FROM contribution WHERE body = 'poison'"));
      for (BusClient c : senders) {
        c.close();
      }
    } finally {
      m.server.query("DROP TRIGGER refuse_poison ON contribution");
    }
  }
}
