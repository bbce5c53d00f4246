package org.ailive.reminders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.notify.DailyJob;
import org.ailive.notify.Notice;
import org.ailive.notify.Outbox;
import org.ailive.notify.ReminderNotices;
import org.ailive.room.ActionRag;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * R7: an action open for two months with no progress means its case should be considered for a full
 * case review, so the chair of its panel is told, once for each stretch without progress (progress
 * restarts the clock; a later stall is told again). The rule is {@link ActionRag#stale}, the same
 * that marks the action red on the action log.
 */
public final class StalledActions implements DailyJob {

  private final Outbox outbox;

  public StalledActions(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public String name() {
    return "stalled_actions";
  }

  @Override
  public Future<Integer> run(SqlConnection conn, LocalDate day) {
    return conn.preparedQuery(RemindersSql.QUIET_ACTIONS).execute(Tuple.of(day)).compose(rows -> {
      List<Notice> due = new ArrayList<>();
      for (Row r : rows) {
        LocalDate since = r.getLocalDate("since");
        if (ActionRag.stale(r.getString("status"), since, day)) {
          due.add(ReminderNotices.actionStalled(Reminders.recipient(r, "to"), r.getUUID("id"), r.getLong("number"),
            r.getString("family_ref"), r.getUUID("panel_id"), since));
        }
      }
      return Reminders.enqueue(conn, outbox, due);
    });
  }
}
