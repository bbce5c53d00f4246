package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5 item 7 and R7/R8 in the meeting: volunteer, confirm when SMART, close only with agreement. */
class VolunteeredActionsTest {

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

  static JsonObject action(String id) throws Exception {
    return m.state(m.chair).getJsonArray("actions").stream().map(o -> (JsonObject) o)
      .filter(a -> a.getString("id").equals(id)).findFirst().orElseThrow();
  }

  static String propose(String token, JsonObject fields) throws Exception {
    long seq = m.ok(token, "action.propose", fields).getLong("seq");
    return m.server.query("SELECT payload->'action'->>'id' AS id FROM meeting_event WHERE meeting_id = $1 AND seq = $2",
      UUID.fromString(m.meetingId), seq).getJsonObject(0).getString("id");
  }

  JsonObject policeAction() throws Exception {
    return new JsonObject().put("description", "Share the PCSO's school-gate observations with the school")
      .put("ownerAgencyId", m.agencyId("Police")).put("ownerMemberId", m.memberId("police@demo.ailive.test"))
      .put("successMeasure", "School confirms it has the observations and has acted on them");
  }

  @Test
  void aVolunteeredActionIsConfirmedByTheChairAndAppearsInTheLog() throws Exception {
    String id = propose(m.police, policeAction());
    JsonObject proposed = action(id);
    assertEquals("proposed", proposed.getString("status"));
    assertEquals(meetingDate.plusMonths(2).toString(), proposed.getString("dueDate"), "R7: two months by default");
    assertNotNull(proposed.getString("familyRef"), "on the case under discussion");
    m.refused(403, m.police, "action.confirm", new JsonObject().put("actionId", id));
    m.ok(m.chair, "action.confirm", new JsonObject().put("actionId", id));
    JsonObject confirmed = action(id);
    assertEquals("open", confirmed.getString("status"));
    assertNotNull(confirmed.getLong("number"));
    assertEquals("open", m.server.query("SELECT status FROM action WHERE id = $1", UUID.fromString(id))
      .getJsonObject(0).getString("status"));
  }

  @Test
  void smartChecksAtProposalAndTheTwoMonthRule() throws Exception {
    assertTrue(m.refused(400, m.police, "action.propose", policeAction().put("successMeasure", " "))
      .getString("field").equals("successMeasure"));
    assertTrue(m.refused(400, m.police, "action.propose", policeAction().putNull("ownerAgencyId"))
      .getString("field").equals("ownerAgencyId"));
    assertTrue(m.refused(400, m.police, "action.propose", policeAction().put("ownerMemberId",
      m.memberId("camhs@demo.ailive.test"))).getString("field").equals("ownerMemberId"));
    String late = propose(m.police, policeAction().put("dueDate", meetingDate.plusMonths(3).toString()));
    assertTrue(m.refused(400, m.chair, "action.confirm", new JsonObject().put("actionId", late))
      .getString("field").equals("lateDueReason"));
    m.ok(m.chair, "action.confirm", new JsonObject().put("actionId", late)
      .put("lateDueReason", "The housing panel only meets quarterly"));
    assertEquals("The housing panel only meets quarterly", action(late).getString("lateDueReason"));
  }

  @Test
  void theChairSendsOneBackAndItIsRevised() throws Exception {
    String id = propose(m.camhs, policeAction().put("ownerAgencyId", m.agencyId("CAMHS")).putNull("ownerMemberId")
      .put("description", "Look into it"));
    m.ok(m.chair, "action.return", new JsonObject().put("actionId", id).put("reason", "Not specific: look into what?"));
    assertEquals("returned", action(id).getString("status"));
    m.refused(403, m.police, "action.revise", new JsonObject().put("actionId", id).put("description", "x"));
    m.ok(m.camhs, "action.revise", new JsonObject().put("actionId", id)
      .put("description", "Offer the young person a CAMHS choice appointment within 4 weeks"));
    assertEquals("proposed", action(id).getString("status"));
  }

  @Test
  void closingNeedsCompletionAndNoObjectionFromThePartnersPresent() throws Exception {
    String id = propose(m.police, policeAction());
    m.ok(m.chair, "action.confirm", new JsonObject().put("actionId", id));
    m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", m.memberId("camhs@demo.ailive.test"))
      .put("status", "in_room"));
    m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", m.memberId("cmht@demo.ailive.test"))
      .put("status", "absent"));
    assertTrue(m.refused(400, m.chair, "action.proposeClose", new JsonObject().put("actionId", id))
      .getString("field").equals("completionConfirmed"));
    assertEquals("no_agreement", m.refused(409, m.chair, "action.close", new JsonObject().put("actionId", id))
      .getString("error"));
    m.ok(m.chair, "action.proposeClose", new JsonObject().put("actionId", id).put("completionConfirmed", true));
    assertEquals("done_awaiting_agreement", action(id).getString("status"));
    // An absent partner has no say; one objection from a partner present keeps it open (R8).
    m.refused(403, m.server.demoToken("cmht@demo.ailive.test"), "action.object", new JsonObject()
      .put("actionId", id).put("reason", "not here"));
    m.ok(m.camhs, "action.object", new JsonObject().put("actionId", id)
      .put("reason", "The school has not confirmed it yet"));
    assertEquals("in_progress", action(id).getString("status"));
    assertEquals("no_agreement", m.refused(409, m.chair, "action.close", new JsonObject().put("actionId", id))
      .getString("error"));
    m.ok(m.chair, "action.proposeClose", new JsonObject().put("actionId", id).put("completionConfirmed", true));
    long seq = m.ok(m.chair, "action.close", new JsonObject().put("actionId", id)).getLong("seq");
    assertEquals("closed", action(id).getString("status"));
    JsonObject payload = m.server.query("SELECT payload FROM meeting_event WHERE meeting_id = $1 AND seq = $2",
      UUID.fromString(m.meetingId), seq).getJsonObject(0).getJsonObject("payload");
    assertTrue(payload.getJsonArray("agreedByPresent").contains(m.memberId("camhs@demo.ailive.test")));
    assertEquals("closed", m.server.query("SELECT status FROM action WHERE id = $1", UUID.fromString(id))
      .getJsonObject(0).getString("status"));
  }
}
