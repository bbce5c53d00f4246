package org.ailive.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 4: chair rights stop at the panels the chair runs (chairs or sits on); county-wide
 * reach is the officer's. Each hole of the review, tried by the chair of another panel over real
 * HTTP: each is refused with the JSON error and changes nothing, and what a chair may read (member
 * lists, the action log, reports) holds only the panels they run.
 */
class ChairReachTest {

  static SecurityFixture fx;
  static String otherChair;
  static String chair;
  static String officer;
  /** An open action raised at the foreign panel's meeting, owned by no one in particular. */
  static String foreignAction;

  @BeforeAll
  static void start() throws Exception {
    fx = SecurityFixture.start();
    otherChair = fx.demoToken("other-chair");
    chair = fx.demoToken("chair");
    officer = fx.demoToken("officer");
    foreignAction = fx.server.query("""
      INSERT INTO action (meeting_id, description, owner_agency_id, due_date, success_measure, status,
        proposed_by_member_id, confirmed_by_member_id, confirmed_at)
      VALUES ($1, 'Foreign fixture: book a housing visit', $2, current_date + 20, 'The visit took place', 'open',
        $3, $3, now()) RETURNING id""", UUID.fromString(fx.foreignMeeting), UUID.fromString(fx.policeAgency),
      UUID.fromString(fx.memberIds.get("other-chair"))).getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void aChairOfAnotherPanelCannotPostProgressOnOrDropThisPanelsActions() throws Exception {
    long updatesBefore = count("SELECT count(*) AS n FROM action_update");
    forbidden(fx.send("POST", "/api/actions/" + fx.openAction + "/progress",
      new JsonObject().put("body", "Progress from a stranger").encode(), otherChair));
    forbidden(fx.send("POST", "/api/actions/" + fx.openAction + "/drop",
      new JsonObject().put("reason", "Dropped by a stranger").encode(), otherChair));
    forbidden(fx.send("GET", "/api/actions/" + fx.openAction, null, otherChair));
    assertEquals("open", status(fx.openAction));
    assertEquals(updatesBefore, count("SELECT count(*) AS n FROM action_update"));

    // Nor the other way round; and each chair runs their own panel's actions.
    forbidden(fx.send("POST", "/api/actions/" + foreignAction + "/drop",
      new JsonObject().put("reason", "Not my panel").encode(), chair));
    assertEquals("open", status(foreignAction));
    var dropped = fx.send("POST", "/api/actions/" + foreignAction + "/drop",
      new JsonObject().put("reason", "The family moved away").encode(), otherChair);
    assertEquals(200, dropped.statusCode(), dropped.bodyAsString());
    assertEquals("dropped", status(foreignAction));

    JsonArray mine = fx.send("GET", "/api/actions?status=all", null, otherChair).bodyAsJsonArray();
    for (Object o : mine) {
      assertEquals(fx.foreignPanel, ((JsonObject) o).getString("panelId"), "only the panel they run: " + o);
    }
    assertTrue(mine.size() >= 1, "their own panel's actions: " + mine);
  }

  @Test
  void aChairOfAnotherPanelCannotSetThisPanelsCaseOutcome() throws Exception {
    String before = outcome();
    forbidden(fx.send("POST", "/api/cases/" + fx.closedCase + "/outcome",
      new JsonObject().put("outcome", "tys").encode(), otherChair));
    assertEquals(before, outcome());
    assertEquals(0, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'case_outcome' AND member_id = $1",
      UUID.fromString(fx.memberIds.get("other-chair"))));
    var own = fx.send("POST", "/api/cases/" + fx.closedCase + "/outcome",
      new JsonObject().put("outcome", "tys").encode(), chair);
    assertEquals(200, own.statusCode(), own.bodyAsString());
    assertEquals("tys", outcome());
  }

  /**
   * Decision: a chair lists the members of the panels they run, e-mails included (they chase
   * partners who do not attend), and nobody else; the panels listed for each are only theirs.
   */
  @Test
  void aChairListsOnlyTheMembersOfThePanelsTheyRun() throws Exception {
    JsonArray strangers = list("/api/members", otherChair);
    Set<String> emails = emails(strangers);
    assertEquals(Set.of(SecurityFixture.OTHER_CHAIR_EMAIL), emails, "the foreign panel has only its chair");
    for (Object o : strangers) {
      assertEquals(new JsonArray().add(fx.foreignPanel), ((JsonObject) o).getJsonArray("panels"));
    }

    Set<String> demo = emails(list("/api/members", chair));
    assertTrue(demo.contains("police@demo.ailive.test"), "the chair's own panel: " + demo);
    assertFalse(demo.contains(SecurityFixture.OTHER_CHAIR_EMAIL), "another panel's chair: " + demo);
    assertFalse(demo.contains(SecurityFixture.OUTSIDER_EMAIL), "a member of no panel: " + demo);

    Set<String> county = emails(list("/api/members", officer));
    assertTrue(county.containsAll(demo) && county.contains(SecurityFixture.OTHER_CHAIR_EMAIL)
      && county.contains(SecurityFixture.OUTSIDER_EMAIL), "the officer lists every member");

    JsonArray panels = list("/api/panels", otherChair);
    assertEquals(1, panels.size(), panels.encode());
    assertEquals(fx.foreignPanel, panels.getJsonObject(0).getString("id"));
  }

  @Test
  void aChairsActionLogHoldsOnlyThePanelsTheyRunAndAnotherPanelsIs403() throws Exception {
    String theirs = csv("/api/exports/actions.csv?status=all", otherChair);
    assertTrue(theirs.contains("Foreign fixture: book a housing visit"), theirs);
    assertFalse(theirs.contains("NH-SEC-001") || theirs.contains("Security fixture"), "another panel's actions: " + theirs);

    String demo = csv("/api/exports/actions.csv?status=all", chair);
    assertTrue(demo.contains("NH-SEC-001"), demo);
    assertFalse(demo.contains("Foreign fixture"), demo);

    long exports = count("SELECT count(*) AS n FROM audit_entry WHERE action = 'export'");
    forbidden(fx.send("GET", "/api/exports/actions.csv?panelId=" + fx.panel, null, otherChair));
    forbidden(fx.send("GET", "/api/exports/actions.xlsx?meetingId=" + fx.closedMeeting, null, otherChair));
    assertEquals(exports, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'export'"),
      "a refused export records nothing");

    String county = csv("/api/exports/actions.csv?status=all", officer);
    assertTrue(county.contains("NH-SEC-001") && county.contains("Foreign fixture"), county);
  }

  @Test
  void aChairsReportsCoverOnlyThePanelsTheyRunAndAnotherPanelIs403() throws Exception {
    for (String report : new String[] {"attendance", "needs", "outcomes"}) {
      JsonObject r = fx.send("GET", "/api/reports/" + report, null, otherChair).bodyAsJsonObject();
      Set<String> panels = new HashSet<>();
      r.getJsonArray("panels").forEach(p -> panels.add(((JsonObject) p).getString("panelId")));
      assertEquals(Set.of(fx.foreignPanel), panels, report + ": " + r.encode());
      forbidden(fx.send("GET", "/api/reports/" + report + "?panelId=" + fx.panel, null, otherChair));
      forbidden(fx.send("GET", "/api/reports/" + report + ".csv?panelId=" + fx.panel, null, otherChair));
    }
    forbidden(fx.send("GET", "/api/reports/timing?meetingId=" + fx.closedMeeting, null, otherChair));
    var own = fx.send("GET", "/api/reports/attendance?panelId=" + fx.panel, null, chair);
    assertEquals(200, own.statusCode(), own.bodyAsString());
  }

  private static void forbidden(HttpResponse<Buffer> res) {
    assertEquals(403, res.statusCode(), res.bodyAsString());
    JsonObject error = res.bodyAsJsonObject();
    assertEquals("forbidden", error.getString("error"), error.encode());
    assertTrue(error.getString("message") != null && !error.getString("message").isBlank(), error.encode());
  }

  private static JsonArray list(String path, String token) throws Exception {
    var res = fx.send("GET", path, null, token);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonArray();
  }

  private static Set<String> emails(JsonArray members) {
    Set<String> out = new HashSet<>();
    members.forEach(m -> out.add(((JsonObject) m).getString("email")));
    return out;
  }

  private static String csv(String path, String token) throws Exception {
    var res = fx.send("GET", path, null, token);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsString();
  }

  private static String status(String actionId) throws Exception {
    return fx.server.query("SELECT status FROM action WHERE id = $1", UUID.fromString(actionId)).getJsonObject(0)
      .getString("status");
  }

  private static String outcome() throws Exception {
    return fx.server.query("SELECT coalesce(outcome, '') AS o FROM family_case WHERE id = $1",
      UUID.fromString(fx.closedCase)).getJsonObject(0).getString("o");
  }

  private static long count(String sql, Object... params) throws Exception {
    return fx.server.query(sql, params).getJsonObject(0).getLong("n");
  }
}
