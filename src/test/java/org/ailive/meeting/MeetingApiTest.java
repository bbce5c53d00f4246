package org.ailive.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Meetings over REST on the demo county: create and read back, R2 rotation, survival of a restart. */
class MeetingApiTest {

  static TestServer server;
  static String officer;
  static JsonObject panel;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    officer = server.demoToken(TestServer.OFFICER_EMAIL);
    var panels = server.client.get("/api/panels").bearerTokenAuthentication(officer).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, panels.statusCode(), panels.bodyAsString());
    panel = panels.bodyAsJsonArray().getJsonObject(0);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  private JsonObject create(JsonObject body, int expectedStatus) throws Exception {
    var res = server.client.post("/api/meetings").bearerTokenAuthentication(officer)
      .sendJsonObject(body).await(20, TimeUnit.SECONDS);
    assertEquals(expectedStatus, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  private JsonObject read(String id, String token) throws Exception {
    var res = server.client.get("/api/meetings/" + id).bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  @Test
  void createdMeetingReadsBackTheSame() throws Exception {
    JsonObject created = create(new JsonObject().put("panelId", panel.getString("id"))
      .put("meetingDate", "2031-03-05").put("startsAt", "10:00").put("endsAt", "13:15")
      .put("location", "Hitchin Town Hall"), 201);
    JsonObject readBack = read(created.getString("id"), officer);
    assertEquals(created, readBack);
    assertEquals("2031-03-05", readBack.getString("meetingDate"));
    assertEquals("10:00", readBack.getString("startsAt"));
    assertEquals("13:15", readBack.getString("endsAt"));
    assertEquals("Hitchin Town Hall", readBack.getString("location"));
    assertEquals("planned", readBack.getString("status"));
    assertEquals(panel.getString("name"), readBack.getString("panelName"));
  }

  @Test
  void firstDistrictRotatesAcrossConsecutiveMonths() throws Exception {
    JsonObject april = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2032-04-07"), 201);
    JsonObject may = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2032-05-05"), 201);
    JsonObject june = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2032-06-02"), 201);
    assertNotEquals(april.getString("firstDistrictId"), may.getString("firstDistrictId"));
    assertEquals(april.getString("firstDistrictId"), june.getString("firstDistrictId"));
    assertEquals(april.getString("firstDistrictId"), may.getString("secondDistrictId"));
  }

  @Test
  void officerMayOverrideTheFirstDistrict() throws Exception {
    JsonArray districts = panel.getJsonArray("districts");
    String second = districts.getJsonObject(1).getString("id");
    JsonObject m = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2033-01-05")
      .put("firstDistrictId", second), 201);
    assertEquals(second, m.getString("firstDistrictId"));
  }

  @Test
  void badInputNamesTheField() throws Exception {
    JsonObject error = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "5 March"), 400);
    assertTrue(error.getString("field").equals("meetingDate"), error.encode());
    JsonObject twice = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2034-02-01"), 201);
    JsonObject clash = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2034-02-01"), 409);
    assertEquals("meeting_exists", clash.getString("error"));
    assertEquals(1, server.query("SELECT count(*) AS n FROM meeting WHERE id = $1",
      java.util.UUID.fromString(twice.getString("id"))).getJsonObject(0).getInteger("n"));
  }

  /** Issue 17: a past date or a bank holiday is created only when the request confirms it. */
  @Test
  void aPastDateOrABankHolidayIsCreatedOnlyOnceConfirmed() throws Exception {
    String yesterday = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).minusDays(1).toString();
    JsonObject past = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", yesterday), 409);
    assertEquals("confirm_date", past.getString("error"), past.encode());
    assertEquals("past", past.getString("reason"));
    assertEquals("meetingDate", past.getString("field"));
    assertTrue(past.getString("message").contains("is in the past"), past.encode());

    JsonObject holiday = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2030-12-26"), 409);
    assertEquals("confirm_date", holiday.getString("error"));
    assertEquals("bank_holiday", holiday.getString("reason"));
    assertEquals("Boxing Day", holiday.getString("holiday"));
    assertEquals("Thursday 26 December 2030 is a bank holiday (Boxing Day). Create the meeting on that date anyway?",
      holiday.getString("message"));
    assertEquals(0, server.query("SELECT count(*) AS n FROM meeting WHERE meeting_date IN ($1::date, '2030-12-26')",
      java.time.LocalDate.parse(yesterday)).getJsonObject(0).getInteger("n"), "nothing is created before it is confirmed");

    assertEquals(400, server.client.post("/api/meetings").bearerTokenAuthentication(officer)
      .sendJsonObject(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2030-12-26")
        .put("confirmed", "yes")).await(20, TimeUnit.SECONDS).statusCode(), "confirmed is true or false");
    JsonObject made = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2030-12-26")
      .put("confirmed", true), 201);
    assertEquals("2030-12-26", made.getString("meetingDate"));
    create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", yesterday).put("confirmed", true), 201);
    // An ordinary working day needs no confirmation.
    create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2030-12-27"), 201);
  }

  @Test
  void partnersSeeOnlyTheirPanelsMeetings() throws Exception {
    String outsider = server.newMemberToken("Outsider", "partner");
    var list = server.client.get("/api/meetings").bearerTokenAuthentication(outsider).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, list.statusCode());
    assertEquals(0, list.bodyAsJsonArray().size());
    String anyMeeting = server.query("SELECT id FROM meeting LIMIT 1").getJsonObject(0).getString("id");
    var res = server.client.get("/api/meetings/" + anyMeeting).bearerTokenAuthentication(outsider).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(403, res.statusCode());
  }

  @Test
  void everyMemberCanListTheAgencies() throws Exception {
    var res = server.client.get("/api/agencies").bearerTokenAuthentication(server.demoToken("police@demo.ailive.test"))
      .send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode());
    assertTrue(res.bodyAsJsonArray().stream().anyMatch(a -> "CAMHS".equals(((JsonObject) a).getString("name"))));
  }

  @Test
  void aRestartKeepsTheData() throws Exception {
    JsonObject created = create(new JsonObject().put("panelId", panel.getString("id")).put("meetingDate", "2035-07-04"), 201);
    server.halt();
    server.boot();
    // The token issued before the restart still verifies: the signing key lives in the data dir.
    assertEquals(created, read(created.getString("id"), officer));
  }
}
