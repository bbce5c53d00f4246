package org.ailive.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * England and Wales bank holidays, and the working days they leave (R4 counts its five days'
 * notice in working days). The table ships with the service
 * ({@code bank-holidays-england-and-wales.csv}, gov.uk's published dates for 2024–2030, substitute
 * days included); the {@code extraBankHolidays} setting adds dates to it (a one-off holiday, or
 * years past the table's) at start-up.
 */
public final class BankHolidays {

  static final String TABLE = "/bank-holidays-england-and-wales.csv";
  static final String EXTRA = "Bank holiday (added in the settings)";

  private static volatile BankHolidays current = new BankHolidays(shipped());

  private final Map<LocalDate, String> days;

  BankHolidays(Map<LocalDate, String> days) {
    this.days = Collections.unmodifiableMap(new TreeMap<>(days));
  }

  /** The shipped table and the setting's dates; called once at start, before anything counts days. */
  public static void configure(String extraDates) {
    current = withExtra(extraDates);
  }

  /** What {@link #configure} installs, for a setting's value: dates {@code YYYY-MM-DD} separated by commas. */
  public static BankHolidays withExtra(String extraDates) {
    Map<LocalDate, String> days = shipped();
    if (extraDates != null) {
      for (String part : extraDates.split(",")) {
        String d = part.strip();
        if (d.isEmpty()) {
          continue;
        }
        try {
          days.putIfAbsent(LocalDate.parse(d), EXTRA);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("extraBankHolidays: '" + d + "' is not a date (YYYY-MM-DD)");
        }
      }
    }
    return new BankHolidays(days);
  }

  public static BankHolidays current() {
    return current;
  }

  /** The holiday's name on that day, if it is one. */
  public Optional<String> holiday(LocalDate day) {
    return Optional.ofNullable(days.get(day));
  }

  /** Monday to Friday and not a bank holiday. */
  public boolean isWorkingDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
      && !days.containsKey(day);
  }

  /** The day {@code n} working days before {@code day} (not counting {@code day} itself). */
  public LocalDate workingDaysBefore(LocalDate day, int n) {
    LocalDate d = day;
    int left = n;
    while (left > 0) {
      d = d.minusDays(1);
      if (isWorkingDay(d)) {
        left--;
      }
    }
    return d;
  }

  Map<LocalDate, String> days() {
    return days;
  }

  private static Map<LocalDate, String> shipped() {
    try (InputStream in = BankHolidays.class.getResourceAsStream(TABLE)) {
      if (in == null) {
        throw new IllegalStateException(TABLE + " is missing from the jar");
      }
      Map<LocalDate, String> out = new TreeMap<>();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n");
      for (int i = 1; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          int comma = lines[i].indexOf(',');
          out.put(LocalDate.parse(lines[i].substring(0, comma)), lines[i].substring(comma + 1).strip());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
