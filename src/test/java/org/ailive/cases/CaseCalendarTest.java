package org.ailive.cases;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The R4 arithmetic on its own, where weekends and clock changes are easy to pin down. */
class CaseCalendarTest {

  @Test
  void deadlineIsFiveWorkingDaysBeforeSkippingWeekends() {
    // Wednesday 6 Jan 2027: Tue 5, Mon 4, Fri 1, Thu 31, Wed 30 Dec. New Year's Day counts for now.
    assertEquals(LocalDate.of(2026, 12, 30), CaseCalendar.deadlineDate(LocalDate.of(2027, 1, 6)));
    // Monday 8 Mar 2027: back to Monday 1 Mar.
    assertEquals(LocalDate.of(2027, 3, 1), CaseCalendar.deadlineDate(LocalDate.of(2027, 3, 8)));
    // A Saturday meeting still needs five weekdays' notice.
    assertEquals(LocalDate.of(2027, 3, 8), CaseCalendar.deadlineDate(LocalDate.of(2027, 3, 13)));
  }

  @Test
  void theWholeDeadlineDayCountsInLondonTime() {
    assertEquals(Instant.parse("2026-12-31T00:00:00Z"), CaseCalendar.deadline(LocalDate.of(2027, 1, 6)), "GMT");
    assertEquals(Instant.parse("2027-06-30T23:00:00Z"), CaseCalendar.deadline(LocalDate.of(2027, 7, 7)), "BST");
  }

  @Test
  void thePackOpensOnTheDeadlineDay() {
    LocalDate meeting = LocalDate.of(2027, 1, 6);
    assertFalse(CaseCalendar.packOpen(meeting, LocalDate.of(2026, 12, 29)));
    assertTrue(CaseCalendar.packOpen(meeting, LocalDate.of(2026, 12, 30)));
    assertTrue(CaseCalendar.packOpen(meeting, LocalDate.of(2027, 1, 7)), "and stays open for the follow-up");
  }
}
