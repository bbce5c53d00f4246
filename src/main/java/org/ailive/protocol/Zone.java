package org.ailive.protocol;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Councils in this product are in England and Wales: meeting times, due dates, "today" and every
 * clock shown to people are local to London. SQL that needs the same zone names it as
 * {@link #SQL_NAME}.
 */
public final class Zone {

  public static final ZoneId LONDON = ZoneId.of("Europe/London");
  /** The same zone as Postgres names it, for {@code AT TIME ZONE}. */
  public static final String SQL_NAME = "Europe/London";

  private Zone() {
  }

  public static LocalDate today() {
    return LocalDate.now(LONDON);
  }
}
