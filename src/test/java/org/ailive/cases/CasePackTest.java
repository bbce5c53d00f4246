package org.ailive.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.ailive.cases.CaseHttp.complete;
import static org.ailive.cases.CaseHttp.message;
import static org.ailive.cases.CaseHttp.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pre-meeting pack (R4, R12): who reads which case when, every read recorded; key agencies. */
class CasePackTest {

  static TestServer server;
  static CaseHttp http;
  static String observer;
  static String outsider;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    http = new CaseHttp(server);
    observer = server.demoToken("observer@demo.ailive.test");
    // A partner from an agency the demo panel has never invited.
    server.query("""
      INSERT INTO member (full_name, email, agency_id, roles)
      SELECT 'Pat Outsider', 'outsider@test.example', id, ARRAY['partner'] FROM agency WHERE name = 'Police'""");
    outsider = server.demoToken("outsider@test.example");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  private static List<String> ids(JsonObject pack) {
    return pack.getJsonArray("cases").stream().map(c -> ((JsonObject) c).getString("id")).toList();
  }

  @Test
  void beforeTheWindowOnlyThePresenterTheChairAndTheOfficerRead() throws Exception {
    JsonObject meeting = http.meetingIn(45);
    JsonObject submitted = http.submit(http.presenter, http.create(http.presenter, complete(meeting, "NH-2031-701")));
    JsonObject draft = http.create(http.otherPresenter, complete(meeting, "NH-2031-702"));
    String pack = "/api/meetings/" + meeting.getString("id") + "/cases";

    var refused = http.get(pack, http.police);
    assertEquals(403, refused.statusCode());
    assertTrue(message(refused).contains("opens on " + CaseCalendar.packOpensOn(
      java.time.LocalDate.parse(meeting.getString("meetingDate")))), message(refused));
    assertEquals(403, http.get("/api/cases/" + submitted.getString("id"), http.police).statusCode());
    assertEquals(0, http.views(submitted.getString("id"), "police@demo.ailive.test"), "a refused read is not a view");

    assertEquals(List.of(submitted.getString("id"), draft.getString("id")), ids(ok(http.get(pack, http.chair), 200)));
    assertEquals(2, ids(ok(http.get(pack, http.officer), 200)).size());
    assertEquals(200, http.get("/api/cases/" + submitted.getString("id"), http.presenter).statusCode(), "own case");
    assertEquals(403, http.get("/api/cases/" + submitted.getString("id"), http.otherPresenter).statusCode());
  }

  @Test
  void insideTheWindowPanelPartnersReadSubmittedCasesButNeverDrafts() throws Exception {
    JsonObject meeting = http.meetingIn(1);
    JsonObject late = http.submit(http.presenter, http.create(http.presenter, complete(meeting, "NH-2031-801")));
    JsonObject draft = http.create(http.otherPresenter, complete(meeting, "NH-2031-802"));
    String pack = "/api/meetings/" + meeting.getString("id") + "/cases";

    JsonObject forPolice = ok(http.get(pack, http.police), 200);
    assertEquals(List.of(late.getString("id")), ids(forPolice), "the late case is in the pack, flagged; no drafts");
    assertTrue(forPolice.getJsonArray("cases").getJsonObject(0).getBoolean("late"));
    assertEquals(CaseHttp.VOICE, forPolice.getJsonArray("cases").getJsonObject(0).getString("voiceOfChild"));
    assertEquals(200, http.get("/api/cases/" + late.getString("id"), http.police).statusCode());
    assertEquals(403, http.get("/api/cases/" + draft.getString("id"), http.police).statusCode());
    // The other presenter sees their own draft and the submitted case.
    assertEquals(2, ids(ok(http.get(pack, http.otherPresenter), 200)).size());

    assertEquals(403, http.get(pack, outsider).statusCode(), "a partner of no panel");
    assertEquals(403, http.get("/api/cases/" + late.getString("id"), outsider).statusCode());
    assertEquals(403, http.get(pack, observer).statusCode(), "observers shadow the meeting, not the papers");
  }

  @Test
  void everyViewLeavesAnAuditRow() throws Exception {
    JsonObject meeting = http.meetingIn(3);
    String caseId = http.submit(http.presenter, http.create(http.presenter, complete(meeting, "NH-2031-901")))
      .getString("id");
    String police = "police@demo.ailive.test";
    assertEquals(0, http.views(caseId, police));
    ok(http.get("/api/cases/" + caseId, http.police), 200);
    assertEquals(1, http.views(caseId, police));
    ok(http.get("/api/meetings/" + meeting.getString("id") + "/cases", http.police), 200);
    assertEquals(2, http.views(caseId, police), "a listed case counts as viewed");
    ok(http.get("/api/meetings/" + meeting.getString("id") + "/cases", http.chair), 200);
    assertEquals(1, http.views(caseId, "chair@demo.ailive.test"));
    JsonObject row = server.query("SELECT detail FROM audit_entry WHERE subject = $1 AND member_id = $2"
      + " ORDER BY id DESC LIMIT 1", caseId, UUID.fromString(http.memberId(police))).getJsonObject(0);
    assertEquals("pack", new JsonObject(row.getValue("detail").toString()).getString("via"));
  }

  @Test
  void keyAgenciesShowWhoIsComingForEachPresentingNeed() throws Exception {
    JsonObject meeting = http.meetingIn(46);
    String meetingId = meeting.getString("id");
    JsonObject aCase = http.create(http.presenter, complete(meeting, "NH-2031-951").put("presentingNeeds",
      new JsonArray().add("yp_mental_health").add("domestic_abuse").add("parental_mental_health").add("other_parenting")));
    String path = "/api/cases/" + aCase.getString("id") + "/key-agencies";

    http.command(meetingId, server.demoToken("camhs@demo.ailive.test"),
      new JsonObject().put("type", "attendance.mark").put("status", "remote"));
    http.command(meetingId, http.police, new JsonObject().put("type", "attendance.mark")
      .put("status", "apologies_with_update").put("writtenUpdate", "No calls to the address since the last meeting."));
    http.command(meetingId, http.officer, new JsonObject().put("type", "attendance.mark")
      .put("memberId", http.memberId("housing@demo.ailive.test")).put("status", "substitute")
      .put("substituteForMemberId", http.memberId("cmht@demo.ailive.test")));

    assertEquals(403, http.get(path, http.police).statusCode(), "read like the case: the pack is not open yet");
    JsonObject out = ok(http.get(path, http.chair), 200);
    assertEquals(1, http.views(aCase.getString("id"), "chair@demo.ailive.test"));
    JsonObject camhs = agency(out, "yp_mental_health", "CAMHS");
    assertEquals("attending", camhs.getString("attendance"));
    assertEquals("remote", camhs.getJsonArray("members").getJsonObject(0).getString("attendance"));
    JsonObject police = agency(out, "domestic_abuse", "Police");
    assertEquals("apologies", police.getString("attendance"));
    assertTrue(police.getBoolean("writtenUpdate"));
    JsonObject abuse = agency(out, "domestic_abuse", "Domestic abuse service");
    assertEquals("unknown", abuse.getString("attendance"));
    assertFalse(abuse.getBoolean("writtenUpdate"));
    assertEquals("attending", agency(out, "parental_mental_health", "CMHT (Adult Community Mental Health)")
      .getString("attendance"), "a substitute stands in for their colleague's agency");

    JsonArray all = need(out, "other_parenting").getJsonArray("agencies");
    assertEquals(17, all.size(), "'all' is every county-wide agency");
    assertFalse(all.stream().anyMatch(a -> ((JsonObject) a).getString("agency").equals("CGL Spectrum")));
    assertEquals("unknown", out.getJsonObject("presenter").getString("attendance"));
  }

  private static JsonObject need(JsonObject out, String code) {
    return out.getJsonArray("needs").stream().map(o -> (JsonObject) o)
      .filter(n -> n.getString("need").equals(code)).findFirst().orElseThrow(() -> new AssertionError(code));
  }

  private static JsonObject agency(JsonObject out, String need, String name) {
    return need(out, need).getJsonArray("agencies").stream().map(o -> (JsonObject) o)
      .filter(a -> a.getString("agency").equals(name)).findFirst()
      .orElseThrow(() -> new AssertionError(name + " for " + need + " in " + out.encodePrettily()));
  }
}
