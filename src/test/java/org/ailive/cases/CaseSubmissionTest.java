package org.ailive.cases;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.ailive.cases.CaseHttp.complete;
import static org.ailive.cases.CaseHttp.error;
import static org.ailive.cases.CaseHttp.message;
import static org.ailive.cases.CaseHttp.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Case submission over REST with the real database: drafts, R4 deadline, R5/R6 checks, versions, the agenda. */
class CaseSubmissionTest {

  static TestServer server;
  static CaseHttp http;
  static int refs = 10;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    http = new CaseHttp(server);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  void templateGivesTheNeedsTheFieldsAndTheVoiceOfTheChildPrompts() throws Exception {
    JsonObject t = ok(http.get("/api/cases/template", http.police), 200);
    assertEquals(15, t.getJsonArray("presentingNeeds").size());
    assertTrue(t.getJsonArray("presentingNeeds").contains(new JsonObject().put("code", "yp_mental_health")
      .put("label", "Young person's mental health")));
    assertTrue(t.getJsonArray("fields").stream().map(o -> (JsonObject) o)
      .anyMatch(f -> f.getString("name").equals("voiceOfChild") && f.getBoolean("requiredToSubmit")));
    assertTrue(t.getJsonArray("voiceOfChildPrompts").stream()
      .anyMatch(p -> p.toString().contains("in their own words")));
  }

  @Test
  void draftsSaveIncompleteButTheFamilyReferenceMustBePseudonymous() throws Exception {
    JsonObject meeting = http.meetingIn(60);
    JsonObject bare = new JsonObject().put("meetingId", meeting.getString("id")).put("familyRef", "NH-2031-101")
      .put("districtId", meeting.getString("secondDistrictId"));
    JsonObject draft = http.create(http.presenter, bare.copy());
    assertEquals("draft", draft.getString("status"));
    assertEquals(1, draft.getInteger("version"));
    assertEquals("", draft.getString("voiceOfChild"));
    assertEquals(meeting.getString("secondDistrict"), draft.getString("district"));

    for (String ref : List.of("jo.bloggs@example.org", "07700 900123", "+44 7700 900123")) {
      var res = http.post("/api/cases", http.presenter, bare.copy().put("familyRef", ref));
      assertEquals(400, res.statusCode(), ref);
      // The message names the field in words (the client shows it as it comes); `field` has its code.
      assertTrue(message(res).startsWith("Family reference looks like"), message(res));
      assertFalse(message(res).contains("familyRef"), message(res));
      assertEquals("familyRef", res.bodyAsJsonObject().getString("field"));
      assertTrue(message(res).contains("e-mail") || message(res).contains("phone"), message(res));
    }
    String otherPanelDistrict = server.query("SELECT id FROM district WHERE name = 'Watford'")
      .getJsonObject(0).getString("id");
    var wrongDistrict = http.post("/api/cases", http.presenter, bare.copy().put("districtId", otherPanelDistrict));
    assertEquals(400, wrongDistrict.statusCode());
    assertTrue(message(wrongDistrict).startsWith("District must be one of"), message(wrongDistrict));
    var unknownNeed = http.post("/api/cases", http.presenter, bare.copy().put("presentingNeeds",
      new JsonArray().add("boredom")));
    assertTrue(message(unknownNeed).startsWith("Presenting needs "), message(unknownNeed));
    assertEquals(403, http.post("/api/cases", http.police, bare.copy()).statusCode(), "partners do not bring cases");

    // The officer may enter a case for a presenter; it is then the presenter's own.
    JsonObject forSchool = http.create(http.officer, bare.copy().put("familyRef", "NH-2031-102")
      .put("presenterMemberId", http.memberId("presenter-school@demo.ailive.test")));
    JsonArray mine = ok(http.get("/api/cases?mine=true", http.otherPresenter), 200).getJsonArray("list");
    assertTrue(mine.stream().anyMatch(c -> ((JsonObject) c).getString("id").equals(forSchool.getString("id"))));
    assertFalse(mine.stream().anyMatch(c -> ((JsonObject) c).getString("id").equals(draft.getString("id"))));
    assertEquals(403, http.put("/api/cases/" + draft.getString("id"), http.otherPresenter,
      new JsonObject().put("version", 1).put("summaryOfConcerns", "not mine")).statusCode());
  }

  @Test
  void r4OnTimeCaseIsAcceptedAndLandsOnTheAgenda() throws Exception {
    JsonObject meeting = http.meetingIn(40);
    JsonObject aCase = http.create(http.presenter, complete(meeting, "NH-2031-201"));
    JsonObject submitted = http.submit(http.presenter, aCase);
    assertEquals("accepted", submitted.getString("status"));
    assertFalse(submitted.getBoolean("late"));
    assertNotNull(submitted.getLong("submittedAt"));
    LocalDate meetingDate = LocalDate.parse(meeting.getString("meetingDate"));
    assertEquals(meetingDate.plusMonths(4).toString(), submitted.getString("reviewDate"), "R9 default");
    assertTrue(http.agendaCases(meeting.getString("id")).contains(aCase.getString("id")));
    var again = http.post("/api/cases/" + aCase.getString("id") + "/submit", http.presenter, new JsonObject());
    assertEquals(409, again.statusCode());
    assertEquals("wrong_status", error(again));
  }

  @Test
  void r4LateCaseWaitsForTheChairBeforeItGetsAnAgendaSlot() throws Exception {
    JsonObject meeting = http.meetingIn(2);
    String meetingId = meeting.getString("id");
    JsonObject late = http.submit(http.presenter, http.create(http.presenter, complete(meeting, "NH-2031-301")));
    assertEquals("late", late.getString("status"));
    assertTrue(late.getBoolean("late"));
    assertFalse(http.agendaCases(meetingId).contains(late.getString("id")), "not on the agenda until accepted");

    String path = "/api/cases/" + late.getString("id");
    assertEquals(403, http.post(path + "/accept", http.officer, new JsonObject()).statusCode());
    assertEquals(403, http.post(path + "/accept", http.presenter, new JsonObject()).statusCode());
    JsonObject accepted = ok(http.post(path + "/accept", http.chair, new JsonObject()), 200);
    assertEquals("accepted", accepted.getString("status"));
    assertTrue(accepted.getBoolean("late"), "stays marked late");
    assertEquals(http.memberId("chair@demo.ailive.test"), accepted.getString("acceptedByMemberId"));
    assertTrue(http.agendaCases(meetingId).contains(late.getString("id")));
    assertEquals(409, http.post(path + "/accept", http.chair, new JsonObject()).statusCode());

    JsonObject other = http.submit(http.otherPresenter, http.create(http.otherPresenter,
      complete(meeting, "ST-2031-302").put("districtId", meeting.getString("secondDistrictId"))));
    String otherPath = "/api/cases/" + other.getString("id");
    var noReason = http.post(otherPath + "/decline", http.chair, new JsonObject());
    assertEquals(400, noReason.statusCode());
    assertEquals("reason", noReason.bodyAsJsonObject().getString("field"), message(noReason));
    JsonObject declined = ok(http.post(otherPath + "/decline", http.chair,
      new JsonObject().put("reason", "No FFA key worker can attend this month: bring it next month.")), 200);
    assertEquals("declined", declined.getString("status"));
    assertTrue(declined.getString("declinedReason").startsWith("No FFA"));
    assertFalse(http.agendaCases(meetingId).contains(other.getString("id")));
  }

  @Test
  void r5CaseWithoutAnOpenFamiliesFirstAssessmentIsRefused() throws Exception {
    JsonObject meeting = http.meetingIn(61);
    JsonObject aCase = http.create(http.presenter, complete(meeting, "NH-2031-401").put("ffaOpen", false));
    var res = http.post("/api/cases/" + aCase.getString("id") + "/submit", http.presenter, new JsonObject());
    assertEquals(400, res.statusCode());
    assertEquals("invalid_field", error(res));
    assertTrue(message(res).startsWith("Families First Assessment open must be true") && message(res).contains("Families First Assessment"),
      message(res));
    assertEquals("draft", ok(http.get("/api/cases/" + aCase.getString("id"), http.presenter), 200)
      .getString("status"));
  }

  @Test
  void r6VoiceOfTheChildIsMandatoryAndEveryGapIsNamed() throws Exception {
    JsonObject meeting = http.meetingIn(62);
    JsonObject aCase = http.create(http.presenter, complete(meeting, "NH-2031-501").put("voiceOfChild", "")
      .put("consentToShare", false).put("presentingNeeds", new JsonArray()));
    String path = "/api/cases/" + aCase.getString("id");
    assertNull(aCase.getLong("consentRecordedAt"));
    assertEquals("consentToShare", refusedField(path));

    JsonObject v2 = ok(http.put(path, http.presenter, new JsonObject().put("version", 1).put("consentToShare", true)), 200);
    assertNotNull(v2.getLong("consentRecordedAt"), "consent is recorded with its time");
    assertEquals("presentingNeeds", refusedField(path));
    ok(http.put(path, http.presenter, new JsonObject().put("version", 2)
      .put("presentingNeeds", new JsonArray().add("neglect"))), 200);
    assertEquals("voiceOfChild", refusedField(path));
    ok(http.put(path, http.presenter, new JsonObject().put("version", 3).put("voiceOfChild", "He is fine.")), 200);
    assertEquals("voiceOfChild", refusedField(path), "a token sentence is not the child's voice");

    var badReview = http.put(path, http.presenter, new JsonObject().put("version", 4).put("voiceOfChild", CaseHttp.VOICE)
      .put("reviewDate", LocalDate.parse(meeting.getString("meetingDate")).plusMonths(2).toString()));
    assertEquals(400, badReview.statusCode());
    assertTrue(message(badReview).startsWith("Review date "), message(badReview));
    ok(http.put(path, http.presenter, new JsonObject().put("version", 4).put("voiceOfChild", CaseHttp.VOICE)), 200);
    JsonObject submitted = http.submit(http.presenter, aCase);
    assertEquals("accepted", submitted.getString("status"));

    // Once submitted it can be corrected, but not emptied below what R6 requires.
    var emptied = http.put(path, http.presenter, new JsonObject().put("version", submitted.getInteger("version"))
      .put("voiceOfChild", ""));
    assertEquals(400, emptied.statusCode());
    assertTrue(message(emptied).startsWith("Voice of the child "), message(emptied));
  }

  /**
   * "POST /api/cases/{id}/submit (body optional: {"version": 3})": no body, an empty one or only
   * white space is none; anything else must be that object, or nothing is submitted.
   */
  @Test
  void submitTakesNoBodyOrAVersion() throws Exception {
    JsonObject meeting = http.meetingIn(64);
    for (String none : new String[] {null, "", " \n"}) {
      String path = "/api/cases/" + http.create(http.presenter, complete(meeting, "NH-2031-7" + refs++)).getString("id");
      var req = server.client.post(path + "/submit").bearerTokenAuthentication(http.presenter);
      var res = none == null ? req.send().await(20, TimeUnit.SECONDS)
        : req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(none)).await(20, TimeUnit.SECONDS);
      assertEquals("accepted", ok(res, 200).getString("status"), "body " + none);
    }
    String path = "/api/cases/" + http.create(http.presenter, complete(meeting, "NH-2031-799")).getString("id");
    for (String notAnObject : new String[] {"[1]", "null", "\"submit\"", "{\"version\": "}) {
      var res = server.client.post(path + "/submit").bearerTokenAuthentication(http.presenter)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(notAnObject)).await(20, TimeUnit.SECONDS);
      assertEquals(400, res.statusCode(), notAnObject + ": " + res.bodyAsString());
      assertEquals("bad_json", error(res), notAnObject);
    }
    var wrongType = http.post(path + "/submit", http.presenter, new JsonObject().put("version", "1"));
    assertEquals(400, wrongType.statusCode(), wrongType.bodyAsString());
    assertEquals("version", wrongType.bodyAsJsonObject().getString("field"));
    var stale = http.post(path + "/submit", http.presenter, new JsonObject().put("version", 2));
    assertEquals(409, stale.statusCode(), stale.bodyAsString());
    assertEquals("version_conflict", error(stale));
    assertEquals("draft", ok(http.get(path, http.presenter), 200).getString("status"), "nothing was submitted");
    assertEquals("accepted", ok(http.post(path + "/submit", http.presenter, new JsonObject().put("version", 1)), 200)
      .getString("status"));
  }

  private String refusedField(String path) throws Exception {
    var res = http.post(path + "/submit", http.presenter, new JsonObject());
    assertEquals(400, res.statusCode(), res.bodyAsString());
    String field = res.bodyAsJsonObject().getString("field");
    assertFalse(message(res).contains(field), "the message names the field in words: " + message(res));
    return field;
  }

  @Test
  void aStaleVersionIsRefusedWithTheCurrentCaseAndTheFirstEditIsKept() throws Exception {
    JsonObject meeting = http.meetingIn(63);
    JsonObject aCase = http.create(http.presenter, complete(meeting, "NH-2031-601"));
    String path = "/api/cases/" + aCase.getString("id");
    JsonObject first = ok(http.put(path, http.presenter, new JsonObject().put("version", 1)
      .put("summaryOfConcerns", "The presenter's wording.")), 200);
    assertEquals(2, first.getInteger("version"));
    var second = http.put(path, http.officer, new JsonObject().put("version", 1)
      .put("summaryOfConcerns", "The officer's wording."));
    assertEquals(409, second.statusCode());
    assertEquals("version_conflict", error(second));
    JsonObject current = second.bodyAsJsonObject().getJsonObject("current");
    assertEquals("The presenter's wording.", current.getString("summaryOfConcerns"));
    assertEquals(2, current.getInteger("version"));
    assertEquals("The presenter's wording.", ok(http.get(path, http.presenter), 200).getString("summaryOfConcerns"));

    // At the same instant: the database lets exactly one through.
    var a = server.client.put(path).bearerTokenAuthentication(http.presenter)
      .sendJsonObject(new JsonObject().put("version", 2).put("reasonForBringing", "A"));
    var b = server.client.put(path).bearerTokenAuthentication(http.officer)
      .sendJsonObject(new JsonObject().put("version", 2).put("reasonForBringing", "B"));
    Future.join(a, b).await(20, TimeUnit.SECONDS);
    List<Integer> statuses = List.of(a.result().statusCode(), b.result().statusCode());
    assertTrue(statuses.contains(200) && statuses.contains(409), statuses.toString());
    String winner = a.result().statusCode() == 200 ? "A" : "B";
    JsonObject after = ok(http.get(path, http.presenter), 200);
    assertEquals(winner, after.getString("reasonForBringing"));
    assertEquals(3, after.getInteger("version"));
  }
}
