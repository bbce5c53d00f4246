package org.ailive.security;

import io.vertx.core.json.JsonObject;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ways around the access model that the role tables cannot show, because they use canonical paths
 * and a room loaded after the panel's membership was set.
 */
class AccessEscapeTest {

  static SecurityFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = SecurityFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  /** Canonical paths stay in the link's meeting (the table says so too); an encoded slash is no way out. */
  @Test
  void aJoinLinkSessionStaysInItsMeetingOnCanonicalPaths() throws Exception {
    String scoped = fx.token("join-link-token");
    String demo = "/api/meetings/" + fx.demoMeeting;
    for (String path : List.of("/api/members", "/api/meetings/" + fx.closedMeeting, "/api/cases/" + fx.closedCase,
      demo + "/..%2f..%2fmembers", demo + "%2f..%2f..%2fmembers")) {
      int status = fx.send("GET", path, null, scoped).statusCode();
      assertTrue(status == 403 || status == 404 || status == 400, path + ": " + status);
    }
    assertEquals(200, fx.send("GET", demo + "/room", null, scoped).statusCode());
  }

  /**
   * DEFECT: a join-link session leaves its meeting through dot segments. Roles.validToken checks the
   * raw path ({@code ctx.request().path()} starts with /api/meetings/{its meeting}), the router
   * matches the normalised one. With the chair's join link for the demo meeting:
   * GET /api/meetings/{demo}/../../members → 200 (every member with e-mail), /../../reports/attendance
   * → 200, /../{closed meeting} → 200, /../{closed meeting}/cases → 200 (another meeting's pack),
   * /%2e%2e/%2e%2e/panels → 200, and POST /api/meetings/{demo}/../../cases/{case}/outcome writes.
   */
  @Test
  void aJoinLinkSessionCannotLeaveItsMeetingThroughDotSegments() throws Exception {
    String scoped = fx.token("join-link-token");
    String demo = "/api/meetings/" + fx.demoMeeting;
    for (String path : List.of(demo + "/../../members", demo + "/../../reports/attendance",
      demo + "/../" + fx.closedMeeting, demo + "/../" + fx.closedMeeting + "/cases", demo + "/%2e%2e/%2e%2e/panels",
      demo + "/%2E%2E/%2E%2E/exports/actions.csv", demo + "/./../../cases/" + fx.closedCase)) {
      int status = fx.send("GET", path, null, scoped).statusCode();
      assertTrue(status == 403 || status == 404 || status == 400, "GET " + path + ": " + status);
    }
    String before = fx.server.query("SELECT coalesce(outcome, '') AS o FROM family_case WHERE id = $1::uuid",
      fx.closedCase).getJsonObject(0).getString("o");
    var write = fx.send("POST", demo + "/../../cases/" + fx.closedCase + "/outcome",
      new JsonObject().put("outcome", "tys").encode(), scoped);
    assertTrue(write.statusCode() == 403 || write.statusCode() == 404, "POST outcome: " + write.statusCode());
    assertEquals(before, fx.server.query("SELECT coalesce(outcome, '') AS o FROM family_case WHERE id = $1::uuid",
      fx.closedCase).getJsonObject(0).getString("o"));
  }

  /**
   * DEFECT: a member taken off the panel keeps the live room. The room loads the panel's members
   * once (RoomStore.load) and the room checks that copy (RoomAccess.mayEnter), so after
   * DELETE /api/panels/{panel}/members/{member}: the member's sessions end at once, and signed in again
   * they are refused the meeting, its live room (REST and commands) and its bus: the room reloads its
   * membership when it changes, not only when it is next loaded.
   */
  @Test
  void aMemberTakenOffThePanelLosesTheLiveRoom() throws Exception {
    String camhs = fx.server.demoToken("camhs@demo.ailive.test");
    String camhsId = fx.memberIdOf("camhs@demo.ailive.test");
    String demo = "/api/meetings/" + fx.demoMeeting;
    assertEquals(200, fx.send("GET", demo + "/room", null, camhs).statusCode(), "on the panel: the room loads");
    assertEquals(204, fx.send("DELETE", "/api/panels/" + fx.panel + "/members/" + camhsId, null,
      fx.demoToken("officer")).statusCode());

    assertEquals(401, fx.send("GET", demo, null, camhs).statusCode(), "the member's sessions end with the change");
    // Signed in again, no longer on the panel: the meeting, its live room and its bus are refused.
    Thread.sleep(1100);
    camhs = fx.server.demoToken("camhs@demo.ailive.test");
    assertEquals(403, fx.send("GET", demo, null, camhs).statusCode(), "the meeting is refused");
    assertEquals(403, fx.send("GET", demo + "/room", null, camhs).statusCode(), "the room's state");
    assertEquals(403, fx.send("GET", demo + "/events?after=0", null, camhs).statusCode(), "the log");
    assertEquals(403, fx.send("POST", demo + "/commands", new JsonObject().put("type", "sync").encode(), camhs)
      .statusCode(), "a command");
    BusClient bus = BusClient.connect(fx.server.vertx, fx.server.port(), camhs);
    try {
      bus.listen("ailive.meeting." + fx.demoMeeting + ".events");
      long deadline = System.currentTimeMillis() + 3000;
      while (bus.errors.isEmpty() && bus.received.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, bus.errors.size(), "the bus refuses the listener: " + bus.received);
      assertEquals("rejected", bus.errors.get(0).getString("body"));
    } finally {
      bus.close();
    }
  }
}
