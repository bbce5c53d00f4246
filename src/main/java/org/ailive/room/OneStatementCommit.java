package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The commonest commit in one statement and one round trip: when the changes being committed
 * touch only the meeting's row, its events and contributions (partners' updates, hands, the
 * timer's pause and resume with nothing else), the ownership check, the meeting's row, the events
 * and the contributions are written by one statement, which Postgres applies as one transaction of
 * its own. Anything else (agenda, register, cases, actions, guests, notices) goes the transaction
 * way ({@link RoomStore#commit}), statement by statement. Either way a deposed owner writes nothing.
 */
final class OneStatementCommit {

  /**
   * The ownership row is locked for share as in {@link Ownership#check}: a new owner's raise of the
   * epoch waits for this statement, and a statement that waited on it sees the new epoch and
   * writes nothing (no meeting row updated). Nullable values travel as text, empty for null.
   */
  static final String SQL = """
    WITH owner AS (
      SELECT 1 FROM meeting_owner WHERE meeting_id = $1 AND epoch = $2 FOR SHARE),
    meeting_row AS (
      UPDATE meeting SET status = $3, timer_item_id = $4, timer_running = $5, timer_started_at = $6,
             timer_used_ms = $7, last_seq = $8, hands = $9, highlight = $10, closure_proposals = $11,
             observers_see_cases = $12, register_confirmed_by = $13, register_confirmed_at = $14
      WHERE id = $1 AND EXISTS (SELECT 1 FROM owner)
      RETURNING id),
    events AS (
      INSERT INTO meeting_event (meeting_id, seq, type, actor_member_id, payload, idempotency_key, at)
      SELECT m.id, e.seq, e.type, NULLIF(e.actor, '')::uuid, e.payload::jsonb, NULLIF(e.key, ''), e.at
      FROM meeting_row m, unnest($15::bigint[], $16::text[], $17::text[], $18::text[], $19::text[],
                                 $20::timestamptz[]) AS e(seq, type, actor, payload, key, at)
      RETURNING 1),
    contributions AS (
      INSERT INTO contribution (id, meeting_id, agenda_item_id, case_id, author_member_id, agency_id, body, status,
                                created_at, edited_at)
      SELECT c.id, m.id, NULLIF(c.item, '')::uuid, NULLIF(c.case_id, '')::uuid, c.author, NULLIF(c.agency, '')::uuid,
             c.body, c.status, c.created, NULLIF(c.edited, '')::timestamptz
      FROM meeting_row m, unnest($21::uuid[], $22::text[], $23::text[], $24::uuid[], $25::text[], $26::text[],
                                 $27::text[], $28::timestamptz[], $29::text[])
                          AS c(id, item, case_id, author, agency, body, status, created, edited)
      ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, status = EXCLUDED.status, edited_at = EXCLUDED.edited_at
      RETURNING 1)
    SELECT count(*) FROM meeting_row""";

  private OneStatementCommit() {
  }

  /**
   * Whether the changes from {@code before} to {@code after} fit the one statement: nothing but the
   * meeting's row, the events and contributions differ, and no notice rule reacts to them.
   */
  static boolean fits(RoomState before, RoomState after, List<RoomStore.Written> events, RoomNotices notices) {
    return before.agenda().equals(after.agenda()) && before.attendance().equals(after.attendance())
      && before.cases().equals(after.cases()) && before.actions().equals(after.actions())
      && before.guests().equals(after.guests()) && !notices.concerns(before, after, events);
  }

  /** Writes it all, or nothing when the meeting is no longer ours ({@link Ownership#moved()}). */
  static Future<Void> run(Pool pool, Ownership ownership, RoomState before, RoomState after,
                          List<RoomStore.Written> events) {
    return pool.preparedQuery(SQL).execute(tuple(ownership.epoch(), before, after, events))
      .compose(rows -> ownership.still(rows.iterator().next().getLong(0) == 1));
  }

  private static Tuple tuple(long epoch, RoomState before, RoomState after, List<RoomStore.Written> events) {
    CaseTimer t = after.timer();
    int n = events.size();
    Long[] seqs = new Long[n];
    String[] types = new String[n];
    String[] actors = new String[n];
    String[] payloads = new String[n];
    String[] keys = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      RoomStore.Written w = events.get(i);
      JsonObject e = w.event();
      seqs[i] = e.getLong("seq");
      types[i] = e.getString("type");
      actors[i] = text(w.actor());
      payloads[i] = e.getJsonObject("payload").encode();
      keys[i] = w.key() == null ? "" : w.key();
      ats[i] = utc(Instant.ofEpochMilli(e.getLong("at")));
    }
    List<Contribution> changed = changedContributions(before, after);
    int m = changed.size();
    UUID[] ids = new UUID[m];
    String[] items = new String[m];
    String[] caseIds = new String[m];
    UUID[] authors = new UUID[m];
    String[] agencies = new String[m];
    String[] bodies = new String[m];
    String[] statuses = new String[m];
    OffsetDateTime[] created = new OffsetDateTime[m];
    String[] edited = new String[m];
    for (int i = 0; i < m; i++) {
      Contribution c = changed.get(i);
      ids[i] = c.id();
      items[i] = text(c.itemId());
      caseIds[i] = text(c.caseId());
      authors[i] = c.authorId();
      agencies[i] = text(c.agencyId());
      bodies[i] = c.body();
      statuses[i] = c.status();
      created[i] = utc(c.createdAt());
      edited[i] = c.editedAt() == null ? "" : c.editedAt().toString();
    }
    return Tuple.tuple().addValue(after.meetingId()).addValue(epoch).addValue(after.status())
      .addValue(t.itemId()).addValue(t.running()).addValue(t.startedAt() == null ? null : utc(t.startedAt()))
      .addValue(t.usedBeforeMs()).addValue(after.lastSeq()).addValue(after.hands().toJson()).addValue(after.highlight())
      .addValue(new JsonArray(after.closureProposals().stream().map(UUID::toString).sorted().toList()))
      .addValue(after.observersSeeCases())
      .addValue(after.register() == null ? null : after.register().byMemberId())
      .addValue(after.register() == null ? null : utc(after.register().at()))
      .addValue(seqs).addValue(types).addValue(actors).addValue(payloads).addValue(keys).addValue(ats)
      .addValue(ids).addValue(items).addValue(caseIds).addValue(authors).addValue(agencies).addValue(bodies)
      .addValue(statuses).addValue(created).addValue(edited);
  }

  /**
   * The contributions added or changed: a change copies the unchanged ones by reference, so
   * comparing identities keeps this linear in a meeting's contributions.
   */
  static List<Contribution> changedContributions(RoomState before, RoomState after) {
    Set<Contribution> unchanged = Collections.newSetFromMap(new IdentityHashMap<>());
    unchanged.addAll(before.contributions());
    List<Contribution> changed = new ArrayList<>();
    for (Contribution c : after.contributions()) {
      if (!unchanged.contains(c)) {
        changed.add(c);
      }
    }
    return changed;
  }

  private static String text(UUID id) {
    return id == null ? "" : id.toString();
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
