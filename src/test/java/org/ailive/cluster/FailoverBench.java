package org.ailive.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench failover [kills]}: failover time over many kills on one cluster (docs/BENCHMARKS.md,
 * "Failover"). ClusterTest's three nodes behind HAProxy, its clients streaming changes through it;
 * {@code kills} times (10 by default): the owning node is killed with SIGKILL 2 s into a stream, the
 * time from the kill to the first change sent after it and acknowledged is taken, every acknowledged
 * change is checked to be in the log once and every client caught up, then the node is started again
 * and the cluster is three nodes again before the next kill. Not a CI test: it runs for minutes.
 */
public final class FailoverBench {

  private FailoverBench() {
  }

  public static void main(String[] args) throws Exception {
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path out = Path.of("target", "bench-failover.txt").toAbsolutePath();
    List<Long> times = new ArrayList<>();
    int status = 0;
    try {
      ClusterTest.start();
      for (int k = 1; k <= kills; k++) {
        int owner = ClusterTest.ownerNode();
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        FailoverStream.Streamed s = FailoverStream.stream(owner, () -> {
          ClusterTest.nodes.get(owner).process.destroyForcibly();
          if (!ClusterTest.nodes.get(owner).process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node" + owner + " did not die");
          }
        });
        FailoverStream.nothingLostAndEveryoneCaughtUp(s, owner);
        times.add(s.failoverMs());
        String line = String.format("kill %d: node%d, failover %d ms, %d changes acknowledged, load average %s",
          k, owner, s.failoverMs(), s.acked().size(), load);
        System.out.println("FAILOVER " + line);
        Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ClusterTest.down.remove(owner);
        ClusterTest.restart(owner, false);
        for (int i = 0; i < ClusterTest.NODES; i++) {
          Loopback.awaitLog(ClusterTest.nodes.get(i), "Members {size:" + ClusterTest.NODES, 60);
        }
      }
      List<Long> sorted = times.stream().sorted().toList();
      String summary = String.format("%d kills: min %d ms, median %d ms, max %d ms", sorted.size(), sorted.get(0),
        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
      System.out.println("FAILOVER " + summary + " (" + out + ")");
      Files.writeString(out, summary + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (Throwable t) {
      ClusterTest.failed = true;
      System.out.println("FAILOVER failed after " + times.size() + " kills (nodes' logs in " + ClusterTest.run + "): " + t);
      t.printStackTrace();
      status = 1;
    } finally {
      ClusterTest.stop();
    }
    System.exit(status);
  }
}
