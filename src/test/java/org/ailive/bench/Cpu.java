package org.ailive.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU used by the server JVM, its Postgres and this load JVM between two points, and how busy
 * each core was with other processes (this machine is shared: other work there slows the run).
 */
record Cpu(long wallNs, long server, long postgres, long load, long[] coreBusy, long[] coreTotal) {
  static Cpu of(Measured s) {
    long[] busy = new long[2];
    long[] total = new long[2];
    cores(busy, total);
    return new Cpu(System.nanoTime(), s.jvmCpuMillis(), s.postgresCpuMillis(),
      ServerProcess.procCpuMillis(ProcessHandle.current().pid()), busy, total);
  }

  static void cores(long[] busy, long[] total) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/stat"))) {
        for (int c = 0; c < 2; c++) {
          if (l.startsWith("cpu" + c + " ")) {
            String[] f = l.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long sys = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = Long.parseLong(f[8]);
            busy[c] = user + nice + sys + irq + softirq + steal;
            total[c] = busy[c] + idle + iowait;
          }
        }
      }
    } catch (Exception ignored) {
      // not Linux
    }
  }

  /** Share of core c (0-100) busy with anything, over the interval. */
  double busy(Cpu before, int c) {
    long t = coreTotal[c] - before.coreTotal[c];
    return t <= 0 ? Double.NaN : 100.0 * (coreBusy[c] - before.coreBusy[c]) / t;
  }

  /** The load JVM's share of its core in a {@link #since} text (NaN: none there). */
  static double loadShare(String since) {
    java.util.regex.Matcher m = since == null ? null : java.util.regex.Pattern.compile("load JVM (\\d+)%").matcher(since);
    return m != null && m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** The larger of the load JVM's shares in several phases' {@link #since} texts, ignoring those without one (NaN: none). */
  static double maxLoadShare(String... phases) {
    double max = Double.NaN;
    for (String phase : phases) {
      double share = loadShare(phase);
      max = Double.isNaN(max) || share > max ? share : max;
    }
    return max;
  }

  String since(Cpu before) {
    double wallMs = (wallNs - before.wallNs) / 1e6;
    double srv = 100 * (server - before.server) / wallMs;
    double pg = 100 * (postgres - before.postgres) / wallMs;
    double ld = 100 * (load - before.load) / wallMs;
    return String.format(Locale.ROOT, "server JVM %.0f%%, Postgres %.0f%%, load JVM %.0f%% (of one core);"
        + " other processes on core 0 ~%.0f%%, core 1 ~%.0f%%", srv, pg, ld,
      Math.max(0, busy(before, 0) - srv - pg), Math.max(0, busy(before, 1) - ld));
  }
}
