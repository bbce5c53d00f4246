package org.ailive.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results table: printed, and appended with date, commit and machine to docs/BENCHMARKS.md. */
public final class Report {

  /** One line of the table. {@code ratio} is always A&amp;I Live ÷ baseline. */
  public record Row(String scenario, String metric, String live, String baseline, String ratio, String target,
                    String verdict) {
  }

  /** What one scenario measured: the table rows, named numbers (for tests), and notes. */
  /** Above this share of its core the load JVM may be what limits a baseline (issue 22, item 1). */
  public static final double LOAD_BOUND_PERCENT = 70;

  public static final class Result {
    public final String scenario;
    public final List<Row> rows = new ArrayList<>();
    public final Map<String, Double> metrics = new LinkedHashMap<>();
    public final List<String> notes = new ArrayList<>();
    /** The load JVM's share of its core while the baseline ran, in percent (NaN: not known). */
    private double baselineLoad = Double.NaN;

    public Result(String scenario) {
      this.scenario = scenario;
    }

    /**
     * The load JVM's share of its core while the baseline ran (issue 22, item 1), its busiest phase:
     * shown beside each baseline figure of a row that names no phase of its own; above
     * {@link #LOAD_BOUND_PERCENT} such a row's ratio is "load-bound" and a target that compares with
     * the baseline is not measured (the baseline may be limited by its load).
     */
    public void baselineLoad(double percent) {
      baselineLoad = percent;
      metric("baseline.loadCpuPercent", percent);
    }

    public boolean loadBound() {
      return baselineLoad > LOAD_BOUND_PERCENT;
    }

    public void metric(String name, double value) {
      metrics.put(name, value);
    }

    public double metric(String name) {
      Double v = metrics.get(name);
      if (v == null) {
        throw new IllegalArgumentException("no metric " + name + " in " + scenario + ": " + metrics.keySet());
      }
      return v;
    }

    /** A row comparing a number with its baseline. {@code target}: null, or the check and its text. */
    public void row(String metric, double live, double baseline, String unit, Target target) {
      row(metric, live, baseline, unit, target, baselineLoad);
    }

    /**
     * As {@link #row(String, double, double, String, Target)}, with the load JVM's share of its core
     * in the baseline's phase that this figure comes from (B: its working rate or its saturation).
     */
    public void row(String metric, double live, double baseline, String unit, Target target, double load) {
      boolean compared = !Double.isNaN(baseline);
      boolean bound = load > LOAD_BOUND_PERCENT;
      String ratio = !compared || baseline == 0 || Double.isNaN(live) ? "–"
        : bound ? "load-bound" : fmt(live / baseline) + "×";
      String verdict = target == null ? "" : target.relative() && (!compared || bound) ? "not measured"
        : target.check(live, baseline) ? "met" : "MISSED";
      String loadText = compared && !Double.isNaN(load) ? String.format(Locale.ROOT, " (load JVM %.0f%%)", load)
        : "";
      rows.add(new Row(scenario, metric, fmt(live) + unit, compared ? fmt(baseline) + unit + loadText : "–", ratio,
        target == null ? "" : target.text, verdict));
    }

    public void note(String text) {
      notes.add(text);
    }
  }

  /** A target of the issue: its wording and its check on (live, baseline). */
  /** {@code relative}: the check compares with the baseline (not measured when the baseline was load-bound). */
  public record Target(String text, java.util.function.BiPredicate<Double, Double> test, boolean relative) {
    boolean check(double live, double baseline) {
      return !Double.isNaN(live) && test.test(live, baseline);
    }

    public static Target atMost(double limit, String text) {
      return new Target(text, (l, b) -> l <= limit, false);
    }

    public static Target atLeast(double limit, String text) {
      return new Target(text, (l, b) -> l >= limit, false);
    }

    public static Target ratioAtMost(double r, String text) {
      return new Target(text, (l, b) -> !Double.isNaN(b) && b > 0 && l / b <= r, true);
    }

    public static Target ratioAtLeast(double r, String text) {
      return new Target(text, (l, b) -> !Double.isNaN(b) && b > 0 && l / b >= r, true);
    }
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 1000 || v == Math.rint(v) && a >= 10) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  public static String table(List<Result> results) {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"scenario", "metric", "A&I Live", "baseline", "ratio", "target", "verdict"});
    for (Result r : results) {
      for (Row row : r.rows) {
        lines.add(new String[] {row.scenario(), row.metric(), row.live(), row.baseline(), row.ratio(), row.target(),
          row.verdict()});
      }
    }
    int[] w = new int[7];
    lines.forEach(l -> {
      for (int i = 0; i < 7; i++) {
        w[i] = Math.max(w[i], l[i].length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < lines.size(); n++) {
      String[] l = lines.get(n);
      for (int i = 0; i < 7; i++) {
        out.append(i < 2 ? pad(l[i], w[i]) : lpad(l[i], w[i])).append(i < 6 ? "  " : "\n");
      }
      if (n == 0) {
        int total = 0;
        for (int x : w) {
          total += x + 2;
        }
        out.append("-".repeat(total - 2)).append('\n');
      }
    }
    return out.toString();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  private static String lpad(String s, int w) {
    return " ".repeat(Math.max(0, w - s.length())) + s;
  }

  public static String markdown(List<Result> results, String commandLine, Machine machine, String label) {
    StringBuilder md = new StringBuilder();
    String when = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
    md.append("\n### ").append(when).append(" — commit ").append(machine.commit())
      .append(label.isBlank() ? "" : " — " + label).append("\n\n");
    md.append("- Command: `").append(commandLine).append("`\n");
    md.append("- Machine: ").append(machine.describe()).append('\n');
    md.append("- Pinning: ").append(machine.pinning()).append("\n\n");
    md.append("| scenario | metric | A&I Live | baseline | ratio (live ÷ baseline) | target | verdict |\n");
    md.append("|---|---|---:|---:|---:|---|---|\n");
    for (Result r : results) {
      for (Row row : r.rows) {
        md.append("| ").append(row.scenario()).append(" | ").append(row.metric()).append(" | ").append(row.live())
          .append(" | ").append(row.baseline()).append(" | ").append(row.ratio()).append(" | ").append(row.target())
          .append(" | ").append(row.verdict().isEmpty() ? "" : "**" + row.verdict() + "**").append(" |\n");
      }
    }
    boolean anyNotes = results.stream().anyMatch(r -> !r.notes.isEmpty());
    if (anyNotes) {
      md.append("\nNotes:\n\n");
      for (Result r : results) {
        r.notes.forEach(n -> md.append("- ").append(r.scenario).append(": ").append(n).append('\n'));
      }
    }
    return md.toString();
  }

  public static void append(Path file, String markdown) throws Exception {
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, "# Benchmarks\n\n## Run log\n");
    }
    Files.writeString(file, markdown, StandardOpenOption.APPEND);
  }

  /** The machine, for the record. */
  public record Machine(String commit, int nproc, long memMb, String cpu, String kernel, String java, String pinning) {

    public static Machine probe(String pinning) {
      String commit = sh("git rev-parse --short HEAD").strip();
      if (!sh("git status --porcelain --untracked-files=no").isBlank()) {
        commit += " (+ uncommitted changes)";
      }
      long mem = -1;
      String cpu = "?";
      try {
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
          if (l.startsWith("MemTotal:")) {
            mem = Long.parseLong(l.replaceAll("\\D", "")) / 1024;
          }
        }
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
          if (l.startsWith("model name")) {
            cpu = l.substring(l.indexOf(':') + 1).strip();
            break;
          }
        }
      } catch (Exception ignored) {
        // not Linux
      }
      return new Machine(commit.isBlank() ? "?" : commit, probeNproc(), mem, cpu, sh("uname -r").strip(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), pinning);
    }

    static int probeNproc() {
      String n = sh("nproc --all").strip();
      try {
        return Integer.parseInt(n);
      } catch (NumberFormatException e) {
        return Runtime.getRuntime().availableProcessors();
      }
    }

    public String describe() {
      return nproc + " CPUs (" + cpu + "), " + String.format(Locale.ROOT, "%,d", memMb) + " MB RAM, Linux " + kernel
        + ", " + java;
    }

    private static String sh(String cmd) {
      try {
        return ServerProcess.run(List.of("sh", "-c", cmd), 30);
      } catch (Exception e) {
        return "";
      }
    }
  }
}
