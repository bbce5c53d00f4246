package org.ailive.cases;

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

/** The cases REST API as the tests drive it: real HTTP against a real server on the demo county. */
final class CaseHttp {

  static final String VOICE = "\"I like it when Mum walks me to school. I want the shouting at home to stop"
    + " and I want to keep my friends.\"";

  final TestServer server;
  final String officer;
  final String chair;
  final String presenter;
  final String otherPresenter;
  final String police;
  final JsonObject panel;
  private int keys;

  CaseHttp(TestServer server) throws Exception {
    this.server = server;
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    presenter = server.demoToken("presenter-families-first@demo.ailive.test");
    otherPresenter = server.demoToken("presenter-school@demo.ailive.test");
    police = server.demoToken("police@demo.ailive.test");
    panel = ok(get("/api/panels", officer), 200).getJsonArray("list").getJsonObject(0);
  }

  HttpResponse<Buffer> get(String path, String token) throws Exception {
    return server.client.get(path).bearerTokenAuthentication(token).send().await(20, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    return server.client.post(path).bearerTokenAuthentication(token).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> put(String path, String token, JsonObject body) throws Exception {
    return server.client.put(path).bearerTokenAuthentication(token).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  /** Asserts the status and answers the body; an array body comes back under "list". */
  static JsonObject ok(HttpResponse<Buffer> res, int status) {
    assertEquals(status, res.statusCode(), res.bodyAsString());
    String body = res.bodyAsString().strip();
    return body.startsWith("[") ? new JsonObject().put("list", new JsonArray(body)) : new JsonObject(body);
  }

  static LocalDate today() {
    return LocalDate.now(ZoneId.of("Europe/London"));
  }

  /** A new meeting of the demo panel about {@code days} from today (the next free day: the demo holds two). */
  JsonObject meetingIn(int days) throws Exception {
    for (int d = days; ; d++) {
      var res = post("/api/meetings", officer, new JsonObject().put("panelId", panel.getString("id"))
        .put("meetingDate", today().plusDays(d).toString()));
      if (res.statusCode() != 409) {
        return ok(res, 201);
      }
    }
  }

  /** Every field a submission needs (R5, R6). */
  static JsonObject complete(JsonObject meeting, String familyRef) {
    return new JsonObject().put("meetingId", meeting.getString("id")).put("familyRef", familyRef)
      .put("districtId", meeting.getString("firstDistrictId")).put("ffaOpen", true).put("consentToShare", true)
      .put("reasonForBringing", "Attendance has fallen to 60% and key work has stalled.")
      .put("summaryOfConcerns", "Mum's mental health has worsened; the older child is caring for a sibling.")
      .put("presentingNeeds", new JsonArray().add("attendance_school").add("young_carer"))
      .put("voiceOfChild", VOICE);
  }

  JsonObject create(String token, JsonObject body) throws Exception {
    return ok(post("/api/cases", token, body), 201);
  }

  JsonObject submit(String token, JsonObject aCase) throws Exception {
    return ok(post("/api/cases/" + aCase.getString("id") + "/submit", token, new JsonObject()), 200);
  }

  JsonObject command(String meetingId, String token, JsonObject command) throws Exception {
    return ok(post("/api/meetings/" + meetingId + "/commands", token, command.put("key", "case-test-" + (++keys))), 200);
  }

  /** The case ids on the meeting's agenda, after the officer builds it from the accepted cases. */
  JsonArray agendaCases(String meetingId) throws Exception {
    command(meetingId, officer, new JsonObject().put("type", "agenda.build"));
    JsonArray agenda = ok(get("/api/meetings/" + meetingId + "/room", officer), 200)
      .getJsonObject("state").getJsonArray("agenda");
    JsonArray out = new JsonArray();
    agenda.stream().map(o -> ((JsonObject) o).getString("caseId")).filter(id -> id != null).forEach(out::add);
    return out;
  }

  String memberId(String email) throws Exception {
    return server.query("SELECT id FROM member WHERE email = $1", email).getJsonObject(0).getString("id");
  }

  long views(String caseId, String memberEmail) throws Exception {
    return server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'case_viewed' AND subject = $1"
      + " AND member_id = $2", caseId, UUID.fromString(memberId(memberEmail))).getJsonObject(0).getLong("n");
  }

  static String error(HttpResponse<Buffer> res) {
    return res.bodyAsJsonObject().getString("error");
  }

  static String message(HttpResponse<Buffer> res) {
    return res.bodyAsJsonObject().getString("message");
  }
}
