package org.ailive.packchecks;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 2 through the real API on the demo county: partners record, per case of the pack,
 * what their agency holds; the chair reads the answers with the key agencies marked; who has read
 * the pack comes from the audit trail's real pack views.
 */
class PackChecksTest {

  static TestServer server;
  static String officer;
  static String chair;
  static String presenter;
  static String police;
  static String camhs;
  static String observer;
  static String outsider;
  static String panelId;
  static int refs;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    presenter = server.demoToken("presenter-families-first@demo.ailive.test");
    police = server.demoToken("police@demo.ailive.test");
    camhs = server.demoToken("camhs@demo.ailive.test");
    observer = server.demoToken("observer@demo.ailive.test");
    server.query("""
      INSERT INTO member (full_name, email, agency_id, roles)
      SELECT 'Pat Outsider', 'outsider@test.example', id, ARRAY['partner'] FROM agency WHERE name = 'Police'""");
    outsider = server.demoToken("outsider@test.example");
    panelId = ok(get("/api/panels", officer), 200).getJsonArray("list").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void aPartnerAnswersForTheirAgencyAndChangesTheAnswer() throws Exception {
    JsonObject meeting = meetingIn(1);
    String caseId = submittedCase(meeting);
    String path = "/api/cases/" + caseId + "/pack-check";

    JsonObject first = ok(put(path, police, new JsonObject().put("answer", "known")
      .put("update", "  Two call-outs to the address in May; no arrests.  ")), 200);
    assertEquals("known", first.getString("answer"));
    assertEquals("Two call-outs to the address in May; no arrests.", first.getString("update"), "trimmed");
    assertEquals("Police", first.getString("agency"));
    assertTrue(first.getBoolean("key"), "Police is key for domestic abuse");
    assertEquals(1, first.getInteger("version"));

    JsonObject changed = ok(put(path, police, new JsonObject().put("answer", "attending")), 200);
    assertEquals("attending", changed.getString("answer"));
    assertNull(changed.getString("update"));
    assertEquals(2, changed.getInteger("version"));
    assertEquals(2, count("SELECT count(*) AS n FROM pack_check_change WHERE case_id = $1", UUID.fromString(caseId)),
      "each answer is kept");

    // The chair sees who answered, key agencies first and marked; the read is recorded.
    JsonObject checks = ok(get("/api/cases/" + caseId + "/pack-checks", chair), 200);
    JsonObject keys = checks.getJsonObject("keyAgencies");
    assertEquals(1, keys.getInteger("answered"));
    assertTrue(keys.getInteger("total") >= 3, checks.encodePrettily());
    JsonObject pol = agency(checks, "Police");
    assertTrue(pol.getBoolean("answered"));
    assertEquals("attending", pol.getString("answer"));
    assertEquals("Gemma Rowe", pol.getJsonObject("answeredBy").getString("fullName"));
    assertEquals("domestic_abuse", pol.getJsonArray("needs").getJsonObject(0).getString("need"));
    JsonObject cam = agency(checks, "CAMHS");
    assertTrue(cam.getBoolean("key"));
    assertFalse(cam.getBoolean("answered"));
    assertEquals(1, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'case_viewed' AND subject = $1"
      + " AND member_id = $2 AND detail ->> 'via' = 'pack_checks'", caseId, memberId("chair@demo.ailive.test")));

    // CAMHS answers; a partner of an agency that is not key appears after the key ones, unmarked.
    ok(put(path, camhs, new JsonObject().put("answer", "not_known")), 200);
    String housing = server.demoToken("housing@demo.ailive.test");
    JsonObject h = ok(put(path, housing, new JsonObject().put("answer", "known").put("update", "Rent arrears of £600.")), 200);
    assertFalse(h.getBoolean("key"));
    checks = ok(get("/api/cases/" + caseId + "/pack-checks", police), 200);
    assertEquals(2, checks.getJsonObject("keyAgencies").getInteger("answered"));
    JsonArray agencies = checks.getJsonArray("agencies");
    assertEquals(h.getString("agencyId"), agencies.getJsonObject(agencies.size() - 1).getString("agencyId"));
    assertEquals("Rent arrears of £600.", agency(checks, h.getString("agency")).getString("update"));

    // The meeting's view: the same, case by case.
    JsonObject all = ok(get("/api/meetings/" + meeting.getString("id") + "/pack-checks", chair), 200);
    assertEquals(List.of(caseId), all.getJsonArray("cases").stream().map(c -> ((JsonObject) c).getString("caseId")).toList());
    assertEquals(2, all.getJsonArray("cases").getJsonObject(0).getJsonObject("keyAgencies").getInteger("answered"));
  }

  @Test
  void nobodyAnswersForAnotherAgencyAndOnlyThePanelsPartnersAnswer() throws Exception {
    JsonObject meeting = meetingIn(2);
    String caseId = submittedCase(meeting);
    String path = "/api/cases/" + caseId + "/pack-check";
    String camhsAgency = server.query("SELECT id FROM agency WHERE name = 'CAMHS'").getJsonObject(0).getString("id");

    JsonObject mine = ok(put(path, police, new JsonObject().put("answer", "not_known").put("agencyId", camhsAgency)), 200);
    assertEquals("Police", mine.getString("agency"), "the agency is the caller's own, whatever the body says");
    assertEquals(0, count("SELECT count(*) AS n FROM pack_check WHERE case_id = $1 AND agency_id = $2",
      UUID.fromString(caseId), UUID.fromString(camhsAgency)));

    assertEquals(403, put(path, outsider, answer()).statusCode(), "a partner of no panel");
    assertEquals(403, put(path, observer, answer()).statusCode(), "observers watch");
    assertEquals(403, put(path, officer, answer()).statusCode(), "partners answer, not the officer");
    assertEquals(403, put(path, chair, answer()).statusCode(), "nor the chair");
    assertEquals(403, get("/api/cases/" + caseId + "/pack-checks", outsider).statusCode());
    assertEquals(403, get("/api/cases/" + caseId + "/pack-checks", observer).statusCode());
    assertEquals(403, get("/api/meetings/" + meeting.getString("id") + "/pack-checks", observer).statusCode());
    assertEquals(1, count("SELECT count(*) AS n FROM pack_check WHERE case_id = $1", UUID.fromString(caseId)));

    // A draft is not in the pack: partners cannot see it, so cannot answer on it.
    JsonObject draft = ok(post("/api/cases", presenter, complete(meeting)), 201);
    assertEquals(403, put("/api/cases/" + draft.getString("id") + "/pack-check", police, answer()).statusCode());
    // The presenter sees their own draft, but a draft is checked once it is submitted.
    var own = put("/api/cases/" + draft.getString("id") + "/pack-check", presenter, answer());
    assertEquals(409, own.statusCode(), own.bodyAsString());
    assertEquals("wrong_status", own.bodyAsJsonObject().getString("error"));
  }

  @Test
  void beforeThePackOpensAfterTheMeetingAndForACancelledMeetingNothingIsRecorded() throws Exception {
    String early = submittedCase(meetingIn(45));
    var refused = put("/api/cases/" + early + "/pack-check", police, answer());
    assertEquals(403, refused.statusCode());
    assertTrue(refused.bodyAsJsonObject().getString("message").contains("opens on"), refused.bodyAsString());

    JsonObject over = meetingIn(3);
    String overCase = submittedCase(over);
    server.query("UPDATE meeting SET status = 'closed' WHERE id = $1", UUID.fromString(over.getString("id")));
    var closed = put("/api/cases/" + overCase + "/pack-check", police, answer());
    assertEquals(409, closed.statusCode(), closed.bodyAsString());
    assertEquals("meeting_over", closed.bodyAsJsonObject().getString("error"));

    JsonObject cancelled = meetingIn(4);
    String cancelledCase = submittedCase(cancelled);
    ok(post("/api/meetings/" + cancelled.getString("id") + "/cancel", officer, new JsonObject()), 200);
    var refusedCancelled = put("/api/cases/" + cancelledCase + "/pack-check", police, answer());
    assertEquals(409, refusedCancelled.statusCode(), refusedCancelled.bodyAsString());
    assertEquals("meeting_cancelled", refusedCancelled.bodyAsJsonObject().getString("error"));
    assertEquals(0, count("SELECT count(*) AS n FROM pack_check WHERE case_id = ANY ($1)",
      (Object) new UUID[] {UUID.fromString(early), UUID.fromString(overCase), UUID.fromString(cancelledCase)}));
  }

  @Test
  void afterTheRetentionPeriodPartnersNoLongerReadTheUpdates() throws Exception {
    JsonObject meeting = meetingIn(7);
    String caseId = submittedCase(meeting);
    ok(put("/api/cases/" + caseId + "/pack-check", police, new JsonObject().put("answer", "known")
      .put("update", "Known since 2024: a neighbour dispute.")), 200);
    // The scene: the meeting was held and closed long ago, past caseRetentionDays.
    server.query("UPDATE meeting SET status = 'closed', meeting_date = current_date - 90 WHERE id = $1",
      UUID.fromString(meeting.getString("id")));

    JsonObject partner = ok(get("/api/cases/" + caseId + "/pack-checks", police), 200);
    assertTrue(partner.getBoolean("updatesWithheld"));
    assertEquals("known", agency(partner, "Police").getString("answer"));
    assertNull(agency(partner, "Police").getString("update"));
    JsonObject forChair = ok(get("/api/cases/" + caseId + "/pack-checks", chair), 200);
    assertNull(forChair.getValue("updatesWithheld"));
    assertEquals("Known since 2024: a neighbour dispute.", agency(forChair, "Police").getString("update"));
  }

  @Test
  void badAnswersAreRefusedWithTheFieldNamed() throws Exception {
    String caseId = submittedCase(meetingIn(5));
    String path = "/api/cases/" + caseId + "/pack-check";
    assertInvalid(put(path, police, new JsonObject()), "answer");
    assertInvalid(put(path, police, new JsonObject().put("answer", "maybe")), "answer");
    assertInvalid(put(path, police, new JsonObject().put("answer", 3)), "answer");
    assertInvalid(put(path, police, new JsonObject().put("answer", "known")), "update");
    assertInvalid(put(path, police, new JsonObject().put("answer", "known").put("update", "   ")), "update");
    assertInvalid(put(path, police, new JsonObject().put("answer", "known").put("update", "x".repeat(1001))), "update");
    assertInvalid(put(path, police, new JsonObject().put("answer", "known").put("update", 5)), "update");
    assertInvalid(put("/api/cases/not-a-uuid/pack-check", police, answer()), "caseId");
    assertEquals(404, put("/api/cases/" + UUID.randomUUID() + "/pack-check", police, answer()).statusCode());
    var notJson = server.client.put(path).bearerTokenAuthentication(police).putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer("{not json")).await(20, TimeUnit.SECONDS);
    assertEquals(400, notJson.statusCode());
    assertEquals("bad_json", notJson.bodyAsJsonObject().getString("error"));
    assertEquals(0, count("SELECT count(*) AS n FROM pack_check WHERE case_id = $1", UUID.fromString(caseId)));
    assertEquals(200, put(path, police, new JsonObject().put("answer", "known").put("update", "x".repeat(1000)))
      .statusCode(), "1000 characters is the limit");
  }

  @Test
  void theReadersGridComesFromRealPackViews() throws Exception {
    JsonObject meeting = meetingIn(6);
    String first = submittedCase(meeting);
    String second = submittedCase(meeting);
    String grid = "/api/meetings/" + meeting.getString("id") + "/pack-readers";

    ok(get("/api/meetings/" + meeting.getString("id") + "/cases", police), 200);
    ok(get("/api/cases/" + second + "/pack-checks", camhs), 200);
    ok(get("/api/cases/" + first, camhs), 200);
    // A read of the second case while it sat on an earlier meeting (it was deferred here, keeping its id).
    server.query("INSERT INTO audit_entry (member_id, action, subject, detail) VALUES ($1, 'case_viewed', $2,"
      + " jsonb_build_object('via', 'pack', 'meetingId', gen_random_uuid()::text))",
      memberId("camhs@demo.ailive.test"), second);

    JsonObject out = ok(get(grid, chair), 200);
    assertEquals(List.of(first, second), out.getJsonArray("cases").stream()
      .map(c -> ((JsonObject) c).getString("caseId")).toList());
    JsonObject pol = row(out, "Gemma Rowe");
    assertEquals(2, pol.getInteger("casesRead"), "the pack showed both");
    assertTrue(pol.getJsonArray("cases").getJsonObject(0).getLong("firstReadAt") > 0);
    JsonObject cam = row(out, server.query("SELECT full_name FROM member WHERE email = 'camhs@demo.ailive.test'")
      .getJsonObject(0).getString("full_name"));
    assertEquals(1, cam.getInteger("casesRead"), "reading the checks is not reading the case");
    assertTrue(cam.getJsonArray("cases").getJsonObject(0).getBoolean("read"));
    assertFalse(cam.getJsonArray("cases").getJsonObject(1).getBoolean("read"), "an earlier meeting's pack is not this one");
    assertFalse(out.getJsonArray("members").stream().anyMatch(m -> ((JsonObject) m).getString("fullName")
      .equals("Pat Outsider")), "only the panel's members");
    long chairViews = count("SELECT count(*) AS n FROM audit_entry WHERE member_id = $1 AND action = 'case_viewed'",
      memberId("chair@demo.ailive.test"));
    ok(get(grid, officer), 200);
    ok(get(grid, chair), 200);
    assertEquals(chairViews, count("SELECT count(*) AS n FROM audit_entry WHERE member_id = $1"
      + " AND action = 'case_viewed'", memberId("chair@demo.ailive.test")), "the grid shows references only");

    assertEquals(403, get(grid, police).statusCode());
    assertEquals(403, get(grid, presenter).statusCode());
    assertEquals(403, get(grid, observer).statusCode());
    String otherChair = server.newMemberToken("Other Chair", "chair");
    assertEquals(403, get(grid, otherChair).statusCode(), "a chair of no panel of this meeting");
  }

  // Helpers: the REST API as the tests drive it.

  private static JsonObject answer() {
    return new JsonObject().put("answer", "not_known");
  }

  private static JsonObject meetingIn(int days) throws Exception {
    for (int d = days; ; d++) {
      var res = post("/api/meetings", officer, new JsonObject().put("panelId", panelId)
        .put("meetingDate", LocalDate.now(ZoneId.of("Europe/London")).plusDays(d).toString()));
      if (res.statusCode() != 409) {
        return ok(res, 201);
      }
    }
  }

  private static JsonObject complete(JsonObject meeting) {
    return new JsonObject().put("meetingId", meeting.getString("id")).put("familyRef", "PC-2031-" + (++refs))
      .put("districtId", meeting.getString("firstDistrictId")).put("ffaOpen", true).put("consentToShare", true)
      .put("reasonForBringing", "Attendance has fallen to 60% and key work has stalled.")
      .put("summaryOfConcerns", "Mum's mental health has worsened; police were called twice.")
      .put("presentingNeeds", new JsonArray().add("yp_mental_health").add("domestic_abuse"))
      .put("voiceOfChild", "\"I want the shouting at home to stop and I want to keep my friends at school.\"");
  }

  private static String submittedCase(JsonObject meeting) throws Exception {
    String id = ok(post("/api/cases", presenter, complete(meeting)), 201).getString("id");
    ok(post("/api/cases/" + id + "/submit", presenter, new JsonObject()), 200);
    return id;
  }

  private static JsonObject agency(JsonObject checks, String name) {
    return checks.getJsonArray("agencies").stream().map(o -> (JsonObject) o)
      .filter(a -> a.getString("agency").equals(name)).findFirst()
      .orElseThrow(() -> new AssertionError(name + " in " + checks.encodePrettily()));
  }

  private static JsonObject row(JsonObject grid, String fullName) {
    return grid.getJsonArray("members").stream().map(o -> (JsonObject) o)
      .filter(m -> m.getString("fullName").equals(fullName)).findFirst()
      .orElseThrow(() -> new AssertionError(fullName + " in " + grid.encodePrettily()));
  }

  private static void assertInvalid(HttpResponse<Buffer> res, String field) {
    assertEquals(400, res.statusCode(), res.bodyAsString());
    assertEquals("invalid_field", res.bodyAsJsonObject().getString("error"), res.bodyAsString());
    assertEquals(field, res.bodyAsJsonObject().getString("field"), res.bodyAsString());
  }

  private static UUID memberId(String email) throws Exception {
    return UUID.fromString(server.query("SELECT id FROM member WHERE email = $1", email).getJsonObject(0).getString("id"));
  }

  private static long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("n");
  }

  private static HttpResponse<Buffer> get(String path, String token) throws Exception {
    return server.client.get(path).bearerTokenAuthentication(token).send().await(20, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    return server.client.post(path).bearerTokenAuthentication(token).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> put(String path, String token, JsonObject body) throws Exception {
    return server.client.put(path).bearerTokenAuthentication(token).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  private static JsonObject ok(HttpResponse<Buffer> res, int status) {
    assertEquals(status, res.statusCode(), res.bodyAsString());
    String body = res.bodyAsString().strip();
    return body.startsWith("[") ? new JsonObject().put("list", new JsonArray(body)) : new JsonObject(body);
  }
}
