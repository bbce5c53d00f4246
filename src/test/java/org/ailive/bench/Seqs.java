package org.ailive.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which numbered events one client has: every seq received live or covered by a catch-up, from
 * its first join on, and the highest applied in order (as live.js applies them). Touched only on
 * the client's event loop.
 */
final class Seqs {

  /** The highest seq applied in order (-1: nothing yet, as live.js's null). */
  long lastApplied = -1;
  /** Seqs at or below this were never this client's to receive (before its first join). */
  long origin = -1;
  private final BitSet got = new BitSet();
  private final List<Long> early = new ArrayList<>();

  /** A live event: kept aside until the first join says where this client's history starts. */
  void received(long seq) {
    if (origin < 0) {
      early.add(seq);
      return;
    }
    mark(seq);
    advance();
  }

  /** The first {@code joined}: seqs up to {@code lastSeq} were before this client. */
  void firstJoin(long lastSeq) {
    if (origin < 0) {
      origin = lastSeq;
      early.forEach(this::mark);
      early.clear();
    }
  }

  /** A {@code sync} answer to a request for what came {@code after}. */
  void synced(Frame r, boolean withState, long after) {
    if (withState && r.stateLastSeq >= 0 && (lastApplied < 0 || r.more)) {
      // The state covers everything up to its lastSeq.
      for (long s = Math.max(origin + 1, lastApplied + 1); s <= r.stateLastSeq; s++) {
        mark(s);
      }
      lastApplied = Math.max(lastApplied, r.stateLastSeq);
    } else {
      if (lastApplied < 0) {
        lastApplied = after;
      }
      for (int i = 0; i < r.eventCount; i++) {
        mark(r.eventSeqs[i]);
      }
    }
    advance();
  }

  void mark(long seq) {
    if (seq > origin) {
      long i = seq - origin - 1;
      if (i < Integer.MAX_VALUE) {
        got.set((int) i);
      }
    }
  }

  boolean has(long seq) {
    return seq <= origin || got.get((int) (seq - origin - 1));
  }

  void advance() {
    if (lastApplied < 0) {
      return;
    }
    while (has(lastApplied + 1) && lastApplied + 1 <= origin + got.length()) {
      lastApplied++;
    }
  }

  /** Seqs after the first join, up to {@code finalSeq}, never received. */
  int missingUpTo(long finalSeq) {
    if (origin < 0) {
      return (int) Math.max(0, finalSeq);
    }
    int missing = 0;
    for (long s = origin + 1; s <= finalSeq; s++) {
      if (!has(s)) {
        missing++;
      }
    }
    return missing;
  }

  /** The first {@code max} seqs after the first join, up to {@code finalSeq}, never received. */
  List<Long> missing(long finalSeq, int max) {
    List<Long> out = new ArrayList<>();
    for (long s = origin + 1; s <= finalSeq && out.size() < max && origin >= 0; s++) {
      if (!has(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Seqs after the first join, up to {@code finalSeq}, received. */
  long receivedUpTo(long finalSeq) {
    long n = 0;
    if (origin < 0) {
      return 0;
    }
    for (long s = origin + 1; s <= finalSeq; s++) {
      if (has(s)) {
        n++;
      }
    }
    return n;
  }
}
