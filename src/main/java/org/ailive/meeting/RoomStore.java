package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.agenda.Agenda;
import org.ailive.agenda.AgendaItem;
import org.ailive.attendance.AttendanceMark;
import org.ailive.timer.CaseTimer;
import org.ailive.web.ApiError;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A meeting room's SQL: load its state, commit an event together with the state it leads to (one
 * transaction, before anyone hears of it), and read the log back for catch-up.
 */
final class RoomStore {

  private static final String MEETING = """
    SELECT id, panel_id, status, meeting_date, starts_at, ends_at, timer_item_id, timer_running,
           timer_started_at, timer_used_ms, last_seq
    FROM meeting WHERE id = $1""";

  private static final String AGENDA = """
    SELECT ai.id, ai.position, ai.kind, ai.section, ai.district_id, d.name AS district_name, ai.case_id,
           fc.family_ref, ai.title, ai.allotted_seconds, ai.used_seconds, ai.done
    FROM agenda_item ai
    LEFT JOIN district d ON d.id = ai.district_id
    LEFT JOIN family_case fc ON fc.id = ai.case_id
    WHERE ai.meeting_id = $1 ORDER BY ai.position""";

  private static final String ATTENDANCE = """
    SELECT member_id, status, substitute_for_member_id, written_update, marked_by_member_id, marked_at
    FROM attendance WHERE meeting_id = $1""";

  // Panel members, and anyone else recorded on this meeting's register (substitutes).
  private static final String MEMBERS = """
    SELECT m.id, m.full_name, m.agency_id, a.name AS agency, m.roles
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id
    WHERE m.active AND (m.id IN (SELECT member_id FROM panel_member WHERE panel_id = $1 AND left_at IS NULL)
                        OR m.id IN (SELECT member_id FROM attendance WHERE meeting_id = $2))""";

  private static final String IDEMPOTENCY_KEYS = """
    SELECT idempotency_key, seq FROM meeting_event WHERE meeting_id = $1 AND idempotency_key IS NOT NULL""";

  private static final String INSERT_EVENT = """
    INSERT INTO meeting_event (meeting_id, seq, type, actor_member_id, payload, idempotency_key, at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  private static final String UPDATE_MEETING = """
    UPDATE meeting SET status = $2, timer_item_id = $3, timer_running = $4, timer_started_at = $5,
           timer_used_ms = $6, last_seq = $7
    WHERE id = $1""";

  private static final String UPSERT_AGENDA_ITEM = """
    INSERT INTO agenda_item (id, meeting_id, position, kind, section, district_id, case_id, title,
                             allotted_seconds, used_seconds, done)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, title = EXCLUDED.title,
      allotted_seconds = EXCLUDED.allotted_seconds, used_seconds = EXCLUDED.used_seconds, done = EXCLUDED.done""";

  private static final String UPSERT_ATTENDANCE = """
    INSERT INTO attendance (meeting_id, member_id, status, substitute_for_member_id, written_update,
                            marked_by_member_id, marked_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = EXCLUDED.status,
      substitute_for_member_id = EXCLUDED.substitute_for_member_id, written_update = EXCLUDED.written_update,
      marked_by_member_id = EXCLUDED.marked_by_member_id, marked_at = EXCLUDED.marked_at""";

  private static final String EVENTS_AFTER = """
    SELECT e.seq, e.type, e.at, e.payload, e.actor_member_id, m.full_name, a.name AS agency
    FROM meeting_event e
    LEFT JOIN member m ON m.id = e.actor_member_id
    LEFT JOIN agency a ON a.id = m.agency_id
    WHERE e.meeting_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3""";

  // R1: the first district's accepted cases, then the second's, each in order of submission.
  private static final String ACCEPTED_CASES = """
    SELECT fc.id, fc.family_ref, fc.district_id, d.name AS district_name,
           CASE WHEN fc.district_id = m.first_district_id THEN 'first_district' ELSE 'second_district' END AS section
    FROM family_case fc
    JOIN meeting m ON m.id = fc.meeting_id
    JOIN district d ON d.id = fc.district_id
    WHERE fc.meeting_id = $1 AND fc.status = 'accepted'
    ORDER BY section, fc.submitted_at NULLS LAST, fc.created_at""";

  private final Pool pool;

  RoomStore(Pool pool) {
    this.pool = pool;
  }

  record Loaded(RoomState state, Map<String, Long> idempotencyKeys) {
  }

  Future<Loaded> load(UUID meetingId) {
    return pool.preparedQuery(MEETING).execute(Tuple.of(meetingId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("The meeting"));
      }
      Row m = rows.iterator().next();
      UUID panelId = m.getUUID("panel_id");
      return Future.all(
          pool.preparedQuery(AGENDA).execute(Tuple.of(meetingId)),
          pool.preparedQuery(ATTENDANCE).execute(Tuple.of(meetingId)),
          pool.preparedQuery(MEMBERS).execute(Tuple.of(panelId, meetingId)),
          pool.preparedQuery(IDEMPOTENCY_KEYS).execute(Tuple.of(meetingId)))
        .map(all -> {
          List<AgendaItem> items = new ArrayList<>();
          all.<io.vertx.sqlclient.RowSet<Row>>resultAt(0).forEach(r -> items.add(agendaItem(r)));
          Map<UUID, AttendanceMark> marks = new HashMap<>();
          all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1).forEach(r -> marks.put(r.getUUID("member_id"), mark(r)));
          Map<UUID, RoomState.PanelMember> members = new HashMap<>();
          all.<io.vertx.sqlclient.RowSet<Row>>resultAt(2).forEach(r -> members.put(r.getUUID("id"),
            new RoomState.PanelMember(r.getUUID("id"), r.getString("full_name"), r.getUUID("agency_id"),
              r.getString("agency"), Set.copyOf(Arrays.asList(r.getArrayOfStrings("roles"))))));
          Map<String, Long> keys = new HashMap<>();
          all.<io.vertx.sqlclient.RowSet<Row>>resultAt(3).forEach(r -> keys.put(r.getString(0), r.getLong(1)));
          OffsetDateTime started = m.getOffsetDateTime("timer_started_at");
          CaseTimer timer = new CaseTimer(m.getUUID("timer_item_id"), m.getBoolean("timer_running"),
            started == null ? null : started.toInstant(), m.getLong("timer_used_ms"));
          RoomState state = new RoomState(meetingId, panelId, m.getString("status"), m.getLocalDate("meeting_date"),
            m.getLocalTime("starts_at"), m.getLocalTime("ends_at"), new Agenda(items), timer, marks, members,
            m.getLong("last_seq"));
          return new Loaded(state, keys);
        });
    });
  }

  /** Accepted cases as agenda items (not yet placed), first district's first. */
  Future<List<AgendaItem>> acceptedCases(UUID meetingId, int caseSeconds) {
    return pool.preparedQuery(ACCEPTED_CASES).execute(Tuple.of(meetingId)).map(rows -> {
      List<AgendaItem> out = new ArrayList<>();
      rows.forEach(r -> out.add(new AgendaItem(UUID.randomUUID(), 0, "case", r.getString("section"),
        r.getUUID("district_id"), r.getString("district_name"), r.getUUID("id"), r.getString("family_ref"),
        r.getString("family_ref"), caseSeconds, 0, false)));
      return out;
    });
  }

  /** Writes the event and every row the change touched, in one transaction. */
  Future<Void> commit(RoomState before, RoomState after, JsonObject event, UUID actor, String key) {
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT_EVENT)
        .execute(Tuple.tuple().addValue(after.meetingId()).addValue(event.getLong("seq"))
          .addValue(event.getString("type")).addValue(actor).addValue(event.getJsonObject("payload"))
          .addValue(key).addValue(OffsetDateTime.ofInstant(Instant.ofEpochMilli(event.getLong("at")), ZoneOffset.UTC)))
        .compose(v -> updateMeeting(conn, after))
        .compose(v -> upsertAgenda(conn, before, after))
        .compose(v -> upsertAttendance(conn, before, after)))
      .mapEmpty();
  }

  Future<JsonArray> eventsAfter(UUID meetingId, long afterSeq, int limit) {
    return pool.preparedQuery(EVENTS_AFTER).execute(Tuple.of(meetingId, afterSeq, limit)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        UUID actor = r.getUUID("actor_member_id");
        out.add(event(r.getLong("seq"), r.getString("type"), r.getOffsetDateTime("at").toInstant(),
          actor == null ? null : actorJson(actor, r.getString("full_name"), r.getString("agency")),
          (JsonObject) r.getValue("payload")));
      }
      return out;
    });
  }

  static JsonObject event(long seq, String type, Instant at, JsonObject actor, JsonObject payload) {
    return new JsonObject().put("seq", seq).put("type", type).put("at", at.toEpochMilli())
      .put("actor", actor).put("payload", payload);
  }

  static JsonObject actorJson(UUID memberId, String name, String agency) {
    return new JsonObject().put("memberId", memberId.toString()).put("name", name).put("agency", agency);
  }

  private Future<Void> updateMeeting(SqlConnection conn, RoomState s) {
    CaseTimer t = s.timer();
    return conn.preparedQuery(UPDATE_MEETING).execute(Tuple.tuple().addValue(s.meetingId()).addValue(s.status())
        .addValue(t.itemId()).addValue(t.running())
        .addValue(t.startedAt() == null ? null : OffsetDateTime.ofInstant(t.startedAt(), ZoneOffset.UTC))
        .addValue(t.usedBeforeMs()).addValue(s.lastSeq()))
      .mapEmpty();
  }

  private Future<Void> upsertAgenda(SqlConnection conn, RoomState before, RoomState after) {
    List<Tuple> changed = new ArrayList<>();
    for (AgendaItem item : after.agenda().items()) {
      if (!before.agenda().find(item.id()).map(old -> old.equals(item)).orElse(false)) {
        changed.add(Tuple.tuple().addValue(item.id()).addValue(after.meetingId()).addValue(item.position())
          .addValue(item.kind()).addValue(item.section()).addValue(item.districtId()).addValue(item.caseId())
          .addValue(item.title()).addValue(item.allottedSeconds()).addValue(item.usedSeconds())
          .addValue(item.done()));
      }
    }
    return changed.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(UPSERT_AGENDA_ITEM).executeBatch(changed).mapEmpty();
  }

  private Future<Void> upsertAttendance(SqlConnection conn, RoomState before, RoomState after) {
    List<Tuple> changed = new ArrayList<>();
    for (AttendanceMark mark : after.attendance().values()) {
      if (!Objects.equals(before.attendance().get(mark.memberId()), mark)) {
        changed.add(Tuple.tuple().addValue(after.meetingId()).addValue(mark.memberId()).addValue(mark.status())
          .addValue(mark.substituteForMemberId()).addValue(mark.writtenUpdate()).addValue(mark.markedByMemberId())
          .addValue(OffsetDateTime.ofInstant(mark.markedAt(), ZoneOffset.UTC)));
      }
    }
    return changed.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(UPSERT_ATTENDANCE).executeBatch(changed).mapEmpty();
  }

  private static AgendaItem agendaItem(Row r) {
    return new AgendaItem(r.getUUID("id"), r.getInteger("position"), r.getString("kind"), r.getString("section"),
      r.getUUID("district_id"), r.getString("district_name"), r.getUUID("case_id"), r.getString("family_ref"),
      r.getString("title"), r.getInteger("allotted_seconds"), r.getInteger("used_seconds"), r.getBoolean("done"));
  }

  private static AttendanceMark mark(Row r) {
    return new AttendanceMark(r.getUUID("member_id"), r.getString("status"), r.getUUID("substitute_for_member_id"),
      r.getString("written_update"), r.getUUID("marked_by_member_id"), r.getOffsetDateTime("marked_at").toInstant());
  }
}
