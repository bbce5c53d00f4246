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
 * R4: a presenter whose case for a coming meeting is still a draft is reminded twice: 2 working days
 * before the submission deadline, and on the deadline day itself (the deadline is 5 working days
 * before the meeting: {@link CaseCalendar#deadlineDate}).
 */
public final class CaseDeadlines implements DailyJob {

  static final int FIRST_REMINDER_WORKING_DAYS = 2;

  private final Outbox outbox;

  public CaseDeadlines(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public String name() {
    return "case_deadlines";
  }

  @Override
  public Future<Integer> run(SqlConnection conn, LocalDate day) {
    return conn.preparedQuery(RemindersSql.DRAFTS).execute(Tuple.of(day)).compose(rows -> {
      List<Notice> due = new ArrayList<>();
      for (Row r : rows) {
        LocalDate deadline = CaseCalendar.deadlineDate(r.getLocalDate("meeting_date"));
        if (remindsOn(deadline, day)) {
          due.add(ReminderNotices.caseDeadline(Reminders.recipient(r, "to"), r.getUUID("id"), r.getString("family_ref"),
            r.getLocalDate("meeting_date"), deadline, day));
        }
      }
      return Reminders.enqueue(conn, outbox, due);
    });
  }

  /** The days a draft is reminded of: 2 working days before its deadline, and the deadline day. */
  static boolean remindsOn(LocalDate deadline, LocalDate day) {
    return day.equals(deadline)
      || day.equals(BankHolidays.current().workingDaysBefore(deadline, FIRST_REMINDER_WORKING_DAYS));
  }
}
