package org.ailive.room;

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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, item 1: attendance right by default, through the real bus and HTTP API. Joining the
 * live room records when, never how; the member's own answer records in the room or remote; an
 * unmarked member is "not yet marked" until the end; the officer's bulk marks and confirmation;
 * join and leave times kept; a member whose substitute came is represented, in the minutes and
 * in the attendance report. One meeting, in order: opened, live, ended, confirmed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegisterTest {

  static LiveMeeting m;
  static String events;
  static String commands;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    events = "ailive.meeting." + m.meetingId + ".events";
    commands = "ailive.meeting." + m.meetingId + ".cmd";
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  static JsonObject mark(String email) throws Exception {
    String id = m.memberId(email);
    return m.state(m.officer).getJsonArray("attendance").stream().map(JsonObject.class::cast)
      .filter(a -> id.equals(a.getString("memberId"))).findFirst().orElse(null);
  }

  static BusClient join(String email) throws Exception {
    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), m.server.demoToken(email));
    bus.listen(events);
    bus.await(e -> "joined".equals(e.getJsonObject("body", new JsonObject()).getString("type")), "joined");
    return bus;
  }

  static JsonObject send(BusClient bus, String type, JsonObject fields) throws Exception {
    JsonObject reply = bus.request(commands, fields.copy().put("type", type).put("key", m.key()));
    assertEquals("rec", reply.getString("type"), type + ": " + reply);
    return reply.getJsonObject("body");
  }

  @Test
  @Order(1)
  void joiningRecordsWhenButNotHowAndTheMembersAnswerRecordsInTheRoomOrRemote() throws Exception {
    BusClient chair = join("chair@demo.ailive.test");
    BusClient police = join("police@demo.ailive.test");
    JsonObject chairMark = mark("chair@demo.ailive.test");
    assertNull(chairMark.getString("status"), "opening the room is not attending remotely: " + chairMark);
    assertNotNull(chairMark.getLong("joinedAt"));

    send(chair, "attendance.mark", new JsonObject().put("status", "in_room"));
    send(police, "attendance.mark", new JsonObject().put("status", "remote"));
    assertEquals("in_room", mark("chair@demo.ailive.test").getString("status"));
    JsonObject policeMark = mark("police@demo.ailive.test");
    assertEquals("remote", policeMark.getString("status"));
    long joined = policeMark.getLong("joinedAt");

    // Leaving keeps the time; coming back clears it and keeps the first join.
    police.close();
    long deadline = System.currentTimeMillis() + 10_000;
    while (mark("police@demo.ailive.test").getLong("leftAt") == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    JsonObject left = mark("police@demo.ailive.test");
    assertNotNull(left.getLong("leftAt"), "the leave time is kept: " + left);
    assertEquals("remote", left.getString("status"));
    assertEquals(1L, m.count("SELECT count(*) AS n FROM attendance WHERE member_id = $1 AND left_at IS NOT NULL",
      UUID.fromString(m.memberId("police@demo.ailive.test"))), "in the database too");
    BusClient back = join("police@demo.ailive.test");
    JsonObject again = mark("police@demo.ailive.test");
    assertNull(again.getLong("leftAt"));
    assertEquals(joined, again.getLong("joinedAt"));
    back.close();
    chair.close();
  }

  @Test
  @Order(2)
  void theOfficerMarksEveryoneConnectedAsRemoteAndNobodyElse() throws Exception {
    BusClient camhs = join("camhs@demo.ailive.test");
    assertNull(mark("camhs@demo.ailive.test").getString("status"));
    assertNull(mark("cmht@demo.ailive.test"), "never joined: nothing recorded, not absent");
    JsonObject bulk = m.ok(m.officer, "attendance.markConnected", new JsonObject());
    assertNotNull(bulk.getLong("seq"));
    assertEquals("remote", mark("camhs@demo.ailive.test").getString("status"));
    assertEquals("in_room", mark("chair@demo.ailive.test").getString("status"), "a person's mark is kept");
    assertNull(mark("cmht@demo.ailive.test"), "only those connected");
    assertEquals(403, m.command(m.police, "attendance.markConnected", new JsonObject()).statusCode());
    camhs.close();
  }

  @Test
  @Order(3)
  void unmarkedIsNotYetMarkedUntilTheEndAndTheOfficerConfirmsTheRegister() throws Exception {
    // CMHT's member is represented by a substitute from outside the panel.
    String sub = m.server.query("INSERT INTO member (full_name, email, agency_id, roles) VALUES ('Sam Standin', "
      + "'sam.standin@example.org', (SELECT id FROM agency WHERE name = 'CMHT (Adult Community Mental Health)'), "
      + "ARRAY['partner']) RETURNING id").getJsonObject(0).getString("id");
    m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", sub).put("status", "substitute")
      .put("substituteForMemberId", m.memberId("cmht@demo.ailive.test")));

    String draft = draft();
    assertTrue(draft.contains("**Not yet marked:**"), draft);
    assertFalse(draft.contains("**Absent:**"), "nobody is absent before the end: " + draft);
    assertTrue(draft.contains("**Represented by a substitute:**"), draft);
    assertTrue(draft.matches("(?s).*Gemma Rowe \\(Police\\), joined \\d\\d:\\d\\d, left \\d\\d:\\d\\d.*"),
      "the remote member's times: " + draft);

    assertEquals("wrong_status", m.refused(409, m.officer, "attendance.confirm", new JsonObject()).getString("error"),
      "confirmed at the end");
    m.ok(m.chair, "meeting.end", new JsonObject());
    JsonObject incomplete = m.refused(409, m.officer, "attendance.confirm", new JsonObject());
    assertEquals("register_incomplete", incomplete.getString("error"));

    m.ok(m.officer, "attendance.markRestAbsent", new JsonObject());
    assertEquals("absent", mark("school-nursing@demo.ailive.test").getString("status"));
    assertNull(mark("cmht@demo.ailive.test"), "represented by a substitute: not marked absent");
    assertEquals("remote", mark("police@demo.ailive.test").getString("status"));

    m.ok(m.officer, "attendance.confirm", new JsonObject());
    JsonObject meeting = m.state(m.officer).getJsonObject("meeting");
    assertEquals(m.memberId("officer@demo.ailive.test"),
      meeting.getJsonObject("registerConfirmed").getString("byMemberId"));
    assertNotNull(m.server.query("SELECT register_confirmed_at FROM meeting WHERE id = $1",
      UUID.fromString(m.meetingId)).getJsonObject(0).getValue("register_confirmed_at"));
    String confirmed = draft();
    assertTrue(confirmed.contains("Register confirmed by Helen Marsh"), confirmed);
    assertFalse(confirmed.contains("**Not yet marked:**"), confirmed);
    assertTrue(confirmed.contains("**Absent:**"), confirmed);
    assertTrue(confirmed.contains("Represented by a substitute"), confirmed);

    // A correction after the confirmation clears it: the officer confirms again.
    m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", m.memberId("school-nursing@demo.ailive.test"))
      .put("status", "apologies"));
    assertNull(m.state(m.officer).getJsonObject("meeting").getValue("registerConfirmed"));
    assertEquals("meeting_closed", m.refused(409, m.chair, "attendance.markRestAbsent", new JsonObject())
      .getString("error"), "after the end only the officer corrects the register");
    m.ok(m.officer, "attendance.confirm", new JsonObject());
  }

  @Test
  @Order(4)
  void aMemberWhoseSubstituteCameCountsAsAttendingInTheAttendanceReport() throws Exception {
    String date = m.server.query("SELECT meeting_date::text AS d FROM meeting WHERE id = $1",
      UUID.fromString(m.meetingId)).getJsonObject(0).getString("d");
    var res = m.server.client.get("/api/reports/attendance?from=" + date + "&to=" + date)
      .bearerTokenAuthentication(m.officer).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonObject panel = res.bodyAsJsonObject().getJsonArray("panels").getJsonObject(0);
    JsonObject cmht = panel.getJsonArray("agencies").stream().map(JsonObject.class::cast)
      .filter(a -> a.getString("agency").startsWith("CMHT")).findFirst().orElseThrow();
    assertEquals(1, cmht.getInteger("meetings"));
    assertEquals(1, cmht.getInteger("attended"), "represented, not absent: " + cmht);
    assertEquals(100, cmht.getInteger("percent"));
    assertEquals(0, cmht.getInteger("absent"));
    JsonObject schoolNursing = panel.getJsonArray("agencies").stream().map(JsonObject.class::cast)
      .filter(a -> a.getString("agency").equals("School Nursing")).findFirst().orElseThrow();
    assertEquals(0, schoolNursing.getInteger("attended"));
  }

  @Test
  @Order(5)
  void badInputIsRefusedWithTheDocumentedError() throws Exception {
    JsonObject bad = m.refused(400, m.officer, "attendance.mark", new JsonObject()
      .put("memberId", m.memberId("police@demo.ailive.test")).put("status", "remote").put("half", "morning"));
    assertEquals("half", bad.getString("field"), bad.encode());
    m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", m.memberId("police@demo.ailive.test"))
      .put("status", "remote").put("half", "first_district"));
    assertEquals("first_district", mark("police@demo.ailive.test").getString("half"));
    assertTrue(draft().contains("half only"), "the half attended is in the minutes");
  }

  static String draft() throws Exception {
    var res = m.server.client.get("/api/meetings/" + m.meetingId + "/minutes-draft")
      .bearerTokenAuthentication(m.officer).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsString();
  }
}
