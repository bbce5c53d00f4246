package org.ailive.bench;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * The cheap path for what the harness measures most (issue 22, item 1): a numbered event on one
 * meeting's {@code .events} is recognised by its first bytes and its seq, {@code at} and
 * {@code serverTime} read in place, with no copy of the frame and no parse. One per client; not
 * thread-safe (a client's frames arrive on its own event loop).
 */
final class EventScan {

  private static final byte[] AT = ",\"at\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_TIME = ",\"serverTime\":".getBytes(StandardCharsets.US_ASCII);

  /** How every numbered event on the address begins on the wire (A&amp;I Live's and the baseline's). */
  private final byte[] eventPrefix;
  /** What the last successful {@link #read} found. */
  long seq;
  long at;
  long serverTime;

  EventScan(String eventsAddress) {
    this.eventPrefix = ("{\"type\":\"rec\",\"address\":\"" + eventsAddress + "\",\"body\":{\"seq\":")
      .getBytes(StandardCharsets.US_ASCII);
  }

  /** True if {@code data} is a numbered event of the address (then {@link #seq}, {@link #at}, {@link #serverTime} are set). */
  boolean read(Buffer data) {
    int n = eventPrefix.length;
    int len = data.length();
    if (len <= n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (data.getByte(i) != eventPrefix[i]) {
        return false;
      }
    }
    long s = digits(data, n);
    int a = find(data, AT, n, Math.min(len, n + 200));
    int st = len > 40 ? find(data, SERVER_TIME, len - 40, len) : -1;
    if (s < 0 || a < 0 || st < 0) {
      return false;
    }
    seq = s;
    at = digits(data, a + AT.length);
    serverTime = digits(data, st + SERVER_TIME.length);
    return true;
  }

  /** The whole number starting at {@code from}, or -1. */
  private static long digits(Buffer data, int from) {
    long v = 0;
    int i = from;
    for (; i < data.length(); i++) {
      byte b = data.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      v = v * 10 + (b - '0');
    }
    return i == from ? -1 : v;
  }

  /** Where {@code what} starts in {@code data} between {@code from} and {@code to}, or -1. */
  private static int find(Buffer data, byte[] what, int from, int to) {
    outer:
    for (int i = from; i + what.length <= to; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data.getByte(i + j) != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
