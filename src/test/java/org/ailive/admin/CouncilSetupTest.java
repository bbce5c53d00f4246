package org.ailive.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 items 1-2 over real HTTP on a service started without demo data: a council sets itself
 * up through {@code /api/admin/…}, every refusal says which field and why, and nothing changes when
 * a request is refused. The first test runs first: it starts from the empty council.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CouncilSetupTest {

  static TestServer server;
  static AdminHttp http;
  static String officer;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Files.createTempDirectory("ailive-setup"), false);
    http = new AdminHttp(server);
    officer = server.demoToken(TestServer.OFFICER_EMAIL);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  static JsonObject instance() throws Exception {
    return http.expect(200, GET, "/api/instance", null, null);
  }

  static JsonObject newPanel(String code, String first, String second, String goesFirst) throws Exception {
    JsonObject body = new JsonObject().put("name", first + " & " + second).put("code", code)
      .put("districts", new JsonArray().add(first).add(second));
    if (goesFirst != null) {
      body.put("firstDistrict", goesFirst);
    }
    return http.expect(201, POST, "/api/admin/panels", officer, body);
  }

  static JsonObject newAgency(String name, String attendance) throws Exception {
    return http.expect(201, POST, "/api/admin/agencies", officer,
      new JsonObject().put("name", name).put("attendance", attendance));
  }

  static String districtId(JsonObject panel, String name) {
    return panel.getJsonArray("districts").stream().map(o -> (JsonObject) o)
      .filter(d -> d.getString("name").equals(name)).findFirst().orElseThrow().getString("id");
  }

  @Test
  @Order(1)
  void anEmptyCouncilIsSetUpStepByStepAndOnlyThenComplete() throws Exception {
    assertEquals(new JsonObject().put("demo", false).putNull("councilName").put("setupRequired", true), instance());
    JsonObject setup = http.expect(200, GET, "/api/admin/setup", officer, null);
    assertNull(setup.getString("councilName"));
    assertFalse(setup.getBoolean("complete"));
    assertEquals(new JsonObject().put("panels", 0).put("agencies", 0).put("keyAgencyNeeds", 0).put("panelsWithChair", 0),
      setup.getJsonObject("counts"));

    JsonObject refused = http.refused(409, "setup_incomplete", null, POST, "/api/admin/setup/complete", officer, null);
    assertEquals(new JsonArray().add("councilName").add("panels").add("agencies"), refused.getJsonArray("missing"));
    assertEquals("Set-up is not complete yet: add the council's name and a panel and an agency.",
      refused.getString("message"));

    JsonObject named = http.expect(200, PUT, "/api/admin/council", officer,
      new JsonObject().put("name", "  Northshire County Council ").put("version", setup.getInteger("version")));
    assertEquals("Northshire County Council", named.getString("councilName"));
    assertEquals(setup.getInteger("version") + 1, named.getInteger("version"));
    assertEquals("Northshire County Council", instance().getString("councilName"));
    assertTrue(instance().getBoolean("setupRequired"), "named, but not complete");

    assertEquals(new JsonArray().add("panels").add("agencies"),
      http.refused(409, "setup_incomplete", null, POST, "/api/admin/setup/complete", officer, null).getJsonArray("missing"));
    newPanel("NHST", "North Hartley", "South Tey", null);
    assertEquals(new JsonArray().add("agencies"),
      http.refused(409, "setup_incomplete", null, POST, "/api/admin/setup/complete", officer, null).getJsonArray("missing"));
    newAgency("Northshire Police", "county_wide");

    assertEquals(new JsonObject().put("complete", true), http.expect(200, POST, "/api/admin/setup/complete", officer, null));
    assertEquals(new JsonObject().put("demo", false).put("councilName", "Northshire County Council")
      .put("setupRequired", false), instance());
    JsonObject after = http.expect(200, GET, "/api/admin/setup", officer, null);
    assertTrue(after.getBoolean("complete"));
    assertEquals(1, after.getJsonObject("counts").getInteger("panels"));
    assertEquals(1, after.getJsonObject("counts").getInteger("agencies"));
    assertEquals(1, http.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'setup_completed'"));
    assertEquals(1, http.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'council_renamed'"
      + " AND detail->>'after' = 'Northshire County Council'"));
  }

  @Test
  void theCouncilNameIsCheckedAndAStaleVersionIsAConflict() throws Exception {
    int version = http.expect(200, GET, "/api/admin/setup", officer, null).getInteger("version");
    http.refused(400, "invalid_field", "name", PUT, "/api/admin/council", officer,
      new JsonObject().put("name", " ").put("version", version));
    http.refused(400, "invalid_field", "name", PUT, "/api/admin/council", officer,
      new JsonObject().put("name", "x".repeat(121)).put("version", version));
    http.refused(400, "invalid_field", "version", PUT, "/api/admin/council", officer,
      new JsonObject().put("name", "Southshire"));
    JsonObject ok = http.expect(200, PUT, "/api/admin/council", officer,
      new JsonObject().put("name", "x".repeat(120)).put("version", version));
    JsonObject stale = http.refused(409, "version_conflict", null, PUT, "/api/admin/council", officer,
      new JsonObject().put("name", "Someone else's name").put("version", version));
    assertEquals("Someone else changed this council since you opened it; reload to see their change.",
      stale.getString("message"));
    assertEquals(ok.getInteger("version"), stale.getJsonObject("current").getInteger("version"));
    assertEquals("x".repeat(120), stale.getJsonObject("current").getString("councilName"), "nothing overwritten");
    http.expect(200, PUT, "/api/admin/council", officer,
      new JsonObject().put("name", "Northshire County Council").put("version", ok.getInteger("version")));
  }

  @Test
  void aPanelIsTwoDistrictsAndTheOneChosenGoesFirstAtItsFirstMeeting() throws Exception {
    JsonObject panel = newPanel("WAEB", "West Abbey", "East Brook", "East Brook");
    assertEquals("West Abbey & East Brook", panel.getString("name"));
    assertEquals("WAEB", panel.getString("code"));
    assertEquals(1, panel.getInteger("version"));
    assertNull(panel.getValue("chair"));
    assertEquals(0, panel.getInteger("meetings"));
    assertEquals(2, panel.getJsonArray("districts").size());
    String eastBrook = districtId(panel, "East Brook");
    String westAbbey = districtId(panel, "West Abbey");
    assertEquals(eastBrook, panel.getString("firstDistrictId"));
    assertTrue(http.list("/api/admin/panels", officer).contains(panel));
    assertEquals(1, http.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'panel_created' AND subject = $1",
      "panel:" + panel.getString("id")));

    // R2: the chosen district first (not the first by name), then they alternate.
    List<String> firsts = new java.util.ArrayList<>();
    for (String date : List.of("2031-03-05", "2031-04-02", "2031-05-07")) {
      firsts.add(http.expect(201, POST, "/api/meetings", officer, new JsonObject().put("panelId", panel.getString("id"))
        .put("meetingDate", date)).getString("firstDistrictId"));
    }
    assertEquals(List.of(eastBrook, westAbbey, eastBrook), firsts);
    assertEquals(3, http.list("/api/admin/panels", officer).stream().map(o -> (JsonObject) o)
      .filter(p -> p.getString("id").equals(panel.getString("id"))).findFirst().orElseThrow().getInteger("meetings"));

    JsonObject byDefault = newPanel("NEW1", "Newton", "Oldham", null);
    assertEquals(districtId(byDefault, "Newton"), byDefault.getString("firstDistrictId"), "the first given, by default");
  }

  @Test
  void aPanelThatIsNotOneDoubleDistrictIsRefusedAndNothingIsMade() throws Exception {
    long before = http.count("SELECT count(*) AS n FROM double_district");
    JsonObject good = new JsonObject().put("name", "Ashby & Brill").put("code", "ASBR")
      .put("districts", new JsonArray().add("Ashby").add("Brill"));
    for (Object code : new Object[] {"as", "A", "TOOLONGCODE", "AS-BR", 12, null}) {
      http.refused(400, "invalid_field", "code", POST, "/api/admin/panels", officer, good.copy().put("code", code));
    }
    http.refused(400, "invalid_field", "districts", POST, "/api/admin/panels", officer,
      good.copy().put("districts", new JsonArray().add("Ashby")));
    JsonObject three = http.refused(400, "invalid_field", "districts", POST, "/api/admin/panels", officer,
      good.copy().put("districts", new JsonArray().add("Ashby").add("Brill").add("Cole")));
    assertEquals("A panel is one double district: give exactly two districts.", three.getString("message"));
    http.refused(400, "invalid_field", "districts", POST, "/api/admin/panels", officer,
      good.copy().put("districts", new JsonArray().add("Ashby").add(" ashby")));
    http.refused(400, "invalid_field", "districts", POST, "/api/admin/panels", officer,
      good.copy().put("districts", new JsonArray().add("Ashby").add("")));
    JsonObject notAmong = http.refused(400, "invalid_field", "firstDistrict", POST, "/api/admin/panels", officer,
      good.copy().put("firstDistrict", "Cole"));
    assertTrue(notAmong.getString("message").contains("Ashby or Brill"), notAmong.encode());
    http.refused(400, "invalid_field", "name", POST, "/api/admin/panels", officer, good.copy().putNull("name"));
    assertEquals(before, http.count("SELECT count(*) AS n FROM double_district"), "nothing made");

    http.expect(201, POST, "/api/admin/panels", officer, good);
    JsonObject taken = http.refused(409, "code_taken", "code", POST, "/api/admin/panels", officer,
      good.copy().put("districts", new JsonArray().add("Cole").add("Dunn")));
    assertTrue(taken.getString("message").contains("ASBR"), taken.encode());
    assertEquals(before + 1, http.count("SELECT count(*) AS n FROM double_district"));
    assertEquals(0, http.count("SELECT count(*) AS n FROM district WHERE name IN ('Cole', 'Dunn')"), "all or nothing");
  }

  @Test
  void aPanelIsRenamedWithItsDistrictsUnderItsVersion() throws Exception {
    JsonObject panel = newPanel("RNME", "Upper Ford", "Lower Ford", null);
    String upper = districtId(panel, "Upper Ford");
    String lower = districtId(panel, "Lower Ford");
    String path = "/api/admin/panels/" + panel.getString("id");
    // The two names swap: the districts keep their ids (cases and meetings point at them).
    JsonObject renamed = http.expect(200, PUT, path, officer, new JsonObject().put("name", "The Fords")
      .put("districts", new JsonArray().add(new JsonObject().put("id", upper).put("name", "Lower Ford"))
        .add(new JsonObject().put("id", lower).put("name", "Upper Ford")))
      .put("firstDistrictId", lower).put("version", 1));
    assertEquals("The Fords", renamed.getString("name"));
    assertEquals(2, renamed.getInteger("version"));
    assertEquals("RNME", renamed.getString("code"));
    assertEquals(lower, renamed.getString("firstDistrictId"));
    assertEquals(upper, districtId(renamed, "Lower Ford"));
    assertEquals(lower, districtId(renamed, "Upper Ford"));

    JsonObject stale = http.refused(409, "version_conflict", null, PUT, path, officer,
      new JsonObject().put("name", "Overwritten").put("version", 1));
    assertEquals(renamed, stale.getJsonObject("current"));
    http.refused(400, "invalid_field", "version", PUT, path, officer, new JsonObject().put("name", "No version"));
    http.refused(400, "invalid_field", "firstDistrictId", PUT, path, officer,
      new JsonObject().put("firstDistrictId", UUID.randomUUID().toString()).put("version", 2));
    http.refused(400, "invalid_field", "districts", PUT, path, officer, new JsonObject().put("version", 2)
      .put("districts", new JsonArray().add(new JsonObject().put("id", upper).put("name", "A"))
        .add(new JsonObject().put("id", UUID.randomUUID().toString()).put("name", "B"))));
    http.refused(400, "invalid_field", "districts", PUT, path, officer, new JsonObject().put("version", 2)
      .put("districts", new JsonArray().add(new JsonObject().put("id", upper).put("name", "A"))));
    http.refused(404, "not_found", null, PUT, "/api/admin/panels/" + UUID.randomUUID(), officer,
      new JsonObject().put("version", 1));
    assertEquals("The Fords", http.list("/api/admin/panels", officer).stream().map(o -> (JsonObject) o)
      .filter(p -> p.getString("id").equals(panel.getString("id"))).findFirst().orElseThrow().getString("name"));
    assertEquals(1, http.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'panel_updated' AND subject = $1",
      "panel:" + panel.getString("id")));
  }

  @Test
  void agenciesAreMadeRenamedAndDeletedWhileUnused() throws Exception {
    JsonObject agency = http.expect(201, POST, "/api/admin/agencies", officer, new JsonObject().put("name", "Youth Service"));
    assertEquals("county_wide", agency.getString("attendance"), "the default");
    assertFalse(agency.getBoolean("retired"));
    assertEquals(0, agency.getInteger("members"));
    assertEquals(0, agency.getInteger("actions"));
    http.refused(409, "name_taken", "name", POST, "/api/admin/agencies", officer,
      new JsonObject().put("name", "YOUTH service"));
    http.refused(400, "invalid_field", "attendance", POST, "/api/admin/agencies", officer,
      new JsonObject().put("name", "Libraries").put("attendance", "sometimes"));
    http.refused(400, "invalid_field", "name", POST, "/api/admin/agencies", officer, new JsonObject());

    String path = "/api/admin/agencies/" + agency.getString("id");
    JsonObject changed = http.expect(200, PUT, path, officer, new JsonObject().put("name", "Youth Support Service")
      .put("attendance", "when_relevant").put("version", 1));
    assertEquals("when_relevant", changed.getString("attendance"));
    assertEquals(2, changed.getInteger("version"));
    assertEquals(changed, http.refused(409, "version_conflict", null, PUT, path, officer,
      new JsonObject().put("name", "Stale").put("version", 1)).getJsonObject("current"));
    newAgency("Libraries", "when_relevant");
    http.refused(409, "name_taken", "name", PUT, path, officer, new JsonObject().put("name", "libraries").put("version", 2));
    assertTrue(http.list("/api/agencies", officer).stream().map(o -> ((JsonObject) o).getString("name"))
      .anyMatch("Youth Support Service"::equals));

    http.expect(204, DELETE, path, officer, null);
    assertEquals(0, http.count("SELECT count(*) AS n FROM agency WHERE id = $1", UUID.fromString(agency.getString("id"))));
    http.refused(404, "not_found", null, DELETE, path, officer, null);
    assertEquals(1, http.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'agency_deleted' AND subject = $1",
      "agency:" + agency.getString("id")));
  }

  @Test
  void keyAgenciesAreSetNeedByNeedUnderOneVersion() throws Exception {
    JsonObject table = http.expect(200, GET, "/api/admin/key-agencies", officer, null);
    assertEquals(15, table.getJsonArray("needs").size(), "every need, empty ones too");
    JsonObject first = table.getJsonArray("needs").getJsonObject(0);
    assertEquals("attendance_school", first.getString("need"));
    assertEquals("Attendance/school concern", first.getString("label"));
    int version = table.getInteger("version");
    String refuge = newAgency("Northshire Refuge", "when_relevant").getString("id");

    JsonObject row = http.expect(200, PUT, "/api/admin/key-agencies/domestic_abuse", officer, new JsonObject()
      .put("everyCountyWide", true).put("agencyIds", new JsonArray().add(refuge)).put("version", version));
    assertEquals(new JsonObject().put("need", "domestic_abuse").put("label", "Domestic abuse").put("everyCountyWide", true)
      .put("agencyIds", new JsonArray().add(refuge)).put("version", version + 1), row);
    JsonObject again = http.expect(200, GET, "/api/admin/key-agencies", officer, null);
    assertEquals(version + 1, again.getInteger("version"));
    JsonObject listed = row.copy();
    listed.remove("version");
    assertTrue(again.getJsonArray("needs").stream().anyMatch(listed::equals), again.encode());

    JsonObject stale = http.refused(409, "version_conflict", null, PUT, "/api/admin/key-agencies/neglect", officer,
      new JsonObject().put("agencyIds", new JsonArray().add(refuge)).put("version", version));
    assertEquals(version + 1, stale.getJsonObject("current").getInteger("version"));
    http.refused(404, "not_found", null, PUT, "/api/admin/key-agencies/astrology", officer,
      new JsonObject().put("version", version + 1));
    String unknown = UUID.randomUUID().toString();
    JsonObject missing = http.refused(422, "unknown_agency", "agencyIds", PUT, "/api/admin/key-agencies/neglect", officer,
      new JsonObject().put("agencyIds", new JsonArray().add(refuge).add(unknown)).put("version", version + 1));
    assertEquals(unknown, missing.getString("agencyId"));
    assertEquals(0, http.count("SELECT count(*) AS n FROM need_key_agency WHERE need = 'neglect'"), "nothing changed");

    // Emptied again: the need is listed with nothing key.
    JsonObject emptied = http.expect(200, PUT, "/api/admin/key-agencies/domestic_abuse", officer,
      new JsonObject().put("everyCountyWide", false).put("agencyIds", new JsonArray()).put("version", version + 1));
    assertEquals(new JsonArray(), emptied.getJsonArray("agencyIds"));
    assertEquals(0, http.count("SELECT count(*) AS n FROM need_key_agency WHERE need = 'domestic_abuse'"));
    assertEquals(2, http.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'key_agencies_set'"));
  }

  @Test
  void aChairIsChosenOrInvitedAndRemoved() throws Exception {
    JsonObject panel = newPanel("CHRS", "Chair Hill", "Seat End", null);
    String path = "/api/admin/panels/" + panel.getString("id") + "/chair";
    String agency = newAgency("Chairs' Agency", "county_wide").getString("id");

    JsonObject invited = http.expect(200, PUT, path, officer, new JsonObject().put("fullName", "Dana Chair")
      .put("email", "dana.chair@test.example").put("agencyId", agency));
    String dana = invited.getJsonObject("chair").getString("memberId");
    assertEquals("Dana Chair", invited.getJsonObject("chair").getString("fullName"));
    assertTrue(invited.getJsonObject("invitation").getString("url").startsWith("/invite.html#code="), invited.encode());
    assertEquals(panel.getInteger("version") + 1, invited.getInteger("version"));
    assertEquals("{chair}", server.query("SELECT roles::text AS r FROM member WHERE id = $1", UUID.fromString(dana))
      .getJsonObject(0).getString("r"));
    assertEquals(1, http.count("SELECT count(*) AS n FROM panel_member WHERE panel_id = $1 AND member_id = $2"
      + " AND left_at IS NULL", UUID.fromString(panel.getString("id")), UUID.fromString(dana)));
    http.refused(409, "email_taken", "email", PUT, path, officer, new JsonObject().put("fullName", "Dana Again")
      .put("email", "DANA.chair@test.example"));
    http.refused(400, "invalid_field", "email", PUT, path, officer, new JsonObject().put("fullName", "No Mail")
      .put("email", "not-an-address"));

    String partner = server.query("INSERT INTO member (full_name, email, roles) VALUES ('Pat Partner',"
      + " 'pat@test.example', '{partner}') RETURNING id::text AS id").getJsonObject(0).getString("id");
    String partnerSession = server.tokenFor(UUID.fromString(partner), "Pat Partner", "partner");
    assertEquals(200, server.client.get("/api/me").bearerTokenAuthentication(partnerSession).send()
      .await(20, java.util.concurrent.TimeUnit.SECONDS).statusCode());
    JsonObject chosen = http.expect(200, PUT, path, officer, new JsonObject().put("memberId", partner)
      .put("version", invited.getInteger("version")));
    assertEquals(401, server.client.get("/api/me").bearerTokenAuthentication(partnerSession).send()
      .await(20, java.util.concurrent.TimeUnit.SECONDS).statusCode(),
      "a new chair signs in again (and so sets up two-factor sign-in): no old session grows into a chair's");
    assertEquals(partner, chosen.getJsonObject("chair").getString("memberId"));
    assertEquals("{partner,chair}", server.query("SELECT roles::text AS r FROM member WHERE id = $1",
      UUID.fromString(partner)).getJsonObject(0).getString("r"), "they gain the chair role");
    http.refused(409, "version_conflict", null, PUT, path, officer, new JsonObject().put("memberId", dana)
      .put("version", invited.getInteger("version")));
    server.query("UPDATE member SET active = false WHERE id = $1", UUID.fromString(dana));
    http.refused(400, "invalid_field", "memberId", PUT, path, officer, new JsonObject().put("memberId", dana));
    http.refused(400, "invalid_field", "memberId", PUT, path, officer,
      new JsonObject().put("memberId", UUID.randomUUID().toString()));

    JsonObject removed = http.expect(200, PUT, path, officer, new JsonObject().putNull("memberId"));
    assertNull(removed.getValue("chair"));
    assertEquals(3, http.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'panel_chair_set' AND subject = $1",
      "panel:" + panel.getString("id")));
    http.refused(404, "not_found", null, PUT, "/api/admin/panels/" + UUID.randomUUID() + "/chair", officer,
      new JsonObject().putNull("memberId"));
  }

  @Test
  void onlyTheOfficerReachesTheAdminRoutes() throws Exception {
    String chair = server.newMemberToken("A chair", "chair");
    String partner = server.newMemberToken("A partner", "partner");
    for (String token : List.of(chair, partner)) {
      http.refused(403, "forbidden", null, GET, "/api/admin/setup", token, null);
      http.refused(403, "forbidden", null, PUT, "/api/admin/council", token,
        new JsonObject().put("name", "Taken over").put("version", 1));
      http.refused(403, "forbidden", null, POST, "/api/admin/agencies", token, new JsonObject().put("name", "Mine"));
    }
    http.refused(401, "unauthorized", null, GET, "/api/admin/panels", null, null);
    assertEquals(0, http.count("SELECT count(*) AS n FROM agency WHERE name = 'Mine'"));
  }
}
