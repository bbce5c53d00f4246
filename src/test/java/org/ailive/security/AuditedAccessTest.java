package org.ailive.security;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 5: the reads and session events the review found unaudited leave an audit row: a
 * token refresh, a join link that opened no session, a read of the audit trail, a list of members
 * (with their e-mails). None records a secret (no token, no password).
 */
class AuditedAccessTest {

  static SecurityFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = SecurityFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void aTokenRefreshIsAudited() throws Exception {
    String member = fx.memberIds.get("partner");
    long before = rows("token_refreshed", member);
    var res = fx.send("POST", "/api/auth/refresh", null, fx.token("partner"));
    assertEquals(200, res.statusCode(), res.bodyAsString());
    assertEquals(before + 1, rows("token_refreshed", member));
    String token = res.bodyAsJsonObject().getString("token");
    assertFalse(fx.server.query("SELECT detail::text AS d FROM audit_entry WHERE action = 'token_refreshed'")
      .encode().contains(token), "the token is never recorded");
  }

  @Test
  void aJoinLinkThatOpensNoSessionIsAudited() throws Exception {
    long before = rows("join_link_refused", null);
    var forged = fx.send("POST", "/api/auth/join", new JsonObject().put("token", "not.a.token").encode(), null);
    assertEquals(401, forged.statusCode(), forged.bodyAsString());
    assertEquals("invalid_join_link", forged.bodyAsJsonObject().getString("error"));
    assertEquals(before + 1, rows("join_link_refused", null));
    JsonObject unverified = last("join_link_refused");
    assertEquals("join_link", unverified.getString("subject"));
    assertEquals(new JsonObject().put("verified", false), unverified.getJsonObject("detail"));

    // A genuine link, withdrawn: the row names the link and its member.
    var link = fx.send("POST", "/api/meetings/" + fx.demoMeeting + "/join-links",
      new JsonObject().put("memberId", fx.memberIds.get("partner")).encode(), fx.demoToken("officer"));
    assertEquals(201, link.statusCode(), link.bodyAsString());
    String linkId = link.bodyAsJsonObject().getString("id");
    String token = link.bodyAsJsonObject().getString("url").replaceAll(".*token=", "");
    assertEquals(204, fx.send("DELETE", "/api/meetings/" + fx.demoMeeting + "/join-links/" + linkId, null,
      fx.demoToken("officer")).statusCode());
    var withdrawn = fx.send("POST", "/api/auth/join", new JsonObject().put("token", token).encode(), null);
    assertEquals(401, withdrawn.statusCode(), withdrawn.bodyAsString());
    JsonObject named = last("join_link_refused");
    assertEquals("join_link:" + linkId, named.getString("subject"));
    assertEquals(new JsonObject().put("verified", true).put("memberId", fx.memberIds.get("partner")),
      named.getJsonObject("detail"));
    assertFalse(named.encode().contains(token), "the token is never recorded");
  }

  @Test
  void readingTheAuditTrailIsAudited() throws Exception {
    String officer = fx.memberIds.get("officer");
    long before = rows("audit_read", officer);
    var res = fx.send("GET", "/api/audit?limit=3&action=sign_in", null, fx.token("officer"));
    assertEquals(200, res.statusCode(), res.bodyAsString());
    assertEquals(before + 1, rows("audit_read", officer));
    JsonObject detail = last("audit_read").getJsonObject("detail");
    assertEquals(new JsonObject().put("action", "sign_in").put("limit", "3"), detail.getJsonObject("filters"));
    assertEquals(res.bodyAsJsonArray().size(), detail.getInteger("rows"));
  }

  @Test
  void aListOfMembersIsAudited() throws Exception {
    String chair = fx.memberIds.get("chair");
    long before = rows("members_listed", chair);
    var res = fx.send("GET", "/api/members", null, fx.token("chair"));
    assertEquals(200, res.statusCode(), res.bodyAsString());
    assertEquals(before + 1, rows("members_listed", chair));
    JsonObject detail = last("members_listed").getJsonObject("detail");
    assertEquals(res.bodyAsJsonArray().size(), detail.getInteger("rows"));
    assertEquals(fx.panel, detail.getJsonArray("panels").getString(0), "the panels the chair's list covers");
    assertTrue(fx.send("GET", "/api/members", null, fx.token("officer")).statusCode() == 200);
    assertTrue(last("members_listed").getJsonObject("detail").getValue("panels") == null, "the officer's: every panel");
  }

  private static long rows(String action, String memberId) throws Exception {
    return memberId == null
      ? fx.server.query("SELECT count(*) AS n FROM audit_entry WHERE action = $1", action).getJsonObject(0).getLong("n")
      : fx.server.query("SELECT count(*) AS n FROM audit_entry WHERE action = $1 AND member_id = $2", action,
        UUID.fromString(memberId)).getJsonObject(0).getLong("n");
  }

  private static JsonObject last(String action) throws Exception {
    return fx.server.query("SELECT subject, detail FROM audit_entry WHERE action = $1 ORDER BY id DESC LIMIT 1",
      action).getJsonObject(0);
  }
}
