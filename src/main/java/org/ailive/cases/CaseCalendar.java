package org.ailive.cases;

import org.ailive.calendar.BankHolidays;
import org.ailive.protocol.Zone;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The dates the case rules turn on: the R4 deadline and pack, the R9 review date. Public for the
 * reminders (org.ailive.reminders), which remind people of these same dates.
 */
public final class CaseCalendar {

  static final int NOTICE_WORKING_DAYS = 5;
  static final int REVIEW_MIN_MONTHS = 3;
  static final int REVIEW_DEFAULT_MONTHS = 4;
  static final int REVIEW_MAX_MONTHS = 6;

  private CaseCalendar() {
  }

  static LocalDate today() {
    return LocalDate.now(Zone.LONDON);
  }

  /**
   * R4: the last day a case is on time, 5 working days before the meeting. Working days are Monday
   * to Friday less England and Wales bank holidays ({@link BankHolidays}: the shipped table and the
   * configured extra dates).
   */
  public static LocalDate deadlineDate(LocalDate meetingDate) {
    return BankHolidays.current().workingDaysBefore(meetingDate, NOTICE_WORKING_DAYS);
  }

  /** Submissions before this instant are on time: the whole deadline day counts, in London time. */
  static Instant deadline(LocalDate meetingDate) {
    return deadlineDate(meetingDate).plusDays(1).atStartOfDay(Zone.LONDON).toInstant();
  }

  /**
   * The paperwork goes to partners 5 working days before (R4), so the pack opens on the deadline day
   * itself; cases submitted later that day simply join it.
   */
  public static LocalDate packOpensOn(LocalDate meetingDate) {
    return deadlineDate(meetingDate);
  }

  static boolean packOpen(LocalDate meetingDate, LocalDate today) {
    return meetingDate != null && !today.isBefore(packOpensOn(meetingDate));
  }
}
