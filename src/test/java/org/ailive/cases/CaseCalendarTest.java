package org.ailive.cases;

import org.ailive.calendar.BankHolidays;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The R4 arithmetic on its own, where weekends, bank holidays and clock changes are easy to pin down. */
class CaseCalendarTest {

  @Test
  void deadlineIsFiveWorkingDaysBeforeSkippingWeekendsAndChristmas() {
    // Wednesday 6 Jan 2027: Tue 5, Mon 4, (New Year's Day), Thu 31, Wed 30, Tue 29 Dec; not Mon 28
    // (Boxing Day's substitute), nor Fri 25 (Christmas Day).
    assertEquals(LocalDate.of(2026, 12, 29), CaseCalendar.deadlineDate(LocalDate.of(2027, 1, 6)));
    // Wednesday 5 Jan 2028: Tue 4, (Mon 3: New Year's Day's substitute), Fri 31, Thu 30, Wed 29,
    // (Tue 28, Mon 27: Boxing Day's and Christmas Day's substitutes), Fri 24 Dec 2027.
    assertEquals(LocalDate.of(2027, 12, 24), CaseCalendar.deadlineDate(LocalDate.of(2028, 1, 5)));
    // Monday 8 Mar 2027: back to Monday 1 Mar.
    assertEquals(LocalDate.of(2027, 3, 1), CaseCalendar.deadlineDate(LocalDate.of(2027, 3, 8)));
    // A Saturday meeting still needs five weekdays' notice.
    assertEquals(LocalDate.of(2027, 3, 8), CaseCalendar.deadlineDate(LocalDate.of(2027, 3, 13)));
  }

  @Test
  void deadlineSkipsGoodFridayAndEasterMonday() {
    // Wednesday 31 Mar 2027: Tue 30, (Easter Monday 29), (Good Friday 26), Thu 25, Wed 24, Tue 23, Mon 22.
    assertEquals(LocalDate.of(2027, 3, 22), CaseCalendar.deadlineDate(LocalDate.of(2027, 3, 31)));
    // The week after: Wednesday 7 Apr 2027 counts back Tue 6, Mon 5, Fri 2, Thu 1, Wed 31 Mar as usual.
    assertEquals(LocalDate.of(2027, 3, 31), CaseCalendar.deadlineDate(LocalDate.of(2027, 4, 7)));
  }

  @Test
  void aDateAddedInTheSettingsIsNotAWorkingDay() {
    // Monday 15 Mar 2027 with Wed 10 Mar added: Fri 12, Thu 11, Tue 9, Mon 8, Fri 5.
    assertEquals(LocalDate.of(2027, 3, 5),
      BankHolidays.withExtra("2027-03-10").workingDaysBefore(LocalDate.of(2027, 3, 15), 5));
    assertEquals(LocalDate.of(2027, 3, 8),
      BankHolidays.withExtra("").workingDaysBefore(LocalDate.of(2027, 3, 15), 5));
  }

  @Test
  void theWholeDeadlineDayCountsInLondonTime() {
    assertEquals(Instant.parse("2026-12-30T00:00:00Z"), CaseCalendar.deadline(LocalDate.of(2027, 1, 6)), "GMT");
    assertEquals(Instant.parse("2027-06-30T23:00:00Z"), CaseCalendar.deadline(LocalDate.of(2027, 7, 7)), "BST");
  }

  @Test
  void thePackOpensOnTheDeadlineDay() {
    LocalDate meeting = LocalDate.of(2027, 1, 6);
    assertFalse(CaseCalendar.packOpen(meeting, LocalDate.of(2026, 12, 28)));
    assertTrue(CaseCalendar.packOpen(meeting, LocalDate.of(2026, 12, 29)));
    assertTrue(CaseCalendar.packOpen(meeting, LocalDate.of(2027, 1, 7)), "and stays open for the follow-up");
  }
}
