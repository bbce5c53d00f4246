package org.ailive.reminders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.cases.CaseCalendar;
import org.ailive.notify.DailyJob;
import org.ailive.notify.Notice;
import org.ailive.notify.Outbox;
import org.ailive.notify.ReminderNotices;
import org.ailive.room.CaseStatus;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * R4: "the pack is open" to each partner and presenter on the panel, on the day the pre-meeting pack
 * opens (5 working days before: {@link CaseCalendar#packOpensOn}), or on the first run after it
 * while the meeting is still to come and its pack holds a case (a meeting whose cases all came late
 * is announced when the first one joins). Once per member and meeting date.
 */
public final class PackOpens implements DailyJob {

  private static final String[] IN_PACK = CaseStatus.IN_PACK.toArray(new String[0]);

  private final Outbox outbox;

  public PackOpens(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public String name() {
    return "pack_opens";
  }

  @Override
  public Future<Integer> run(SqlConnection conn, LocalDate day) {
    return conn.preparedQuery(RemindersSql.PACK_READERS).execute(Tuple.tuple().addLocalDate(day).addArrayOfString(IN_PACK)).compose(rows -> {
      List<Notice> due = new ArrayList<>();
      for (Row r : rows) {
        LocalDate meetingDate = r.getLocalDate("meeting_date");
        if (!day.isBefore(CaseCalendar.packOpensOn(meetingDate))) {
          due.add(ReminderNotices.packOpen(Reminders.recipient(r, "to"), r.getUUID("id"), r.getString("panel_name"),
            meetingDate));
        }
      }
      return Reminders.enqueue(conn, outbox, due);
    });
  }
}
