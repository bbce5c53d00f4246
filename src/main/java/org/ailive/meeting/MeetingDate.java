package org.ailive.meeting;

import org.ailive.calendar.BankHolidays;
import org.ailive.protocol.ApiError;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * A meeting date the officer probably did not mean: one already past, or a bank holiday. Creating
 * such a meeting is refused with {@code 409 confirm_date} (its {@code reason} says which) until the
 * request says {@code "confirmed": true}, so the page can warn and ask once.
 */
final class MeetingDate {

  private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

  private MeetingDate() {
  }

  static Optional<ApiError> refusal(LocalDate date, LocalDate today, BankHolidays holidays) {
    if (date.isBefore(today)) {
      return Optional.of(ApiError.conflict("confirm_date", date.format(LONG_DATE)
          + " is in the past. Create the meeting on that date anyway?")
        .with("field", "meetingDate").with("reason", "past"));
    }
    return holidays.holiday(date).map(name -> ApiError.conflict("confirm_date", date.format(LONG_DATE)
        + " is a bank holiday (" + name + "). Create the meeting on that date anyway?")
      .with("field", "meetingDate").with("reason", "bank_holiday").with("holiday", name));
  }
}
