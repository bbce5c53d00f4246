package org.ailive.family;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One family, FAM-TEST-001, brought to the demo panel twice (discussed at a closed meeting 60 days
 * ago, with two actions; submitted for a meeting in 45 days, whose pack is not open yet) and once to
 * another panel (WHH); a family known only to that panel (FAM-TEST-OTHER); and one discussed 800 days
 * ago (FAM-TEST-OLD), old enough for retention. Past meetings are written straight into the
 * database: no live meeting could hold them; the coming case goes through the REST API.
 */
final class FamilyScene {

  static final String FAMILY = "FAM-TEST-001";
  static final String OTHER = "FAM-TEST-OTHER";
  static final String OLD = "FAM-TEST-OLD";
  static final String REASON = "Attendance has fallen to 60% and key work has stalled.";
  static final String VOICE = "\"I like it when Mum walks me to school. I want the shouting at home to stop"
    + " and I want to keep my friends.\"";

  final TestServer server;
  final String officer;
  final String chair;
  final String presenter;
  final String otherPresenter;
  final String police;
  final String observer;
  final String otherChair;
  final String panelId;
  final String districtId;
  final String foreignPanelId;
  String closedCase;
  String comingCase;
  String foreignCase;
  String oldCase;
  long openActionNumber;
  long closedActionNumber;

  FamilyScene(TestServer server) throws Exception {
    this.server = server;
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    presenter = server.demoToken("presenter-families-first@demo.ailive.test");
    otherPresenter = server.demoToken("presenter-school@demo.ailive.test");
    police = server.demoToken("police@demo.ailive.test");
    observer = server.demoToken("observer@demo.ailive.test");
    JsonObject panel = server.query("SELECT p.id, d.id AS district_id FROM panel p JOIN district d"
      + " ON d.double_district_id = p.double_district_id ORDER BY d.name LIMIT 1").getJsonObject(0);
    panelId = panel.getString("id");
    districtId = panel.getString("district_id");
    foreignPanelId = one("""
      INSERT INTO panel (double_district_id, name)
      SELECT id, 'Welwyn Hatfield & Hertsmere A&I panel' FROM double_district WHERE code = 'WHH' RETURNING id""");
    String otherChairId = one("INSERT INTO member (full_name, email, roles) VALUES ('Olive Otherchair',"
      + " 'other-chair@test.example', ARRAY['chair']) RETURNING id");
    server.query("UPDATE panel SET chair_member_id = $2 WHERE id = $1", UUID.fromString(foreignPanelId),
      UUID.fromString(otherChairId));
    server.query("INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2)", UUID.fromString(foreignPanelId),
      UUID.fromString(otherChairId));
    otherChair = server.demoToken("other-chair@test.example");
  }

  FamilyScene build() throws Exception {
    String closed = meeting(panelId, today().minusDays(60), "closed");
    closedCase = pastCase(FAMILY, closed, "presenter-families-first@demo.ailive.test");
    openActionNumber = action(closed, closedCase, "open", "Ask the school nurse to see the child");
    closedActionNumber = action(closed, closedCase, "closed", "Refer Mum to the wellbeing service");
    server.query("UPDATE family_case SET outcome = 'assessment', need_met = false WHERE id = $1",
      UUID.fromString(closedCase));

    JsonObject coming = meetingIn(45);
    comingCase = created(post("/api/cases", presenter, complete(coming.getString("id"), FAMILY)), 201).getString("id");
    created(post("/api/cases/" + comingCase + "/submit", presenter, new JsonObject()), 200);

    String foreignDistrict = one("SELECT d.id FROM district d JOIN double_district dd ON dd.id = d.double_district_id"
      + " WHERE dd.code = 'WHH' ORDER BY d.name LIMIT 1");
    String foreign = one("INSERT INTO meeting (panel_id, meeting_date, first_district_id, status)"
      + " VALUES ($1, current_date - 30, $2, 'closed') RETURNING id", UUID.fromString(foreignPanelId),
      UUID.fromString(foreignDistrict));
    foreignCase = pastCase(FAMILY, foreign, "officer@demo.ailive.test");
    pastCase(OTHER, foreign, "officer@demo.ailive.test");

    String ancient = meeting(panelId, today().minusDays(800), "closed");
    oldCase = pastCase(OLD, ancient, "presenter-families-first@demo.ailive.test");
    return this;
  }

  /** A new planned meeting of the demo panel about {@code days} from today (the next free day). */
  JsonObject meetingIn(int days) throws Exception {
    for (int d = days; ; d++) {
      var res = post("/api/meetings", officer, new JsonObject().put("panelId", panelId)
        .put("meetingDate", today().plusDays(d).toString()));
      if (res.statusCode() != 409) {
        return created(res, 201);
      }
    }
  }

  /** A case discussed at a past meeting, with every field a submission needs. */
  private String pastCase(String ref, String meetingId, String presenterEmail) throws Exception {
    return one("""
      INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,
        consent_to_share, consent_recorded_at, reason_for_bringing, summary_of_concerns, presenting_needs,
        voice_of_child, status, submitted_at, review_date)
      SELECT $3, m.panel_id, m.first_district_id, m.id, (SELECT id FROM member WHERE email = $2), true, true,
        now() - interval '70 days', $4, 'Mum''s mental health has worsened.', ARRAY['neglect', 'young_carer'],
        $5, 'discussed', m.meeting_date - 10, m.meeting_date + 120
      FROM meeting m WHERE m.id = $1 RETURNING id""", UUID.fromString(meetingId), presenterEmail, ref,
      REASON + " (" + ref + ")", VOICE);
  }

  private String meeting(String panel, LocalDate date, String status) throws Exception {
    return one("INSERT INTO meeting (panel_id, meeting_date, first_district_id, status) VALUES ($1, $2, $3, $4)"
      + " RETURNING id", UUID.fromString(panel), date, UUID.fromString(districtId), status);
  }

  private long action(String meetingId, String caseId, String status, String description) throws Exception {
    return server.query("""
      INSERT INTO action (case_id, meeting_id, description, owner_agency_id, owner_member_id, due_date,
        success_measure, status, drop_reason, proposed_by_member_id, confirmed_by_member_id, confirmed_at, closed_at)
      SELECT $1, $2, $4, m.agency_id, m.id, current_date + 20, 'The panel hears it is done', $3,
        CASE WHEN $3 = 'dropped' THEN 'Not needed' END, m.id, m.id, now() - interval '59 days',
        CASE WHEN $3 = 'closed' THEN now() - interval '10 days' END
      FROM member m WHERE m.email = 'police@demo.ailive.test' RETURNING number""",
      UUID.fromString(caseId), UUID.fromString(meetingId), status, description).getJsonObject(0).getLong("number");
  }

  static JsonObject complete(String meetingId, String familyRef) {
    return new JsonObject().put("meetingId", meetingId).put("familyRef", familyRef)
      .put("ffaOpen", true).put("consentToShare", true)
      .put("reasonForBringing", REASON).put("summaryOfConcerns", "The older child is caring for a sibling.")
      .put("presentingNeeds", new JsonArray().add("attendance_school").add("young_carer"))
      .put("voiceOfChild", VOICE);
  }

  JsonObject complete(String meetingId) {
    return complete(meetingId, FAMILY).put("districtId", districtId);
  }

  HttpResponse<Buffer> get(String path, String token) throws Exception {
    return server.client.get(path).bearerTokenAuthentication(token).send().await(20, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    if (body.containsKey("familyRef") && !body.containsKey("districtId") && path.equals("/api/cases")) {
      body.put("districtId", districtId);
    }
    return server.client.post(path).bearerTokenAuthentication(token).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  static JsonObject created(HttpResponse<Buffer> res, int status) {
    assertEquals(status, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  long count(String sql, Object... params) throws Exception {
    return server.query(sql, params).getJsonObject(0).getLong("n");
  }

  String one(String sql, Object... params) throws Exception {
    return String.valueOf(server.query(sql, params).getJsonObject(0).getValue("id"));
  }

  static LocalDate today() {
    return LocalDate.now(ZoneId.of("Europe/London"));
  }
}
