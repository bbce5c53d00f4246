package org.ailive.actions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.ailive.actions.PanelFixture.Member;
import org.ailive.actions.PanelFixture.Panel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a panel looks back at: earlier meetings' open actions (R8), and agenda suggestions (R7, R9). */
class ActionFollowUpTest {

  static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/London"));

  static TestServer server;
  static PanelFixture fx;
  static UUID police;
  static UUID camhs;
  static Member chair;
  static Member officer;
  static Member gemma;
  static Member nikhil;
  static Member outsider;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Files.createTempDirectory("ailive-follow-up"), false);
    fx = new PanelFixture(server);
    UUID familiesFirst = fx.agency("Families First");
    police = fx.agency("Police");
    camhs = fx.agency("CAMHS");
    chair = fx.member("David Okafor", familiesFirst, "Families First", "chair");
    officer = fx.member("Helen Marsh", familiesFirst, "Families First", "officer");
    gemma = fx.member("Gemma Rowe", police, "Police", "partner");
    nikhil = fx.member("Nikhil Varma", camhs, "CAMHS", "partner");
    outsider = fx.member("Owen Hart", police, "Police", "partner");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  UUID act(UUID meeting, UUID caseId, String what, String status) throws Exception {
    return fx.action(meeting, caseId, what, police, gemma, TODAY.plusDays(10), status, "1 month", chair);
  }

  @Test
  void followUpListsEarlierMeetingsOpenActionsByFamily() throws Exception {
    Panel panel = fx.panel(chair, gemma, nikhil);
    Panel other = fx.panel(chair, outsider);
    UUID m0 = fx.meeting(panel, TODAY.minusDays(90), "closed");
    UUID m1 = fx.meeting(panel, TODAY.minusDays(60), "closed");
    UUID m2 = fx.meeting(panel, TODAY.plusDays(20), "planned");
    UUID q0 = fx.meeting(other, TODAY.minusDays(90), "closed");
    UUID a0 = fx.familyCase(panel, m0, "FU-A", gemma, null, "discussed");
    UUID a1 = fx.familyCase(panel, m1, "FU-A", gemma, null, "discussed");
    UUID a2 = fx.familyCase(panel, m2, "FU-A", gemma, null, "accepted");
    UUID b1 = fx.familyCase(panel, m1, "FU-B", gemma, null, "discussed");
    UUID c0 = fx.familyCase(panel, m0, "FU-C", gemma, null, "discussed");
    UUID q = fx.familyCase(other, q0, "FU-A", outsider, null, "discussed");
    UUID first = act(m0, a0, "A from the first meeting", "open");
    act(m0, a0, "A closed", "closed");
    UUID second = act(m1, a1, "A from the second meeting", "in_progress");
    UUID awaiting = act(m1, b1, "B done", "done_awaiting_agreement");
    act(m1, b1, "B dropped", "dropped");
    act(m2, a2, "A raised at this meeting", "open");
    act(q0, q, "A on another panel", "open");
    act(m0, c0, "C closed", "closed");
    UUID aob = act(m1, null, "AOB", "open");

    var res = fx.get("/api/meetings/" + m2 + "/follow-up", gemma);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonArray families = res.bodyAsJsonObject().getJsonArray("families");
    assertEquals(3, families.size(), families.encodePrettily());
    JsonObject familyA = families.getJsonObject(0);
    assertEquals("FU-A", familyA.getString("familyRef"));
    assertTrue(familyA.getBoolean("onAgenda"), "FU-A is back on this meeting's agenda");
    assertEquals(List.of(first.toString(), second.toString()), ids(familyA.getJsonArray("actions")),
      "both earlier cases of the family, matched by reference; not this meeting's, not another panel's");
    JsonObject familyB = families.getJsonObject(1);
    assertEquals("FU-B", familyB.getString("familyRef"));
    assertFalse(familyB.getBoolean("onAgenda"));
    assertEquals(List.of(awaiting.toString()), ids(familyB.getJsonArray("actions")));
    assertTrue(familyB.getJsonArray("actions").getJsonObject(0).containsKey("flags"));
    assertNull(families.getJsonObject(2).getString("familyRef"), "actions raised under AOB come last");
    assertEquals(List.of(aob.toString()), ids(families.getJsonObject(2).getJsonArray("actions")));

    JsonArray atSecond = fx.get("/api/meetings/" + m1 + "/follow-up", nikhil).bodyAsJsonObject()
      .getJsonArray("families");
    assertEquals(1, atSecond.size(), "only what the first meeting left open");
    assertEquals(List.of(first.toString()), ids(atSecond.getJsonObject(0).getJsonArray("actions")));

    assertEquals(403, fx.get("/api/meetings/" + m2 + "/follow-up", outsider).statusCode());
    assertEquals(200, fx.get("/api/meetings/" + m2 + "/follow-up", officer).statusCode());
    assertEquals(404, fx.get("/api/meetings/" + UUID.randomUUID() + "/follow-up", officer).statusCode());
  }

  @Test
  void agendaSuggestionsNameFamiliesDueForReviewOrGoneQuiet() throws Exception {
    Panel panel = fx.panel(chair, gemma);
    UUID past = fx.meeting(panel, TODAY.minusDays(100), "closed");
    LocalDate next = TODAY.plusDays(20);
    fx.meeting(panel, next, "planned");
    fx.meeting(panel, TODAY.plusDays(45), "planned");
    UUID due = fx.familyCase(panel, past, "S-DUE", gemma, TODAY.plusDays(10), "discussed");
    fx.familyCase(panel, past, "S-PAST", gemma, TODAY.minusDays(30), "discussed");
    fx.familyCase(panel, past, "S-LATER", gemma, TODAY.plusDays(30), "discussed");
    fx.familyCase(panel, past, "S-CLOSED", gemma, TODAY.minusDays(5), "closed");
    fx.familyCase(panel, null, "S-DRAFT", gemma, TODAY.minusDays(5), "draft");
    UUID quiet = fx.familyCase(panel, past, "S-QUIET", gemma, null, "discussed");
    UUID soon = fx.familyCase(panel, past, "S-SOON", gemma, null, "discussed");
    UUID fresh = fx.familyCase(panel, past, "S-FRESH", gemma, null, "discussed");
    UUID done = fx.familyCase(panel, past, "S-DONE", gemma, null, "discussed");
    UUID quietAction = quiet(past, quiet, "open", "2 months 1 day");
    UUID dueQuietAction = quiet(past, due, "in_progress", "3 months");
    // Quiet for seven weeks today, so for over two months by the next meeting.
    quiet(past, soon, "open", "7 weeks");
    UUID updated = quiet(past, fresh, "in_progress", "3 months");
    fx.update(updated, gemma, "5 days");
    quiet(past, done, "done_awaiting_agreement", "4 months");

    String path = "/api/panels/" + panel.id() + "/agenda-suggestions";
    var res = fx.get(path, gemma);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonObject body = res.bodyAsJsonObject();
    assertEquals(next.toString(), body.getString("before"), "by default, the panel's next planned meeting");
    JsonArray families = body.getJsonArray("families");
    assertEquals(List.of("S-DUE", "S-PAST", "S-QUIET", "S-SOON"), refs(families));
    JsonArray dueReasons = families.getJsonObject(0).getJsonArray("reasons");
    assertEquals("review_due", dueReasons.getJsonObject(0).getString("reason"));
    assertEquals(due.toString(), dueReasons.getJsonObject(0).getString("caseId"));
    assertEquals(TODAY.plusDays(10).toString(), dueReasons.getJsonObject(0).getString("reviewDate"));
    assertEquals("consider_full_case_review", dueReasons.getJsonObject(1).getString("reason"));
    assertEquals(dueQuietAction.toString(), dueReasons.getJsonObject(1).getString("actionId"));
    JsonObject quietReason = families.getJsonObject(2).getJsonArray("reasons").getJsonObject(0);
    assertEquals("R7", quietReason.getString("rule"));
    assertEquals(quietAction.toString(), quietReason.getString("actionId"));
    assertEquals(fx.number(quietAction), quietReason.getLong("number"));
    assertTrue(quietReason.getString("text").contains("full case review"));

    assertEquals(List.of("S-DUE", "S-LATER", "S-PAST", "S-QUIET", "S-SOON"),
      refs(fx.get(path + "?before=" + TODAY.plusDays(40), officer).bodyAsJsonObject().getJsonArray("families")));
    assertEquals(List.of("S-DUE", "S-PAST", "S-QUIET"),
      refs(fx.get(path + "?before=" + TODAY, chair).bodyAsJsonObject().getJsonArray("families")),
      "S-DUE only for its quiet action: its review date is still to come");

    var bad = fx.get(path + "?before=next-week", gemma);
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsJsonObject().getString("field").equals("before"));
    Panel idle = fx.panel(chair, gemma);
    var noMeeting = fx.get("/api/panels/" + idle.id() + "/agenda-suggestions", gemma);
    assertEquals(400, noMeeting.statusCode(), "no planned meeting to default to");
    assertTrue(noMeeting.bodyAsJsonObject().getString("field").equals("before"));
    assertEquals(403, fx.get(path, outsider).statusCode());
    assertEquals(404, fx.get("/api/panels/" + UUID.randomUUID() + "/agenda-suggestions", officer).statusCode());
  }

  UUID quiet(UUID meeting, UUID caseId, String status, String confirmedAgo) throws Exception {
    return fx.action(meeting, caseId, "quiet " + status, camhs, nikhil, TODAY.plusDays(10), status, confirmedAgo,
      chair);
  }

  static List<String> ids(JsonArray actions) {
    return actions.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  static List<String> refs(JsonArray families) {
    return families.stream().map(o -> ((JsonObject) o).getString("familyRef")).toList();
  }
}
