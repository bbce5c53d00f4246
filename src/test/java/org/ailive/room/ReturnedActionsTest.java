package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 item 4, through the real HTTP API: a returned action stays with its proposer (in "My
 * actions", the action log and the minutes, revised or withdrawn by them only, in the meeting or
 * between meetings), and the chair corrects wording, owner and due date as they confirm.
 */
class ReturnedActionsTest {

  static LiveMeeting m;
  static LocalDate meetingDate;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    meetingDate = LocalDate.parse(m.state(m.chair).getJsonObject("meeting").getString("meetingDate"));
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  static String propose(String token, String description) throws Exception {
    long seq = m.ok(token, "action.propose", new JsonObject().put("description", description)
      .put("ownerAgencyId", m.agencyId("Police")).put("successMeasure", "The school confirms it")).getLong("seq");
    return m.server.query("SELECT payload->'action'->>'id' AS id FROM meeting_event WHERE meeting_id = $1 AND seq = $2",
      UUID.fromString(m.meetingId), seq).getJsonObject(0).getString("id");
  }

  static JsonObject inRoom(String id) throws Exception {
    return m.state(m.chair).getJsonArray("actions").stream().map(o -> (JsonObject) o)
      .filter(a -> a.getString("id").equals(id)).findFirst().orElseThrow();
  }

  static JsonArray list(String token, String query) throws Exception {
    var res = m.server.client.get("/api/actions" + query).bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonArray();
  }

  static JsonObject find(JsonArray actions, String id) {
    return actions.stream().map(o -> (JsonObject) o).filter(a -> a.getString("id").equals(id)).findFirst().orElse(null);
  }

  static int post(String token, String path, JsonObject body) throws Exception {
    return m.server.client.post(path).bearerTokenAuthentication(token).sendJsonObject(body)
      .await(20, TimeUnit.SECONDS).statusCode();
  }

  @Test
  void aReturnedActionStaysWithItsProposerWhoAloneRevisesIt() throws Exception {
    String id = propose(m.police, "Look into it");
    m.ok(m.chair, "action.return", new JsonObject().put("actionId", id).put("reason", "Look into what?"));

    JsonObject mine = find(list(m.police, "?mine=true"), id);
    assertNotNull(mine, "in the proposer's My actions");
    assertEquals("returned", mine.getString("status"));
    assertEquals("Look into what?", mine.getString("returnedReason"));
    assertEquals("returned", find(list(m.chair, "?meetingId=" + m.meetingId), id).getString("status"),
      "in the action log by default, status returned");

    var minutes = m.server.client.post("/api/exports/meetings/" + m.meetingId + "/minutes")
      .bearerTokenAuthentication(m.officer).sendJsonObject(new JsonObject()).await(20, TimeUnit.SECONDS);
    assertEquals(201, minutes.statusCode(), minutes.bodyAsString());
    JsonArray items = m.server.query("SELECT content FROM minutes_version WHERE meeting_id = $1",
      UUID.fromString(m.meetingId)).getJsonObject(0).getJsonObject("content").getJsonArray("items");
    assertTrue(items.stream().map(o -> (JsonObject) o).flatMap(i -> i.getJsonArray("returned").stream())
      .map(o -> (JsonObject) o).anyMatch(a -> "Look into it".equals(a.getString("description"))
        && "returned".equals(a.getString("status"))), "the minutes list it as returned: " + items);

    // In the meeting: the proposer only (not the chair, not another partner).
    m.refused(403, m.chair, "action.revise", new JsonObject().put("actionId", id).put("description", "x"));
    m.refused(403, m.camhs, "action.revise", new JsonObject().put("actionId", id).put("description", "x"));
    // Between meetings: the same, over REST.
    String revise = "/api/actions/" + id + "/revise";
    JsonObject better = new JsonObject().put("description", "Ask the school for the attendance figures")
      .put("dueDate", meetingDate.plusWeeks(3).toString());
    assertEquals(403, post(m.camhs, revise, better));
    assertEquals(403, post(m.chair, revise, better));
    assertEquals(400, post(m.police, revise, new JsonObject().put("description", " ")));
    assertEquals(200, post(m.police, revise, better));
    JsonObject stored = m.server.query("SELECT status, description FROM action WHERE id = $1", UUID.fromString(id))
      .getJsonObject(0);
    assertEquals("proposed", stored.getString("status"));
    assertEquals("Ask the school for the attendance figures", stored.getString("description"));
    assertEquals(409, post(m.police, revise, better), "only a returned action is revised between meetings");
    // The room reads the action afresh before confirming it.
    m.ok(m.chair, "action.confirm", new JsonObject().put("actionId", id));
    assertEquals("open", inRoom(id).getString("status"));
    assertEquals("Ask the school for the attendance figures", inRoom(id).getString("description"));
  }

  @Test
  void itsProposerWithdrawsOneWithAReason() throws Exception {
    String id = propose(m.police, "Visit the family");
    m.ok(m.chair, "action.return", new JsonObject().put("actionId", id).put("reason", "Who, when?"));
    m.refused(403, m.camhs, "action.withdraw", new JsonObject().put("actionId", id).put("reason", "x"));
    m.refused(400, m.police, "action.withdraw", new JsonObject().put("actionId", id));
    m.ok(m.police, "action.withdraw", new JsonObject().put("actionId", id).put("reason", "Covered by action 3"));
    assertEquals("dropped", inRoom(id).getString("status"));
    assertEquals("Covered by action 3", m.server.query("SELECT drop_reason FROM action WHERE id = $1",
      UUID.fromString(id)).getJsonObject(0).getString("drop_reason"));

    String between = propose(m.police, "Call the GP");
    m.ok(m.chair, "action.return", new JsonObject().put("actionId", between).put("reason", "Which GP?"));
    assertEquals(403, post(m.camhs, "/api/actions/" + between + "/withdraw", new JsonObject().put("reason", "x")));
    assertEquals(200, post(m.police, "/api/actions/" + between + "/withdraw", new JsonObject().put("reason", "Not needed")));
    assertEquals("dropped", m.server.query("SELECT status FROM action WHERE id = $1", UUID.fromString(between))
      .getJsonObject(0).getString("status"));
    // As a drop, the reason is also the action's last update.
    assertEquals("Not needed", m.server.query("SELECT body FROM action_update WHERE action_id = $1 AND status_after = 'dropped'",
      UUID.fromString(between)).getJsonObject(0).getString("body"));
  }

  @Test
  void theChairCorrectsWordingOwnerAndDueDateAsTheyConfirm() throws Exception {
    String id = propose(m.police, "Talk to school");
    String due = meetingDate.plusWeeks(5).toString();
    long seq = m.ok(m.chair, "action.confirm", new JsonObject().put("actionId", id)
      .put("description", "Police share the school-gate observations with the school").put("dueDate", due)
      .put("ownerAgencyId", m.agencyId("CAMHS")).putNull("ownerMemberId")).getLong("seq");
    JsonObject confirmed = inRoom(id);
    assertEquals("open", confirmed.getString("status"));
    assertNotNull(confirmed.getLong("number"));
    assertEquals("Police share the school-gate observations with the school", confirmed.getString("description"));
    assertEquals(due, confirmed.getString("dueDate"));
    assertEquals(m.agencyId("CAMHS"), confirmed.getString("ownerAgencyId"));
    JsonObject payload = m.server.query("SELECT payload FROM meeting_event WHERE meeting_id = $1 AND seq = $2",
      UUID.fromString(m.meetingId), seq).getJsonObject(0).getJsonObject("payload");
    assertEquals(new JsonArray().add("description").add("ownerAgencyId").add("dueDate"), payload.getJsonArray("corrected"));
    JsonObject row = m.server.query("SELECT description, due_date::text AS due, status FROM action WHERE id = $1",
      UUID.fromString(id)).getJsonObject(0);
    assertEquals(due, row.getString("due"));
    assertEquals("open", row.getString("status"));

    String bad = propose(m.police, "Another");
    assertTrue(m.refused(400, m.chair, "action.confirm", new JsonObject().put("actionId", bad)
      .put("dueDate", meetingDate.minusDays(1).toString())).getString("field").equals("dueDate"));
    assertEquals("proposed", inRoom(bad).getString("status"), "a refused correction confirms nothing");
    assertFalse(m.refused(403, m.police, "action.confirm", new JsonObject().put("actionId", bad)).isEmpty());
  }
}
