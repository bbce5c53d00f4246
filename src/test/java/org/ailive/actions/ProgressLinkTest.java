package org.ailive.actions;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.actions.PanelFixture.Member;
import org.ailive.actions.PanelFixture.Panel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 6 over real HTTP: a one-time progress link shows its owner the action and posts one
 * update on it, through the app's own progress path (the action's history, its status), with no
 * sign-in; then, and when it has expired, been replaced, or the action was dropped or closed, it is
 * refused with a plain reason. It reaches no other action. Every opening, use and refusal is audited.
 */
class ProgressLinkTest {

  static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/London"));

  static TestServer server;
  static PanelFixture fx;
  static Member chair;
  static Member gemma;
  static Member nikhil;
  static UUID police;
  static UUID meeting;
  static UUID family;

  @BeforeAll
  static void start() throws Exception {
    // The fixture's members are @test.example: the council's own domain here.
    server = TestServer.start(Files.createTempDirectory("ailive-progress-link"), false,
      java.util.Map.of("mailAllowedDomains", "test.example"));
    fx = new PanelFixture(server);
    police = fx.agency("Police");
    UUID camhs = fx.agency("CAMHS");
    chair = fx.member("David Okafor", police, "Police", "chair");
    gemma = fx.member("Gemma Rowe", police, "Police", "partner");
    nikhil = fx.member("Nikhil Varma", camhs, "CAMHS", "partner");
    Panel panel = fx.panel(chair, gemma, nikhil);
    meeting = fx.meeting(panel, TODAY.minusDays(30), "closed");
    family = fx.familyCase(panel, meeting, "PL-2026-007", gemma, null, "discussed");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void anOwnerOutsideTheCouncilsDomainsSeesNoFamilyOrActionTextOnTheLink() throws Exception {
    UUID action = act("Arrange a school meeting about attendance");
    String code = link(action);
    String email = server.query("SELECT email FROM member WHERE id = $1", gemma.id()).getJsonObject(0).getString("email");
    server.query("UPDATE member SET email = $2 WHERE id = $1", gemma.id(), "gemma.rowe@elsewhere.example");
    try {
      HttpResponse<Buffer> shown = get(code);
      assertEquals(200, shown.statusCode(), shown.bodyAsString());
      assertTrue(shown.bodyAsJsonObject().getBoolean("detailsWithheld"));
      JsonObject a = shown.bodyAsJsonObject().getJsonObject("action");
      assertEquals(fx.number(action), a.getLong("number"));
      String body = shown.bodyAsString();
      assertFalse(body.contains("PL-2026-007") || body.contains("school meeting"), body);
    } finally {
      server.query("UPDATE member SET email = $2 WHERE id = $1", gemma.id(), email);
    }
  }

  @Test
  void aLinkShowsTheActionAndPostsOneUpdateThroughTheAppsOwnPath() throws Exception {
    UUID action = act("Arrange a school meeting about attendance");
    UUID other = act("Refer to the youth service");
    String code = link(action);

    HttpResponse<Buffer> shown = get(code);
    assertEquals(200, shown.statusCode(), shown.bodyAsString());
    JsonObject a = shown.bodyAsJsonObject().getJsonObject("action");
    assertEquals(fx.number(action), a.getLong("number"));
    assertEquals("PL-2026-007", a.getString("familyRef"));
    assertEquals(TODAY.plusDays(5).toString(), a.getString("dueDate"));
    assertEquals("Arrange a school meeting about attendance", a.getString("description"), "the owner may read it");
    assertEquals("open", a.getString("status"));

    // Whatever the body says, the link posts on its own action only.
    HttpResponse<Buffer> posted = post(code, new JsonObject().put("body", "Meeting booked for Thursday.")
      .put("actionId", other.toString()));
    assertEquals(201, posted.statusCode(), posted.bodyAsString());
    assertEquals("in_progress", posted.bodyAsJsonObject().getJsonObject("action").getString("status"));
    assertEquals(0, count("SELECT count(*) FROM action_update WHERE action_id = $1", other));

    // An ordinary update: in the action's history as the app shows it, by its owner.
    JsonObject detail = fx.get("/api/actions/" + action, chair).bodyAsJsonObject();
    assertEquals("in_progress", detail.getString("status"));
    assertEquals(1, detail.getJsonArray("updates").size());
    JsonObject update = detail.getJsonArray("updates").getJsonObject(0);
    assertEquals("Meeting booked for Thursday.", update.getString("body"));
    assertEquals(gemma.id().toString(), update.getString("authorMemberId"));
    assertEquals(1, count("SELECT count(*) FROM audit_entry WHERE action = 'action_progress' AND member_id = $1"
      + " AND subject = $2", gemma.id(), "action:" + action));
    assertEquals(1, count("SELECT count(*) FROM audit_entry WHERE action = 'progress_link_used' AND subject = $1",
      "action:" + action));
    assertEquals(1, count("SELECT count(*) FROM audit_entry WHERE action = 'progress_link_opened' AND subject = $1",
      "action:" + action));

    // Once only.
    refused(post(code, new JsonObject().put("body", "Again.")), "progress_link_used", "has been used");
    refused(get(code), "progress_link_used", "has been used");
    assertEquals(1, count("SELECT count(*) FROM action_update WHERE action_id = $1", action));
    assertEquals(2, refusals(action, "progress_link_used"));
  }

  @Test
  void badInputLosesNothingAndTheLinkStillWorks() throws Exception {
    UUID action = act("Check in with the family");
    String code = link(action);
    HttpResponse<Buffer> empty = post(code, new JsonObject().put("status", "closed"));
    assertEquals(400, empty.statusCode(), empty.bodyAsString());
    HttpResponse<Buffer> badStatus = post(code, new JsonObject().put("body", "Done.").put("status", "closed"));
    assertEquals(400, badStatus.statusCode(), badStatus.bodyAsString());
    assertTrue(badStatus.bodyAsJsonObject().getString("message").contains("in_progress or done_awaiting_agreement"));
    HttpResponse<Buffer> done = post(code, new JsonObject().put("body", "Done.").put("status", "done_awaiting_agreement"));
    assertEquals(201, done.statusCode(), done.bodyAsString());
    assertEquals("done_awaiting_agreement", done.bodyAsJsonObject().getJsonObject("action").getString("status"));
  }

  @Test
  void unknownExpiredAndReplacedLinksAreRefusedWithTheirReason() throws Exception {
    HttpResponse<Buffer> unknown = get("nosuchcode");
    assertEquals(404, unknown.statusCode());
    assertEquals("progress_link_unknown", unknown.bodyAsJsonObject().getString("error"));

    UUID action = act("Visit the family at home");
    String expired = link(action);
    server.query("UPDATE progress_link SET expires_at = now() - interval '1 minute' WHERE code_hash = $1",
      ProgressLinks.sha256(expired));
    refused(post(expired, new JsonObject().put("body", "Visited.")), "progress_link_expired", "expired");
    assertEquals(1, refusals(action, "progress_link_expired"));

    UUID next = act("Book a CAMHS assessment");
    String older = link(next);
    String newer = link(next);
    refused(get(older), "progress_link_withdrawn", "withdrawn");
    assertEquals(200, get(newer).statusCode());

    // A link is its owner's: when the action gets another owner, the old owner's link stops.
    server.query("UPDATE action SET owner_member_id = $2 WHERE id = $1", next, chair.id());
    refused(get(newer), "progress_link_withdrawn", "withdrawn");
    assertEquals(0, count("SELECT count(*) FROM action_update WHERE action_id IN ($1, $2)", action, next));
  }

  @Test
  void aDroppedOrClosedActionsLinkIsRefused() throws Exception {
    UUID dropped = act("Speak to the GP");
    String code = link(dropped);
    HttpResponse<Buffer> drop = fx.post("/api/actions/" + dropped + "/drop", chair,
      new JsonObject().put("reason", "The family moved away"));
    assertEquals(200, drop.statusCode(), drop.bodyAsString());
    assertEquals("action_closed", server.query("SELECT withdrawn_why FROM progress_link WHERE action_id = $1", dropped)
      .getJsonObject(0).getString("withdrawn_why"), "withdrawn when the action was dropped");
    refused(post(code, new JsonObject().put("body", "Spoke to the GP.")), "action_closed", "dropped");

    // The live room closes actions with its own upsert: the trigger catches that too.
    UUID closed = act("Share the safety plan");
    String closedCode = link(closed);
    server.query("INSERT INTO action (id, meeting_id, description, owner_agency_id, owner_member_id, due_date,"
      + " success_measure, status, proposed_by_member_id) SELECT id, meeting_id, description, owner_agency_id,"
      + " owner_member_id, due_date, success_measure, status, proposed_by_member_id FROM action WHERE id = $1"
      + " ON CONFLICT (id) DO UPDATE SET status = 'closed', closed_at = now()", closed);
    refused(get(closedCode), "action_closed", "closed");
    assertEquals(1, refusals(closed, "action_closed"));
    assertEquals(1, count("SELECT count(*) FROM action_update WHERE action_id = $1", dropped), "only the drop's reason");
  }

  private static UUID act(String description) throws Exception {
    return fx.action(meeting, family, description, police, gemma, TODAY.plusDays(5), "open", "1 month", chair);
  }

  /** A link for Gemma's action, made as the digest makes them. */
  private static String link(UUID action) throws Exception {
    return server.app.db().pool().withTransaction(conn -> ProgressLinks.issue(conn, gemma.id(), List.of(action),
        Instant.now().plus(Duration.ofDays(7))))
      .await(10, TimeUnit.SECONDS).get(action).replace("/progress.html#code=", "");
  }

  private static HttpResponse<Buffer> get(String code) throws Exception {
    return server.client.get("/api/progress-links/" + code).send().await(20, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> post(String code, JsonObject body) throws Exception {
    return server.client.post("/api/progress-links/" + code).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  private static void refused(HttpResponse<Buffer> res, String code, String words) {
    assertEquals(410, res.statusCode(), res.bodyAsString());
    JsonObject error = res.bodyAsJsonObject();
    assertEquals(code, error.getString("error"), error.encode());
    assertTrue(error.getString("message").contains(words), error.encode());
  }

  private static long refusals(UUID action, String reason) throws Exception {
    return count("SELECT count(*) FROM audit_entry WHERE action = 'progress_link_refused' AND subject = $1"
      + " AND detail->>'reason' = $2", "action:" + action, reason);
  }

  private static long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("count");
  }
}
