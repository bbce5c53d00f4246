package org.ailive.bench;

import org.ailive.bench.Report.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark harness end to end, small and short: every scenario (A, B, B-stress, B2, C, D) against
 * A&amp;I Live in its own JVM (seeded by SQL, a real sign-in, real bridge clients) and against the
 * bare baseline server (B2: two clustered node JVMs against one). Proves the tool works; the full runs ({@code bin/bench all}) stay out of CI.
 */
class BenchSmokeTest {

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void everyScenarioRunsEndToEndWithoutLoss() throws Exception {
    BenchOptions options = BenchOptions.parse("all",
      "--meetings", "2", "--members", "5", "--agenda-items", "4",
      "--fresh-server", "false", "--pin", "false", "--report", "none", "--out", "target/bench-smoke",
      "--warmup", "1", "--seconds", "2", "--idle-seconds", "1", "--max-seconds", "2", "--inflight", "2",
      "--rate", "2", "--rates", "20,40", "--step-seconds", "2", "--baseline-seconds", "1",
      "--down-ms", "500", "--deadline", "30", "--drain-seconds", "10", "--setup-timeout", "60", "--wait-quiet", "0",
      "--clock-samples", "1", "--connect-concurrency", "20");
    Bench bench = new Bench(options, "BenchSmokeTest");
    Map<String, Result> results = bench.run().stream().collect(Collectors.toMap(r -> r.scenario, Function.identity()));
    assertEquals(List.of("A", "B", "B-stress", "B2", "C", "D").stream().sorted().toList(),
      results.keySet().stream().sorted().toList());
    assertTrue(bench.signInNote() != null && bench.signInNote().contains("200"), "one real sign-in");

    Result a = results.get("A");
    assertEquals(10, a.metric("live.connected"), "A: every member connected and joined");
    assertEquals(10, a.metric("baseline.connected"));
    // Issue 22, item 1: the load JVM's share of its core is known beside every baseline.
    for (String name : List.of("A", "B", "C", "D")) {
      assertTrue(!Double.isNaN(results.get(name).metric("baseline.loadCpuPercent")), name + ": load share recorded");
    }

    for (String name : List.of("B", "B-stress")) {
      Result b = results.get(name);
      assertEquals(b.metric("live.clients"), b.metric("live.joined"), name + ": everyone joined");
      assertTrue(b.metric("live.received") > 0, name + ": events were counted");
      assertEquals(0, b.metric("live.lost"), name + ": nothing lost");
      assertEquals(0, b.metric("live.outOfOrder"), name + ": in order");
      assertTrue(b.metric("baseline.received") > 0, name + ": the baseline delivered too");
      assertEquals(0, b.metric("baseline.lost"));
    }
    assertEquals(0, results.get("B").metric("live.satLost"), "B: the saturation phase lost nothing");

    // B2: one clustered node, then two (real JVMs, Hazelcast over loopback, a Postgres the bench
    // started), clients connected straight to each node.
    Result b2 = results.get("B2");
    for (String side : List.of("one", "live")) {
      assertEquals(b2.metric(side + ".clients"), b2.metric(side + ".joined"), "B2 " + side + ": everyone joined");
      assertTrue(b2.metric(side + ".received") > 0, "B2 " + side + ": events were counted");
      assertEquals(0, b2.metric(side + ".lost"), "B2 " + side + ": nothing lost");
      assertEquals(0, b2.metric(side + ".outOfOrder"), "B2 " + side + ": in order");
    }
    assertEquals(0, b2.metric("live.satLost"), "B2 two nodes: the saturation phase lost nothing");
    assertEquals(2, b2.metric("live.owners.total"), "B2: a node of the cluster owns each meeting: " + b2.notes);

    Result c = results.get("C");
    assertTrue(c.metric("live.acked") > 0, "C: contributions and actions were acknowledged");
    assertEquals(0, c.metric("live.failed"), "C: none refused at a small rate");
    assertTrue(c.metric("baseline.rowsPerSecond") > 0, "C: the INSERT baseline ran");

    Result d = results.get("D");
    assertEquals(d.metric("live.clients"), d.metric("live.rejoined"), "D: every client rejoined and caught up");
    assertTrue(d.metric("live.received") > 0);
    assertEquals(0, d.metric("live.lost"), "D: nothing lost across the storm");
    assertEquals(0, d.metric("baseline.lost"));
    // Issue 22, item 1: the load client reads nearly every event by its cheap scan (the one client
    // that captures a payload, and anything unusual, takes the parser).
    long events = LiveClient.EVENTS.sum();
    assertTrue(events > 0 && LiveClient.SCANNED.sum() >= 0.9 * events,
      "events read by the cheap scan: " + LiveClient.SCANNED.sum() + " of " + events);
  }
}
