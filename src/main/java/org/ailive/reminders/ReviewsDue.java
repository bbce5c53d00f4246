package org.ailive.reminders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.notify.DailyJob;
import org.ailive.notify.Notice;
import org.ailive.notify.Outbox;
import org.ailive.notify.ReminderNotices;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * R9: on a case's review date (3 to 6 months after its meeting), its presenter and its panel's chair
 * are told the review is due: the chair records at review whether the need was met. A review date
 * up to {@link #LATE_DAYS} days past (the service was down, or the date was set in the past) is
 * still told, once per case and review date; older ones are left to the follow-up page.
 */
public final class ReviewsDue implements DailyJob {

  static final int LATE_DAYS = 14;

  private final Outbox outbox;

  public ReviewsDue(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public String name() {
    return "reviews_due";
  }

  @Override
  public Future<Integer> run(SqlConnection conn, LocalDate day) {
    return conn.preparedQuery(RemindersSql.REVIEWS).execute(Tuple.of(day, LATE_DAYS)).compose(rows -> {
      List<Notice> due = new ArrayList<>();
      for (Row r : rows) {
        String ref = r.getString("family_ref");
        LocalDate reviewDate = r.getLocalDate("review_date");
        if (Boolean.TRUE.equals(r.getBoolean("presenter_active"))) {
          due.add(ReminderNotices.reviewDue(Reminders.recipient(r, "presenter"), r.getUUID("id"), ref, reviewDate,
            "/cases.html"));
        }
        if (r.getUUID("chair_id") != null && Boolean.TRUE.equals(r.getBoolean("chair_active"))) {
          due.add(ReminderNotices.reviewDue(Reminders.recipient(r, "chair"), r.getUUID("id"), ref, reviewDate,
            "/case-outcome.html?case=" + r.getUUID("id")));
        }
      }
      return Reminders.enqueue(conn, outbox, due);
    });
  }
}
