package org.ailive.reminders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.ailive.notify.Notice;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;

import java.util.ArrayList;
import java.util.List;

/** What the reminder jobs share: reading a recipient from a row, and enqueuing a day's notices together. */
final class Reminders {

  private Reminders() {
  }

  /** The member in the columns {@code <prefix>_id}, {@code _name}, {@code _email}. */
  static Notices.Recipient recipient(Row row, String prefix) {
    return new Notices.Recipient(row.getUUID(prefix + "_id"), row.getString(prefix + "_name"),
      row.getString(prefix + "_email"));
  }

  /** Enqueues them all on the day's transaction (queued on the connection, not chained); how many. */
  static Future<Integer> enqueue(SqlConnection conn, Outbox outbox, List<Notice> notices) {
    List<Future<Void>> all = new ArrayList<>();
    for (Notice notice : notices) {
      all.add(outbox.enqueue(conn, notice));
    }
    return Future.all(all).map(v -> notices.size());
  }
}
