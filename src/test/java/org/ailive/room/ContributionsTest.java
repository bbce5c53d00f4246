package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5 item 5: partners' updates, attributed, live; authors edit or withdraw; the chair hides. */
class ContributionsTest {

  static LiveMeeting m;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  static JsonObject find(JsonObject state, String id) {
    return state.getJsonArray("contributions").stream().map(o -> (JsonObject) o)
      .filter(c -> c.getString("id").equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aContributionIsAttributedAndReachesEveryoneLive() throws Exception {
    BusClient camhs = BusClient.connect(m.server.vertx, m.server.port(), m.camhs);
    camhs.listen("ailive.meeting." + m.meetingId + ".events");
    camhs.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type")), "joined");
    long seq = m.ok(m.police, "contribution.add", new JsonObject()
      .put("body", "Officers attended the address twice in October; no arrests.")).getLong("seq");
    JsonObject event = camhs.await(msg -> msg.getJsonObject("body").getLong("seq", -1L) == seq, "the contribution")
      .getJsonObject("body");
    assertEquals("contribution.added", event.getString("type"));
    JsonObject c = event.getJsonObject("payload").getJsonObject("contribution");
    assertEquals("Gemma Rowe", c.getString("authorName"));
    assertEquals("Police", c.getString("agency"));
    String current = m.state(m.chair).getJsonObject("timer").getString("itemId");
    assertEquals(current, c.getString("itemId"), "on the case being discussed");
    assertEquals(1, m.count("SELECT count(*) AS n FROM contribution WHERE id = $1", UUID.fromString(c.getString("id"))));
    camhs.close();
  }

  @Test
  void underAobAndPartnerUpdates() throws Exception {
    String aob = m.state(m.chair).getJsonArray("agenda").stream().map(o -> (JsonObject) o)
      .filter(i -> "aob".equals(i.getString("kind"))).findFirst().orElseThrow().getString("id");
    String id = m.ok(m.camhs, "contribution.add", new JsonObject().put("itemId", aob)
      .put("body", "CAMHS waiting list is now 14 weeks for routine referrals.")).getLong("seq").toString();
    assertTrue(m.state(m.chair).getJsonArray("contributions").stream().map(o -> (JsonObject) o)
      .anyMatch(c -> aob.equals(c.getString("itemId"))), id);
  }

  @Test
  void authorsEditAndWithdrawTheirOwnOnly() throws Exception {
    m.ok(m.police, "contribution.add", new JsonObject().put("body", "Draft wording"));
    String id = m.state(m.chair).getJsonArray("contributions").stream().map(o -> (JsonObject) o)
      .filter(c -> "Draft wording".equals(c.getString("body"))).findFirst().orElseThrow().getString("id");
    assertEquals("forbidden", m.refused(403, m.camhs, "contribution.edit", new JsonObject()
      .put("contributionId", id).put("body", "not mine")).getString("error"));
    m.ok(m.police, "contribution.edit", new JsonObject().put("contributionId", id).put("body", "Better wording"));
    JsonObject edited = find(m.state(m.chair), id);
    assertEquals("Better wording", edited.getString("body"));
    assertTrue(edited.getLong("editedAt") != null);
    m.ok(m.police, "contribution.withdraw", new JsonObject().put("contributionId", id));
    assertEquals("withdrawn", find(m.state(m.chair), id).getString("status"));
    assertEquals("contribution_withdrawn", m.refused(409, m.police, "contribution.edit", new JsonObject()
      .put("contributionId", id).put("body", "again")).getString("error"));
  }

  @Test
  void theChairHidesOneAndItStaysInTheLog() throws Exception {
    m.ok(m.camhs, "contribution.add", new JsonObject().put("body", "Something said in error"));
    String id = m.state(m.chair).getJsonArray("contributions").stream().map(o -> (JsonObject) o)
      .filter(c -> "Something said in error".equals(c.getString("body"))).findFirst().orElseThrow().getString("id");
    m.refused(403, m.police, "contribution.hide", new JsonObject().put("contributionId", id));
    m.ok(m.chair, "contribution.hide", new JsonObject().put("contributionId", id));
    JsonObject hidden = find(m.state(m.chair), id);
    assertEquals("hidden", hidden.getString("status"));
    assertNull(hidden.getString("body"), "no longer shown");
    assertEquals(1, m.count("SELECT count(*) AS n FROM meeting_event WHERE type = 'contribution.added' "
      + "AND payload->'contribution'->>'body' = 'Something said in error'"), "the log keeps what was said");
  }

  @Test
  void observersAndBadInputChangeNothing() throws Exception {
    long before = m.state(m.chair).getLong("lastSeq");
    m.refused(403, m.observer, "contribution.add", new JsonObject().put("body", "I am only watching"));
    assertTrue(m.refused(400, m.police, "contribution.add", new JsonObject().put("body", " "))
      .getString("field").equals("body"));
    assertTrue(m.refused(400, m.police, "contribution.add", new JsonObject().put("body", "x".repeat(5000)))
      .getString("field").equals("body"));
    assertEquals(before, m.state(m.chair).getLong("lastSeq"));
  }
}
