package org.ailive.bench;

import org.ailive.bench.Report.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario B2 end to end, small and short: a Postgres started by the bench, one clustered node,
 * then two (real JVMs, Hazelcast over loopback), real bridge clients connected straight to each
 * node. Proves the tool works and the cluster delivers every event in order on both nodes, with
 * the meetings owned by both; the full run ({@code bin/bench B2}) stays out of CI.
 */
class ClusterBenchSmokeTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void bOnTwoClusteredNodesAgainstOneRunsEndToEndWithoutLoss() throws Exception {
    BenchOptions options = BenchOptions.parse("B2",
      "--meetings", "4", "--members", "5", "--agenda-items", "4",
      "--pin", "false", "--report", "none", "--out", "target/bench-smoke",
      "--warmup", "1", "--seconds", "2", "--max-seconds", "2", "--inflight", "2", "--rate", "2",
      "--drain-seconds", "10", "--setup-timeout", "60", "--wait-quiet", "0", "--clock-samples", "1",
      "--connect-concurrency", "20", "--server-java-opts", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    List<Result> results = new Bench(options, "ClusterBenchSmokeTest").run();
    assertEquals(1, results.size());
    Result b2 = results.get(0);
    for (String side : List.of("one", "live")) {
      assertEquals(b2.metric(side + ".clients"), b2.metric(side + ".joined"), side + ": everyone joined");
      assertTrue(b2.metric(side + ".received") > 0, side + ": events were counted");
      assertEquals(0, b2.metric(side + ".lost"), side + ": nothing lost");
      assertEquals(0, b2.metric(side + ".outOfOrder"), side + ": in order");
    }
    assertEquals(0, b2.metric("live.satLost"), "two nodes: the saturation phase lost nothing");
    assertTrue(b2.metric("live.owners.min") >= 1, "each node owns a meeting: " + b2.notes);
  }
}
