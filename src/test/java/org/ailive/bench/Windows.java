package org.ailive.bench;

import org.HdrHistogram.Histogram;
import org.ailive.bench.BenchOptions.Scenario;
import org.ailive.bench.Report.Result;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.ailive.bench.Rig.say;

/** Measured windows and the waits around them: 5-second steps, quiet cores, a settled server, the drain and the count. */
final class Windows {

  private Windows() {
  }

  /**
   * The measured window, in 5-second steps: prints each step's deliveries, latency and server CPU
   * (so a backlog draining or a pause shows), and returns the whole window's {@code at} latency.
   */
  static Histogram series(String side, Fleet fleet, Measured server, int seconds, Result r)
    throws Exception {
    Histogram total = new Histogram(3_600_000L, 3);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    StringBuilder p99s = new StringBuilder();
    while (System.nanoTime() < end) {
      long stepMs = Math.min(5000, (end - System.nanoTime()) / 1_000_000);
      if (stepMs <= 0) {
        break;
      }
      Cpu c0 = Cpu.of(server);
      long d0 = fleet.stats.deliveries.sum();
      Thread.sleep(stepMs);
      Histogram step = fleet.stats.atLatency.getIntervalHistogram();
      total.add(step);
      say(String.format(Locale.ROOT, "  %s: %.0f deliveries/s, p50 %d ms, p99 %d ms, max %d ms; %s", side,
        (fleet.stats.deliveries.sum() - d0) * 1000.0 / stepMs, step.getValueAtPercentile(50),
        step.getValueAtPercentile(99), step.getMaxValue(), Cpu.of(server).since(c0)));
      p99s.append(p99s.length() == 0 ? "" : ", ").append(step.getValueAtPercentile(99));
    }
    r.note(side + ": p99 per 5 s step (ms): " + p99s);
    return total;
  }

  /**
   * This machine is shared with other work: waits (at most {@code --wait-quiet} seconds) until other
   * processes use under a quarter of each core for 3 s, so a measured window starts on quiet cores.
   */
  static void waitQuiet(Scenario s, Measured server, String what) throws Exception {
    int max = s.integer("wait-quiet");
    if (max <= 0) {
      return;
    }
    long t0 = System.nanoTime();
    double[] last = {Double.NaN, Double.NaN};
    while (System.nanoTime() - t0 < max * 1_000_000_000L) {
      Cpu a = Cpu.of(server);
      Thread.sleep(3000);
      Cpu b = Cpu.of(server);
      double wallMs = (b.wallNs() - a.wallNs()) / 1e6;
      last[0] = b.busy(a, 0) - 100 * (b.server() - a.server() + b.postgres() - a.postgres()) / wallMs;
      last[1] = b.busy(a, 1) - 100 * (b.load() - a.load()) / wallMs;
      if (last[0] < 25 && last[1] < 25) {
        return;
      }
    }
    say(String.format(Locale.ROOT, "%s: cores still busy with other work after %d s (core 0 ~%.0f%%, core 1 ~%.0f%%):"
      + " measuring anyway", what, max, last[0], last[1]));
  }

  /** Waits until the server JVM uses under a quarter of a core for 2 s in a row; returns the seconds waited. */
  static double quiesce(Measured server, int maxSeconds) throws Exception {
    long t0 = System.nanoTime();
    int calm = 0;
    while (calm < 2 && System.nanoTime() - t0 < maxSeconds * 1_000_000_000L) {
      long c0 = server.jvmCpuMillis();
      Thread.sleep(1000);
      calm = server.jvmCpuMillis() - c0 < 250 ? calm + 1 : 0;
    }
    return Math.max(0, (System.nanoTime() - t0) / 1e9 - 2);
  }

  /** The last seq of every meeting: from the database for A&amp;I Live, from the acknowledgements for the baseline. */
  static Map<String, Long> finals(Seed seed, List<Seed.Meeting> ms, ChangeDriver driver) throws Exception {
    Map<String, Long> finals = new HashMap<>();
    if (seed != null) {
      seed.lastSeqs(ms).forEach((id, seq) -> finals.put(id.toString(), seq));
    } else {
      ms.forEach(m -> finals.put(m.id().toString(), driver.maxSeq.getOrDefault(m.id().toString(), 0L)));
    }
    return finals;
  }

  /** Waits (bounded) until every joined client has applied its meeting's last seq; returns {lost, out of order}. */
  static long[] drainAndCount(Fleet fleet, Map<String, Long> finals, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      long behind = fleet.collect(c -> c.isJoined() && c.lastApplied() < finals.getOrDefault(c.meetingId, 0L) ? 1 : 0)
        .stream().mapToLong(Integer::longValue).sum();
      if (behind == 0) {
        break;
      }
      Thread.sleep(250);
    }
    long lost = fleet.collect(c -> (long) c.missingUpTo(finals.getOrDefault(c.meetingId, 0L))).stream()
      .mapToLong(Long::longValue).sum();
    long ooo = fleet.collect(c -> (long) c.outOfOrder).stream().mapToLong(Long::longValue).sum();
    return new long[] {lost, ooo};
  }

  /** A percentile, or NaN (shown as "–") when nothing was recorded. */
  static double pct(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile);
  }
}
