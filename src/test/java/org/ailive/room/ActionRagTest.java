package org.ailive.room;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The RAG rating at its boundaries: the rule the pages and the exports all take from ActionRag. */
class ActionRagTest {

  static final LocalDate TODAY = LocalDate.of(2027, 3, 10);
  static final LocalDate RECENT = TODAY.minusDays(3);

  @Test
  void amberWithinFourteenDaysGreenFromFifteen() {
    assertEquals("Amber: Due within 14 days", rag("open", TODAY.plusDays(14), RECENT));
    assertEquals("Green: On track", rag("open", TODAY.plusDays(15), RECENT));
    assertEquals("Amber: Due within 14 days", rag("in_progress", TODAY, RECENT), "due today is not overdue yet");
  }

  @Test
  void redWhenOverdue() {
    assertEquals("Red: Overdue", rag("open", TODAY.minusDays(1), RECENT));
    assertEquals("Red: Overdue", rag("done_awaiting_agreement", TODAY.minusDays(1), RECENT));
  }

  @Test
  void redAfterTwoMonthsWithoutProgress() {
    LocalDate due = TODAY.plusDays(30);
    assertEquals("Red: No progress for 2 months", rag("open", due, TODAY.minusMonths(2)));
    assertEquals("Green: On track", rag("open", due, TODAY.minusMonths(2).plusDays(1)));
    assertEquals("Red: No progress for 2 months", rag("in_progress", due, TODAY.minusMonths(3)));
    // Reported done: the panel is asked to agree it closes, so it no longer goes stale.
    assertEquals("Green: On track", rag("done_awaiting_agreement", due, TODAY.minusMonths(3)));
    // Overdue says more than stale.
    assertEquals("Red: Overdue", rag("open", TODAY.minusDays(1), TODAY.minusMonths(3)));
  }

  @Test
  void actionsNotFollowedUpHaveNoRating() {
    for (String status : new String[] {"closed", "dropped", "proposed", "returned"}) {
      assertNull(ActionRag.of(status, TODAY.minusDays(5), TODAY.minusMonths(4), TODAY), status);
    }
  }

  private static String rag(String status, LocalDate due, LocalDate noProgressSince) {
    return ActionRag.of(status, due, noProgressSince, TODAY).text();
  }
}
