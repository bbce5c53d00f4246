package org.ailive.family;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.ailive.retention.Retention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.ailive.family.FamilyScene.FAMILY;
import static org.ailive.family.FamilyScene.OLD;
import static org.ailive.family.FamilyScene.OTHER;
import static org.ailive.family.FamilyScene.REASON;
import static org.ailive.family.FamilyScene.VOICE;
import static org.ailive.family.FamilyScene.created;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 1 through the real API: the family page lists the cases the case rules let the
 * caller read (panel, pack window, observers), with their actions, each read audited, and answers
 * 404 when none may be read; bringing a family back starts a draft pre-filled from the caller's
 * latest readable case, never with consent; the search box finds references, action numbers and
 * members within reach.
 */
class FamilyPageTest {

  static TestServer server;
  static FamilyScene s;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    s = new FamilyScene(server).build();
  }

  /** Drafts brought back by a test, removed after it so the other tests see the family as built. */
  private static final List<String> DRAFTS = new java.util.ArrayList<>();

  private static JsonObject drafted(JsonObject draft) {
    DRAFTS.add(draft.getString("id"));
    return draft;
  }

  @AfterEach
  void removeDrafts() throws Exception {
    for (String id : DRAFTS) {
      server.query("DELETE FROM family_case WHERE id = $1", UUID.fromString(id));
    }
    DRAFTS.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  private static JsonObject page(String ref, String token) throws Exception {
    return created(s.get("/api/families/" + ref, token), 200);
  }

  private static List<String> caseIds(JsonObject page) {
    return page.getJsonArray("cases").stream().map(c -> ((JsonObject) c).getString("id")).toList();
  }

  private static JsonObject caseOf(JsonObject page, String id) {
    return page.getJsonArray("cases").stream().map(c -> (JsonObject) c).filter(c -> c.getString("id").equals(id))
      .findFirst().orElseThrow(() -> new AssertionError(id + " in " + page.encodePrettily()));
  }

  @Test
  void theOfficerSeesEveryCaseOfTheFamilyWithItsActionsAndNoNarrative() throws Exception {
    JsonObject out = page(FAMILY, s.officer);
    assertEquals(FAMILY, out.getString("familyRef"));
    assertEquals(List.of(s.comingCase, s.foreignCase, s.closedCase), caseIds(out), "newest meeting first");
    JsonObject closed = caseOf(out, s.closedCase);
    assertEquals("discussed", closed.getString("status"));
    assertEquals("assessment", closed.getString("outcome"));
    assertFalse(closed.getBoolean("needMet"));
    assertNotNull(closed.getString("reviewDate"));
    assertNotNull(closed.getString("meetingDate"));
    assertTrue(closed.getString("panel").endsWith("A&I panel"), closed.getString("panel"));
    assertEquals(new JsonArray().add("neglect").add("young_carer"), closed.getJsonArray("presentingNeeds"));
    JsonArray actions = closed.getJsonArray("actions");
    assertEquals(List.of(s.openActionNumber, s.closedActionNumber),
      actions.stream().map(a -> ((JsonObject) a).getLong("number")).toList());
    assertEquals(List.of("open", "closed"), actions.stream().map(a -> ((JsonObject) a).getString("status")).toList());
    assertEquals("Police", actions.getJsonObject(0).getString("ownerAgency"));
    assertEquals(0, caseOf(out, s.comingCase).getJsonArray("actions").size());
    assertFalse(out.encode().contains(REASON), "the page never carries a case's narrative");
    assertFalse(closed.containsKey("voiceOfChild"));
  }

  @Test
  void othersSeeOnlyTheCasesTheCaseRulesLetThemRead() throws Exception {
    JsonObject police = page(FAMILY, s.police);
    assertEquals(List.of(s.closedCase), caseIds(police), "the coming pack is not open; the other panel is not theirs");
    assertEquals(2, caseOf(police, s.closedCase).getJsonArray("actions").size());
    assertEquals(List.of(s.comingCase, s.closedCase), caseIds(page(FAMILY, s.chair)), "the chair runs one panel");
    assertEquals(List.of(s.foreignCase), caseIds(page(FAMILY, s.otherChair)), "a chair of another panel sees its own");
    assertEquals(List.of(s.comingCase, s.closedCase), caseIds(page(FAMILY, s.presenter)), "own cases, and the pack");
    assertEquals(List.of(s.closedCase), caseIds(page(FAMILY, s.otherPresenter)));
  }

  @Test
  void aSubmittedCaseJoinsThePartnersPageWhenThePackOpensButADraftNever() throws Exception {
    String family = "FAM-TEST-WINDOW";
    String meetingId = s.meetingIn(1).getString("id");
    String id = created(s.post("/api/cases", s.presenter, FamilyScene.complete(meetingId, family)), 201).getString("id");
    assertEquals(404, s.get("/api/families/" + family, s.police).statusCode(), "a draft is the presenter's alone");
    assertEquals(List.of(id), caseIds(page(family, s.presenter)));
    created(s.post("/api/cases/" + id + "/submit", s.presenter, new JsonObject()), 200);
    assertEquals(List.of(id), caseIds(page(family, s.police)), "the pack is open: the panel's partners read it");
    assertEquals(404, s.get("/api/families/" + family, s.observer).statusCode());
  }

  @Test
  void whoMayReadNoCaseGetsTheSame404AsAnUnknownFamily() throws Exception {
    long before = s.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'family_viewed'");
    var unknown = s.get("/api/families/NO-SUCH-FAMILY", s.police);
    assertEquals(404, unknown.statusCode());
    assertEquals("not_found", unknown.bodyAsJsonObject().getString("error"));
    var observer = s.get("/api/families/" + FAMILY, s.observer);
    assertEquals(404, observer.statusCode(), "observers shadow the meeting, not the papers");
    var otherPanel = s.get("/api/families/" + OTHER, s.police);
    assertEquals(404, otherPanel.statusCode());
    assertEquals(unknown.bodyAsJsonObject(), otherPanel.bodyAsJsonObject(), "nothing tells the two apart");
    assertEquals(unknown.bodyAsJsonObject(), observer.bodyAsJsonObject());
    assertEquals(before, s.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'family_viewed'"),
      "a refused read is not a view");
    var tooLong = s.get("/api/families/" + "X".repeat(41), s.officer);
    assertEquals(400, tooLong.statusCode(), tooLong.bodyAsString());
    assertEquals("familyRef", tooLong.bodyAsJsonObject().getString("field"));
  }

  @Test
  void everyReadIsAuditedWithTheReferenceAndNeverTheNarrative() throws Exception {
    UUID police = UUID.fromString(s.one("SELECT id FROM member WHERE email = 'police@demo.ailive.test'"));
    String rows = "SELECT count(*) AS n FROM audit_entry WHERE action = 'family_viewed' AND member_id = $1"
      + " AND subject = $2";
    long before = s.count(rows, police, "family:" + FAMILY);
    page(FAMILY, s.police);
    page(FAMILY, s.police);
    assertEquals(before + 2, s.count(rows, police, "family:" + FAMILY), "one row per read");
    JsonObject detail = new JsonObject(server.query("SELECT detail FROM audit_entry WHERE action = 'family_viewed'"
      + " AND member_id = $1 ORDER BY id DESC LIMIT 1", police).getJsonObject(0).getValue("detail").toString());
    assertEquals(FAMILY, detail.getString("familyRef"));
    assertEquals(new JsonArray().add(s.closedCase), detail.getJsonArray("caseIds"));
    assertFalse(detail.encode().contains("Mum"), detail.encode());
  }

  @Test
  void bringingBackStartsADraftPreFilledFromTheLatestReadableCaseWithoutConsent() throws Exception {
    String meetingId = s.meetingIn(50).getString("id");
    var res = s.post("/api/families/" + FAMILY + "/cases", s.presenter, new JsonObject().put("meetingId", meetingId));
    JsonObject draft = drafted(created(res, 201));
    assertEquals("/api/cases/" + draft.getString("id"), res.getHeader("Location"));
    assertEquals("draft", draft.getString("status"));
    assertEquals(FAMILY, draft.getString("familyRef"));
    assertEquals(meetingId, draft.getString("meetingId"));
    assertEquals(s.comingCase, draft.getJsonObject("prefilledFrom").getString("caseId"), "their latest case");
    assertEquals(REASON, draft.getString("reasonForBringing"));
    assertEquals(VOICE, draft.getString("voiceOfChild"));
    assertEquals(new JsonArray().add("attendance_school").add("young_carer"), draft.getJsonArray("presentingNeeds"));
    assertEquals(s.districtId, draft.getString("districtId"));
    assertFalse(draft.getBoolean("consentToShare"), "consent is given again, never copied");
    assertFalse(draft.getBoolean("ffaOpen"));
    assertEquals(null, draft.getValue("consentRecordedAt"));

    // The presenter confirms the assessment; without consent it still cannot be submitted.
    String path = "/api/cases/" + draft.getString("id");
    created(server.client.put(path).bearerTokenAuthentication(s.presenter).sendJsonObject(new JsonObject()
      .put("version", draft.getInteger("version")).put("ffaOpen", true)).await(20, TimeUnit.SECONDS), 200);
    var refused = s.post(path + "/submit", s.presenter, new JsonObject());
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    assertEquals("consentToShare", refused.bodyAsJsonObject().getString("field"));
  }

  @Test
  void aPresenterBringsBackOnlyWhatTheyMayReadAndPartnersBringNone() throws Exception {
    String meetingId = s.meetingIn(55).getString("id");
    JsonObject body = new JsonObject().put("meetingId", meetingId);
    // The officer entering it for nobody in particular gets the facts, never another presenter's words.
    JsonObject forOfficer = drafted(created(s.post("/api/families/" + FAMILY + "/cases", s.officer, body.copy()), 201));
    JsonObject source = server.query("SELECT reason_for_bringing FROM family_case WHERE id = $1",
      UUID.fromString(forOfficer.getJsonObject("prefilledFrom").getString("caseId"))).getJsonObject(0);
    assertFalse(source.getString("reason_for_bringing").isBlank(), "the case it came from has narrative");
    assertEquals("", forOfficer.getString("reasonForBringing"), "narrative is carried only into its own presenter's draft");
    assertEquals("", forOfficer.getString("voiceOfChild"));
    assertFalse(forOfficer.getJsonArray("presentingNeeds").isEmpty(), "the facts still come across");

    JsonObject draft = drafted(created(s.post("/api/families/" + FAMILY + "/cases", s.otherPresenter, body.copy()), 201));
    assertEquals(s.closedCase, draft.getJsonObject("prefilledFrom").getString("caseId"),
      "the coming case's pack is not open to them: the discussed one is their latest readable case");
    assertEquals(new JsonArray().add("neglect").add("young_carer"), draft.getJsonArray("presentingNeeds"));
    assertEquals("", draft.getString("reasonForBringing"), "narrative past the retention days is not theirs to copy");
    assertEquals("", draft.getString("voiceOfChild"));

    assertEquals(404, s.post("/api/families/" + OTHER + "/cases", s.presenter, body.copy()).statusCode());
    assertEquals(403, s.post("/api/families/" + FAMILY + "/cases", s.police, body.copy()).statusCode());
    assertEquals(403, s.post("/api/families/" + FAMILY + "/cases", s.observer, body.copy()).statusCode());
    var noMeeting = s.post("/api/families/" + FAMILY + "/cases", s.presenter, new JsonObject());
    assertEquals(400, noMeeting.statusCode());
    assertEquals("meetingId", noMeeting.bodyAsJsonObject().getString("field"));
    var closedMeeting = s.post("/api/families/" + FAMILY + "/cases", s.presenter, new JsonObject()
      .put("meetingId", caseOf(page(FAMILY, s.officer), s.closedCase).getString("meetingId")));
    assertEquals(409, closedMeeting.statusCode(), closedMeeting.bodyAsString());
  }

  @Test
  void narrativeRemovedByRetentionIsNotCarriedOverButTheCaseStaysOnThePage() throws Exception {
    new Retention(server.app.db().pool(), 24, true).run(server.vertx, FamilyScene.today()).await(60, TimeUnit.SECONDS);
    assertEquals(Retention.STUB, server.query("SELECT reason_for_bringing FROM family_case WHERE id = $1",
      UUID.fromString(s.oldCase)).getJsonObject(0).getString("reason_for_bringing"));
    assertEquals(List.of(s.oldCase), caseIds(page(OLD, s.officer)), "the case's facts stay after retention");
    String meetingId = s.meetingIn(60).getString("id");
    JsonObject draft = drafted(created(s.post("/api/families/" + OLD + "/cases", s.presenter,
      new JsonObject().put("meetingId", meetingId)), 201));
    assertEquals("", draft.getString("reasonForBringing"), "the stub is not narrative to copy");
    assertEquals("", draft.getString("summaryOfConcerns"));
    assertEquals(new JsonArray().add("neglect").add("young_carer"), draft.getJsonArray("presentingNeeds"));
  }

  @Test
  void theSearchFindsReadableFamiliesActionNumbersAndMembersWithinReach() throws Exception {
    assertEquals(List.of(FAMILY, OLD), refs(search("fam-test", s.police)), "not the other panel's family");
    assertTrue(refs(search("FAM-TEST", s.officer)).containsAll(List.of(FAMILY, OLD, OTHER)));
    assertEquals(List.of(), refs(search("fam-test", s.observer)));

    JsonArray actions = search("#" + s.openActionNumber, s.police).getJsonArray("actions");
    assertEquals(1, actions.size());
    assertEquals(FAMILY, actions.getJsonObject(0).getString("familyRef"));
    assertEquals(1, search("Action " + s.closedActionNumber, s.chair).getJsonArray("actions").size());
    assertEquals(0, search(String.valueOf(s.openActionNumber), s.otherChair).getJsonArray("actions").size(),
      "another panel's action");

    assertTrue(names(search("gemma", s.chair)).contains("Gemma Rowe"));
    assertTrue(names(search("Gemma", s.officer)).contains("Gemma Rowe"));
    assertEquals(List.of(), names(search("Gemma", s.otherChair)), "not a member of their panel");

    JsonObject literal = search("%_", s.officer);
    assertEquals(0, literal.getJsonArray("families").size(), "wildcards are searched as text");
    assertEquals(0, literal.getJsonArray("members").size());
    assertEquals(200, s.get("/api/search?q=7", s.police).statusCode(), "one digit is an action number");

    for (String bad : List.of("/api/search?q=a", "/api/search?q=%20%20", "/api/search", "/api/search?q=")) {
      var res = s.get(bad, s.police);
      assertEquals(400, res.statusCode(), bad + " " + res.bodyAsString());
      assertEquals("invalid_field", res.bodyAsJsonObject().getString("error"));
      assertEquals("q", res.bodyAsJsonObject().getString("field"));
    }
  }

  private static JsonObject search(String q, String token) throws Exception {
    var res = server.client.get("/api/search").addQueryParam("q", q).bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS);
    return created(res, 200);
  }

  private static List<String> refs(JsonObject out) {
    return out.getJsonArray("families").stream().map(f -> ((JsonObject) f).getString("familyRef")).toList();
  }

  private static List<String> names(JsonObject out) {
    return out.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("fullName")).toList();
  }
}
