package org.ailive.cluster;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.ailive.cluster.ClusterTest.*;
import static org.ailive.cluster.Loopback.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream of changes through a node's stop, and what must hold after it: {@link ClusterTest}'s and {@link FailoverBench}'s. */
final class FailoverStream {

  private FailoverStream() {
  }

  /**
   * A client whose acknowledgement was lost with the dead node sends its change again, with its key:
   * the new owner answers it as a duplicate, with the seq the dead owner gave it, and logs nothing new.
   */
  static void theNewOwnerAnswersWhatTheDeadOneAcknowledgedAsADuplicate(Streamed streamed, int dead) throws Exception {
    long before = lastSeq();
    List<Map.Entry<String, MeetingClient>> resent = streamed.ackedBeforeStop().entrySet().stream()
      .filter(e -> e.getValue().startNode == dead).limit(3).toList();
    assertTrue(!resent.isEmpty(), "the dead node's clients had changes acknowledged before the kill");
    for (Map.Entry<String, MeetingClient> e : resent) {
      JsonObject ack = e.getValue().send("contribution.add", e.getKey(), "Sent again after the failover");
      assertEquals(200, ack.getInteger("status"), ack.encode());
      assertEquals(true, ack.getBoolean("duplicate"), e.getKey() + " answered as a duplicate: " + ack.encode());
      assertEquals(streamed.acked().get(e.getKey()), ack.getLong("seq"), e.getKey() + " keeps its seq");
    }
    assertEquals(before, lastSeq(), "nothing was logged again");
  }

  /** What a stream of changes through a node's stop left: what was acknowledged, and when it was served again. */
  record Streamed(long seqAtStart, Map<String, Long> acked, long failoverMs, long longestPauseMs,
                  Map<String, MeetingClient> ackedBeforeStop) {
  }

  /**
   * Every client sends a change every ~50 ms (resending with the same key until answered, moving to
   * another node when its own is gone) while {@code stop} stops node {@code stopped} 2 s in.
   */
  static Streamed stream(int stopped, ThrowingRunnable stop) throws Exception {
    down.add(stopped);
    // Keys unique to this stream: a key of an earlier one would be answered as its duplicate.
    int streamNo = STREAMS.incrementAndGet();
    for (MeetingClient c : clients) {
      c.rejoinsBefore = c.rejoins();
      c.startNode = c.node;
    }
    long seqAtStart = lastSeq();
    Map<String, Long> acked = new ConcurrentHashMap<>();
    Map<String, MeetingClient> ackedBeforeStop = new ConcurrentHashMap<>();
    List<Long> ackTimes = java.util.Collections.synchronizedList(new ArrayList<>());
    long[] stoppedAt = {Long.MAX_VALUE};
    long[] firstServed = {Long.MAX_VALUE};
    java.util.concurrent.atomic.AtomicBoolean streaming = new java.util.concurrent.atomic.AtomicBoolean(true);
    List<Thread> senders = new ArrayList<>();
    for (MeetingClient c : clients) {
      Thread t = new Thread(() -> {
        int n = 0;
        while (streaming.get()) {
          String key = c.name + "-stream-" + streamNo + "-" + n;
          long sentAt = System.nanoTime();
          JsonObject ack = c.closed() ? null : c.trySend("contribution.add", key, "Stream " + n + " from " + c.name);
          if (ack != null && ack.getInteger("status") == 200) {
            acked.put(key, ack.getLong("seq"));
            ackTimes.add(System.nanoTime());
            if (System.nanoTime() < stoppedAt[0]) {
              ackedBeforeStop.put(key, c);
            }
            if (sentAt > stoppedAt[0]) {
              synchronized (firstServed) {
                firstServed[0] = Math.min(firstServed[0], System.nanoTime());
              }
            }
            n++;
          } else if (c.closed()) {
            // Its node is gone: the load balancer sends it to another, where it joins and catches up.
            c.reconnect(balancer.port);
          } else {
            sleep(100);
          }
          sleep(50);
        }
      });
      t.start();
      senders.add(t);
    }
    Thread.sleep(2_000);
    stoppedAt[0] = System.nanoTime();
    stop.run();
    long deadline = System.currentTimeMillis() + 20_000;
    while (firstServed[0] == Long.MAX_VALUE && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(3_000);
    streaming.set(false);
    for (Thread t : senders) {
      t.join(20_000);
    }
    assertTrue(firstServed[0] != Long.MAX_VALUE, "the meeting was served again after the stop");
    assertTrue(acked.values().stream().anyMatch(s -> s > seqAtStart), "the stream ran");
    // The longest time no client had a change acknowledged, from the stop on.
    List<Long> times = new ArrayList<>(ackTimes);
    times.add(stoppedAt[0]);
    java.util.Collections.sort(times);
    long pause = 0;
    for (int i = 1; i < times.size(); i++) {
      if (times.get(i) > stoppedAt[0]) {
        pause = Math.max(pause, times.get(i) - times.get(i - 1));
      }
    }
    return new Streamed(seqAtStart, acked, TimeUnit.NANOSECONDS.toMillis(firstServed[0] - stoppedAt[0]),
      TimeUnit.NANOSECONDS.toMillis(pause), ackedBeforeStop);
  }

  /**
   * Every acknowledged change is in the log exactly once, at the seq it was acknowledged with; every
   * client catches up to the end of the log; those on nodes still up kept receiving live and were
   * told to catch up from the new owner.
   */
  static void nothingLostAndEveryoneCaughtUp(Streamed streamed, int stopped) throws Exception {
    Map<String, List<Long>> logged = new HashMap<>();
    for (Row r : pool.preparedQuery("SELECT idempotency_key, seq FROM meeting_event WHERE meeting_id = $1 AND seq > $2")
      .execute(Tuple.of(meeting.id(), streamed.seqAtStart())).await(20, TimeUnit.SECONDS)) {
      if (r.getString(0) != null) {
        logged.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getLong(1));
      }
    }
    List<String> wrong = new ArrayList<>();
    streamed.acked().forEach((key, seq) -> {
      if (!List.of(seq).equals(logged.get(key))) {
        wrong.add(key + " acked as " + seq + ", logged as " + logged.get(key));
      }
    });
    assertEquals(List.of(), wrong, "acknowledged changes not in the log exactly once");
    long last = lastSeq();
    for (MeetingClient c : clients) {
      c.catchUp(last);
      List<Long> seqs = c.allSeqs();
      List<Long> missing = new ArrayList<>();
      for (long s = c.firstSeq(); s <= last; s++) {
        if (!seqs.contains(s)) {
          missing.add(s);
        }
      }
      assertEquals(List.of(), missing, c.name + " caught up to " + last);
      if (c.startNode == stopped) {
        assertTrue(c.node >= 0 && c.node != stopped, c.name + " was on node" + stopped + " and reconnected through"
          + " HAProxy to another node: node" + c.node);
      }
      if (c.startNode != stopped) {
        assertTrue(c.rejoins() > c.rejoinsBefore, c.name + " on a node still up was told to catch up from the new"
          + " owner: " + c.notices());
        assertTrue(c.liveSeqs().stream().anyMatch(s -> s > last - 3), c.name + " kept receiving events live");
      }
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
