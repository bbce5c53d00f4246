package org.ailive.bench;

import org.ailive.bench.BenchOptions.Scenario;
import org.ailive.bench.FanoutScenario.Fanout;
import org.ailive.bench.Report.Result;
import org.ailive.bench.Report.Target;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.ailive.bench.Rig.say;
import static org.ailive.bench.Windows.pct;

/**
 * Scenario B2 (issue 21; issue 22, item 7): B's fan-out on {@code --nodes} clustered nodes against
 * one clustered node, in one run, on one shared Postgres started by the bench. First all the nodes
 * start together and member {@code k} of meeting {@code m} connects straight to node
 * {@code (m + k) mod n} (the chair is {@code k = 0}), so every meeting has members on every node and
 * its events cross the clustered bus. Which node owns a meeting the cluster decides (the request
 * for an owner goes to one node's rooms, round-robin, and the first to take the meeting's lock
 * wins); the nodes start together so that none is warmer than the others, and the run counts the
 * owners per node. Then every node but the first stops (its meetings go to the first) and a fresh
 * set of meetings is measured on the first node alone, now warmer than the others were. In the table the "A&amp;I Live"
 * column is the nodes together, the "baseline" column the one node; the ratio is many ÷ one.
 */
final class ClusterScenario {

  private final Rig rig;

  ClusterScenario(Rig rig) {
    this.rig = rig;
  }

  Result run(Scenario s) throws Exception {
    Result r = new Result("B2");
    int n = s.integer("nodes");
    if (n < 2) {
      throw new IllegalArgumentException("B2 compares several nodes with one: --nodes must be at least 2");
    }
    String where = rig.pin ? "the nodes and their shared Postgres all run on core 0 (taskset -c 0), the load on core 1:"
      + " on this machine more nodes add no CPU, only the work of the cluster"
      : "unpinned: the nodes, their Postgres and the load share every core";
    say("B2: " + where);
    r.note(where);
    r.note("the A&I Live column is " + n + " clustered nodes, the baseline column one clustered node on the same"
      + " Postgres; ratio = " + n + " nodes ÷ 1 node");
    FanoutScenario fanout = new FanoutScenario(rig);
    int meetings = s.integer("meetings");
    int members = s.integer("members");
    try (ClusterNodes cluster = ClusterNodes.start(rig.out.resolve("B2-cluster"), rig.pin, s.get("server-java-opts"))) {
      for (int i = 1; i <= n; i++) {
        say("B2: starting node " + i + (rig.pin ? " on core 0" : "") + " and waiting until every node sees it");
        cluster.addNode();
      }
      ServerProcess first = cluster.nodes.get(0);
      Seed seed = cluster.seed(rig.control);
      try {
        int[] ports = cluster.nodes.stream().mapToInt(x -> x.port).toArray();
        List<Seed.Meeting> spread = seed.meetings(rig.tag("B2"), meetings, members, s.integer("agenda-items"));
        Fanout many = fanout.measure(s, "B2/" + n + " nodes", r, cluster, seed, spread,
          (m, k) -> ports[(m + k) % n], null, null);
        int[] owners = cluster.owners(seed, spread);
        r.note("meetings owned per node in the " + n + "-node run: " + Arrays.toString(owners));
        while (cluster.nodes.size() > 1) {
          say("B2: stopping node " + cluster.nodes.size());
          cluster.stopLast();
        }
        List<Seed.Meeting> alone = seed.meetings(rig.tag("B2"), meetings, members, s.integer("agenda-items"));
        Fanout one = fanout.measure(s, "B2/1 node", r, cluster, seed, alone, (m, k) -> first.port, null, null);
        rows(s, r, many, one);
        r.metric("live.owners.total", Arrays.stream(owners).sum());
      } finally {
        seed.close();
      }
    }
    return r;
  }

  private static void rows(Scenario s, Result r, Fanout many, Fanout one) {
    r.baselineLoad(Cpu.maxLoadShare(one.cpu(), one.satCpu()));
    r.row("latency p50 (event at → client)", pct(many.at(), 50), pct(one.at(), 50), " ms", null);
    r.row("latency p99 (event at → client)", pct(many.at(), 99), pct(one.at(), 99), " ms", null);
    r.row("chair ack p99 (commit + publish)", pct(many.ack(), 99) / 1000.0, pct(one.ack(), 99) / 1000.0, " ms", null);
    r.row("events lost", many.lost(), one.lost(), "", Target.atMost(0, "0"));
    r.row("events out of order", many.outOfOrder(), one.outOfOrder(), "", Target.atMost(0, "0"));
    r.row("deliveries/s at " + s.get("rate") + " change/s/meeting", many.deliveriesPerSecond(),
      one.deliveriesPerSecond(), "/s", null);
    if (s.integer("max-seconds") > 0) {
      r.row("saturated deliveries/s (" + s.get("inflight") + " sockets/chair)", many.satDeliveriesPerSecond(),
        one.satDeliveriesPerSecond(), "/s", null);
      r.row("saturated changes/s", many.satChangesPerSecond(), one.satChangesPerSecond(), "/s", null);
      r.row("saturated latency p99 (event at → client)", pct(many.satAt(), 99), pct(one.satAt(), 99), " ms", null);
      r.row("events not delivered after saturation", many.satLost(), one.satLost(), "", Target.atMost(0, "0"));
    }
    for (Fanout f : List.of(one, many)) {
      String side = f == one ? "1 node" : "nodes";
      r.note(String.format(Locale.ROOT, "%s: %d/%d clients joined; %,d changes acknowledged, %d refused; %d duplicates,"
          + " %d sockets closed by the server; CPU (every node JVM together) %s; saturated %s", side, f.joined(), f.clients(),
        f.acked(), f.failed(), f.duplicates(), f.closes(), f.cpu(), f.satCpu()));
    }
    r.metric("live.clients", many.clients());
    r.metric("live.joined", many.joined());
    r.metric("live.received", many.received());
    r.metric("live.lost", many.lost());
    r.metric("live.outOfOrder", many.outOfOrder());
    r.metric("live.satLost", many.satLost());
    r.metric("one.clients", one.clients());
    r.metric("one.joined", one.joined());
    r.metric("one.received", one.received());
    r.metric("one.lost", one.lost());
    r.metric("one.outOfOrder", one.outOfOrder());
  }
}
