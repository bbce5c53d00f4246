package org.ailive.bench;

import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's commands waiting for their answer: each has its own reply address, and is given up
 * after 10 s as live.js does (a refused send gets an error frame with no address). Touched only on
 * the client's event loop.
 */
final class Requests {

  private static final long TIMEOUT_MS = 10_000;

  private final Fleet fleet;
  private final String prefix;
  private final Map<String, Promise<Frame>> pending = new HashMap<>();
  private int replySeq;

  Requests(Fleet fleet, int clientIndex) {
    this.fleet = fleet;
    this.prefix = "r" + clientIndex + ".";
  }

  /** Waits for {@code p}'s answer; returns the reply address to send it with. */
  String add(Promise<Frame> p) {
    String reply = prefix + (++replySeq);
    pending.put(reply, p);
    long timer = fleet.vertx.setTimer(TIMEOUT_MS, id -> {
      Promise<Frame> waiting = pending.remove(reply);
      if (waiting != null) {
        fleet.stats.error("request timeout");
        waiting.tryFail("timeout");
      }
    });
    p.future().onComplete(x -> fleet.vertx.cancelTimer(timer));
    return reply;
  }

  /** The request waiting on {@code address}, no longer waiting; null if none. */
  Promise<Frame> take(String address) {
    return pending.remove(address);
  }

  void failAll(String why) {
    if (!pending.isEmpty()) {
      List<Promise<Frame>> waiting = new ArrayList<>(pending.values());
      pending.clear();
      waiting.forEach(p -> p.tryFail(why));
    }
  }
}
