package org.ailive.calendar;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped table against the rules that make England and Wales bank holidays (Easter by the
 * Gregorian computus; the May and August Mondays; New Year, Christmas and Boxing Day moved to the
 * next weekday when they fall at a weekend), so a typing slip in the table cannot go unnoticed.
 */
class BankHolidaysTest {

  @Test
  void theShippedTableIsTheRulesFor2024To2030() {
    Map<LocalDate, String> rules = new TreeMap<>();
    for (int year = 2024; year <= 2030; year++) {
      rules.putAll(ofYear(year));
    }
    assertEquals(rules, new TreeMap<>(BankHolidays.withExtra("").days()));
    assertEquals(56, rules.size());
  }

  @Test
  void christmasAndEasterAreNotWorkingDays() {
    BankHolidays holidays = BankHolidays.current();
    assertEquals("Christmas Day", holidays.holiday(LocalDate.of(2026, 12, 25)).orElseThrow());
    assertEquals("Boxing Day (substitute day)", holidays.holiday(LocalDate.of(2026, 12, 28)).orElseThrow());
    assertFalse(holidays.isWorkingDay(LocalDate.of(2026, 12, 28)), "Monday 28 Dec 2026, Boxing Day's substitute");
    assertTrue(holidays.isWorkingDay(LocalDate.of(2026, 12, 29)));
    assertEquals("Good Friday", holidays.holiday(LocalDate.of(2027, 3, 26)).orElseThrow());
    assertEquals("Easter Monday", holidays.holiday(LocalDate.of(2027, 3, 29)).orElseThrow());
    assertFalse(holidays.isWorkingDay(LocalDate.of(2027, 3, 27)), "a Saturday");
    assertTrue(holidays.isWorkingDay(LocalDate.of(2027, 3, 30)));
  }

  @Test
  void theSettingAddsDatesAndRefusesWhatIsNotADate() {
    BankHolidays more = BankHolidays.withExtra(" 2031-01-01, 2027-06-04 ,");
    assertEquals(BankHolidays.EXTRA, more.holiday(LocalDate.of(2031, 1, 1)).orElseThrow());
    assertFalse(more.isWorkingDay(LocalDate.of(2027, 6, 4)));
    assertEquals("Christmas Day", more.holiday(LocalDate.of(2026, 12, 25)).orElseThrow(), "the table stays");
    var bad = assertThrows(IllegalArgumentException.class, () -> BankHolidays.withExtra("2027-02-30"));
    assertTrue(bad.getMessage().contains("extraBankHolidays"), bad.getMessage());
  }

  private static Map<LocalDate, String> ofYear(int year) {
    Map<LocalDate, String> out = new TreeMap<>();
    LocalDate easter = easterSunday(year);
    weekdayOrSubstitute(out, LocalDate.of(year, 1, 1), "New Year's Day");
    out.put(easter.minusDays(2), "Good Friday");
    out.put(easter.plusDays(1), "Easter Monday");
    out.put(LocalDate.of(year, 5, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)), "Early May bank holiday");
    out.put(LocalDate.of(year, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)), "Spring bank holiday");
    out.put(LocalDate.of(year, 8, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)), "Summer bank holiday");
    LocalDate christmas = LocalDate.of(year, 12, 25);
    LocalDate boxing = christmas.plusDays(1);
    LocalDate christmasOff = weekdayOrSubstitute(out, christmas, "Christmas Day");
    LocalDate boxingOff = boxing;
    while (boxingOff.getDayOfWeek().getValue() > 5 || !boxingOff.isAfter(christmasOff)) {
      boxingOff = boxingOff.plusDays(1);
    }
    out.put(boxingOff, boxingOff.equals(boxing) ? "Boxing Day" : "Boxing Day (substitute day)");
    return out;
  }

  private static LocalDate weekdayOrSubstitute(Map<LocalDate, String> out, LocalDate day, String name) {
    LocalDate off = day;
    while (off.getDayOfWeek().getValue() > 5) {
      off = off.plusDays(1);
    }
    out.put(off, off.equals(day) ? name : name + " (substitute day)");
    return off;
  }

  /** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return LocalDate.of(year, month, day);
  }
}
