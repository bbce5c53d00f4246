package org.ailive.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The chairs: each changes its meeting's state (pause, resume, pause... the timer), paced at a rate
 * per meeting, or saturating with a number of commands in flight. Each change carries a fresh
 * idempotency key; its acknowledgement (after commit) is timed.
 */
public final class ChangeDriver {

  private final Fleet fleet;
  private final List<LiveClient> chairs;
  private final String keyPrefix;
  private final List<Chair> state = new ArrayList<>();
  public final LongAdder sent = new LongAdder();
  public final LongAdder acked = new LongAdder();
  public final LongAdder failed = new LongAdder();
  public final Map<String, Long> maxSeq = new ConcurrentHashMap<>();
  private volatile boolean running;

  private final class Chair {
    final LiveClient client;
    final int n;
    boolean nextPause = true;
    long counter;
    long timer = -1;

    Chair(LiveClient client, int n) {
      this.client = client;
      this.n = n;
    }
  }

  public ChangeDriver(Fleet fleet, List<LiveClient> chairs, String keyPrefix) {
    this.fleet = fleet;
    this.chairs = chairs;
    this.keyPrefix = keyPrefix;
    for (int i = 0; i < chairs.size(); i++) {
      state.add(new Chair(chairs.get(i), i));
    }
  }

  /** Every chair starts its timer (the first agenda item); waits for the acknowledgements. */
  public int startTimers() throws Exception {
    List<Future<Frame>> acks = new ArrayList<>();
    for (Chair c : state) {
      acks.add(c.client.request(new JsonObject().put("type", "timer.start").put("key", keyPrefix + c.n + "-start")));
    }
    int ok = 0;
    for (int i = 0; i < acks.size(); i++) {
      try {
        Frame r = acks.get(i).await(60, TimeUnit.SECONDS);
        if (r.isOk()) {
          ok++;
          maxSeq.merge(chairs.get(i).meetingId, r.seq, Math::max);
        } else {
          fleet.stats.error("timer.start: " + r.errorCode());
        }
      } catch (Exception e) {
        fleet.stats.error("timer.start: " + e.getMessage());
      }
    }
    return ok;
  }

  /** {@code perSecond} changes a second per meeting, the meetings' ticks spread over the period. */
  public void startPaced(double perSecond) {
    running = true;
    long period = Math.max(1, Math.round(1000 / perSecond));
    for (Chair c : state) {
      long offset = 1 + (period * c.n) / Math.max(1, state.size());
      c.client.ctx.runOnContext(v -> c.timer = fleet.vertx.setTimer(offset, id -> {
        if (running) {
          change(c);
          c.timer = fleet.vertx.setPeriodic(period, t -> {
            if (running) {
              change(c);
            }
          });
        }
      }));
    }
  }

  /**
   * Saturation: every sender socket (the chair's own and extra sockets of the chair, since the bridge
   * limits commands per socket) keeps one change outstanding until stopped. The changes set the
   * first item's minutes (15, 16, 15...): valid in any order, unlike pause/resume, so several
   * sockets of one meeting never refuse each other. A socket told {@code too_many_commands} waits.
   */
  public void startSaturating(List<LiveClient> senders, Map<String, String> firstItemOfMeeting) {
    running = true;
    for (LiveClient sender : senders) {
      sender.ctx.runOnContext(v -> saturate(sender, firstItemOfMeeting.get(sender.meetingId), new long[1]));
    }
  }

  private void saturate(LiveClient sender, String itemId, long[] n) {
    if (!running) {
      return;
    }
    long i = ++n[0];
    long t0 = System.nanoTime();
    sent.increment();
    sender.request(new JsonObject().put("type", "agenda.setMinutes").put("itemId", itemId)
        .put("minutes", 15 + (int) (i % 2)).put("key", keyPrefix + "s" + sender.index + "-" + i))
      .onComplete(ar -> {
        long wait = 0;
        if (ar.succeeded() && ar.result().isOk()) {
          acked.increment();
          maxSeq.merge(sender.meetingId, ar.result().seq, Math::max);
          if (fleet.stats.measuring) {
            Fleet.Stats.record(fleet.stats.ackLatency, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0),
              3_600_000_000L);
          }
        } else {
          failed.increment();
          String code = ar.succeeded() ? ar.result().errorCode() : String.valueOf(ar.cause().getMessage());
          fleet.stats.error("agenda.setMinutes: " + code);
          wait = "too_many_commands".equals(code) ? 100 : 20;
        }
        if (wait == 0) {
          saturate(sender, itemId, n);
        } else {
          fleet.vertx.setTimer(wait, id -> saturate(sender, itemId, n));
        }
      });
  }

  public void stop() throws Exception {
    running = false;
    List<Future<Void>> cancelled = new ArrayList<>();
    for (Chair c : state) {
      io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
      c.client.ctx.runOnContext(v -> {
        if (c.timer >= 0) {
          fleet.vertx.cancelTimer(c.timer);
          c.timer = -1;
        }
        p.complete();
      });
      cancelled.add(p.future());
    }
    Future.join(cancelled).await(30, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 20_000;
    while (outstanding() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }

  public long outstanding() {
    return sent.sum() - acked.sum() - failed.sum();
  }

  private void change(Chair c) {
    String type = c.nextPause ? "timer.pause" : "timer.resume";
    c.nextPause = !c.nextPause;
    String key = keyPrefix + c.n + "-" + (++c.counter);
    long t0 = System.nanoTime();
    sent.increment();
    c.client.request(new JsonObject().put("type", type).put("key", key)).onComplete(ar -> {
      if (ar.succeeded() && ar.result().isOk()) {
        acked.increment();
        maxSeq.merge(c.client.meetingId, ar.result().seq, Math::max);
        if (fleet.stats.measuring) {
          Fleet.Stats.record(fleet.stats.ackLatency, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0),
            3_600_000_000L);
        }
      } else {
        failed.increment();
        fleet.stats.error(type + ": " + (ar.succeeded() ? ar.result().errorCode() : ar.cause().getMessage()));
      }
    });
  }
}
