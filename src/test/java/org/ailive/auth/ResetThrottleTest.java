package org.ailive.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How often a password reset may be asked for, per e-mail and per address, with a clock of our own. */
class ResetThrottleTest {

  @Test
  void anEmailMayAskThreeTimesInAQuarterOfAnHourAndAnAddressTen() {
    ResetThrottle throttle = new ResetThrottle();
    Instant now = Instant.parse("2026-12-02T09:00:00Z");
    for (int i = 0; i < ResetThrottle.PER_EMAIL; i++) {
      assertEquals(0, throttle.retryAfterSeconds("a@x.example", "10.0.0.1", now.plusSeconds(i)));
    }
    long wait = throttle.retryAfterSeconds(" A@X.example", "10.0.0.2", now.plusSeconds(60));
    assertEquals(ResetThrottle.WINDOW.toSeconds() - 60, wait, "until the first of the three leaves the window");
    assertEquals(0, throttle.retryAfterSeconds("a@x.example", "10.0.0.2", now.plus(ResetThrottle.WINDOW).plusSeconds(1)));

    // One address asking for many e-mails (made up or not) is stopped too.
    for (int i = 0; i < ResetThrottle.PER_ADDRESS; i++) {
      assertEquals(0, throttle.retryAfterSeconds("someone" + i + "@x.example", "10.0.0.9", now));
    }
    assertTrue(throttle.retryAfterSeconds("someone-else@x.example", "10.0.0.9", now) > 0);
    assertEquals(0, throttle.retryAfterSeconds("someone-else@x.example", "10.0.0.10", now), "another address is not");
  }
}
