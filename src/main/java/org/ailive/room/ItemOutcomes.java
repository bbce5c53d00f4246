package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.ApiError;

import java.util.Objects;
import java.util.UUID;

/**
 * What an agenda item's end does to its case, written in the same transaction as the event (R9):
 * discussed, the case is {@code discussed} (and back to {@code accepted} if the chair goes back to
 * it); deferred, the case moves to the panel's next meeting, accepted there, added to that
 * meeting's agenda if it has one; withdrawn, the case is {@code withdrawn} with the reason. The
 * case's papers (its fields) and its actions stay with it: actions are the case's, and the next
 * meeting's room loads the case's actions that are still proposed or returned.
 */
final class ItemOutcomes {

  static final String DISCUSSED = """
    UPDATE family_case SET status = 'discussed', updated_at = now() WHERE id = $1 AND status = 'accepted'""";

  static final String REOPENED = """
    UPDATE family_case SET status = 'accepted', updated_at = now() WHERE id = $1 AND status = 'discussed'""";

  static final String WITHDRAWN = """
    UPDATE family_case SET status = 'withdrawn', withdrawn_reason = $2, version = version + 1, updated_at = now()
    WHERE id = $1 AND status IN ('accepted', 'discussed')""";

  // Guarded by the meeting it leaves: a case is moved once, from the meeting that deferred it.
  static final String DEFERRED = """
    UPDATE family_case SET meeting_id = $2, deferred_from_meeting_id = $3, status = 'accepted',
           version = version + 1, updated_at = now()
    WHERE id = $1 AND meeting_id = $3 AND status IN ('accepted', 'discussed')""";

  // At the end of the next meeting's agenda when it has one (else its agenda, when built, takes the
  // case like any accepted case), in its district's section; the chair may reorder it.
  static final String ADD_TO_AGENDA = """
    INSERT INTO agenda_item (meeting_id, position, kind, section, district_id, case_id, title, allotted_seconds)
    SELECT m.id, (SELECT max(position) + 1 FROM agenda_item WHERE meeting_id = m.id), 'case',
           CASE WHEN fc.district_id = m.first_district_id THEN 'first_district' ELSE 'second_district' END,
           fc.district_id, fc.id, fc.family_ref, $3
    FROM meeting m, family_case fc
    WHERE m.id = $2 AND fc.id = $1 AND EXISTS (SELECT 1 FROM agenda_item WHERE meeting_id = m.id)
      AND NOT EXISTS (SELECT 1 FROM agenda_item WHERE meeting_id = m.id AND case_id = fc.id)""";

  private ItemOutcomes() {
  }

  static Future<Void> write(SqlConnection conn, RoomState before, RoomState after) {
    Future<Void> chain = Future.succeededFuture();
    for (AgendaItem item : after.agenda().items()) {
      AgendaItem old = before.agenda().find(item.id()).orElse(null);
      String was = old == null ? null : old.disposition();
      if (item.caseId() == null || Objects.equals(was, item.disposition())) {
        continue;
      }
      chain = chain.compose(v -> one(conn, after.meetingId(), item, was));
    }
    return chain;
  }

  private static Future<Void> one(SqlConnection conn, UUID meetingId, AgendaItem item, String was) {
    if (item.disposition() == null) {
      return "discussed".equals(was) ? run(conn, REOPENED, Tuple.of(item.caseId())) : Future.succeededFuture();
    }
    return switch (item.disposition()) {
      case "discussed" -> run(conn, DISCUSSED, Tuple.of(item.caseId()));
      case "withdrawn" -> run(conn, WITHDRAWN, Tuple.of(item.caseId(), item.note()));
      case "deferred" -> conn.preparedQuery(DEFERRED).execute(Tuple.of(item.caseId(), item.deferredTo(), meetingId))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
          : Future.failedFuture(ApiError.conflict("case_moved",
            "The case is no longer on this meeting; nothing was deferred.")))
        .compose(v -> run(conn, ADD_TO_AGENDA, Tuple.of(item.caseId(), item.deferredTo(), item.allottedSeconds())));
      default -> Future.succeededFuture();
    };
  }

  /** A case whose last open action was closed or dropped here is closed if its need was met (R9). */
  static Future<Void> closeCases(SqlConnection conn, RoomState before, RoomState after) {
    Future<Void> chain = Future.succeededFuture();
    for (VolunteeredAction a : after.actions().values()) {
      VolunteeredAction old = before.actions().get(a.id());
      boolean ended = java.util.List.of("closed", "dropped").contains(a.status());
      if (a.caseId() != null && ended && (old == null || !old.status().equals(a.status()))) {
        chain = chain.compose(v -> run(conn, CaseStatus.CLOSE_IF_DONE, Tuple.of(a.caseId())));
      }
    }
    return chain;
  }

  private static Future<Void> run(SqlConnection conn, String sql, Tuple args) {
    return conn.preparedQuery(sql).execute(args).mapEmpty();
  }
}
