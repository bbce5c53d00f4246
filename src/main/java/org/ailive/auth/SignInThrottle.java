package org.ailive.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing without handing anyone a way to lock a member out. Failed sign-ins are
 * counted per e-mail and per address; past a few free failures each one makes the next attempt
 * wait longer (1 s, 2 s, 4 s, …), right password or not. An e-mail's wait stops growing at
 * {@link #ACCOUNT_MAX_DELAY}, so someone guessing at the chair's account from elsewhere costs the
 * chair a minute at most; an address's wait grows to {@link #ADDRESS_MAX_DELAY}, so one machine
 * guessing at many accounts is slowed for real (its free failures are more, as a council office
 * may share one address). Counts are forgotten after {@link #QUIET} without a failure. One address
 * may also try at most {@link #MAX_PER_ADDRESS} sign-ins a minute. Per node and in memory, in maps
 * of bounded size: a flood of made-up e-mails evicts the oldest entries, it cannot exhaust memory.
 */
public final class SignInThrottle {

  static final int ACCOUNT_FREE_FAILURES = 5;
  static final Duration ACCOUNT_MAX_DELAY = Duration.ofMinutes(1);
  static final int ADDRESS_FREE_FAILURES = 20;
  static final Duration ADDRESS_MAX_DELAY = Duration.ofMinutes(15);
  static final Duration QUIET = Duration.ofMinutes(15);
  static final int MAX_PER_ADDRESS = 30;
  static final int TRACKED = 10_000;

  /** Failures in a row for one key, and when the last one was. */
  private record Failures(int count, Instant last) {
  }

  private final Map<String, Failures> accounts = bounded();
  private final Map<String, Failures> addresses = bounded();
  private final Map<String, Deque<Instant>> attempts = bounded();

  private static <V> Map<String, V> bounded() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > TRACKED;
      }
    };
  }

  /**
   * Seconds to wait before trying again, or 0 when this attempt may go ahead. An attempt that goes
   * ahead counts as a failure until it succeeds, so guesses sent all at once are slowed too.
   */
  public synchronized long retryAfterSeconds(String email, String address, Instant now) {
    Instant until = later(waitUntil(accounts.get(key(email)), ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_DELAY),
      waitUntil(addresses.get(address), ADDRESS_FREE_FAILURES, ADDRESS_MAX_DELAY));
    Deque<Instant> recent = attempts.computeIfAbsent(address, a -> new ArrayDeque<>());
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
      recent.removeFirst();
    }
    if (recent.size() >= MAX_PER_ADDRESS) {
      until = later(until, recent.peekFirst().plus(Duration.ofMinutes(1)));
    }
    if (until != null && until.isAfter(now)) {
      return Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
    }
    recent.addLast(now);
    count(accounts, key(email), now);
    count(addresses, address, now);
    return 0;
  }

  /** The attempt failed: the wait runs from now. True when the next attempt for this e-mail or from this address must wait. */
  public synchronized boolean failed(String email, String address, Instant now) {
    Failures account = touch(accounts, key(email), now);
    Failures from = touch(addresses, address, now);
    return account.count() >= ACCOUNT_FREE_FAILURES || from.count() >= ADDRESS_FREE_FAILURES;
  }

  /** The right password, in time: the e-mail's count starts again, and this attempt is no failure of the address. */
  public synchronized void succeeded(String email, String address) {
    accounts.remove(key(email));
    Failures from = addresses.get(address);
    if (from != null && from.count() <= 1) {
      addresses.remove(address);
    } else if (from != null) {
      addresses.put(address, new Failures(from.count() - 1, from.last()));
    }
  }

  synchronized int tracked() {
    return Math.max(accounts.size(), Math.max(addresses.size(), attempts.size()));
  }

  private static Failures count(Map<String, Failures> map, String key, Instant now) {
    Failures before = map.get(key);
    Failures after = new Failures(before == null || quiet(before, now) ? 1 : before.count() + 1, now);
    map.put(key, after);
    return after;
  }

  private static Failures touch(Map<String, Failures> map, String key, Instant now) {
    Failures before = map.get(key);
    Failures after = new Failures(before == null ? 1 : before.count(), now);
    map.put(key, after);
    return after;
  }

  private static boolean quiet(Failures f, Instant now) {
    return f.last().plus(QUIET).isBefore(now);
  }

  /** When the next attempt may be made after these failures: 1 s after the first beyond the free ones, doubling. */
  private static Instant waitUntil(Failures f, int free, Duration max) {
    if (f == null || f.count() < free) {
      return null;
    }
    int doublings = Math.min(f.count() - free, 30);
    long seconds = Math.min(max.toSeconds(), 1L << doublings);
    return f.last().plusSeconds(seconds);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  private static String key(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }
}
