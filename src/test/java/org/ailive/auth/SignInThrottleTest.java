package org.ailive.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, 11a: failed sign-ins slow the next attempt more and more, per e-mail and per address,
 * and never lock a member out; e-mails fold case the same in every locale; the maps stay bounded.
 */
class SignInThrottleTest {

  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  static final String CHAIR = "chair@council.example";

  /** One failed attempt at {@code at}: allowed to go ahead, then failed. */
  static void fail(SignInThrottle t, String email, String address, Instant at) {
    assertEquals(0, t.retryAfterSeconds(email, address, at), "this attempt may go ahead");
    t.failed(email, address, at);
  }

  @Test
  void anAccountsWaitGrowsWithItsFailuresAndStopsAtAMinute() {
    SignInThrottle t = new SignInThrottle();
    Instant now = T0;
    for (int i = 0; i < SignInThrottle.ACCOUNT_FREE_FAILURES; i++) {
      fail(t, CHAIR, "10.0.0." + i, now);
    }
    long previous = 0;
    for (int i = 0; i < 12; i++) {
      long wait = t.retryAfterSeconds(CHAIR, "10.0.1." + i, now);
      assertTrue(wait >= previous && wait <= 60, "wait " + wait + " after " + (5 + i) + " failures");
      previous = wait;
      now = now.plusSeconds(wait);
      fail(t, CHAIR, "10.0.1." + i, now);
    }
    assertEquals(60, t.retryAfterSeconds(CHAIR, "10.9.9.9", now), "capped at a minute");
    assertEquals(0, t.retryAfterSeconds(CHAIR, "10.9.9.9", now.plusSeconds(60)), "then the chair may try");
  }

  @Test
  void someoneGuessingAtTheChairCannotLockTheChairOut() {
    SignInThrottle t = new SignInThrottle();
    String attacker = "203.0.113.7";
    Instant now = T0;
    for (int i = 0; i < 200; i++) {
      long wait = t.retryAfterSeconds(CHAIR, attacker, now);
      if (wait == 0) {
        t.failed(CHAIR, attacker, now);
      }
      now = now.plusSeconds(3);
    }
    // From the chair's own address: at most the account's minute, never the 15-minute lock of old.
    long chairWaits = t.retryAfterSeconds(CHAIR, "192.0.2.10", now);
    assertTrue(chairWaits <= 60, "the chair waits " + chairWaits + " s");
    assertEquals(0, t.retryAfterSeconds(CHAIR, "192.0.2.10", now.plusSeconds(chairWaits)));
    t.succeeded(CHAIR, "192.0.2.10");
    assertEquals(0, t.retryAfterSeconds(CHAIR, "192.0.2.10", now.plusSeconds(chairWaits + 1)), "signed in: counted afresh");
    // An address that guesses at many accounts, though, waits longer and longer, up to 15 minutes.
    String sprayer = "203.0.113.99";
    long longest = 0;
    for (int i = 0; i < 40; i++) {
      String email = "member" + i + "@council.example";
      long wait = t.retryAfterSeconds(email, sprayer, now);
      longest = Math.max(longest, wait);
      now = now.plusSeconds(wait);
      fail(t, email, sprayer, now);
    }
    assertTrue(longest > 60 && longest <= 15 * 60, "the guessing address waited up to " + longest + " s");
  }

  @Test
  void attemptsSentAllAtOnceAreCountedBeforeTheyFail() {
    SignInThrottle t = new SignInThrottle();
    int allowed = 0;
    for (int i = 0; i < 20; i++) {
      if (t.retryAfterSeconds(CHAIR, "198.51.100." + i, T0) == 0) {
        allowed++;
      }
    }
    assertEquals(SignInThrottle.ACCOUNT_FREE_FAILURES, allowed, "guesses in flight count as failures");
  }

  @Test
  void aSharedOfficeAddressIsNotSlowedBySuccessfulSignIns() {
    SignInThrottle t = new SignInThrottle();
    for (int i = 0; i < 100; i++) {
      String email = "member" + i + "@council.example";
      assertEquals(0, t.retryAfterSeconds(email, "192.0.2.1", T0.plusSeconds(i * 3L)), "sign-in " + i);
      t.succeeded(email, "192.0.2.1");
    }
  }

  @Test
  void eMailsFoldCaseTheSameInEveryLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      SignInThrottle t = new SignInThrottle();
      for (int i = 0; i < SignInThrottle.ACCOUNT_FREE_FAILURES; i++) {
        fail(t, i % 2 == 0 ? "CHAIR@COUNCIL.EXAMPLE" : CHAIR, "10.0.0." + i, T0);
      }
      assertTrue(t.retryAfterSeconds(" Chair@Council.Example ", "10.0.0.99", T0) > 0,
        "one account whatever the case (in Turkish, 'I' lower-cases to a dotless i)");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void theMapsStayBoundedUnderAFloodOfMadeUpAccounts() {
    SignInThrottle t = new SignInThrottle();
    for (int i = 0; i < SignInThrottle.TRACKED * 3; i++) {
      String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      t.retryAfterSeconds("made-up-" + i + "@example.com", address, T0);
      t.failed("made-up-" + i + "@example.com", address, T0);
    }
    assertTrue(t.tracked() <= SignInThrottle.TRACKED, "tracked " + t.tracked());
  }
}
