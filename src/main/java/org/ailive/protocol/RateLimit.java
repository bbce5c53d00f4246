package org.ailive.protocol;

/**
 * A token bucket: {@code burst} requests at once, then {@code perSecond} a second. One per socket
 * or per member, used on one event loop (not thread-safe on purpose).
 */
public final class RateLimit {

  private final double perSecond;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public RateLimit(double perSecond, double burst) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = System.nanoTime();
  }

  public boolean tryTake() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
    lastNanos = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
