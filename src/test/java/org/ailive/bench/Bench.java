package org.ailive.bench;

import org.ailive.bench.BenchOptions.Scenario;
import org.ailive.bench.Report.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.ailive.bench.Rig.say;

/**
 * The load tool: {@code bin/bench SCENARIO [options]}. For each scenario it starts A&amp;I Live in
 * its own JVM (pinned to core 0), seeds members and meetings by SQL, drives real protocol clients
 * from this JVM (pinned to core 1 by bin/bench), then does the same against the bare baseline, and
 * prints every result beside its baseline and the target. See docs/BENCHMARKS.md.
 *
 * <p>One class per scenario: {@link IdleScenario} (A), {@link FanoutScenario} (B, B-stress),
 * {@link DurableScenario} (C), {@link StormScenario} (D); what they share (servers, seeds, the
 * sign-in, the profiler) is in {@link Rig}, the measured windows in {@link Windows}.
 */
public final class Bench {

  private final BenchOptions options;
  private final String commandLine;
  private final Rig rig;

  public Bench(BenchOptions options, String commandLine) {
    this.options = options;
    this.commandLine = commandLine;
    this.rig = new Rig(options);
  }

  public static void main(String[] args) {
    // A closed client socket is "evicted" from the WebSocket client's pool: one WARN each, thousands.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.vertx.core.http.impl"))
      .setLevel(ch.qos.logback.classic.Level.ERROR);
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int code = 0;
    try {
      new Bench(options, "bin/bench " + String.join(" ", args)).run();
    } catch (Exception e) {
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  /** Runs the scenarios, prints the table, appends it to the report file; returns the results. */
  public List<Result> run() throws Exception {
    Files.createDirectories(rig.out);
    List<Result> results = new ArrayList<>();
    Exception failure = null;
    say("output in " + rig.out + "; " + rig.pinning);
    try {
      for (String name : options.scenarios) {
        Scenario s = options.forScenario(name);
        long t0 = System.nanoTime();
        try {
          Result r = switch (name) {
            case "A" -> new IdleScenario(rig).run(s);
            case "B", "B-stress" -> new FanoutScenario(rig).run(s);
            case "B2" -> new ClusterScenario(rig).run(s);
            case "C" -> new DurableScenario(rig).run(s);
            case "D" -> new StormScenario(rig).run(s);
            default -> throw new IllegalArgumentException(name);
          };
          r.note(String.format(Locale.ROOT, "took %.0f s", (System.nanoTime() - t0) / 1e9));
          results.add(r);
        } catch (Exception e) {
          Result r = new Result(name);
          String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
          r.rows.add(new Report.Row(name, "run failed: " + why, "–", "–", "–", "", "ERROR"));
          r.note("failed: " + e);
          results.add(r);
          failure = failure == null ? e : failure;
          e.printStackTrace();
        }
        System.out.println("\n" + Report.table(results));
      }
    } finally {
      rig.closeShared();
      rig.control.close().await(30, TimeUnit.SECONDS);
    }
    String table = Report.table(results);
    System.out.println("\n=== Results (" + String.join(", ", options.scenarios) + ") ===\n" + table);
    results.forEach(r -> r.notes.forEach(n -> System.out.println("  " + r.scenario + ": " + n)));
    String report = options.get("report");
    if (!"none".equals(report)) {
      Report.Machine machine = Report.Machine.probe(rig.pinning);
      Report.append(Path.of(report), Report.markdown(results, commandLine, machine, options.get("label")));
      System.out.println("\nappended to " + report);
    }
    Files.writeString(rig.out.resolve("results.txt"), table);
    if (failure != null && results.stream().allMatch(r -> r.rows.stream().anyMatch(x -> "ERROR".equals(x.verdict())))) {
      throw failure;
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  public String signInNote() {
    return rig.signInNote();
  }
}
