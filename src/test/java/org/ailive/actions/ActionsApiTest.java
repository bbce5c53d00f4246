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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Following actions up between meetings over REST (R7, R8): flags, filters, my actions, progress, drop. */
class ActionsApiTest {

  static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/London"));

  static TestServer server;
  static PanelFixture fx;
  static UUID police;
  static UUID camhs;
  static Member chair;
  static Member officer;
  static Member gemma;
  static Member paul;
  static Member nikhil;
  static Member observer;
  static Member outsider;
  static Panel north;
  static Panel west;
  static int meetings;

  @BeforeAll
  static void start() throws Exception {
    // Mail on, to a port where no server listens: the notices are written (and wait in the outbox);
    // CaseActionNoticesTest reads them back from a real SMTP server.
    int nowhere;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      nowhere = s.getLocalPort();
    }
    server = TestServer.start(Files.createTempDirectory("ailive-actions"), false, Map.of("smtpHost", "127.0.0.1",
      "smtpPort", nowhere, "smtpStarttls", "disabled", "mailFrom", "ailive@council.example"));
    fx = new PanelFixture(server);
    UUID familiesFirst = fx.agency("Families First");
    police = fx.agency("Police");
    camhs = fx.agency("CAMHS");
    chair = fx.member("David Okafor", familiesFirst, "Families First", "chair");
    officer = fx.member("Helen Marsh", familiesFirst, "Families First", "officer");
    gemma = fx.member("Gemma Rowe", police, "Police", "partner");
    paul = fx.member("Paul Reid", police, "Police", "partner");
    nikhil = fx.member("Nikhil Varma", camhs, "CAMHS", "partner");
    observer = fx.member("Chloe Bennett", police, "Police", "observer");
    outsider = fx.member("Owen Hart", police, "Police", "partner");
    north = fx.panel(chair, gemma, paul, nikhil, observer);
    west = fx.panel(chair, outsider);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  /** Each test gets its own earlier meeting of the north panel and one family on it. */
  static UUID[] meetingWithCase(String familyRef) throws Exception {
    UUID meeting = fx.meeting(north, TODAY.minusDays(30 + (++meetings)), "closed");
    return new UUID[] {meeting, fx.familyCase(north, meeting, familyRef, gemma, null, "discussed")};
  }

  static Map<String, JsonObject> byDescription(JsonArray actions) {
    Map<String, JsonObject> out = new HashMap<>();
    actions.forEach(o -> out.put(((JsonObject) o).getString("description"), (JsonObject) o));
    return out;
  }

  /** The notices of a kind for a member, written with the change (mail is on; no server listens). */
  static int notices(String kind, UUID memberId) throws Exception {
    return server.query("SELECT count(*) AS n FROM notice WHERE kind = $1 AND member_id = $2", kind, memberId)
      .getJsonObject(0).getInteger("n");
  }

  static boolean flag(JsonObject action, String name) {
    return action.getJsonObject("flags").getBoolean(name);
  }

  @Test
  void flagsFollowTheDates() throws Exception {
    UUID[] mc = meetingWithCase("FL-1");
    fx.action(mc[0], mc[1], "overdue", police, gemma, TODAY.minusDays(1), "open", "20 days", chair);
    fx.action(mc[0], mc[1], "due today", police, gemma, TODAY, "in_progress", "20 days", chair);
    fx.action(mc[0], mc[1], "due in 14 days", police, gemma, TODAY.plusDays(14), "open", "20 days", chair);
    fx.action(mc[0], mc[1], "due in 15 days", police, gemma, TODAY.plusDays(15), "open", "20 days", chair);
    fx.action(mc[0], mc[1], "silent two months", camhs, nikhil, TODAY.plusDays(30), "open", "2 months 1 day", chair);
    fx.action(mc[0], mc[1], "silent seven weeks", camhs, nikhil, TODAY.plusDays(30), "open", "7 weeks", chair);
    UUID fresh = fx.action(mc[0], mc[1], "recent update", camhs, nikhil, TODAY.plusDays(30), "in_progress",
      "3 months", chair);
    fx.update(fresh, nikhil, "10 days");
    UUID stale = fx.action(mc[0], mc[1], "old update", camhs, nikhil, TODAY.plusDays(30), "in_progress",
      "4 months", chair);
    fx.update(stale, nikhil, "2 months 2 days");
    fx.action(mc[0], mc[1], "closed late", police, gemma, TODAY.minusDays(10), "closed", "3 months", chair);
    fx.action(mc[0], mc[1], "done late", police, gemma, TODAY.minusDays(10), "done_awaiting_agreement",
      "3 months", chair);

    Map<String, JsonObject> all = byDescription(fx.list("?status=all&meetingId=" + mc[0], chair));
    assertEquals(10, all.size());
    assertTrue(flag(all.get("overdue"), "overdue"));
    assertFalse(flag(all.get("overdue"), "dueSoon"));
    assertFalse(flag(all.get("due today"), "overdue"));
    assertTrue(flag(all.get("due today"), "dueSoon"));
    assertTrue(flag(all.get("due in 14 days"), "dueSoon"));
    assertFalse(flag(all.get("due in 15 days"), "dueSoon"));
    // R7: two months without progress since confirmation or since the last update.
    assertTrue(flag(all.get("silent two months"), "considerFullCaseReview"));
    assertFalse(flag(all.get("silent seven weeks"), "considerFullCaseReview"));
    assertFalse(flag(all.get("recent update"), "considerFullCaseReview"));
    assertTrue(flag(all.get("old update"), "considerFullCaseReview"));
    assertFalse(flag(all.get("overdue"), "considerFullCaseReview"));
    assertFalse(flag(all.get("closed late"), "overdue"), "closed actions are never overdue");
    assertTrue(flag(all.get("done late"), "overdue"), "overdue until the panel agrees to close it");
    assertFalse(flag(all.get("done late"), "considerFullCaseReview"));

    JsonObject one = all.get("recent update");
    assertEquals("FL-1", one.getString("familyRef"));
    assertEquals(mc[1].toString(), one.getString("caseId"));
    assertEquals(mc[0].toString(), one.getString("meetingId"));
    assertEquals(TODAY.minusDays(30 + meetings).toString(), one.getString("meetingDate"));
    assertEquals("CAMHS", one.getString("ownerAgency"));
    assertEquals(camhs.toString(), one.getString("ownerAgencyId"));
    assertEquals("Nikhil Varma", one.getString("ownerName"));
    assertEquals(TODAY.plusDays(30).toString(), one.getString("dueDate"));
    assertEquals("The family confirms it happened.", one.getString("successMeasure"));
    assertNotNull(one.getLong("lastProgressAt"));
    assertNull(all.get("overdue").getLong("lastProgressAt"));
  }

  @Test
  void filtersNarrowTheList() throws Exception {
    UUID[] mc = meetingWithCase("FI-1");
    UUID late = fx.action(mc[0], mc[1], "police open", police, gemma, TODAY.minusDays(3), "open", "1 month", chair);
    fx.action(mc[0], mc[1], "camhs going", camhs, nikhil, TODAY.plusDays(9), "in_progress", "1 month", chair);
    fx.action(mc[0], mc[1], "police closed", police, gemma, TODAY.minusDays(3), "closed", "1 month", chair);
    fx.action(mc[0], mc[1], "police proposed", police, gemma, TODAY.plusDays(40), "proposed", "1 day", chair);
    UUID westMeeting = fx.meeting(west, TODAY.minusDays(200), "closed");
    UUID westAction = fx.action(westMeeting, null, "west aob", police, outsider, TODAY.plusDays(5), "open",
      "1 month", chair);
    String m = "&meetingId=" + mc[0];

    assertEquals(Set.of("police open", "camhs going"), descriptions(fx.list("?" + m, officer)),
      "by default, the actions still being followed up");
    assertEquals(Set.of("police closed"), descriptions(fx.list("?status=closed" + m, officer)));
    assertEquals(4, fx.list("?status=all" + m, officer).size());
    assertEquals(Set.of("police open", "police proposed"),
      descriptions(fx.list("?status=open,proposed" + m, officer)));
    assertEquals(Set.of("police open"), descriptions(fx.list("?agencyId=" + police + m, officer)));
    assertEquals(Set.of("police open"), descriptions(fx.list("?overdue=true" + m, officer)));
    assertEquals(late.toString(), fx.list("?overdue=true" + m, officer).getJsonObject(0).getString("id"));
    JsonArray westOnly = fx.list("?panelId=" + west.id(), officer);
    assertEquals(List.of(westAction.toString()), ids(westOnly));

    for (String[] bad : new String[][] {{"status=bogus", "status"}, {"mine=yes", "mine"},
      {"panelId=nope", "panelId"}, {"meetingId=1", "meetingId"}, {"agencyId=x", "agencyId"},
      {"overdue=1", "overdue"}}) {
      var res = fx.get("/api/actions?" + bad[0], officer);
      assertEquals(400, res.statusCode(), bad[0]);
      assertEquals("invalid_field", res.bodyAsJsonObject().getString("error"));
      assertTrue(res.bodyAsJsonObject().getString("field").equals(bad[1]), res.bodyAsString());
    }
  }

  @Test
  void membersSeeOnlyTheirPanelsActions() throws Exception {
    UUID[] mc = meetingWithCase("AC-1");
    UUID northAction = fx.action(mc[0], mc[1], "north", police, gemma, TODAY.plusDays(5), "open", "1 month", chair);
    UUID westMeeting = fx.meeting(west, TODAY.minusDays(300), "closed");
    UUID westAction = fx.action(westMeeting, null, "west", police, outsider, TODAY.plusDays(5), "open", "1 month",
      chair);

    assertFalse(ids(fx.list("?status=all", outsider)).contains(northAction.toString()));
    assertTrue(ids(fx.list("?status=all", outsider)).contains(westAction.toString()));
    assertFalse(ids(fx.list("?status=all", gemma)).contains(westAction.toString()));
    assertFalse(ids(fx.list("?mine=true", outsider)).contains(northAction.toString()),
      "the same agency on another panel does not see it");
    assertEquals(403, fx.get("/api/actions/" + northAction, outsider).statusCode());
    assertEquals(403, fx.get("/api/actions/" + westAction, gemma).statusCode());
    assertEquals(200, fx.get("/api/actions/" + westAction, chair).statusCode());
    assertEquals(200, fx.get("/api/actions/" + northAction, officer).statusCode());
    assertEquals(200, fx.get("/api/actions/" + northAction, observer).statusCode(), "observers watch");
    var missing = fx.get("/api/actions/" + UUID.randomUUID(), officer);
    assertEquals(404, missing.statusCode());
    assertEquals("not_found", missing.bodyAsJsonObject().getString("error"));
    assertEquals(400, fx.get("/api/actions/not-a-uuid", officer).statusCode());
  }

  @Test
  void myActionsAreOverdueFirstThenByDueDate() throws Exception {
    UUID[] mc = meetingWithCase("MY-1");
    UUID later = fx.action(mc[0], mc[1], "mine later", police, gemma, TODAY.plusDays(20), "open", "1 month", chair);
    UUID agencyLate = fx.action(mc[0], mc[1], "agency late", police, null, TODAY.minusDays(5), "in_progress",
      "1 month", chair);
    UUID mineLate = fx.action(mc[0], mc[1], "mine late", police, gemma, TODAY.minusDays(2), "open", "1 month", chair);
    UUID colleague = fx.action(mc[0], mc[1], "colleague soon", police, paul, TODAY.plusDays(3), "open", "1 month",
      chair);
    UUID camhsLate = fx.action(mc[0], mc[1], "camhs late", camhs, nikhil, TODAY.minusDays(10), "open", "1 month",
      chair);
    List<String> ours = List.of(agencyLate.toString(), mineLate.toString(), colleague.toString(), later.toString());

    List<String> mine = ids(fx.list("?mine=true", gemma));
    assertEquals(ours, mine.stream().filter(ours::contains).toList(),
      "overdue first, then by due date; the member's own and their agency's");
    assertFalse(mine.contains(camhsLate.toString()));
    JsonObject first = fx.list("?mine=true", gemma).getJsonObject(0);
    assertTrue(flag(first, "overdue"), "the very first is overdue");
    assertEquals(List.of(camhsLate.toString()),
      ids(fx.list("?mine=true&meetingId=" + mc[0], nikhil)));
  }

  @Test
  void ownersAndTheirAgencyPostProgressOthersCannot() throws Exception {
    UUID[] mc = meetingWithCase("PR-1");
    UUID id = fx.action(mc[0], mc[1], "check on mum", police, gemma, TODAY.plusDays(20), "open", "1 week", chair);
    String path = "/api/actions/" + id + "/progress";
    JsonObject note = new JsonObject().put("body", "Visited on Tuesday; mum has a GP appointment.");

    var other = fx.post(path, nikhil, note);
    assertEquals(403, other.statusCode(), "a partner of another agency");
    assertEquals("forbidden", other.bodyAsJsonObject().getString("error"));
    assertEquals(403, fx.post(path, observer, note).statusCode(), "observers only watch");
    assertEquals(403, fx.post(path, outsider, note).statusCode(), "same agency, not on this panel");
    var noBody = fx.post(path, gemma, new JsonObject());
    assertEquals(400, noBody.statusCode());
    assertTrue(noBody.bodyAsJsonObject().getString("field").equals("body"));
    var badStatus = fx.post(path, gemma, note.copy().put("status", "closed"));
    assertEquals(400, badStatus.statusCode());
    assertTrue(badStatus.bodyAsJsonObject().getString("field").equals("status"));
    assertEquals(0, updates(id), "refusals write nothing");

    var first = fx.post(path, gemma, note);
    assertEquals(201, first.statusCode(), first.bodyAsString());
    JsonObject action = first.bodyAsJsonObject();
    assertEquals("in_progress", action.getString("status"), "the first update starts an open action");
    JsonObject update = action.getJsonArray("updates").getJsonObject(0);
    assertEquals("Gemma Rowe", update.getString("authorName"));
    assertEquals("Police", update.getString("agency"));
    assertEquals("in_progress", update.getString("statusAfter"));
    assertEquals(note.getString("body"), update.getString("body"));
    assertEquals(update.getLong("at"), action.getLong("lastProgressAt"));

    var done = fx.post(path, paul, new JsonObject().put("body", "GP confirmed the referral.")
      .put("status", "done_awaiting_agreement"));
    assertEquals(201, done.statusCode(), done.bodyAsString());
    assertEquals("done_awaiting_agreement", done.bodyAsJsonObject().getString("status"));
    assertEquals(1, notices("action_reported_done", chair.id()), "the chair is told to put the closure to the panel");
    assertEquals(0, server.query("SELECT count(*) AS n FROM notice WHERE text_body LIKE '%GP confirmed%'"
      + " OR html_body LIKE '%GP confirmed%'").getJsonObject(0).getInteger("n"), "the mail has no update text");
    var chairNote = fx.post(path, chair, new JsonObject().put("body", "Not yet: CAMHS still to see him.")
      .put("status", "in_progress"));
    assertEquals("in_progress", chairNote.bodyAsJsonObject().getString("status"));
    assertEquals(201, fx.post(path, officer, new JsonObject().put("body", "Chased by e-mail.")).statusCode());
    var detail = fx.get("/api/actions/" + id, nikhil).bodyAsJsonObject();
    assertEquals(4, detail.getJsonArray("updates").size());
    assertEquals("in_progress", detail.getString("status"));
    assertEquals(4, server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'action_progress'"
      + " AND subject = $1", "action:" + id).getJsonObject(0).getInteger("n"));
  }

  @Test
  void closedAndUnconfirmedActionsTakeNoProgress() throws Exception {
    UUID[] mc = meetingWithCase("PR-2");
    UUID closed = fx.action(mc[0], mc[1], "done", police, gemma, TODAY.minusDays(20), "closed", "2 months", chair);
    UUID proposed = fx.action(mc[0], mc[1], "maybe", police, gemma, TODAY.plusDays(20), "proposed", "1 day", chair);
    for (UUID id : List.of(closed, proposed)) {
      var res = fx.post("/api/actions/" + id + "/progress", gemma, new JsonObject().put("body", "More news."));
      assertEquals(409, res.statusCode(), res.bodyAsString());
      assertEquals("wrong_action_status", res.bodyAsJsonObject().getString("error"));
      assertEquals(0, updates(id));
    }
  }

  @Test
  void onlyTheChairDropsAndOnlyWithAReason() throws Exception {
    UUID[] mc = meetingWithCase("DR-1");
    UUID id = fx.action(mc[0], mc[1], "family moved away", police, gemma, TODAY.plusDays(20), "in_progress",
      "1 month", chair);
    String path = "/api/actions/" + id + "/drop";
    JsonObject reason = new JsonObject().put("reason", "The family has moved out of county.");

    assertEquals(403, fx.post(path, gemma, reason).statusCode());
    assertEquals(403, fx.post(path, officer, reason).statusCode(), "closing and dropping are the chair's");
    var noReason = fx.post(path, chair, new JsonObject());
    assertEquals(400, noReason.statusCode());
    assertTrue(noReason.bodyAsJsonObject().getString("field").equals("reason"));
    assertEquals(400, fx.post(path, chair, new JsonObject().put("reason", "  ")).statusCode());

    var dropped = fx.post(path, chair, reason);
    assertEquals(200, dropped.statusCode(), dropped.bodyAsString());
    JsonObject action = dropped.bodyAsJsonObject();
    assertEquals("dropped", action.getString("status"));
    assertEquals(reason.getString("reason"), action.getString("dropReason"));
    JsonArray updates = action.getJsonArray("updates");
    assertEquals("dropped", updates.getJsonObject(updates.size() - 1).getString("statusAfter"));
    assertEquals(1, notices("action_dropped", gemma.id()), "the owner is told");
    assertEquals(0, server.query("SELECT count(*) AS n FROM notice WHERE text_body LIKE '%moved out of county%'")
      .getJsonObject(0).getInteger("n"), "the mail has no reason text");

    assertEquals(409, fx.post(path, chair, reason).statusCode());
    assertEquals(409, fx.post("/api/actions/" + id + "/progress", gemma, new JsonObject().put("body", "x"))
      .statusCode());
    assertFalse(flag(action, "overdue"));
  }

  static int updates(UUID actionId) throws Exception {
    return server.query("SELECT count(*) AS n FROM action_update WHERE action_id = $1", actionId)
      .getJsonObject(0).getInteger("n");
  }

  static List<String> ids(JsonArray actions) {
    return actions.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  static Set<String> descriptions(JsonArray actions) {
    return byDescription(actions).keySet();
  }
}
