package org.ailive.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.notify.CaseNotices;
import org.ailive.notify.Notice;
import org.ailive.notify.NoticeRecipients;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;

import java.util.UUID;
import java.util.function.Function;

/**
 * Who hears of a case's new status, written in the transaction that set it (R4): accepted or
 * declined, its presenter; late, its presenter and the panel's chair, who decides. Nobody is told
 * of their own decision (the chair accepting a late case is not mailed about it).
 */
final class CaseStatusNotices {

  // The case as it now is, inside the transaction: its status and version after the change.
  private static final String FACTS = """
    SELECT fc.family_ref, fc.status, fc.version, fc.meeting_id, m.meeting_date, fc.presenter_member_id,
           p.chair_member_id
    FROM family_case fc JOIN panel p ON p.id = fc.panel_id LEFT JOIN meeting m ON m.id = fc.meeting_id
    WHERE fc.id = $1""";

  private final Outbox outbox;

  CaseStatusNotices(Outbox outbox) {
    this.outbox = outbox;
  }

  /** The notices the case's status (just written on {@code conn} by {@code actor}) causes. */
  Future<Void> write(SqlConnection conn, UUID caseId, UUID actor) {
    return conn.preparedQuery(FACTS).execute(Tuple.of(caseId)).compose(rows -> {
      Row r = rows.iterator().next();
      if (r.getLocalDate("meeting_date") == null) {
        return Future.succeededFuture();
      }
      CaseNotices.Case c = new CaseNotices.Case(caseId, r.getString("family_ref"), r.getUUID("meeting_id"),
        r.getLocalDate("meeting_date"));
      int version = r.getInteger("version");
      UUID presenter = r.getUUID("presenter_member_id");
      UUID chair = r.getUUID("chair_member_id");
      return switch (r.getString("status")) {
        case "accepted" -> tell(conn, presenter, actor, p -> CaseNotices.accepted(p, c, version), true);
        case "declined" -> tell(conn, presenter, actor, p -> CaseNotices.declined(p, c, version), false);
        case "late" -> tell(conn, presenter, actor, p -> CaseNotices.late(p, c, version), true)
          .compose(v -> tell(conn, chair, actor, ch -> CaseNotices.lateForDecision(ch, c, version), false));
        default -> Future.succeededFuture();
      };
    });
  }

  /**
   * {@code evenToActor}: a presenter submitting their own case gets its receipt (accepted, or late
   * and waiting); the one who decides is not told of their own decision.
   */
  private Future<Void> tell(SqlConnection conn, UUID memberId, UUID actor,
                            Function<Notices.Recipient, Notice> notice, boolean evenToActor) {
    if (memberId == null || (!evenToActor && memberId.equals(actor))) {
      return Future.succeededFuture();
    }
    return NoticeRecipients.member(conn, memberId).compose(to -> to == null ? Future.succeededFuture()
      : outbox.enqueue(conn, notice.apply(to)));
  }
}
