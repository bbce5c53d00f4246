package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditTrail;
import org.ailive.protocol.ApiError;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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

  private final Pool pool;
  private final RoomNotices notices;
  private final Ownership ownership;

  /** {@code ownership}: checked first in every commit, so a deposed owner never commits. */
  RoomStore(Pool pool, RoomNotices notices, Ownership ownership) {
    this.pool = pool;
    this.notices = notices;
    this.ownership = ownership;
  }

  record Loaded(RoomState state, Map<String, Long> idempotencyKeys) {
  }

  Future<Loaded> load(UUID meetingId) {
    return pool.preparedQuery(RoomSql.MEETING).execute(Tuple.of(meetingId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("The meeting"));
      }
      Row m = rows.iterator().next();
      UUID panelId = m.getUUID("panel_id");
      Future<RowSet<Row>> agenda = pool.preparedQuery(RoomSql.AGENDA).execute(Tuple.of(meetingId));
      Future<RowSet<Row>> attendance = pool.preparedQuery(RoomSql.ATTENDANCE).execute(Tuple.of(meetingId));
      Future<RowSet<Row>> members = pool.preparedQuery(RoomSql.MEMBERS).execute(Tuple.of(panelId, meetingId));
      Future<RowSet<Row>> keys = pool.preparedQuery(RoomSql.IDEMPOTENCY_KEYS).execute(Tuple.of(meetingId));
      Future<RowSet<Row>> agencies = pool.query(RoomSql.AGENCIES).execute();
      Future<RowSet<Row>> contributions = pool.preparedQuery(RoomSql.CONTRIBUTIONS).execute(Tuple.of(meetingId));
      Future<RowSet<Row>> guests = pool.preparedQuery(RoomSql.GUESTS).execute(Tuple.of(meetingId));
      Future<Map<UUID, LiveCaseSummary>> cases = caseSummaries(meetingId);
      Future<RowSet<Row>> actions = pool.preparedQuery(RoomSql.ACTIONS)
        .execute(Tuple.of(meetingId, panelId, m.getLocalDate("meeting_date")));
      return Future.all(List.of(agenda, attendance, members, keys, agencies, contributions, cases, actions, guests))
        .map(all -> new Loaded(state(m, agenda.result(), attendance.result(), members.result(), agencies.result(),
          contributions.result(), cases.result(), actions.result(), guests.result()), idempotencyKeys(keys.result())));
    });
  }

  private static RoomState state(Row m, RowSet<Row> agendaRows, RowSet<Row> attendanceRows, RowSet<Row> memberRows,
                                 RowSet<Row> agencyRows, RowSet<Row> contributionRows,
                                 Map<UUID, LiveCaseSummary> cases, RowSet<Row> actionRows, RowSet<Row> guestRows) {
    List<AgendaItem> items = new ArrayList<>();
    agendaRows.forEach(r -> items.add(agendaItem(r)));
    Map<UUID, AttendanceMark> marks = new HashMap<>();
    attendanceRows.forEach(r -> marks.put(r.getUUID("member_id"), mark(r)));
    Map<UUID, RoomState.PanelMember> members = new HashMap<>();
    memberRows.forEach(r -> members.put(r.getUUID("id"), panelMember(r)));
    Map<UUID, String> agencies = new HashMap<>();
    agencyRows.forEach(r -> agencies.put(r.getUUID("id"), r.getString("name")));
    List<Contribution> contributions = new ArrayList<>();
    contributionRows.forEach(r -> contributions.add(contribution(r)));
    Map<UUID, VolunteeredAction> actions = new HashMap<>();
    actionRows.forEach(r -> actions.put(r.getUUID("id"), action(r)));
    Map<UUID, Guest> guests = new HashMap<>();
    guestRows.forEach(r -> guests.put(r.getUUID("member_id"), new Guest(r.getUUID("member_id"), r.getString("kind"),
      r.getUUID("for_member_id"), r.getUUID("admitted_by_member_id"), r.getOffsetDateTime("admitted_at").toInstant())));
    Set<UUID> proposals = new HashSet<>();
    ((JsonArray) m.getValue("closure_proposals")).forEach(id -> proposals.add(UUID.fromString((String) id)));
    OffsetDateTime started = m.getOffsetDateTime("timer_started_at");
    CaseTimer timer = new CaseTimer(m.getUUID("timer_item_id"), m.getBoolean("timer_running"),
      started == null ? null : started.toInstant(), m.getLong("timer_used_ms"));
    return new RoomState(m.getUUID("id"), m.getUUID("panel_id"), m.getString("panel_name"), m.getString("location"),
      m.getString("status"), m.getLocalDate("meeting_date"),
      m.getLocalTime("starts_at"), m.getLocalTime("ends_at"), new Agenda(items), timer, marks, members, agencies,
      contributions, HandQueue.fromJson((JsonObject) m.getValue("hands")), (JsonObject) m.getValue("highlight"),
      cases, actions, proposals, m.getBoolean("observers_see_cases"), guests, register(m), m.getLong("last_seq"));
  }

  private static Map<String, Long> idempotencyKeys(RowSet<Row> rows) {
    Map<String, Long> keys = new HashMap<>();
    rows.forEach(r -> keys.put(r.getString(0), r.getLong(1)));
    return keys;
  }

  /** The summaries of every case brought to this meeting, as the meeting shares them. */
  Future<Map<UUID, LiveCaseSummary>> caseSummaries(UUID meetingId) {
    return pool.preparedQuery(RoomSql.CASES).execute(Tuple.of(meetingId)).map(rows -> {
      Map<UUID, LiveCaseSummary> out = new HashMap<>();
      rows.forEach(r -> out.put(r.getUUID("id"), new LiveCaseSummary(r.getUUID("id"), r.getString("family_ref"),
        r.getUUID("presenter_member_id"), r.getString("reason_for_bringing"), r.getString("summary_of_concerns"),
        List.of(r.getArrayOfStrings("presenting_needs")), r.getString("voice_of_child"), r.getInteger("version"))));
      return out;
    });
  }

  /** Case views seen in the room, each written once (the database's unique index keeps it so). */
  Future<Void> recordCaseViews(List<AuditTrail.Entry> views) {
    return AuditTrail.recordOnce(pool, views);
  }

  /** Where a member sits for this meeting now, as the database has it (see {@link RoomAccess}). */
  Future<RoomAccess.Seat> seat(UUID meetingId, UUID memberId) {
    return RoomAccess.seat(pool, meetingId, memberId);
  }

  /** A member by id (active), to name someone who substitutes without being on the panel. */
  Future<RoomState.PanelMember> member(UUID memberId) {
    return pool.preparedQuery(RoomSql.MEMBER).execute(Tuple.of(memberId))
      .map(rows -> rows.size() == 0 ? null : panelMember(rows.iterator().next()));
  }

  private static RoomState.PanelMember panelMember(Row r) {
    return new RoomState.PanelMember(r.getUUID("id"), r.getString("full_name"), r.getUUID("agency_id"),
      r.getString("agency"), Set.copyOf(Arrays.asList(r.getArrayOfStrings("roles"))), r.getBoolean("on_panel"));
  }

  /** An action as it is in the database now (progress may have been posted outside the meeting). */
  Future<VolunteeredAction> action(UUID actionId) {
    return pool.preparedQuery(RoomSql.ACTION_BY_ID).execute(Tuple.of(actionId))
      .map(rows -> rows.size() == 0 ? null : action(rows.iterator().next()));
  }

  /** The panel's first meeting after {@code date} that is not closed, or null. */
  Future<Command.NextMeeting> nextMeeting(UUID panelId, LocalDate date) {
    return pool.preparedQuery(RoomSql.NEXT_MEETING).execute(Tuple.of(panelId, date)).map(rows -> rows.size() == 0
      ? null : new Command.NextMeeting(rows.iterator().next().getUUID("id"), rows.iterator().next().getLocalDate("meeting_date")));
  }

  Future<Long> nextActionNumber() {
    return pool.query(RoomSql.NEXT_ACTION_NUMBER).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  /** Accepted cases as agenda items (not yet placed), first district's first. */
  Future<List<AgendaItem>> acceptedCases(UUID meetingId, int caseSeconds) {
    return pool.preparedQuery(RoomSql.ACCEPTED_CASES).execute(Tuple.of(meetingId)).map(rows -> {
      List<AgendaItem> out = new ArrayList<>();
      rows.forEach(r -> out.add(AgendaItem.newCase(r.getString("section"), r.getUUID("district_id"),
        r.getString("district_name"), r.getUUID("id"), r.getString("family_ref"), caseSeconds,
        r.getUUID("presenter_member_id"))));
      return out;
    });
  }

  /** One event to write: its actor and idempotency key (either may be null). */
  record Written(JsonObject event, UUID actor, String key) {
  }

  /**
   * Writes the events (consecutive, in order) and every row that differs between the state before
   * the first and after the last, in one transaction: a meeting's changes that queued while the
   * previous transaction was being written share one commit.
   */
  Future<Void> commit(RoomState before, RoomState after, List<Written> events) {
    List<Tuple> rows = new ArrayList<>(events.size());
    for (Written w : events) {
      JsonObject e = w.event();
      rows.add(Tuple.tuple().addValue(after.meetingId()).addValue(e.getLong("seq")).addValue(e.getString("type"))
        .addValue(w.actor()).addValue(e.getJsonObject("payload")).addValue(w.key())
        .addValue(OffsetDateTime.ofInstant(Instant.ofEpochMilli(e.getLong("at")), ZoneOffset.UTC)));
    }
    return pool.withTransaction(conn -> ownership.check(conn)
        .compose(v -> conn.preparedQuery(RoomSql.INSERT_EVENT).executeBatch(rows))
        .compose(v -> updateMeeting(conn, after))
        .compose(v -> upsertAgenda(conn, before, after))
        .compose(v -> ItemOutcomes.write(conn, before, after))
        .compose(v -> upsertAttendance(conn, before, after))
        .compose(v -> upsertContributions(conn, before, after))
        .compose(v -> updateCases(conn, before, after))
        .compose(v -> upsertActions(conn, before, after))
        .compose(v -> ItemOutcomes.closeCases(conn, before, after))
        .compose(v -> guests(conn, before, after))
        .compose(v -> notices.write(conn, before, after, events)))
      .mapEmpty();
  }

  Future<JsonArray> eventsAfter(UUID meetingId, long afterSeq, int limit) {
    return pool.preparedQuery(RoomSql.EVENTS_AFTER).execute(Tuple.of(meetingId, afterSeq, limit)).map(rows -> {
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
    return conn.preparedQuery(RoomSql.UPDATE_MEETING).execute(Tuple.tuple().addValue(s.meetingId()).addValue(s.status())
        .addValue(t.itemId()).addValue(t.running())
        .addValue(t.startedAt() == null ? null : OffsetDateTime.ofInstant(t.startedAt(), ZoneOffset.UTC))
        .addValue(t.usedBeforeMs()).addValue(s.lastSeq()).addValue(s.hands().toJson()).addValue(s.highlight())
        .addValue(new JsonArray(s.closureProposals().stream().map(UUID::toString).sorted().toList()))
        .addValue(s.observersSeeCases())
        .addValue(s.register() == null ? null : s.register().byMemberId())
        .addValue(s.register() == null ? null : utc(s.register().at())))
      .mapEmpty();
  }

  private Future<Void> upsertContributions(SqlConnection conn, RoomState before, RoomState after) {
    List<Tuple> changed = new ArrayList<>();
    // A change copies the unchanged contributions by reference: comparing identities keeps this
    // linear in a meeting's contributions (it runs on every commit).
    Set<Contribution> unchanged = Collections.newSetFromMap(new IdentityHashMap<>());
    unchanged.addAll(before.contributions());
    for (Contribution c : after.contributions()) {
      if (!unchanged.contains(c)) {
        changed.add(Tuple.tuple().addValue(c.id()).addValue(after.meetingId()).addValue(c.itemId())
          .addValue(c.caseId()).addValue(c.authorId()).addValue(c.agencyId()).addValue(c.body()).addValue(c.status())
          .addValue(utc(c.createdAt())).addValue(c.editedAt() == null ? null : utc(c.editedAt())));
      }
    }
    return changed.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(RoomSql.UPSERT_CONTRIBUTION).executeBatch(changed).mapEmpty();
  }

  private Future<Void> updateCases(SqlConnection conn, RoomState before, RoomState after) {
    Future<Void> chain = Future.succeededFuture();
    for (LiveCaseSummary c : after.cases().values()) {
      LiveCaseSummary old = before.cases().get(c.caseId());
      if (old != null && old != c && !old.equals(c)) {
        chain = chain.compose(v -> conn.preparedQuery(RoomSql.UPDATE_CASE).execute(Tuple.tuple().addValue(c.caseId())
            .addValue(old.version()).addValue(c.reasonForBringing()).addValue(c.summaryOfConcerns())
            .addValue(c.presentingNeeds().toArray(new String[0])).addValue(c.voiceOfChild()).addValue(c.version()))
          .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiError.conflict("edit_conflict",
              "The case was changed outside the meeting meanwhile; reload it and edit again."))));
      }
    }
    return chain;
  }

  /**
   * New actions are inserted; changed ones are written only if their status is still the one the
   * room read, so progress or a drop posted outside the meeting meanwhile is never overwritten.
   */
  private Future<Void> upsertActions(SqlConnection conn, RoomState before, RoomState after) {
    Future<Void> chain = Future.succeededFuture();
    for (VolunteeredAction a : after.actions().values()) {
      VolunteeredAction old = before.actions().get(a.id());
      if (a == old || a.equals(old)) {
        continue;
      }
      Tuple row = Tuple.tuple().addValue(a.id()).addValue(a.number()).addValue(a.caseId()).addValue(a.meetingId())
        .addValue(a.description()).addValue(a.ownerAgencyId()).addValue(a.ownerMemberId()).addValue(a.dueDate())
        .addValue(a.lateDueReason()).addValue(a.successMeasure()).addValue(a.status()).addValue(a.returnedReason())
        .addValue(a.proposedBy()).addValue(a.confirmedBy())
        .addValue(a.confirmedAt() == null ? null : utc(a.confirmedAt()))
        .addValue(a.closedAt() == null ? null : utc(a.closedAt()))
        .addValue(old == null ? null : old.status()).addValue(a.dropReason());
      chain = chain.compose(v -> conn.preparedQuery(RoomSql.UPSERT_ACTION).execute(row))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
          : Future.failedFuture(ApiError.conflict("action_changed",
            "The action was changed outside the meeting a moment ago; look again and retry.")));
    }
    return chain;
  }

  /** Admissions made and withdrawn between the two states. */
  private Future<Void> guests(SqlConnection conn, RoomState before, RoomState after) {
    List<Tuple> admitted = new ArrayList<>();
    after.guests().values().forEach(g -> {
      if (!g.equals(before.guests().get(g.memberId()))) {
        admitted.add(Tuple.tuple().addValue(after.meetingId()).addValue(g.memberId()).addValue(g.kind())
          .addValue(g.forMemberId()).addValue(g.admittedBy()).addValue(utc(g.admittedAt())));
      }
    });
    List<Tuple> withdrawn = new ArrayList<>();
    before.guests().keySet().stream().filter(id -> !after.guests().containsKey(id))
      .forEach(id -> withdrawn.add(Tuple.of(after.meetingId(), id)));
    Future<Void> admit = admitted.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(RoomSql.ADMIT_GUEST).executeBatch(admitted).mapEmpty();
    return admit.compose(v -> withdrawn.isEmpty() ? Future.<Void>succeededFuture()
      : conn.preparedQuery(RoomSql.WITHDRAW_GUEST).executeBatch(withdrawn).mapEmpty());
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static Contribution contribution(Row r) {
    OffsetDateTime edited = r.getOffsetDateTime("edited_at");
    return new Contribution(r.getUUID("id"), r.getUUID("agenda_item_id"), r.getUUID("case_id"),
      r.getUUID("author_member_id"), r.getString("full_name"), r.getUUID("agency_id"), r.getString("agency"),
      r.getString("body"), r.getString("status"), r.getOffsetDateTime("created_at").toInstant(),
      edited == null ? null : edited.toInstant());
  }

  private static VolunteeredAction action(Row r) {
    OffsetDateTime confirmed = r.getOffsetDateTime("confirmed_at");
    OffsetDateTime closed = r.getOffsetDateTime("closed_at");
    return new VolunteeredAction(r.getUUID("id"), r.getLong("number"), r.getUUID("case_id"), r.getString("family_ref"),
      r.getUUID("meeting_id"), r.getString("description"), r.getUUID("owner_agency_id"), r.getString("owner_agency"),
      r.getUUID("owner_member_id"), r.getString("owner_name"), r.getLocalDate("due_date"),
      r.getString("late_due_reason"), r.getString("success_measure"), r.getString("status"),
      r.getString("returned_reason"), r.getString("drop_reason"), r.getUUID("proposed_by_member_id"),
      r.getUUID("confirmed_by_member_id"), confirmed == null ? null : confirmed.toInstant(),
      closed == null ? null : closed.toInstant());
  }

  private Future<Void> upsertAgenda(SqlConnection conn, RoomState before, RoomState after) {
    List<Tuple> changed = new ArrayList<>();
    for (AgendaItem item : after.agenda().items()) {
      if (!before.agenda().find(item.id()).map(old -> old.equals(item)).orElse(false)) {
        changed.add(Tuple.tuple().addValue(item.id()).addValue(after.meetingId()).addValue(item.position())
          .addValue(item.kind()).addValue(item.section()).addValue(item.districtId()).addValue(item.caseId())
          .addValue(item.title()).addValue(item.allottedSeconds()).addValue(item.usedSeconds())
          .addValue(item.done()).addValue(item.disposition()).addValue(item.note()).addValue(item.deferredTo())
          .addValue(item.standIn() == null ? null : item.standIn().memberId())
          .addValue(item.standIn() == null ? null : item.standIn().namedByMemberId())
          .addValue(item.standIn() == null ? null : utc(item.standIn().namedAt())));
      }
    }
    return changed.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(RoomSql.UPSERT_AGENDA_ITEM).executeBatch(changed).mapEmpty();
  }

  private Future<Void> upsertAttendance(SqlConnection conn, RoomState before, RoomState after) {
    List<Tuple> changed = new ArrayList<>();
    for (AttendanceMark mark : after.attendance().values()) {
      if (!Objects.equals(before.attendance().get(mark.memberId()), mark)) {
        changed.add(Tuple.tuple().addValue(after.meetingId()).addValue(mark.memberId()).addValue(mark.status())
          .addValue(mark.substituteForMemberId()).addValue(mark.writtenUpdate()).addValue(mark.markedByMemberId())
          .addValue(utc(mark.markedAt())).addValue(mark.joinedAt() == null ? null : utc(mark.joinedAt()))
          .addValue(mark.leftAt() == null ? null : utc(mark.leftAt())).addValue(mark.half()));
      }
    }
    return changed.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(RoomSql.UPSERT_ATTENDANCE).executeBatch(changed).mapEmpty();
  }

  private static AgendaItem agendaItem(Row r) {
    return new AgendaItem(r.getUUID("id"), r.getInteger("position"), r.getString("kind"), r.getString("section"),
      r.getUUID("district_id"), r.getString("district_name"), r.getUUID("case_id"), r.getString("family_ref"),
      r.getString("title"), r.getInteger("allotted_seconds"), r.getInteger("used_seconds"), r.getBoolean("done"),
      r.getString("disposition"), r.getString("disposition_note"), r.getUUID("deferred_to_meeting_id"),
      r.getUUID("presenter_member_id"), r.getUUID("stand_in_member_id") == null ? null
        : new AgendaItem.StandIn(r.getUUID("stand_in_member_id"), r.getUUID("stand_in_named_by"),
          instant(r, "stand_in_named_at")));
  }

  private static AttendanceMark mark(Row r) {
    return new AttendanceMark(r.getUUID("member_id"), r.getString("status"), r.getUUID("substitute_for_member_id"),
      r.getString("written_update"), r.getUUID("marked_by_member_id"), r.getOffsetDateTime("marked_at").toInstant(),
      instant(r, "joined_at"), instant(r, "left_at"), r.getString("half"));
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static RegisterConfirmation register(Row m) {
    UUID by = m.getUUID("register_confirmed_by");
    return by == null ? null : new RegisterConfirmation(by, m.getOffsetDateTime("register_confirmed_at").toInstant());
  }
}
