package org.ailive.reminders;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.ailive.notify.Notice;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** What the reminder jobs share: reading a recipient from a row, and enqueuing a day's notices together. */
final class Reminders {

  private static final Logger log = LoggerFactory.getLogger(Reminders.class);

  private Reminders() {
  }

  /** The member in the columns {@code <prefix>_id}, {@code _name}, {@code _email}. */
  static Notices.Recipient recipient(Row row, String prefix) {
    return new Notices.Recipient(row.getUUID(prefix + "_id"), row.getString(prefix + "_name"),
      row.getString(prefix + "_email"));
  }

  /** Enqueues them all on the day's transaction (queued on the connection, not chained); how many. */
  static Future<Integer> enqueue(SqlConnection conn, Outbox outbox, List<Notice> notices) {
    List<Future<Boolean>> all = new ArrayList<>();
    for (Notice notice : notices) {
      // One notice that cannot be made (a field the mail guard refuses) is skipped and logged, so it
      // does not hold back the day's other reminders; a database error still fails the day (retried).
      all.add(outbox.enqueue(conn, notice).map(true).recover(err -> {
        if (err instanceof PgException) {
          return Future.failedFuture(err);
        }
        log.warn("reminder {} for member {} skipped: {}", notice.kind(), notice.memberId(), err.getMessage());
        return Future.succeededFuture(false);
      }));
    }
    return Future.all(all).map(v -> (int) all.stream().filter(Future::result).count());
  }
}
