package org.ailive.cases;

import org.ailive.protocol.Zone;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;

/** The dates the case rules turn on: the R4 deadline and pack, the R9 review date. */
final class CaseCalendar {

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
   * to Friday only: bank holidays are not counted yet, so around them the deadline is a day or two
   * later than a council would set it by hand.
   */
  static LocalDate deadlineDate(LocalDate meetingDate) {
    LocalDate day = meetingDate;
    int left = NOTICE_WORKING_DAYS;
    while (left > 0) {
      day = day.minusDays(1);
      if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
        left--;
      }
    }
    return day;
  }

  /** Submissions before this instant are on time: the whole deadline day counts, in London time. */
  static Instant deadline(LocalDate meetingDate) {
    return deadlineDate(meetingDate).plusDays(1).atStartOfDay(Zone.LONDON).toInstant();
  }

  /**
   * The paperwork goes to partners 5 working days before (R4), so the pack opens on the deadline day
   * itself; cases submitted later that day simply join it.
   */
  static LocalDate packOpensOn(LocalDate meetingDate) {
    return deadlineDate(meetingDate);
  }

  static boolean packOpen(LocalDate meetingDate, LocalDate today) {
    return meetingDate != null && !today.isBefore(packOpensOn(meetingDate));
  }
}
