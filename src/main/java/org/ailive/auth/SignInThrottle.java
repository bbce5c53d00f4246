package org.ailive.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed sign-ins for one e-mail within
 * {@link #WINDOW}, that e-mail is locked for {@link #LOCK}, right password or not; and one address
 * may try at most {@link #MAX_PER_ADDRESS} sign-ins a minute. Per node, in memory: a lock-out that a
 * restart forgets costs an attacker one restart, not a bypass.
 */
public final class SignInThrottle {

  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration LOCK = Duration.ofMinutes(15);
  static final int MAX_PER_ADDRESS = 30;

  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

  /** Seconds to wait before trying again, or 0 when this attempt may go ahead. */
  public long retryAfterSeconds(String email, String address, Instant now) {
    Instant until = lockedUntil.get(key(email));
    if (until != null && until.isAfter(now)) {
      return Math.max(1, Duration.between(now, until).toSeconds());
    }
    Deque<Instant> recent = recent(attempts, address, now, Duration.ofMinutes(1));
    if (recent.size() >= MAX_PER_ADDRESS) {
      return Math.max(1, Duration.between(now, recent.peekFirst().plus(Duration.ofMinutes(1))).toSeconds());
    }
    synchronized (recent) {
      recent.addLast(now);
    }
    return 0;
  }

  /** Records a failure; true when it locked the e-mail. */
  public boolean failed(String email, Instant now) {
    Deque<Instant> recent = recent(failures, key(email), now, WINDOW);
    synchronized (recent) {
      recent.addLast(now);
      if (recent.size() >= MAX_FAILURES) {
        lockedUntil.put(key(email), now.plus(LOCK));
        recent.clear();
        return true;
      }
    }
    return false;
  }

  public void succeeded(String email) {
    failures.remove(key(email));
  }

  private static Deque<Instant> recent(Map<String, Deque<Instant>> map, String key, Instant now, Duration window) {
    Deque<Instant> times = map.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(window))) {
        times.removeFirst();
      }
    }
    return times;
  }

  private static String key(String email) {
    return email.trim().toLowerCase();
  }
}
