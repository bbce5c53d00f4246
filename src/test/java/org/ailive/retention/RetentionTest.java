package org.ailive.retention;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.LiveMeeting;
import org.ailive.protocol.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 10 (M9): a closed meeting older than {@code retentionMonths} keeps no narrative about
 * its families anywhere: not in its tables, its event log's payloads, its draft minutes, its loaded
 * room or any route that serves them; approved minutes stay the council's record (by default); the
 * purge is audited with counts, not text. The event log and the audit trail stay append-only: the
 * only change to either is this controlled redaction of event payloads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionTest {

  static final String SECRET = "RETSECRET";
  static LiveMeeting m;
  static String policeAgency;
  /** The cases' own narrative (from the demo), which must go too. */
  static final List<String> narrative = new ArrayList<>();

  @BeforeAll
  static void meetingWithEverythingSaid() throws Exception {
    m = LiveMeeting.start();
    policeAgency = m.agencyId("Police");
    m.ok(m.police, "attendance.mark", new JsonObject().put("status", "in_room"));
    m.ok(m.camhs, "attendance.mark", new JsonObject().put("status", "apologies_with_update")
      .put("writtenUpdate", SECRET + " written update: the young person told the nurse about home."));
    m.ok(m.police, "contribution.add", new JsonObject().put("body", SECRET + " contribution: two call-outs."));
    String voice = m.state(m.chair).getJsonObject("focus").getJsonObject("summary").getString("voiceOfChild");
    m.ok(m.presenterOfFocus(), "case.edit", new JsonObject().put("field", "voiceOfChild").put("baseValue", voice)
      .put("value", SECRET + " voice of the child: I want to stay at my school."));
    m.ok(m.chair, "agenda.add", new JsonObject().put("title", SECRET + " item about the family").put("minutes", 5));

    String returned = propose("Ask the school nurse to see the child");
    m.ok(m.chair, "action.return", new JsonObject().put("actionId", returned).put("reason", SECRET + " returned: not SMART"));
    m.ok(m.police, "action.revise", new JsonObject().put("actionId", returned));
    m.ok(m.chair, "action.confirm", new JsonObject().put("actionId", returned));
    String objected = propose("Share the housing history with the school");
    m.ok(m.chair, "action.confirm", new JsonObject().put("actionId", objected));
    m.ok(m.chair, "action.proposeClose", new JsonObject().put("actionId", objected).put("completionConfirmed", true));
    m.ok(m.police, "action.object", new JsonObject().put("actionId", objected).put("reason", SECRET + " objection: mum"));
    // A partner's check on a case before the meeting (issue 20): its update is narrative too.
    m.server.query("""
      WITH c AS (SELECT id FROM family_case WHERE meeting_id = $1 LIMIT 1),
           p AS (SELECT id, agency_id FROM member WHERE email = 'police@demo.ailive.test'),
           ins AS (INSERT INTO pack_check (case_id, agency_id, answer, update_text, answered_by)
                   SELECT c.id, p.agency_id, 'known', $2, p.id FROM c, p)
      INSERT INTO pack_check_change (case_id, agency_id, answer, update_text, answered_by)
      SELECT c.id, p.agency_id, 'known', $2, p.id FROM c, p""", UUID.fromString(m.meetingId),
      SECRET + " pack check: known to police, two call-outs in May");
    m.ok(m.chair, "meeting.end", new JsonObject());

    assertEquals(201, post("/api/actions/" + returned + "/progress", m.police,
      new JsonObject().put("body", SECRET + " progress: the nurse saw her")).statusCode());
    assertEquals(200, post("/api/actions/" + objected + "/drop", m.chair,
      new JsonObject().put("reason", SECRET + " drop: the family moved")).statusCode());

    String minutes = "/api/exports/meetings/" + m.meetingId + "/minutes";
    assertEquals(201, post(minutes, m.officer, new JsonObject()).statusCode());
    assertEquals(200, post(minutes + "/latest/approve", m.chair, new JsonObject()).statusCode());
    assertEquals(201, post(minutes, m.officer, new JsonObject().put("note", "Adds the late apologies")).statusCode());

    for (Object o : m.server.query("SELECT reason_for_bringing, summary_of_concerns FROM family_case"
      + " WHERE meeting_id = $1", UUID.fromString(m.meetingId))) {
      JsonObject c = (JsonObject) o;
      narrative.add(c.getString("reason_for_bringing"));
      narrative.add(c.getString("summary_of_concerns"));
    }
    narrative.removeIf(s -> s == null || s.length() < 20);
    assertFalse(narrative.isEmpty());
    m.server.query("UPDATE meeting SET meeting_date = current_date - interval '25 months' WHERE id = $1",
      UUID.fromString(m.meetingId));
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  @Test
  @Order(1)
  void theEventLogRefusesEveryChangeButTheRetentionJobsRedactionOfPayloads() throws Exception {
    UUID id = UUID.fromString(m.meetingId);
    refused("UPDATE meeting_event SET payload = '{}' WHERE meeting_id = $1", id);
    refused("DELETE FROM meeting_event WHERE meeting_id = $1", id);
    refused("TRUNCATE meeting_event");
    refusedWithRetention("UPDATE meeting_event SET type = 'x' WHERE meeting_id = $1", id);
    refusedWithRetention("UPDATE meeting_event SET at = now() WHERE meeting_id = $1", id);
    refusedWithRetention("DELETE FROM meeting_event WHERE meeting_id = $1", id);
    refusedWithRetention("UPDATE minutes_version SET note = 'x' WHERE meeting_id = $1 AND status = 'approved'", id);
    refused("UPDATE minutes_version SET content = '{}' WHERE meeting_id = $1 AND status = 'approved'", id);
    assertTrue(m.server.query("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1 AND payload::text LIKE $2",
      id, "%" + SECRET + "%").getJsonObject(0).getLong("n") > 0, "nothing was changed");
  }

  @Test
  @Order(2)
  void aMeetingOlderThanTheLimitKeepsNoNarrativeAnywhereButItsApprovedMinutes() throws Exception {
    assertTrue(m.state(m.chair).encode().contains(SECRET), "the loaded room holds the text before the purge");
    long events = count("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1", UUID.fromString(m.meetingId));

    List<UUID> purged = retention(true).run(m.server.vertx, Zone.today()).await(60, TimeUnit.SECONDS);
    assertEquals(List.of(UUID.fromString(m.meetingId)), purged, "only the meeting older than 24 months");

    for (String text : texts()) {
      assertEquals(List.of("minutes_version"), tablesHolding(text), "only the approved minutes keep: " + text);
      assertEquals(1, count("SELECT count(*) AS n FROM minutes_version v WHERE v::text LIKE $1 AND status = 'approved'",
        "%" + text + "%"));
    }
    assertEquals(events, count("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1",
      UUID.fromString(m.meetingId)), "no event deleted");
    assertEquals(Retention.STUB, m.server.query("SELECT voice_of_child FROM family_case WHERE meeting_id = $1 LIMIT 1",
      UUID.fromString(m.meetingId)).getJsonObject(0).getString("voice_of_child"));

    // Nor from the loaded room, nor any route that serves the meeting.
    String base = "/api/meetings/" + m.meetingId;
    awaitWithout(base + "/room", m.chair);
    for (String path : List.of(base + "/events?after=0", base + "/minutes-draft", base + "/cases",
      "/api/exports/meetings/" + m.meetingId + "/minutes/latest", "/api/actions?status=all")) {
      String body = get(path, m.officer);
      for (String text : texts()) {
        assertFalse(body.contains(text), path + " serves " + text);
      }
    }
    assertTrue(get("/api/exports/meetings/" + m.meetingId + "/minutes/approved", m.officer).contains(SECRET),
      "the approved minutes stay the council's record");

    JsonObject audit = m.server.query("SELECT member_id, detail FROM audit_entry WHERE action = 'retention_purged'"
      + " AND subject = $1", "meeting:" + m.meetingId).getJsonObject(0);
    assertEquals(null, audit.getValue("member_id"));
    JsonObject detail = audit.getJsonObject("detail");
    for (String what : List.of("cases", "packChecks", "contributions", "writtenUpdates", "actionReasons", "actionUpdates",
      "itemTitles", "events", "minutesVersions", "approvedMinutesKept")) {
      assertTrue(detail.getLong(what) > 0, what + " in " + detail);
    }
    assertEquals(24, detail.getInteger("retentionMonths"));
    assertFalse(detail.encode().contains(SECRET));

    assertEquals(List.of(), retention(true).run(m.server.vertx, Zone.today()).await(60, TimeUnit.SECONDS),
      "a meeting is purged once");

    // Something said after the purge (a late mark with a written update) goes at the next run.
    m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", m.memberId("cmht@demo.ailive.test"))
      .put("status", "apologies_with_update").put("writtenUpdate", SECRET + " late update"));
    assertEquals(List.of(UUID.fromString(m.meetingId)),
      retention(true).run(m.server.vertx, Zone.today()).await(60, TimeUnit.SECONDS), "again, for what came since");
    assertEquals(List.of("minutes_version"), tablesHolding(SECRET));
    awaitWithout(base + "/room", m.chair);
  }

  /** The job runs at start, catching up with what fell due while the service was down. */
  @Test
  @Order(3)
  void theScheduledJobCatchesUpAtStart() throws Exception {
    UUID closed = UUID.fromString(m.server.query("SELECT id FROM meeting WHERE status = 'closed' AND id <> $1",
      UUID.fromString(m.meetingId)).getJsonObject(0).getString("id"));
    m.server.query("INSERT INTO attendance (meeting_id, member_id, status, written_update) VALUES ($1, $2,"
      + " 'apologies_with_update', $3)", closed, UUID.fromString(m.memberId("police@demo.ailive.test")),
      SECRET + " 2: an update sent last year");
    // It fell due while the service ran (the daily run is at night): the next start catches up.
    m.server.query("UPDATE meeting SET meeting_date = current_date - interval '30 months' WHERE id = $1", closed);
    m.server.halt();
    m.server.boot();
    long deadline = System.currentTimeMillis() + 20_000;
    while (count("SELECT count(*) AS n FROM meeting WHERE id = $1 AND narrative_purged_at IS NOT NULL", closed) == 0
      && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(Retention.STUB, m.server.query("SELECT written_update FROM attendance WHERE meeting_id = $1", closed)
      .getJsonObject(0).getString("written_update"));
  }

  @Test
  @Order(4)
  void approvedMinutesGoTooWhenTheyAreNotRetained() throws Exception {
    UUID meeting = UUID.fromString(m.server.query("""
      INSERT INTO meeting (panel_id, meeting_date, first_district_id, status)
      SELECT panel_id, current_date - interval '40 months', first_district_id, 'closed' FROM meeting WHERE id = $1
      RETURNING id""", UUID.fromString(m.meetingId)).getJsonObject(0).getString("id"));
    JsonObject content = new JsonObject().put("format", 1).put("attendance", new JsonArray().add(new JsonObject()
      .put("status", "apologies_with_update").put("people", new JsonArray().add(new JsonObject()
        .put("name", "Gemma Rowe").put("update", SECRET + " 3: in the approved minutes")))))
      .put("items", new JsonArray());
    String officer = m.memberId("officer@demo.ailive.test");
    m.server.query("""
      INSERT INTO minutes_version (meeting_id, version, status, content, last_seq, created_by_member_id,
        approved_by_member_id, approved_at) VALUES ($1, 1, 'approved', $2, 0, $3, $3, now())""",
      meeting, content, UUID.fromString(officer));
    assertEquals(List.of(meeting), retention(false).run(m.server.vertx, Zone.today()).await(60, TimeUnit.SECONDS));
    JsonObject after = m.server.query("SELECT content FROM minutes_version WHERE meeting_id = $1", meeting)
      .getJsonObject(0).getJsonObject("content");
    assertFalse(after.encode().contains(SECRET), after.encode());
    assertEquals("Gemma Rowe", after.getJsonArray("attendance").getJsonObject(0).getJsonArray("people")
      .getJsonObject(0).getString("name"), "who attended stays");
    assertEquals(0, count("SELECT (detail ->> 'approvedMinutesKept')::int AS n FROM audit_entry"
      + " WHERE action = 'retention_purged' AND subject = $1", "meeting:" + meeting));
  }

  @Test
  void theDailyRunIsAtQuarterPastThreeLondonTimeAcrossClockChanges() {
    ZonedDateTime evening = LocalDate.of(2027, 3, 27).atTime(22, 0).atZone(Zone.LONDON);
    // The clocks go forward that night: 22:00 GMT to 03:15 BST is 5 h 15 min on the clock, less the hour lost.
    assertEquals((5 * 60 + 15 - 60) * 60_000L, RetentionSchedule.delayUntilNext(evening));
    ZonedDateTime justAfter = LocalDate.of(2027, 1, 6).atTime(3, 16).atZone(Zone.LONDON);
    assertEquals((24 * 60 - 1) * 60_000L, RetentionSchedule.delayUntilNext(justAfter));
  }

  private static Retention retention(boolean keepApproved) {
    return new Retention(pool(), 24, keepApproved);
  }

  private static Pool pool() {
    return m.server.app.db().pool();
  }

  private static List<String> texts() {
    List<String> out = new ArrayList<>(narrative);
    out.add(SECRET);
    return out;
  }

  /** The tables of the schema with a row whose text holds {@code text}. */
  private static List<String> tablesHolding(String text) throws Exception {
    List<String> out = new ArrayList<>();
    for (Object o : m.server.query("SELECT table_name FROM information_schema.tables"
      + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      String table = ((JsonObject) o).getString("table_name");
      if (count("SELECT count(*) AS n FROM " + table + " t WHERE t::text LIKE $1", "%" + text + "%") > 0) {
        out.add(table);
      }
    }
    return out;
  }

  private static void awaitWithout(String path, String token) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    String body = get(path, token);
    while (texts().stream().anyMatch(body::contains) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      body = get(path, token);
    }
    for (String text : texts()) {
      assertFalse(body.contains(text), path + " serves " + text + " from memory");
    }
  }

  private static String propose(String description) throws Exception {
    m.ok(m.police, "action.propose", new JsonObject().put("description", description).put("ownerAgencyId", policeAgency)
      .put("successMeasure", "Done and reported at the next meeting"));
    for (Object o : m.state(m.chair).getJsonArray("actions")) {
      JsonObject a = (JsonObject) o;
      if (description.equals(a.getString("description"))) {
        return a.getString("id");
      }
    }
    throw new AssertionError("no action " + description);
  }

  private static void refused(String sql, Object... params) {
    Exception e = assertThrows(Exception.class, () -> m.server.query(sql, params), sql);
    assertTrue(String.valueOf(e.getMessage()).contains("append-only") || String.valueOf(e.getMessage()).contains("locked"),
      sql + ": " + e.getMessage());
  }

  private static void refusedWithRetention(String sql, Object... params) {
    Future<?> tx = pool().withTransaction(conn -> conn.query(RetentionSql.ALLOW).execute()
      .compose(v -> conn.preparedQuery(sql).execute(Tuple.wrap(params))));
    Exception e = assertThrows(Exception.class, () -> tx.await(10, TimeUnit.SECONDS), sql);
    assertTrue(String.valueOf(e.getMessage()).contains("append-only") || String.valueOf(e.getMessage()).contains("locked")
      || String.valueOf(e.getMessage()).contains("written once"), sql + ": " + e.getMessage());
  }

  private static String get(String path, String token) throws Exception {
    var res = m.server.client.get(path).bearerTokenAuthentication(token).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), path + ": " + res.bodyAsString());
    return res.bodyAsString();
  }

  private static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> post(String path, String token,
                                                                                         JsonObject body) throws Exception {
    return m.server.client.post(path).bearerTokenAuthentication(token).sendJsonObject(body).await(20, TimeUnit.SECONDS);
  }

  private static long count(String sql, Object... params) throws Exception {
    return m.server.query(sql, params).getJsonObject(0).getLong("n");
  }
}
