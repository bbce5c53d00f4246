package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 items 2 and 3, through the real HTTP command API and Postgres: deferring a case to the
 * panel's next meeting (refused, creating nothing, when there is none), withdrawing an item with a
 * reason, Next on an item with no time used, the minutes' words, and the case's lifecycle
 * (discussed, outcome, need met, closed). One live demo meeting, its tests in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ItemOutcomesTest {

  static LiveMeeting m;
  static List<JsonObject> items;
  static String nextMeetingId;
  static String deferredProposal;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    items = cases(m.state(m.chair).getJsonArray("agenda"));
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  static List<JsonObject> cases(JsonArray agenda) {
    return agenda.stream().map(o -> (JsonObject) o).filter(i -> "case".equals(i.getString("kind"))).toList();
  }

  static JsonObject item(String id) throws Exception {
    return m.state(m.chair).getJsonArray("agenda").stream().map(o -> (JsonObject) o)
      .filter(i -> i.getString("id").equals(id)).findFirst().orElseThrow();
  }

  static String caseStatus(String caseId) throws Exception {
    return m.server.query("SELECT status FROM family_case WHERE id = $1", UUID.fromString(caseId)).getJsonObject(0)
      .getString("status");
  }

  static String lastEventType() throws Exception {
    return m.server.query("SELECT type FROM meeting_event WHERE meeting_id = $1 ORDER BY seq DESC LIMIT 1",
      UUID.fromString(m.meetingId)).getJsonObject(0).getString("type");
  }

  @Test
  @Order(1)
  void deferringWithNoNextMeetingSaysSoAndCreatesNothing() throws Exception {
    JsonObject second = items.get(1);
    long agendaRows = m.count("SELECT count(*) AS n FROM agenda_item");
    long events = m.count("SELECT count(*) AS n FROM meeting_event");
    JsonObject err = m.refused(409, m.chair, "item.defer", new JsonObject().put("itemId", second.getString("id")));
    assertEquals("no_next_meeting", err.getString("error"));
    assertTrue(err.getString("message").contains("no later meeting"), err.encode());
    assertEquals(agendaRows, m.count("SELECT count(*) AS n FROM agenda_item"));
    assertEquals(events, m.count("SELECT count(*) AS n FROM meeting_event"));
    assertEquals(m.meetingId, m.server.query("SELECT meeting_id FROM family_case WHERE id = $1",
      UUID.fromString(second.getString("caseId"))).getJsonObject(0).getString("meeting_id"));
    assertFalse(item(second.getString("id")).getBoolean("done"));
    m.refused(403, m.police, "item.defer", new JsonObject().put("itemId", second.getString("id")));
  }

  @Test
  @Order(2)
  void aDeferredCaseMovesToTheNextMeetingWithItsActionsAndThatRoomShowsIt() throws Exception {
    JsonObject second = items.get(1);
    String caseId = second.getString("caseId");
    JsonObject meeting = m.state(m.chair).getJsonObject("meeting");
    LocalDate date = LocalDate.parse(meeting.getString("meetingDate"));
    String panelId = m.server.query("SELECT panel_id FROM meeting WHERE id = $1", UUID.fromString(m.meetingId))
      .getJsonObject(0).getString("panel_id");
    var created = m.server.client.post("/api/meetings").bearerTokenAuthentication(m.officer)
      .sendJsonObject(new JsonObject().put("panelId", panelId).put("meetingDate", date.plusMonths(1).toString()))
      .await(20, TimeUnit.SECONDS);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    nextMeetingId = created.bodyAsJsonObject().getString("id");
    // The next meeting's room is loaded, its agenda laid out (AOB only: no accepted cases yet).
    next("agenda.build", new JsonObject());
    assertTrue(cases(nextState().getJsonArray("agenda")).isEmpty());

    // A proposal on the case, not yet confirmed, goes with it.
    deferredProposal = propose(m.police, new JsonObject().put("caseId", caseId)
      .put("description", "Ask the school for attendance figures").put("ownerAgencyId", m.agencyId("Police"))
      .put("successMeasure", "Figures shared with the panel"));
    m.ok(m.chair, "item.defer", new JsonObject().put("itemId", second.getString("id")));
    assertEquals("item.deferred", lastEventType());
    JsonObject deferred = item(second.getString("id"));
    assertTrue(deferred.getBoolean("done"));
    assertEquals("deferred", deferred.getString("disposition"));
    assertEquals(nextMeetingId, deferred.getString("deferredToMeetingId"));
    assertEquals("accepted", caseStatus(caseId));
    assertEquals(nextMeetingId, m.server.query("SELECT meeting_id FROM family_case WHERE id = $1",
      UUID.fromString(caseId)).getJsonObject(0).getString("meeting_id"));

    JsonObject there = nextState();
    assertEquals(1, cases(there.getJsonArray("agenda")).stream()
      .filter(i -> caseId.equals(i.getString("caseId"))).count(), "the next meeting's room shows the case");
    assertTrue(there.getJsonArray("actions").stream().map(o -> (JsonObject) o)
      .anyMatch(a -> a.getString("id").equals(deferredProposal) && "proposed".equals(a.getString("status"))),
      "its proposed action came with it");

    // Its presenter sees where it went on their cases page.
    String presenterEmail = m.server.query("SELECT mb.email FROM family_case c JOIN member mb "
      + "ON mb.id = c.presenter_member_id WHERE c.id = $1", UUID.fromString(caseId)).getJsonObject(0).getString("email");
    var mine = m.server.client.get("/api/cases?mine=true").bearerTokenAuthentication(m.server.demoToken(presenterEmail))
      .send().await(20, TimeUnit.SECONDS);
    assertEquals(200, mine.statusCode(), mine.bodyAsString());
    JsonObject theirs = mine.bodyAsJsonArray().stream().map(o -> (JsonObject) o)
      .filter(c -> c.getString("id").equals(caseId)).findFirst().orElseThrow();
    assertEquals(date.toString(), theirs.getString("deferredFromMeetingDate"));
    assertEquals(nextMeetingId, theirs.getString("meetingId"));

    assertEquals("item_done", m.refused(409, m.chair, "item.defer",
      new JsonObject().put("itemId", second.getString("id"))).getString("error"));
  }

  @Test
  @Order(3)
  void anItemIsWithdrawnWithAReason() throws Exception {
    JsonObject third = items.get(2);
    m.refused(400, m.chair, "item.withdraw", new JsonObject().put("itemId", third.getString("id")));
    m.refused(400, m.chair, "item.withdraw", new JsonObject().put("itemId", third.getString("id")).put("reason", " "));
    m.ok(m.chair, "item.withdraw", new JsonObject().put("itemId", third.getString("id"))
      .put("reason", "The family moved out of the county"));
    JsonObject withdrawn = item(third.getString("id"));
    assertEquals("withdrawn", withdrawn.getString("disposition"));
    assertEquals("The family moved out of the county", withdrawn.getString("note"));
    assertEquals("withdrawn", caseStatus(third.getString("caseId")));
    assertNull(m.state(m.observer).getJsonArray("agenda").stream().map(o -> (JsonObject) o)
      .filter(i -> i.getString("id").equals(third.getString("id"))).findFirst().orElseThrow().getString("note"),
      "the reason is withheld from observers like other free text");
    assertEquals("item_closed", m.refused(409, m.chair, "timer.start",
      new JsonObject().put("itemId", third.getString("id"))).getString("error"));
  }

  @Test
  @Order(4)
  void nextWithNoTimeUsedLeavesTheItemNotDiscussedUnlessTheChairSaysSo() throws Exception {
    JsonObject first = items.get(0);
    String firstId = first.getString("id");
    assertEquals(firstId, m.state(m.chair).getJsonObject("timer").getString("itemId"));
    m.ok(m.chair, "timer.next", new JsonObject());
    JsonObject skipped = item(firstId);
    assertFalse(skipped.getBoolean("done"), "a skip is not a discussion");
    assertNull(skipped.getString("disposition"));
    assertEquals("accepted", caseStatus(first.getString("caseId")));
    // Next stepped over the deferred and the withdrawn items, to AOB.
    String now = m.state(m.chair).getJsonObject("timer").getString("itemId");
    assertEquals("aob", item(now).getString("kind"));
    m.ok(m.chair, "timer.back", new JsonObject());
    assertEquals(firstId, m.state(m.chair).getJsonObject("timer").getString("itemId"));
    m.ok(m.chair, "timer.next", new JsonObject().put("discussed", true));
    JsonObject discussed = item(firstId);
    assertTrue(discussed.getBoolean("done"));
    assertEquals("discussed", discussed.getString("disposition"));
    assertEquals("discussed", caseStatus(first.getString("caseId")), "R9: discussed when its item is done");
    assertEquals(400, m.command(m.chair, "timer.next", new JsonObject().put("discussed", "yes")).statusCode());
  }

  @Test
  @Order(5)
  void theMinutesSayDeferredWithdrawnAndNotDiscussed() throws Exception {
    var res = m.server.client.get("/api/meetings/" + m.meetingId + "/minutes-draft").bearerTokenAuthentication(m.officer)
      .send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode());
    String text = res.bodyAsString();
    assertTrue(text.contains(items.get(0).getString("title")) && text.contains("Discussed"), text);
    assertTrue(text.contains("Deferred to the next meeting"), text);
    assertTrue(text.contains("Withdrawn: The family moved out of the county"), text);
    assertTrue(text.contains("Not discussed"), "the items not reached: " + text);
  }

  @Test
  @Order(6)
  void theOutcomeIsRecordedAndTheCaseClosesWhenTheNeedIsMetAndItsActionsAreClosed() throws Exception {
    String discussedCase = items.get(0).getString("caseId");
    JsonObject ifst = outcome(m.chair, discussedCase, new JsonObject().put("outcome", "ifst"), 200);
    assertEquals("ifst", ifst.getString("outcome"));
    assertEquals("discussed", ifst.getString("status"));

    // From AOB to the next case, which gets an action, confirmed: its need met is not enough to close it.
    m.ok(m.chair, "timer.next", new JsonObject().put("discussed", true));
    String current = items.get(3).getString("caseId");
    assertEquals(current, m.state(m.chair).getJsonObject("focus").getString("caseId"));
    String action = propose(m.police, new JsonObject()
      .put("description", "Share the PCSO's observations").put("ownerAgencyId", m.agencyId("Police"))
      .put("successMeasure", "School confirms it has them"));
    m.ok(m.chair, "action.confirm", new JsonObject().put("actionId", action));
    assertEquals("wrong_status", outcome(m.chair, current, new JsonObject().put("needMet", true), 409)
      .getString("error"), "need met is recorded at review, after the discussion");
    m.ok(m.chair, "timer.next", new JsonObject().put("discussed", true));
    JsonObject met = outcome(m.chair, current, new JsonObject().put("needMet", true), 200);
    assertEquals("discussed", met.getString("status"));
    assertEquals(1L, met.getLong("openActions"));
    m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", m.memberId("police@demo.ailive.test"))
      .put("status", "in_room"));
    m.ok(m.chair, "action.proposeClose", new JsonObject().put("actionId", action).put("completionConfirmed", true));
    m.ok(m.chair, "action.close", new JsonObject().put("actionId", action));
    assertEquals("closed", caseStatus(current), "need met and its actions closed: closed");

    // A case with no actions closes as soon as its need is met; its family gets no more review suggestions.
    assertEquals("closed", outcome(m.officer, discussedCase, new JsonObject().put("needMet", true), 200)
      .getString("status"));
    JsonObject stored = m.server.query("SELECT outcome, need_met, family_ref, panel_id FROM family_case WHERE id = $1",
      UUID.fromString(discussedCase)).getJsonObject(0);
    assertEquals("ifst", stored.getString("outcome"));
    assertTrue(stored.getBoolean("need_met"));
    m.server.query("UPDATE family_case SET review_date = current_date - 1 WHERE family_ref = $1",
      stored.getString("family_ref"));
    var suggestions = m.server.client.get("/api/panels/" + stored.getString("panel_id")
        + "/agenda-suggestions?before=" + LocalDate.now().plusDays(1)).bearerTokenAuthentication(m.chair).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, suggestions.statusCode(), suggestions.bodyAsString());
    assertFalse(suggestions.bodyAsString().contains("\"" + stored.getString("family_ref") + "\""),
      suggestions.bodyAsString());
    assertEquals(400, m.server.client.post("/api/cases/" + discussedCase + "/outcome").bearerTokenAuthentication(m.chair)
      .sendJsonObject(new JsonObject()).await(20, TimeUnit.SECONDS).statusCode(), "an outcome or needMet is needed");
  }

  static String propose(String token, JsonObject fields) throws Exception {
    long seq = m.ok(token, "action.propose", fields).getLong("seq");
    return m.server.query("SELECT payload->'action'->>'id' AS id FROM meeting_event WHERE meeting_id = $1 AND seq = $2",
      UUID.fromString(m.meetingId), seq).getJsonObject(0).getString("id");
  }

  static JsonObject outcome(String token, String caseId, JsonObject body, int status) throws Exception {
    var res = m.server.client.post("/api/cases/" + caseId + "/outcome").bearerTokenAuthentication(token)
      .sendJsonObject(body).await(20, TimeUnit.SECONDS);
    assertEquals(status, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  static JsonObject next(String type, JsonObject args) throws Exception {
    JsonObject body = args.copy().put("type", type).put("key", m.key());
    var res = m.server.client.post("/api/meetings/" + nextMeetingId + "/commands").bearerTokenAuthentication(m.officer)
      .sendJsonObject(body).await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  static JsonObject nextState() throws Exception {
    var res = m.server.client.get("/api/meetings/" + nextMeetingId + "/room").bearerTokenAuthentication(m.chair).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonObject state = res.bodyAsJsonObject().getJsonObject("state");
    assertNotNull(state);
    return state;
  }
}
