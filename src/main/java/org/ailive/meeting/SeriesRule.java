package org.ailive.meeting;

import org.ailive.calendar.BankHolidays;
import org.ailive.protocol.ApiError;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a series' meetings fall (issue 20): the nth weekday of each month ({@code week} 1 to 4, or -1
 * for the last), from a date, for a number of meetings or until a date. A date on a bank holiday
 * moves to the next working day, and says so ({@link Date#holiday}).
 */
record SeriesRule(int week, DayOfWeek weekday) {

  /** The most meetings one series makes: a year of monthly meetings. */
  static final int MAX_MEETINGS = 12;
  static final List<String> WEEKS = List.of("first", "second", "third", "fourth", "last");
  static final List<String> WEEKDAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday");

  /** One meeting of the series: the rule's day ({@code planned}) and the day it is on. */
  record Date(LocalDate planned, LocalDate date, String holiday) {
    boolean shifted() {
      return !planned.equals(date);
    }
  }

  /** From the request's words ("first", "wednesday"); 400 naming the field otherwise. */
  static SeriesRule of(String week, String weekday) {
    int w = WEEKS.indexOf(week);
    int d = WEEKDAYS.indexOf(weekday);
    if (w < 0) {
      throw ApiError.invalid("week", "must be one of first, second, third, fourth or last");
    }
    if (d < 0) {
      throw ApiError.invalid("weekday", "must be a working day, Monday to Friday");
    }
    return new SeriesRule(w == 4 ? -1 : w + 1, DayOfWeek.of(d + 1));
  }

  static SeriesRule stored(int week, int weekday) {
    return new SeriesRule(week, DayOfWeek.of(weekday));
  }

  String weekWord() {
    return week == -1 ? "last" : WEEKS.get(week - 1);
  }

  String weekdayWord() {
    return WEEKDAYS.get(weekday.getValue() - 1);
  }

  /** "the first Wednesday of each month". */
  String describe() {
    return "the " + weekWord() + " " + weekday.getDisplayName(TextStyle.FULL, Locale.UK) + " of each month";
  }

  LocalDate in(YearMonth month) {
    return week == -1 ? month.atEndOfMonth().with(TemporalAdjusters.lastInMonth(weekday))
      : month.atDay(1).with(TemporalAdjusters.dayOfWeekInMonth(week, weekday));
  }

  /**
   * The series' dates from {@code from} (a month's day before it is skipped): {@code count} of them,
   * or those up to {@code until}; at most {@link #MAX_MEETINGS} (400 otherwise).
   */
  List<Date> dates(LocalDate from, Integer count, LocalDate until, BankHolidays holidays) {
    List<Date> out = new ArrayList<>();
    YearMonth month = YearMonth.from(from);
    while (true) {
      LocalDate planned = in(month);
      month = month.plusMonths(1);
      if (planned.isBefore(from)) {
        continue;
      }
      if (until != null && planned.isAfter(until) || count != null && out.size() == count) {
        break;
      }
      if (out.size() == MAX_MEETINGS) {
        throw ApiError.invalid("untilDate", "must leave at most " + MAX_MEETINGS + " meetings in one series");
      }
      LocalDate day = planned;
      while (!holidays.isWorkingDay(day)) {
        day = day.plusDays(1);
      }
      out.add(new Date(planned, day, holidays.holiday(planned).orElse(null)));
    }
    if (out.isEmpty()) {
      throw ApiError.invalid("untilDate", "leaves no meeting between the two dates");
    }
    return out;
  }
}
