package org.ailive.reports;

import io.vertx.ext.web.RoutingContext;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Query;
import org.ailive.protocol.Zone;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar quarter, written {@code 2026-Q4} as the outcomes report already keys them: what the
 * quarterly pack for the Local Implementation Groups covers (R11).
 */
record Quarter(int year, int number) {

  private static final Pattern FORM = Pattern.compile("(\\d{4})-Q([1-4])");

  /**
   * {@code ?quarter=}, or by default the last quarter that has ended (the one a LIG hears about).
   * A quarter that has not started yet is refused: its pack could only be empty.
   */
  static Quarter from(RoutingContext ctx) {
    String text = Query.text(ctx, "quarter", 10);
    LocalDate today = LocalDate.now(Zone.LONDON);
    Quarter current = of(today);
    if (text == null) {
      return current.minus(1);
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw ApiError.invalid("quarter", "must be written like 2026-Q4 (a year, then Q1 to Q4)");
    }
    Quarter asked = new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    if (asked.year < 2000) {
      throw ApiError.invalid("quarter", "must be from 2000 on");
    }
    if (asked.from().isAfter(today)) {
      throw ApiError.invalid("quarter", "has not started yet (the latest is " + current.key() + ")");
    }
    return asked;
  }

  static Quarter of(LocalDate date) {
    return new Quarter(date.getYear(), (date.getMonthValue() - 1) / 3 + 1);
  }

  LocalDate from() {
    return LocalDate.of(year, (number - 1) * 3 + 1, 1);
  }

  LocalDate to() {
    return from().plusMonths(3).minusDays(1);
  }

  Quarter minus(int quarters) {
    int index = year * 4 + (number - 1) - quarters;
    return new Quarter(Math.floorDiv(index, 4), Math.floorMod(index, 4) + 1);
  }

  /** This quarter and the three before it, oldest first: the attendance trend's columns. */
  List<Quarter> lastFour() {
    List<Quarter> out = new ArrayList<>();
    for (int i = 3; i >= 0; i--) {
      out.add(minus(i));
    }
    return out;
  }

  /** {@code 2026-Q4}, as the outcomes report keys quarters. */
  String key() {
    return year + "-Q" + number;
  }

  /** {@code 2026 Q4 (Oct–Dec)}, as the outcomes report labels them. */
  String label() {
    return OutcomesReport.quarterLabel(key());
  }
}
