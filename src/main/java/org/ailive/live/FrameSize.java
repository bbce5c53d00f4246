package org.ailive.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Whether a frame from a client is larger than the bridge takes, decided without encoding it
 * again in the common case: a walk of the message bounds its encoded length from above (each
 * character of a string as a six-character escape at worst), and only a message whose bound is
 * over the limit is encoded to measure it exactly. Same answer as measuring every frame's encoding.
 */
final class FrameSize {

  /** Deeper than this the walk stops and the message is measured exactly. */
  private static final int MAX_DEPTH = 16;
  /** Longer than any int, long, double or literal's encoding (a double's is at most 24 characters). */
  private static final long SCALAR = 32;

  private FrameSize() {
  }

  static boolean over(JsonObject raw, int maxChars) {
    long bound = bound(raw, 0);
    return bound > maxChars && raw.encode().length() > maxChars;
  }

  /** An upper bound of the value's encoded length; {@code Long.MAX_VALUE} when it cannot tell. */
  private static long bound(Object value, int depth) {
    if (value == null || value instanceof Integer || value instanceof Long || value instanceof Double
      || value instanceof Boolean) {
      return SCALAR;
    }
    if (value instanceof String s) {
      return 2 + 6L * s.length();
    }
    if (depth >= MAX_DEPTH) {
      return Long.MAX_VALUE;
    }
    long sum = 2;
    if (value instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        sum = add(sum, 2 + 6L * e.getKey().length() + 2 + bound(e.getValue(), depth + 1));
      }
      return sum;
    }
    if (value instanceof JsonArray a) {
      for (Object v : a) {
        sum = add(sum, 1 + bound(v, depth + 1));
      }
      return sum;
    }
    return Long.MAX_VALUE;
  }

  private static long add(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
