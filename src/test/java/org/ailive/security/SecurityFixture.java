package org.ailive.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real service with the demo county, plus the few rows the security tables need and the demo
 * does not have: a partner of no panel, a second panel with a meeting none of the demo members sit
 * on and a chair of its own (who chairs and sits on it, and on no demo panel), a case and two actions on last month's (closed) meeting (so the pre-meeting pack is open
 * whatever today's date), a draft case of the officer's on the other panel, and a join link of the
 * chair's for the demo meeting. Ids come from SQL, as the demo makes new ones every start.
 */
public final class SecurityFixture implements AutoCloseable {

  /** The identities of the role tables, in the order of their columns. */
  static final List<String> IDENTITIES = List.of("anonymous", "officer", "chair", "presenter", "partner", "observer",
    "outsider-partner", "other-chair", "join-link-token", "substitute", "guest", "ex-member");

  static final String OUTSIDER_EMAIL = "outsider@security.test";
  /** The chair of the foreign panel: a chair, but of another panel than the demo's. */
  static final String OTHER_CHAIR_EMAIL = "other-chair@security.test";

  static final Map<String, String> EMAILS = Map.of(
    "officer", "officer@demo.ailive.test",
    "chair", "chair@demo.ailive.test",
    "presenter", "presenter-families-first@demo.ailive.test",
    "partner", "police@demo.ailive.test",
    "observer", "observer@demo.ailive.test",
    "outsider-partner", OUTSIDER_EMAIL,
    "other-chair", OTHER_CHAIR_EMAIL,
    "substitute", "substitute@security.test",
    "guest", "guest@security.test",
    "ex-member", "ex-member@security.test");

  /** The identities of issue 15 that are members of no panel of the demo's, made by the fixture. */
  private static final List<String> MADE_HERE = List.of("outsider-partner", "other-chair", "substitute", "guest",
    "ex-member");

  final TestServer server;
  /** The demo's planned meeting: the one the join link is for. */
  final String demoMeeting;
  /** Last month's closed meeting of the same panel. */
  final String closedMeeting;
  /** A planned meeting of another panel, on which no demo member sits. */
  final String foreignMeeting;
  final String panel;
  final String foreignPanel;
  final String foreignDistrict;
  final String demoDistrict;
  /** A discussed case on the closed meeting, presented by the presenter (Sarah Whitfield). */
  final String closedCase;
  /** An incomplete draft of the officer's on the foreign meeting. */
  final String draftCase;
  /** Actions raised at the closed meeting, owned by the partner (Police): one closed, one open. */
  final String closedAction;
  final String openAction;
  /** The demo meeting's first and second agenda items. */
  final String firstItem;
  final String secondItem;
  final Map<String, String> memberIds = new LinkedHashMap<>();
  final String policeAgency;
  /** The token inside the chair's join link for the demo meeting (a join token, not a session). */
  final String joinLink;
  final String joinLinkId;

  private SecurityFixture(TestServer server) throws Exception {
    this.server = server;
    demoMeeting = one("SELECT id FROM meeting WHERE status = 'planned'");
    closedMeeting = one("SELECT id FROM meeting WHERE status = 'closed'");
    panel = one("SELECT id FROM panel");
    demoDistrict = one("SELECT first_district_id AS id FROM meeting WHERE id = $1", UUID.fromString(demoMeeting));
    policeAgency = one("SELECT id FROM agency WHERE name = 'Police'");
    for (Map.Entry<String, String> e : EMAILS.entrySet()) {
      if (!MADE_HERE.contains(e.getKey())) {
        memberIds.put(e.getKey(), one("SELECT id FROM member WHERE email = $1", e.getValue()));
      }
    }
    memberIds.put("outsider-partner", one("""
      INSERT INTO member (full_name, email, agency_id, roles)
      VALUES ('Owen Outsider', $1, $2, ARRAY['partner']) RETURNING id""", OUTSIDER_EMAIL, UUID.fromString(policeAgency)));
    foreignPanel = one("""
      INSERT INTO panel (double_district_id, name)
      SELECT id, 'Welwyn Hatfield & Hertsmere A&I panel' FROM double_district WHERE code = 'WHH' RETURNING id""");
    memberIds.put("other-chair", one("""
      INSERT INTO member (full_name, email, roles) VALUES ('Olive Otherchair', $1, ARRAY['chair']) RETURNING id""",
      OTHER_CHAIR_EMAIL));
    one("UPDATE panel SET chair_member_id = $2 WHERE id = $1 RETURNING id", UUID.fromString(foreignPanel),
      UUID.fromString(memberIds.get("other-chair")));
    one("INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2) RETURNING panel_id AS id",
      UUID.fromString(foreignPanel), UUID.fromString(memberIds.get("other-chair")));
    foreignDistrict = one("""
      SELECT d.id FROM district d JOIN double_district dd ON dd.id = d.double_district_id
      WHERE dd.code = 'WHH' ORDER BY d.name LIMIT 1""");
    foreignMeeting = one("""
      INSERT INTO meeting (panel_id, meeting_date, first_district_id)
      VALUES ($1, current_date + 45, $2) RETURNING id""", UUID.fromString(foreignPanel), UUID.fromString(foreignDistrict));
    closedCase = one("""
      INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,
        consent_to_share, consent_recorded_at, reason_for_bringing, summary_of_concerns, presenting_needs,
        voice_of_child, status, submitted_at, review_date)
      SELECT 'NH-SEC-001', m.panel_id, m.first_district_id, m.id, $2, true, true, now() - interval '50 days',
        'Security fixture: reason for bringing.', 'Security fixture: summary of concerns.', ARRAY['neglect'],
        'Security fixture: the voice of the child, at least forty characters long.', 'discussed',
        now() - interval '45 days', m.meeting_date + 120
      FROM meeting m WHERE m.id = $1 RETURNING id""", UUID.fromString(closedMeeting),
      UUID.fromString(memberIds.get("presenter")));
    draftCase = one("""
      INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open)
      SELECT 'WH-SEC-002', m.panel_id, m.first_district_id, m.id, $2, false FROM meeting m WHERE m.id = $1
      RETURNING id""", UUID.fromString(foreignMeeting), UUID.fromString(memberIds.get("officer")));
    closedAction = action("closed");
    openAction = action("open");
    JsonArray items = server.query("SELECT id FROM agenda_item WHERE meeting_id = $1 ORDER BY position",
      UUID.fromString(demoMeeting));
    firstItem = items.getJsonObject(0).getString("id");
    secondItem = items.getJsonObject(1).getString("id");
    admitted();
    var link = send("POST", "/api/meetings/" + demoMeeting + "/join-links",
      new JsonObject().put("memberId", memberIds.get("chair")).encode(), demoToken("officer"));
    assertEquals(201, link.statusCode(), link.bodyAsString());
    joinLink = link.bodyAsJsonObject().getString("url").replaceAll(".*token=", "");
    joinLinkId = link.bodyAsJsonObject().getString("id");
  }

  static SecurityFixture start() throws Exception {
    return new SecurityFixture(TestServer.start());
  }

  @Override
  public void close() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  private String action(String status) throws Exception {
    return one("""
      INSERT INTO action (case_id, meeting_id, description, owner_agency_id, owner_member_id, due_date,
        success_measure, status, proposed_by_member_id, confirmed_by_member_id, confirmed_at, closed_at)
      VALUES ($1, $2, 'Security fixture: ask the school nurse to see the child', $3, $4, current_date + 20,
        'The child has been seen', $5, $6, $6, now() - interval '40 days',
        CASE WHEN $5 = 'closed' THEN now() - interval '10 days' END) RETURNING id""",
      UUID.fromString(closedCase), UUID.fromString(closedMeeting), UUID.fromString(policeAgency),
      UUID.fromString(memberIds.get("partner")), status, UUID.fromString(memberIds.get("chair")));
  }

  /**
   * Issue 15's identities around {demo}: a Police partner admitted as a substitute for the partner
   * (and on the register as such), one admitted as a guest, and an ex-member who sent apologies to
   * {demo} and then left the panel. The register opens nothing; admission opens {demo}'s room only.
   */
  private void admitted() throws Exception {
    for (String who : List.of("substitute", "guest", "ex-member")) {
      memberIds.put(who, one("INSERT INTO member (full_name, email, agency_id, roles) VALUES ($1, $2, $3, "
        + "ARRAY['partner']) RETURNING id", "Sec " + who, EMAILS.get(who), UUID.fromString(policeAgency)));
    }
    UUID ex = UUID.fromString(memberIds.get("ex-member"));
    one("INSERT INTO panel_member (panel_id, member_id, left_at) VALUES ($1, $2, now()) RETURNING panel_id AS id",
      UUID.fromString(panel), ex);
    one("INSERT INTO attendance (meeting_id, member_id, status, marked_by_member_id, marked_at) "
      + "VALUES ($1, $2, 'apologies', $2, now()) RETURNING member_id AS id", UUID.fromString(demoMeeting), ex);
    String officer = demoToken("officer");
    String partner = memberIds.get("partner");
    command(officer, new JsonObject().put("type", "attendance.mark").put("memberId", memberIds.get("substitute"))
      .put("status", "substitute").put("substituteForMemberId", partner));
    command(officer, new JsonObject().put("type", "guest.admit").put("memberId", memberIds.get("substitute"))
      .put("kind", "substitute").put("forMemberId", partner));
    command(officer, new JsonObject().put("type", "guest.admit").put("memberId", memberIds.get("guest"))
      .put("kind", "guest"));
  }

  private void command(String token, JsonObject body) throws Exception {
    var res = send("POST", "/api/meetings/" + demoMeeting + "/commands",
      body.put("key", UUID.randomUUID().toString()).encode(), token);
    assertEquals(200, res.statusCode(), res.bodyAsString());
  }

  private String one(String sql, Object... params) throws Exception {
    JsonArray rows = server.query(sql, params);
    return rows.getJsonObject(0).getValue("id").toString();
  }

  /** A fresh session for the identity (null for anonymous): sign-out and refresh in a table retire the one they use. */
  String token(String identity) throws Exception {
    return switch (identity) {
      case "anonymous" -> null;
      case "join-link-token" -> {
        var session = send("POST", "/api/auth/join", new JsonObject().put("token", joinLink).encode(), null);
        assertEquals(200, session.statusCode(), session.bodyAsString());
        yield session.bodyAsJsonObject().getString("token");
      }
      default -> demoToken(identity);
    };
  }

  String memberIdOf(String email) throws Exception {
    return one("SELECT id FROM member WHERE email = $1", email);
  }

  String demoToken(String identity) throws Exception {
    return server.demoToken(EMAILS.get(identity));
  }

  /** The sample ids of the tables: {demo}, {closed}, {foreign}, {panel}, {case}, {draftCase}, {caseFamily} ({case}'s family reference), {action}, … */
  String expand(String template) {
    if (template == null) {
      return null;
    }
    String out = template
      .replace("{demo}", demoMeeting).replace("{DEMO}", demoMeeting.toUpperCase(Locale.ROOT))
      .replace("{closed}", closedMeeting).replace("{foreign}", foreignMeeting)
      .replace("{foreignPanel}", foreignPanel).replace("{panel}", panel)
      .replace("{draftCase}", draftCase).replace("{caseFamily}", "NH-SEC-001").replace("{case}", closedCase)
      .replace("{openAction}", openAction).replace("{action}", closedAction)
      .replace("{item}", firstItem).replace("{linkId}", joinLinkId);
    for (Map.Entry<String, String> e : memberIds.entrySet()) {
      out = out.replace("{member:" + e.getKey() + "}", e.getValue());
    }
    while (out.contains("{random}")) {
      out = out.replaceFirst("\\{random}", UUID.randomUUID().toString());
    }
    return out;
  }

  HttpResponse<Buffer> send(String method, String path, String body, String token) throws Exception {
    HttpRequest<Buffer> req = server.client.request(HttpMethod.valueOf(method), path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    if (body == null) {
      return req.send().await(30, TimeUnit.SECONDS);
    }
    return req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
      .await(30, TimeUnit.SECONDS);
  }

  /** Rows of a CSV table on the test class path: comment lines start with #, fields may be quoted with '. */
  public static List<Map<String, String>> table(String resource) throws IOException {
    try (InputStream in = SecurityFixture.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no resource " + resource);
      }
      List<String> header = null;
      List<Map<String, String>> rows = new ArrayList<>();
      int lineNo = 0;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        List<String> fields = fields(trimmed);
        if (header == null) {
          header = fields;
          continue;
        }
        if (fields.size() != header.size()) {
          throw new IOException(resource + " line " + lineNo + ": " + fields.size() + " fields, the header has "
            + header.size() + ": " + line);
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), fields.get(i));
        }
        row.put("#line", Integer.toString(lineNo));
        rows.add(row);
      }
      return rows;
    }
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
          cur.append('\'');
          i++;
        } else if (ch == '\'') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '\'') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString().strip());
    return out;
  }
}
