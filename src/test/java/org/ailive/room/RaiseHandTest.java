package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 5 item 6: a queue per case; the chair takes the next or clears; each partner sees their place. */
class RaiseHandTest {

  static LiveMeeting m;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  static List<Object> queue() throws Exception {
    JsonObject state = m.state(m.chair);
    String item = state.getJsonObject("timer").getString("itemId");
    return state.getJsonObject("hands").getJsonArray(item, new JsonArray()).getList();
  }

  @Test
  void handsQueueInOrderAndTheChairTakesThem() throws Exception {
    String police = m.memberId("police@demo.ailive.test");
    String camhs = m.memberId("camhs@demo.ailive.test");
    m.ok(m.police, "hand.raise", new JsonObject());
    m.ok(m.camhs, "hand.raise", new JsonObject());
    m.ok(m.police, "hand.raise", new JsonObject());
    assertEquals(List.of(police, camhs), queue(), "in the order raised, once each");
    assertEquals(1, queue().indexOf(camhs), "CAMHS is second");
    m.refused(403, m.police, "hand.next", new JsonObject());
    JsonObject taken = m.ok(m.chair, "hand.next", new JsonObject());
    JsonObject event = m.server.query("SELECT payload FROM meeting_event WHERE seq = $1 AND meeting_id = $2",
      taken.getLong("seq"), java.util.UUID.fromString(m.meetingId)).getJsonObject(0).getJsonObject("payload");
    assertEquals("Gemma Rowe", event.getJsonObject("member").getString("name"));
    assertEquals(List.of(camhs), queue());
    m.ok(m.camhs, "hand.lower", new JsonObject());
    assertEquals(List.of(), queue());
    m.ok(m.police, "hand.raise", new JsonObject());
    m.refused(403, m.camhs, "hand.lower", new JsonObject().put("memberId", police));
    m.ok(m.chair, "hand.clear", new JsonObject());
    assertEquals(List.of(), queue());
    assertEquals("no_hands", m.refused(409, m.chair, "hand.next", new JsonObject()).getString("error"));
  }

  @Test
  void theQueueBelongsToTheCase() throws Exception {
    m.ok(m.police, "hand.raise", new JsonObject());
    m.ok(m.chair, "timer.next", new JsonObject());
    assertEquals(List.of(), queue(), "a new case starts with no hands up");
    m.ok(m.chair, "timer.back", new JsonObject());
    assertEquals(List.of(m.memberId("police@demo.ailive.test")), queue(), "and the first case's queue is kept");
    m.ok(m.chair, "hand.clear", new JsonObject());
  }
}
