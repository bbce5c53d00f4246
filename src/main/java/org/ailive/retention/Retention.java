package org.ailive.retention;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.minutes.MinutesContent;
import org.ailive.protocol.Addresses;
import org.ailive.room.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Nothing is kept for ever (M9): {@code retentionMonths} after a closed meeting's date, what was
 * said about its families is replaced by {@link #STUB}: the cases' narrative (reason for bringing,
 * summary of concerns, voice of the child, a decline's reason), the partners' updates in their checks
 * before the meeting, what partners said, written updates
 * sent with apologies, the reasons given about its actions and their progress reports, the titles of
 * items added during the meeting, the same text in its event log (each payload as {@link Redaction}
 * serves it to those who may not see narrative) and in its draft minutes; approved minutes stay
 * the council's record unless {@code retainApprovedMinutes} is false. Who attended, the agenda's
 * times, the actions themselves (what, who, when) and the audit trail stay. One transaction per
 * meeting, audited with counts and never the text; then loaded rooms of it reload.
 */
public final class Retention {

  /** What replaces the text. */
  public static final String STUB = "[Removed after the retention period]";

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final Pool pool;
  private final int months;
  private final boolean retainApprovedMinutes;

  public Retention(Pool pool, int months, boolean retainApprovedMinutes) {
    this.pool = pool;
    this.months = months;
    this.retainApprovedMinutes = retainApprovedMinutes;
  }

  /** Purges every meeting due by {@code today}, oldest first; the ids of those it purged. */
  public Future<List<UUID>> run(Vertx vertx, LocalDate today) {
    return pool.preparedQuery(RetentionSql.DUE).execute(Tuple.of(today.minusMonths(months))).compose(rows -> {
      List<UUID> due = new ArrayList<>();
      rows.forEach(r -> due.add(r.getUUID("id")));
      List<UUID> purged = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (UUID meetingId : due) {
        chain = chain.compose(v -> pool.withTransaction(conn -> purge(conn, meetingId))
          .map(done -> {
            if (done) {
              purged.add(meetingId);
              log.info("Retention: replaced the narrative of meeting {} with a stub", meetingId);
            }
            return null;
          }));
      }
      return chain.map(v -> purged);
    }).onSuccess(purged -> {
      if (!purged.isEmpty()) {
        vertx.eventBus().publish(Addresses.ROOMS_RELOAD, new JsonObject()
          .put("meetingIds", new JsonArray(purged.stream().map(UUID::toString).toList())));
      }
    });
  }

  /** False when another run got there first. */
  private Future<Boolean> purge(SqlConnection conn, UUID meetingId) {
    return conn.preparedQuery(RetentionSql.LOCK_MEETING).execute(Tuple.of(meetingId)).compose(locked -> {
      if (locked.size() == 0) {
        return Future.succeededFuture(false);
      }
      Tuple text = Tuple.of(meetingId, STUB);
      JsonObject counts = new JsonObject().put("retentionMonths", months);
      return conn.query(RetentionSql.ALLOW).execute()
        .compose(v -> count(conn, RetentionSql.CASES, text, counts, "cases"))
        .compose(v -> count(conn, RetentionSql.PACK_CHECKS, text, counts, "packChecks"))
        .compose(v -> conn.preparedQuery(RetentionSql.PACK_CHECK_CHANGES).execute(text))
        .compose(v -> count(conn, RetentionSql.CONTRIBUTIONS, text, counts, "contributions"))
        .compose(v -> count(conn, RetentionSql.WRITTEN_UPDATES, text, counts, "writtenUpdates"))
        .compose(v -> count(conn, RetentionSql.ACTION_REASONS, text, counts, "actionReasons"))
        .compose(v -> count(conn, RetentionSql.ACTION_UPDATES, text, counts, "actionUpdates"))
        .compose(v -> count(conn, RetentionSql.ITEM_TITLES, text, counts, "itemTitles"))
        .compose(v -> count(conn, RetentionSql.MINUTES_EDITS, text, counts, "minutesEdits"))
        .compose(v -> events(conn, meetingId, counts))
        .compose(v -> minutes(conn, meetingId, counts))
        .compose(v -> conn.preparedQuery(RetentionSql.DONE).execute(Tuple.of(meetingId)))
        .compose(v -> AuditTrail.record(conn, null, AuditAction.RETENTION_PURGED, "meeting:" + meetingId, counts))
        .map(true);
    });
  }

  private static Future<Void> count(SqlConnection conn, String sql, Tuple params, JsonObject counts, String name) {
    return conn.preparedQuery(sql).execute(params).map(r -> {
      counts.put(name, r.rowCount());
      return null;
    });
  }

  /** Each payload as those who may not see narrative are served it; unchanged ones are left alone. */
  private static Future<Void> events(SqlConnection conn, UUID meetingId, JsonObject counts) {
    return conn.preparedQuery(RetentionSql.EVENTS).execute(Tuple.of(meetingId)).compose(rows -> {
      List<Tuple> changed = new ArrayList<>();
      for (Row r : rows) {
        JsonObject payload = (JsonObject) r.getValue("payload");
        JsonObject redacted = Redaction.redact(payload);
        if (!redacted.equals(payload)) {
          changed.add(Tuple.of(meetingId, r.getLong("seq"), redacted));
        }
      }
      counts.put("events", changed.size());
      return changed.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(RetentionSql.SET_PAYLOAD).executeBatch(changed).mapEmpty();
    });
  }

  private Future<Void> minutes(SqlConnection conn, UUID meetingId, JsonObject counts) {
    return conn.preparedQuery(RetentionSql.MINUTES).execute(Tuple.of(meetingId, retainApprovedMinutes))
      .compose(rows -> {
        List<Tuple> changed = new ArrayList<>();
        for (Row r : rows) {
          JsonObject content = (JsonObject) r.getValue("content");
          JsonObject purged = MinutesContent.withoutNarrative(content, STUB);
          if (!purged.equals(content)) {
            changed.add(Tuple.of(r.getUUID("id"), purged));
          }
        }
        counts.put("minutesVersions", changed.size());
        return changed.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(RetentionSql.SET_MINUTES).executeBatch(changed).mapEmpty();
      })
      .compose(v -> conn.preparedQuery(RetentionSql.APPROVED_KEPT).execute(Tuple.of(meetingId, retainApprovedMinutes)))
      .map(rows -> {
        counts.put("approvedMinutesKept", rows.iterator().next().getLong("n"));
        return null;
      });
  }
}
