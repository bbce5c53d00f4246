package org.ailive.reminders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.calendar.BankHolidays;
import org.ailive.cases.CaseCalendar;
import org.ailive.notify.DailyJob;
import org.ailive.notify.Notice;
import org.ailive.notify.Outbox;
import org.ailive.notify.ReminderNotices;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * R10: apologies must come with a written update before the meeting. A member whose apologies for a
 * coming meeting have none is asked for it once the pack is open (the first run from the day it
 * opens, or from the day after they sent apologies), and again on the working day before the
 * meeting if there is still none. Sending the update (apologies with a written update) stops both.
 */
public final class ApologyUpdates implements DailyJob {

  static final String FIRST = "first";
  static final String EVE = "eve";

  private final Outbox outbox;

  public ApologyUpdates(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public String name() {
    return "apology_updates";
  }

  @Override
  public Future<Integer> run(SqlConnection conn, LocalDate day) {
    return conn.preparedQuery(RemindersSql.APOLOGIES).execute(Tuple.of(day)).compose(rows -> {
      List<Notice> due = new ArrayList<>();
      for (Row r : rows) {
        LocalDate meetingDate = r.getLocalDate("meeting_date");
        String stage = stage(meetingDate, day);
        if (stage != null) {
          due.add(ReminderNotices.apologyUpdate(Reminders.recipient(r, "to"), r.getUUID("id"), r.getString("panel_name"),
            meetingDate, stage));
        }
      }
      return Reminders.enqueue(conn, outbox, due);
    });
  }

  /** {@code first} from the pack's opening to the day before the eve, {@code eve} on the eve, else null. */
  static String stage(LocalDate meetingDate, LocalDate day) {
    LocalDate eve = BankHolidays.current().workingDaysBefore(meetingDate, 1);
    if (day.equals(eve)) {
      return EVE;
    }
    return !day.isBefore(CaseCalendar.packOpensOn(meetingDate)) && day.isBefore(eve) ? FIRST : null;
  }
}
