package org.ailive.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 on the demo county, where everything is in use: an agency with members and actions is
 * retired instead of deleted (not offered for anything new, its name kept in its history) and can be
 * reinstated; a panel with meetings is renamed, its districts keep their ids.
 */
class AgencyRetirementTest {

  static TestServer server;
  static AdminHttp http;
  static String officer;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    http = new AdminHttp(server);
    officer = server.demoToken("officer@demo.ailive.test");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  static JsonObject adminAgency(String name) throws Exception {
    return http.list("/api/admin/agencies", officer).stream().map(o -> (JsonObject) o)
      .filter(a -> a.getString("name").equals(name)).findFirst().orElseThrow();
  }

  static boolean offered(String agencyId) throws Exception {
    return http.list("/api/agencies", officer).stream().anyMatch(o -> ((JsonObject) o).getString("id").equals(agencyId));
  }

  /** An action of the demo meeting, proposed by the member, as the room would have stored it. */
  static String action(String meetingId, String agencyId, String proposer, String status) throws Exception {
    return server.query("""
      INSERT INTO action (meeting_id, description, owner_agency_id, due_date, success_measure, status,
                          proposed_by_member_id)
      VALUES ($1, 'Check in with the family', $2, DATE '2031-06-30', 'The family says so', $3, $4)
      RETURNING id::text AS id""", UUID.fromString(meetingId), UUID.fromString(agencyId), status,
      UUID.fromString(proposer)).getJsonObject(0).getString("id");
  }

  @Test
  void anAgencyInUseIsRetiredKeepsItsNameIsRefusedForAnythingNewAndIsReinstated() throws Exception {
    String id = adminAgency("Police").getString("id");
    JsonObject gemma = http.list("/api/members", officer).stream().map(o -> (JsonObject) o)
      .filter(m -> id.equals(m.getString("agencyId"))).findFirst().orElseThrow();
    String meetingId = server.query("SELECT id::text AS id FROM meeting ORDER BY meeting_date LIMIT 1")
      .getJsonObject(0).getString("id");
    String actionId = action(meetingId, id, gemma.getString("id"), "open");
    JsonObject police = adminAgency("Police");
    assertTrue(police.getInteger("members") > 0 && police.getInteger("actions") > 0, police.encode());
    assertTrue(offered(id));

    JsonObject retired = http.expect(200, DELETE, "/api/admin/agencies/" + id, officer, null);
    assertTrue(retired.getBoolean("retired"));
    assertEquals(police.getInteger("version") + 1, retired.getInteger("version"));
    assertEquals(retired, adminAgency("Police"), "still listed for the officer, flagged");
    assertFalse(offered(id), "not offered for new members or actions");
    assertEquals(1, http.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'agency_retired' AND subject = $1",
      "agency:" + id));

    // Its history keeps its name: its members and its actions.
    assertEquals("Police", http.list("/api/members", officer).stream().map(o -> (JsonObject) o)
      .filter(m -> m.getString("id").equals(gemma.getString("id"))).findFirst().orElseThrow().getString("agency"));
    assertEquals("Police", http.expect(200, GET, "/api/actions/" + actionId, officer, null).getString("ownerAgency"));

    // Nothing new for it: an invitation, a move to it, a key agency, a revised action.
    JsonObject refused = http.refused(422, "agency_retired", "agencyId", POST, "/api/members/invitations", officer,
      new JsonObject().put("fullName", "New Constable").put("email", "constable@test.example").put("agencyId", id)
        .put("roles", new JsonArray().add("partner")));
    assertEquals("Police is retired, so it cannot be chosen for anything new: choose another agency, or reinstate it"
      + " in the council's settings.", refused.getString("message"));
    assertEquals(0, http.count("SELECT count(*) AS n FROM member WHERE email = 'constable@test.example'"));
    String other = server.query("SELECT id::text AS id FROM member WHERE agency_id IS NOT NULL AND agency_id <> $1"
      + " AND NOT ('officer' = ANY (roles)) LIMIT 1", UUID.fromString(id)).getJsonObject(0).getString("id");
    http.refused(422, "agency_retired", "agencyId", PATCH, "/api/members/" + other, officer,
      new JsonObject().put("agencyId", id));
    assertEquals("Gemma R.", http.expect(200, PATCH, "/api/members/" + gemma.getString("id"), officer,
      new JsonObject().put("fullName", "Gemma R.")).getString("fullName"), "a member of it keeps it");
    int keyVersion = http.expect(200, GET, "/api/admin/key-agencies", officer, null).getInteger("version");
    assertEquals(id, http.refused(422, "agency_retired", "agencyIds", PUT, "/api/admin/key-agencies/neglect", officer,
      new JsonObject().put("agencyIds", new JsonArray().add(id)).put("version", keyVersion)).getString("agencyId"));
    assertFalse(http.expect(200, GET, "/api/admin/key-agencies", officer, null).getJsonArray("needs").stream()
      .anyMatch(n -> ((JsonObject) n).getJsonArray("agencyIds").contains(id)), "a retired agency is no longer key");

    String returned = action(meetingId, adminAgency("CAMHS").getString("id"), gemma.getString("id"), "returned");
    http.refused(422, "agency_retired", "ownerAgencyId", POST, "/api/actions/" + returned + "/revise",
      server.demoToken(gemma.getString("email")), new JsonObject().put("ownerAgencyId", id).put("dueDate", "2031-06-30"));

    // Deleting it again changes nothing: it is still in use.
    assertEquals(retired.getInteger("version") + 1,
      http.expect(200, DELETE, "/api/admin/agencies/" + id, officer, null).getInteger("version"));
    JsonObject reinstated = http.expect(200, PUT, "/api/admin/agencies/" + id, officer,
      new JsonObject().put("retired", false).put("version", retired.getInteger("version") + 1));
    assertFalse(reinstated.getBoolean("retired"));
    assertEquals("Police", reinstated.getString("name"));
    assertTrue(offered(id));
    assertNotNull(http.expect(201, POST, "/api/members/invitations", officer,
      new JsonObject().put("fullName", "New Constable").put("email", "constable@test.example").put("agencyId", id)
        .put("roles", new JsonArray().add("partner"))).getString("memberId"));
  }

  @Test
  void aPanelWithMeetingsIsRenamedAndItsMeetingsKeepTheirDistricts() throws Exception {
    JsonObject panel = http.list("/api/admin/panels", officer).stream().map(o -> (JsonObject) o)
      .filter(p -> p.getString("code").equals("NHST")).findFirst().orElseThrow();
    assertTrue(panel.getInteger("meetings") > 0, panel.encode());
    assertNotNull(panel.getJsonObject("chair").getString("fullName"), "the demo chair");
    JsonObject meeting = http.list("/api/meetings", officer).stream().map(o -> (JsonObject) o)
      .filter(m -> m.getString("panelId").equals(panel.getString("id"))).findFirst().orElseThrow();
    String firstId = meeting.getString("firstDistrictId");
    JsonArray renamed = new JsonArray();
    panel.getJsonArray("districts").forEach(d -> renamed.add(((JsonObject) d).copy()
      .put("name", ((JsonObject) d).getString("name") + " (renamed)")));
    http.expect(200, PUT, "/api/admin/panels/" + panel.getString("id"), officer,
      new JsonObject().put("districts", renamed).put("version", panel.getInteger("version")));
    JsonObject after = http.expect(200, GET, "/api/meetings/" + meeting.getString("id"), officer, null);
    assertEquals(firstId, after.getString("firstDistrictId"));
    assertTrue(after.getString("firstDistrict").endsWith(" (renamed)"), after.encode());
  }

  @Test
  void theDemoNeedsNoSetUpAndCannotBeCompletedWithoutACouncilName() throws Exception {
    JsonObject instance = http.expect(200, GET, "/api/instance", null, null);
    assertTrue(instance.getBoolean("demo"));
    assertNull(instance.getString("councilName"));
    assertFalse(instance.getBoolean("setupRequired"), "the demo county is there to try");
    assertEquals(new JsonArray().add("councilName"),
      http.refused(409, "setup_incomplete", null, POST, "/api/admin/setup/complete", officer, null).getJsonArray("missing"));
  }
}
