package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ownership epoch fences a deposed owner: once another owner has raised the meeting's epoch
 * (here by hand, as a node on the other side of a network split would), this node's room commits
 * nothing more, answers {@code 503 owner_moved}, unloads, and stands by; it takes the meeting back
 * (a new epoch, reloaded from Postgres) as soon as the lock is free, and its sockets rejoin it.
 */
class OwnershipFenceTest {

  static LiveMeeting m;
  static UUID meeting;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    meeting = UUID.fromString(m.meetingId);
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  @Test
  void aDeposedOwnerCommitsNothingAndTheMeetingIsTakenAgainWithANewEpoch() throws Exception {
    long epoch = m.count("SELECT epoch AS n FROM meeting_owner WHERE meeting_id = $1", meeting);
    assertTrue(epoch >= 1, "the room raised the epoch when it took the meeting");
    assertTrue(m.server.query("SELECT node FROM meeting_owner WHERE meeting_id = $1", meeting).getJsonObject(0)
      .getString("node").contains("pid " + ProcessHandle.current().pid()), "and named this node");
    BusClient camhs = BusClient.connect(m.server.vertx, m.server.port(), m.camhs);
    camhs.listen(org.ailive.protocol.Addresses.events(meeting));
    camhs.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type")), "joined");
    m.ok(m.police, "contribution.add", new JsonObject().put("body", "Before the split."));
    long lastSeq = m.count("SELECT last_seq AS n FROM meeting WHERE id = $1", meeting);

    // Another node takes the meeting behind this one's back.
    m.server.query("UPDATE meeting_owner SET epoch = epoch + 1, node = 'elsewhere' WHERE meeting_id = $1", meeting);
    JsonObject refused = m.refused(503, m.police, "contribution.add", new JsonObject().put("key", "after-split")
      .put("body", "After the split."));
    assertEquals("owner_moved", refused.getString("error"), refused.encode());
    assertEquals(lastSeq, m.count("SELECT last_seq AS n FROM meeting WHERE id = $1", meeting), "nothing committed");
    assertEquals(0, m.count("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1 AND seq > $2",
      meeting, lastSeq));

    // The deposed room let the lock go; this node stands by, takes the meeting again and reloads it.
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject resent = null;
    while (System.currentTimeMillis() < deadline) {
      var res = m.command(m.police, "contribution.add", new JsonObject().put("key", "after-split")
        .put("body", "After the split."));
      if (res.statusCode() == 200) {
        resent = res.bodyAsJsonObject();
        break;
      }
      assertEquals(503, res.statusCode(), res.bodyAsString());
      Thread.sleep(200);
    }
    assertTrue(resent != null, "the meeting is served again");
    assertEquals(lastSeq + 1, resent.getLong("seq"));
    assertEquals(epoch + 2, m.count("SELECT epoch AS n FROM meeting_owner WHERE meeting_id = $1", meeting));
    assertEquals(1, m.count("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1 AND idempotency_key = $2",
      meeting, "after-split"));
    // The socket that was in the meeting is told to catch up from the new owner, and gets its events.
    camhs.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type"))
      && msg.getJsonObject("body").getLong("lastSeq") == lastSeq, "joined again, from the new owner");
    camhs.await(msg -> msg.getJsonObject("body").getLong("seq", -1L) == lastSeq + 1, "the resent change");
    camhs.close();
  }
}
