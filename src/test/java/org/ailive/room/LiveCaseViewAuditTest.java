package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 5: every case view is audited, in the live room too. A case's narrative comes into a
 * member's view when the focus moves to it while they are connected, when they catch up on a state
 * that shows it, and when the chair lets observers see cases; each is one {@code case_viewed} row
 * ({@code via: room}) per member, case and meeting, across a restart too, and none for a reader the
 * narrative is withheld from. The audit trail itself refuses UPDATE, DELETE and TRUNCATE.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveCaseViewAuditTest {

  static LiveMeeting m;
  static String police;
  static String observer;
  static String camhs;
  static String officer;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    police = m.memberId("police@demo.ailive.test");
    observer = m.memberId("observer@demo.ailive.test");
    camhs = m.memberId("camhs@demo.ailive.test");
    officer = m.memberId("officer@demo.ailive.test");
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  @Test
  @Order(1)
  void aCaseComingIntoFocusIsAuditedOnceForEachConnectedMemberWhoSeesIt() throws Exception {
    String first = focus();
    BusClient partner = joined(m.police);
    BusClient watcher = joined(m.observer);
    awaitViews(police, first, 1);

    m.ok(m.chair, "timer.next", new JsonObject());
    String second = focus();
    assertTrue(!second.equals(first), "the focus moved to another case");
    awaitViews(police, second, 1);
    m.ok(m.chair, "timer.back", new JsonObject());
    m.ok(m.chair, "timer.next", new JsonObject());
    m.state(m.police);
    m.state(m.police);
    Thread.sleep(300);
    assertEquals(1, views(police, first), "once per member, case and meeting");
    assertEquals(1, views(police, second));
    assertEquals(0, views(observer, first) + views(observer, second), "the narrative is withheld from observers");

    JsonObject row = m.server.query("SELECT detail FROM audit_entry WHERE action = 'case_viewed' AND member_id = $1"
      + " AND subject = $2", UUID.fromString(police), second).getJsonObject(0).getJsonObject("detail");
    assertEquals(new JsonObject().put("via", "room").put("meetingId", m.meetingId), row);

    // The chair lets observers see cases: the observer, connected, now sees the case in focus.
    m.ok(m.chair, "meeting.observerAccess", new JsonObject().put("allowed", true));
    awaitViews(observer, second, 1);
    m.ok(m.chair, "meeting.observerAccess", new JsonObject().put("allowed", false));
    partner.close();
    watcher.close();
  }

  @Test
  @Order(2)
  void readingTheRoomsStateOrItsEventsIsACaseView() throws Exception {
    String now = focus();
    assertEquals(0, views(officer, now));
    m.state(m.officer);
    awaitViews(officer, now, 1);

    // Catching up on the log shows every case the focus was on: CAMHS, never connected, reads it.
    var events = m.server.client.get("/api/meetings/" + m.meetingId + "/events?after=0")
      .bearerTokenAuthentication(m.camhs).send().await(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, events.statusCode());
    for (Object o : focusedCases(events.bodyAsJsonObject().getJsonArray("events"))) {
      awaitViews(camhs, (String) o, 1);
    }
  }

  @Test
  @Order(3)
  void aRestartDoesNotRecordTheSameViewAgain() throws Exception {
    String now = focus();
    long before = count("SELECT count(*) AS n FROM audit_entry WHERE action = 'case_viewed'");
    m.server.halt();
    m.server.boot();
    m.state(m.police);
    m.state(m.officer);
    BusClient partner = joined(m.police);
    Thread.sleep(500);
    assertEquals(1, views(police, now));
    assertEquals(before, count("SELECT count(*) AS n FROM audit_entry WHERE action = 'case_viewed'"));
    partner.close();
  }

  @Test
  @Order(4)
  void theAuditTrailRefusesUpdateDeleteAndTruncate() throws Exception {
    long rows = count("SELECT count(*) AS n FROM audit_entry");
    assertTrue(rows > 0);
    for (String sql : new String[] {"UPDATE audit_entry SET subject = 'x'", "DELETE FROM audit_entry",
      "TRUNCATE audit_entry"}) {
      Exception e = assertThrows(Exception.class, () -> m.server.query(sql), sql);
      assertTrue(String.valueOf(e.getMessage()).contains("append-only"), sql + ": " + e.getMessage());
    }
    assertEquals(rows, count("SELECT count(*) AS n FROM audit_entry"));
  }

  private static BusClient joined(String token) throws Exception {
    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), token);
    bus.listen("ailive.meeting." + m.meetingId + ".events");
    bus.await(x -> "joined".equals(x.getJsonObject("body").getString("type")), "joined");
    return bus;
  }

  private static String focus() throws Exception {
    return m.state(m.chair).getJsonObject("focus").getString("caseId");
  }

  private static JsonArray focusedCases(JsonArray events) {
    JsonArray out = new JsonArray();
    for (Object o : events) {
      JsonObject focus = ((JsonObject) o).getJsonObject("payload").getJsonObject("focus");
      if (focus != null && focus.getJsonObject("summary") != null && !out.contains(focus.getString("caseId"))) {
        out.add(focus.getString("caseId"));
      }
    }
    assertTrue(out.size() >= 2, "the log shows the cases the focus was on: " + out);
    return out;
  }

  private static long views(String memberId, String caseId) throws Exception {
    return count("SELECT count(*) AS n FROM audit_entry WHERE action = 'case_viewed' AND member_id = $1"
      + " AND subject = $2 AND detail ->> 'via' = 'room' AND detail ->> 'meetingId' = $3",
      UUID.fromString(memberId), caseId, m.meetingId);
  }

  /** The audit is written after the change, asynchronously: wait a moment for it. */
  private static void awaitViews(String memberId, String caseId, long expected) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (views(memberId, caseId) != expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(25);
    }
    assertEquals(expected, views(memberId, caseId), "case views of " + memberId + " for " + caseId);
  }

  private static long count(String sql, Object... params) throws Exception {
    return m.server.query(sql, params).getJsonObject(0).getLong("n");
  }
}
