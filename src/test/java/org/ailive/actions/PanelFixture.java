package org.ailive.actions;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.ailive.auth.Identity;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Panels, people, meetings, cases and confirmed actions written straight into the database: the
 * meeting flow that proposes and confirms actions is tested elsewhere, and these tests need dates
 * in the past that no live meeting could produce.
 */
final class PanelFixture {

  record Member(UUID id, String name, UUID agencyId, String agency, String token) {
  }

  record Panel(UUID id, UUID districtId) {
  }

  final TestServer server;
  private int codes;

  PanelFixture(TestServer server) {
    this.server = server;
  }

  UUID agency(String name) throws Exception {
    return id(server.query("INSERT INTO agency (name) VALUES ($1) RETURNING id", name));
  }

  Member member(String name, UUID agencyId, String agencyName, String... roles) throws Exception {
    UUID id = id(server.query("INSERT INTO member (full_name, email, agency_id, roles) VALUES ($1, $2, $3, $4)"
      + " RETURNING id", name, UUID.randomUUID() + "@test.example", agencyId, roles));
    String token = server.app.tokens().issue(new Identity(id, name, agencyId, agencyName, Set.of(roles)));
    return new Member(id, name, agencyId, agencyName, token);
  }

  Panel panel(Member chair, Member... members) throws Exception {
    String code = "T" + (++codes);
    UUID dd = id(server.query("INSERT INTO double_district (code, name) VALUES ($1, $2) RETURNING id", code, code));
    UUID district = id(server.query("INSERT INTO district (double_district_id, name) VALUES ($1, $2) RETURNING id",
      dd, code + " North"));
    server.query("INSERT INTO district (double_district_id, name) VALUES ($1, $2)", dd, code + " South");
    UUID panel = id(server.query("INSERT INTO panel (double_district_id, name, chair_member_id) VALUES ($1, $2, $3)"
      + " RETURNING id", dd, code + " panel", chair.id()));
    server.query("INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2)", panel, chair.id());
    for (Member m : members) {
      server.query("INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2)", panel, m.id());
    }
    return new Panel(panel, district);
  }

  UUID meeting(Panel panel, LocalDate date, String status) throws Exception {
    return id(server.query("INSERT INTO meeting (panel_id, meeting_date, first_district_id, status)"
      + " VALUES ($1, $2, $3, $4) RETURNING id", panel.id(), date, panel.districtId(), status));
  }

  UUID familyCase(Panel panel, UUID meetingId, String familyRef, Member presenter, LocalDate reviewDate,
                  String status) throws Exception {
    return id(server.query("""
        INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,
                                 review_date, status)
        VALUES ($1, $2, $3, $4, $5, true, $6, $7) RETURNING id""",
      familyRef, panel.id(), panel.districtId(), meetingId, presenter.id(), reviewDate, status));
  }

  /** A confirmed action; {@code confirmedAgo} is a Postgres interval such as '2 months 1 day'. */
  UUID action(UUID meetingId, UUID caseId, String description, UUID ownerAgency, Member owner, LocalDate due,
              String status, String confirmedAgo, Member chair) throws Exception {
    return id(server.query("""
        INSERT INTO action (case_id, meeting_id, description, owner_agency_id, owner_member_id, due_date,
                            success_measure, status, drop_reason, proposed_by_member_id, confirmed_by_member_id,
                            confirmed_at)
        VALUES ($1, $2, $3, $4, $5, $6, 'The family confirms it happened.', $7,
                CASE WHEN $7 = 'dropped' THEN 'No longer needed' END, $8, $8, now() - $9::text::interval)
        RETURNING id""",
      caseId, meetingId, description, ownerAgency, owner == null ? null : owner.id(), due, status, chair.id(),
      confirmedAgo));
  }

  void update(UUID actionId, Member author, String ago) throws Exception {
    server.query("INSERT INTO action_update (action_id, author_member_id, body, status_after, created_at)"
      + " VALUES ($1, $2, 'Visited the family.', 'in_progress', now() - $3::text::interval)",
      actionId, author.id(), ago);
  }

  long number(UUID actionId) throws Exception {
    return server.query("SELECT number FROM action WHERE id = $1", actionId).getJsonObject(0).getLong("number");
  }

  HttpResponse<Buffer> get(String path, Member who) throws Exception {
    return server.client.get(path).bearerTokenAuthentication(who.token()).send().await(20, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> post(String path, Member who, JsonObject body) throws Exception {
    return server.client.post(path).bearerTokenAuthentication(who.token()).sendJsonObject(body)
      .await(20, TimeUnit.SECONDS);
  }

  JsonArray list(String query, Member who) throws Exception {
    var res = get("/api/actions" + query, who);
    if (res.statusCode() != 200) {
      throw new AssertionError(res.statusCode() + " " + res.bodyAsString());
    }
    return res.bodyAsJsonArray();
  }

  private static UUID id(JsonArray rows) {
    return UUID.fromString(rows.getJsonObject(0).getString("id"));
  }
}
