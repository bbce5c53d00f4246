package org.ailive.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How often a password reset may be asked for: {@link #PER_EMAIL} times per e-mail and
 * {@link #PER_ADDRESS} times per client address in any {@link #WINDOW}, whether the e-mail belongs
 * to a member or not (so the refusal says nothing about who is a member). Like
 * {@link SignInThrottle}: per node, in memory, in maps of bounded size, so a flood of made-up
 * e-mails evicts the oldest entries and cannot exhaust memory.
 */
public final class ResetThrottle {

  static final int PER_EMAIL = 3;
  static final int PER_ADDRESS = 10;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final int TRACKED = 10_000;

  private final Map<String, Deque<Instant>> emails = bounded();
  private final Map<String, Deque<Instant>> addresses = bounded();

  private static Map<String, Deque<Instant>> bounded() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
        return size() > TRACKED;
      }
    };
  }

  /** Seconds to wait before asking again, or 0 when this request may go ahead (it then counts). */
  public synchronized long retryAfterSeconds(String email, String address, Instant now) {
    Deque<Instant> byEmail = recent(emails, email.trim().toLowerCase(Locale.ROOT), now);
    Deque<Instant> byAddress = recent(addresses, address, now);
    Instant until = null;
    if (byEmail.size() >= PER_EMAIL) {
      until = byEmail.peekFirst().plus(WINDOW);
    }
    if (byAddress.size() >= PER_ADDRESS) {
      Instant other = byAddress.peekFirst().plus(WINDOW);
      until = until == null || other.isAfter(until) ? other : until;
    }
    if (until != null) {
      return Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
    }
    byEmail.addLast(now);
    byAddress.addLast(now);
    return 0;
  }

  private static Deque<Instant> recent(Map<String, Deque<Instant>> map, String key, Instant now) {
    Deque<Instant> times = map.computeIfAbsent(key, k -> new ArrayDeque<>());
    while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
      times.removeFirst();
    }
    return times;
  }
}
