package org.ailive.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.ailive.bench.BenchOptions.Scenario;
import org.ailive.bench.Report.Result;
import org.ailive.bench.Report.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load tool: {@code bin/bench SCENARIO [options]}. For each scenario it starts A&amp;I Live in
 * its own JVM (pinned to core 0), seeds members and meetings by SQL, drives real protocol clients
 * from this JVM (pinned to core 1 by bin/bench), then does the same against the bare baseline, and
 * prints every result beside its baseline and the target. See docs/BENCHMARKS.md.
 */
public final class Bench {

  private final BenchOptions options;
  private final String commandLine;
  private final Path out;
  private final boolean pin;
  private final String pinning;
  private final Vertx control;
  private ServerProcess sharedLive;
  private ServerProcess sharedBaseline;
  private Seed sharedSeed;
  private String signInNote;

  public Bench(BenchOptions options, String commandLine) {
    this.options = options;
    this.commandLine = commandLine;
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.out = Path.of(options.get("out")).resolve(stamp).toAbsolutePath();
    String p = options.get("pin");
    boolean taskset = ServerProcess.tasksetAvailable();
    this.pin = switch (p) {
      case "true" -> taskset;
      case "false" -> false;
      default -> taskset;
    };
    if (!taskset && !"false".equals(p)) {
      System.err.println("bench: taskset not found: servers and load run unpinned");
    }
    String self = selfAffinity();
    this.pinning = pin ? "servers (JVM and their embedded Postgres) on core 0 (taskset -c 0); load JVM on cores "
      + self : "unpinned (servers and load share cores " + self + ")";
    this.control = Vertx.vertx();
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
    Files.createDirectories(out);
    List<Result> results = new ArrayList<>();
    Exception failure = null;
    say("output in " + out + "; " + pinning);
    try {
      for (String name : options.scenarios) {
        Scenario s = options.forScenario(name);
        long t0 = System.nanoTime();
        try {
          Result r = switch (name) {
            case "A" -> scenarioA(s);
            case "B", "B-stress" -> scenarioB(s);
            case "C" -> scenarioC(s);
            case "D" -> scenarioD(s);
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
      closeShared();
      control.close().await(30, TimeUnit.SECONDS);
    }
    String table = Report.table(results);
    System.out.println("\n=== Results (" + String.join(", ", options.scenarios) + ") ===\n" + table);
    results.forEach(r -> r.notes.forEach(n -> System.out.println("  " + r.scenario + ": " + n)));
    String report = options.get("report");
    if (!"none".equals(report)) {
      Report.Machine machine = Report.Machine.probe(pinning);
      Report.append(Path.of(report), Report.markdown(results, commandLine, machine, options.get("label")));
      System.out.println("\nappended to " + report);
    }
    Files.writeString(out.resolve("results.txt"), table);
    if (failure != null && results.stream().allMatch(r -> r.rows.stream().anyMatch(x -> "ERROR".equals(x.verdict())))) {
      throw failure;
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  // ====================================================================================
  // A: idle capacity
  // ====================================================================================

  record Idle(int wanted, int connected, int stillJoined, long heap0, long heap1, long rss0, long rss1,
              double connectsPerSecond, Histogram joinMs, int closes, long failed) {
    double heapPerConn() {
      return heap0 < 0 || heap1 < 0 || connected == 0 ? Double.NaN : (heap1 - heap0) / (double) connected;
    }

    double rssPerConn() {
      return rss0 < 0 || rss1 < 0 || connected == 0 ? Double.NaN : (rss1 - rss0) / (double) connected;
    }
  }

  private Result scenarioA(Scenario s) throws Exception {
    Result r = new Result("A");
    if (!s.flag("live")) {
      Idle only = idle(s, false, r);
      r.row("connections held", Double.NaN, only.stillJoined(), "", null);
      r.row("heap per connection", Double.NaN, only.heapPerConn(), " KB", null);
      r.row("RSS per connection", Double.NaN, only.rssPerConn(), " KB", null);
      r.row("connects/s (join + catch-up)", Double.NaN, only.connectsPerSecond(), "/s", null);
      return r;
    }
    Idle live = idle(s, true, r);
    Idle base = s.flag("baseline") ? idle(s, false, r) : null;
    int target = s.integer("meetings") * s.integer("members");
    r.row("connections held", live.stillJoined(), base == null ? Double.NaN : base.stillJoined(), "",
      Target.atLeast(10_000, "≥ 10,000"));
    r.row("heap per connection", live.heapPerConn(), base == null ? Double.NaN : base.heapPerConn(), " KB",
      Target.atMost(60, "≤ 60 KB"));
    r.row("RSS per connection", live.rssPerConn(), base == null ? Double.NaN : base.rssPerConn(), " KB",
      Target.atMost(60, "≤ 60 KB"));
    r.row("connects/s (join + catch-up)", live.connectsPerSecond(), base == null ? Double.NaN : base.connectsPerSecond(),
      "/s", null);
    r.row("join p99", live.joinMs().getValueAtPercentile(99), base == null ? Double.NaN
      : base.joinMs().getValueAtPercentile(99), " ms", null);
    r.metric("live.connected", live.stillJoined());
    r.metric("live.wanted", target);
    r.metric("live.heapPerConnKb", live.heapPerConn());
    r.metric("live.rssPerConnKb", live.rssPerConn());
    r.metric("live.connectsPerSecond", live.connectsPerSecond());
    r.metric("live.closes", live.closes());
    if (base != null) {
      r.metric("baseline.connected", base.stillJoined());
    }
    r.note(String.format(Locale.ROOT, "A&I Live: heap %,d → %,d KB, RSS %,d → %,d KB for %,d connections; %d failed joins,"
        + " %d closed by the server", live.heap0(), live.heap1(), live.rss0(), live.rss1(), live.connected(), live.failed(),
      live.closes()));
    if (base != null) {
      r.note(String.format(Locale.ROOT, "baseline: heap %,d → %,d KB, RSS %,d → %,d KB", base.heap0(), base.heap1(),
        base.rss0(), base.rss1()));
    }
    return r;
  }

  private Idle idle(Scenario s, boolean live, Result r) throws Exception {
    int meetings = s.integer("meetings");
    int members = s.integer("members");
    String side = live ? "live" : "baseline";
    ServerProcess server = live ? liveServer(s) : baselineServer(s, null);
    List<Seed.Meeting> ms = live ? seedFor(server).meetings(tag("A"), meetings, members, s.integer("agenda-items"))
      : fakeMeetings(meetings, members);
    Fleet fleet = new Fleet(server.port, settings(s));
    try {
      List<LiveClient> chairs = new ArrayList<>();
      List<LiveClient> partners = new ArrayList<>();
      for (Seed.Meeting m : ms) {
        chairs.add(fleet.client(m.id().toString(), m.chair().token()));
        m.partners().forEach(p -> partners.add(fleet.client(m.id().toString(), p.token())));
      }
      int conc = s.integer("connect-concurrency");
      long timeout = s.integer("setup-timeout") * 1000L;
      say("A/" + side + ": opening " + meetings + " rooms (one member each)");
      Fleet.Joined first = Fleet.joinAll(chairs, conc, timeout, LiveClient::join);
      Thread.sleep(2000);
      long heap0 = server.heapUsedAfterGcKb();
      long rss0 = server.rssKb();
      say("A/" + side + ": connecting " + partners.size() + " members, " + conc + " at a time");
      waitQuiet(s, server, "A/" + side);
      Path jfr = startProfile(s, server, "A-" + side);
      Fleet.Joined joined = Fleet.joinAll(partners, conc, timeout, LiveClient::join);
      stopProfile(jfr, server, r);
      say(String.format(Locale.ROOT, "A/%s: %d of %d joined in %.1f s (%.0f/s)", side, joined.ok(), partners.size(),
        joined.elapsedMs() / 1000.0, joined.perSecond()));
      Thread.sleep(s.integer("idle-seconds") * 1000L);
      long heap1 = server.heapUsedAfterGcKb();
      long rss1 = server.rssKb();
      int still = (int) fleet.collect(LiveClient::isJoined).stream().filter(b -> b).count();
      int closes = fleet.collect(c -> c.unexpectedCloses).stream().mapToInt(Integer::intValue).sum();
      noteErrors(r, side, fleet);
      return new Idle(chairs.size() + partners.size(), joined.ok(), still, heap0, heap1, rss0, rss1,
        joined.perSecond(), joined.took(), closes, joined.failed() + first.failed());
    } finally {
      fleet.close();
      release(server, s);
    }
  }

  // ====================================================================================
  // B and B-stress: fan-out
  // ====================================================================================

  record Fanout(Histogram at, Histogram publish, Histogram ack, double deliveriesPerSecond, long acked, long failed,
                long lost, long outOfOrder, long duplicates, long closes, long received, int clients, int joined,
                double satDeliveriesPerSecond, double satChangesPerSecond, Histogram satAt, long satLost,
                String cpu, JsonObject payload, JsonObject state, long frameBytes, String satCpu) {
  }

  private Result scenarioB(Scenario s) throws Exception {
    String name = s.name;
    Result r = new Result(name);
    if (!s.flag("live")) {
      Fanout only = fanout(s, false, r, null);
      r.row("latency p99 (event at → client)", Double.NaN, only.at().getValueAtPercentile(99), " ms", null);
      r.row("saturated deliveries/s", Double.NaN, only.satDeliveriesPerSecond(), "/s", null);
      return r;
    }
    Fanout live = fanout(s, true, r, null);
    Fanout base = null;
    if (s.flag("baseline")) {
      Path payload = out.resolve(name + "-captured.json");
      Files.writeString(payload, new JsonObject().put("payload", live.payload()).put("state", live.state()).encode());
      base = fanout(s, false, r, payload);
    }
    boolean stress = name.equals("B-stress");
    double p99Target = stress ? 100 : 50;
    Fanout b = base;
    double nan = Double.NaN;
    if (b != null) {
      r.baselineLoad(Math.max(Cpu.loadShare(b.cpu()), Cpu.loadShare(b.satCpu())));
    }
    r.row("latency p50 (event at → client)", pct(live.at(), 50), b == null ? nan
      : pct(b.at(), 50), " ms", null);
    r.row("latency p99 (event at → client)", pct(live.at(), 99), b == null ? nan
      : pct(b.at(), 99), " ms", Target.atMost(p99Target, "p99 ≤ " + (int) p99Target + " ms"));
    r.row("latency max (event at → client)", pct(live.at(), 100), b == null ? nan : pct(b.at(), 100), " ms", null);
    r.row("latency p99 (publish → client)", pct(live.publish(), 99), b == null ? nan
      : pct(b.publish(), 99), " ms", null);
    r.row("chair ack p99 (commit + publish)", pct(live.ack(), 99) / 1000.0, b == null ? nan
      : pct(b.ack(), 99) / 1000.0, " ms", null);
    r.row("events lost", live.lost(), b == null ? nan : b.lost(), "", stress ? null : Target.atMost(0, "0"));
    r.row("events out of order", live.outOfOrder(), b == null ? nan : b.outOfOrder(), "", null);
    r.row("deliveries/s at " + s.get("rate") + " change/s/meeting", live.deliveriesPerSecond(), b == null ? nan
      : b.deliveriesPerSecond(), "/s", null);
    if (s.integer("max-seconds") > 0) {
      r.row("saturated deliveries/s (" + s.get("inflight") + " sockets/chair)", live.satDeliveriesPerSecond(),
        b == null ? nan : b.satDeliveriesPerSecond(), "/s", stress ? null : Target.ratioAtLeast(0.5, "≥ 0.5 × baseline"));
      r.row("saturated changes/s", live.satChangesPerSecond(), b == null ? nan : b.satChangesPerSecond(), "/s", null);
      r.row("saturated latency p99 (event at → client)", pct(live.satAt(), 99), b == null ? nan
        : pct(b.satAt(), 99), " ms", null);
      r.metric("live.satLost", live.satLost());
    }
    r.metric("live.received", live.received());
    r.metric("live.deliveries", live.deliveriesPerSecond());
    r.metric("live.lost", live.lost());
    r.metric("live.outOfOrder", live.outOfOrder());
    r.metric("live.joined", live.joined());
    r.metric("live.clients", live.clients());
    r.metric("live.p99", live.at().getValueAtPercentile(99));
    if (b != null) {
      r.metric("baseline.received", b.received());
      r.metric("baseline.lost", b.lost());
    }
    r.note(String.format(Locale.ROOT, "A&I Live: %d/%d clients joined; %,d changes acknowledged, %d refused; %d duplicates,"
        + " %d sockets closed by the server; event frame %,d bytes; CPU %s", live.joined(), live.clients(), live.acked(),
      live.failed(), live.duplicates(), live.closes(), live.frameBytes(), live.cpu()));
    if (s.integer("max-seconds") > 0) {
      r.note("A&I Live: events not delivered after the saturation phase and its drain: " + live.satLost()
        + (b == null ? "" : "; baseline: " + b.satLost()));
    }
    if (b != null) {
      r.note(String.format(Locale.ROOT, "baseline: %d/%d joined; %,d changes; %d lost; CPU %s", b.joined(), b.clients(),
        b.acked(), b.lost(), b.cpu()));
    }
    return r;
  }

  private Fanout fanout(Scenario s, boolean live, Result r, Path payloadFile) throws Exception {
    String side = s.name + "/" + (live ? "live" : "baseline");
    int meetings = s.integer("meetings");
    int members = s.integer("members");
    ServerProcess server = live ? liveServer(s) : baselineServer(s, payloadFile);
    Seed seed = live ? seedFor(server) : null;
    List<Seed.Meeting> ms = live ? seed.meetings(tag(s.name), meetings, members, s.integer("agenda-items"))
      : fakeMeetings(meetings, members);
    Fleet fleet = new Fleet(server.port, settings(s));
    try {
      List<LiveClient> all = new ArrayList<>();
      List<LiveClient> chairs = new ArrayList<>();
      for (Seed.Meeting m : ms) {
        LiveClient chair = fleet.client(m.id().toString(), m.chair().token());
        chairs.add(chair);
        all.add(chair);
        m.partners().forEach(p -> all.add(fleet.client(m.id().toString(), p.token())));
      }
      chairs.get(0).capture = true;
      if (live && signInToken != null) {
        // The token from the one real sign-in listens too: the sign-in path works end to end.
        all.add(fleet.client(ms.get(0).id().toString(), signInToken));
      }
      say(side + ": " + all.size() + " clients joining " + meetings + " meeting(s)");
      Fleet.Joined joined = Fleet.joinAll(all, s.integer("connect-concurrency"), s.integer("setup-timeout") * 1000L,
        LiveClient::join);
      say(String.format(Locale.ROOT, "%s: %d/%d joined in %.1f s", side, joined.ok(), all.size(),
        joined.elapsedMs() / 1000.0));
      if (!joined.complete()) {
        r.note(side + ": only " + joined.ok() + " of " + all.size() + " clients joined within "
          + s.get("setup-timeout") + " s");
      }
      double settle = quiesce(server, 180);
      say(String.format(Locale.ROOT, "%s: server busy for %.0f s after the last join", side, settle));
      r.note(String.format(Locale.ROOT, "%s: the server stayed busy %.0f s after the last client had joined (presence"
        + " broadcasts of the join phase); measured after that", side, settle));
      ChangeDriver driver = new ChangeDriver(fleet, chairs, "b" + UUID.randomUUID().toString().substring(0, 6) + "-");
      driver.startTimers();
      driver.startPaced(s.number("rate"));
      Thread.sleep(s.integer("warmup") * 1000L);
      waitQuiet(s, server, side);
      Path jfr = live ? startProfile(s, server, s.name) : null;
      Cpu c0 = Cpu.of(server);
      long d0 = fleet.stats.deliveries.sum();
      fleet.stats.startWindow();
      long t0 = System.nanoTime();
      Histogram at = series(side, fleet, server, s.integer("seconds"), r);
      Histogram pub = fleet.stats.publishLatency.getIntervalHistogram();
      Histogram ack = fleet.stats.ackLatency.getIntervalHistogram();
      long d1 = fleet.stats.deliveries.sum();
      double secs = (System.nanoTime() - t0) / 1e9;
      String cpu = Cpu.of(server).since(c0);
      fleet.stats.measuring = false;
      stopProfile(jfr, server, r);
      driver.stop();
      Map<String, Long> finals = finals(live ? seed : null, ms, driver);
      long[] loss = drainAndCount(fleet, finals, s.integer("drain-seconds"));
      say(String.format(Locale.ROOT, "%s: p50 %d ms, p99 %d ms, max %d ms; %.0f deliveries/s; lost %d", side,
        at.getValueAtPercentile(50), at.getValueAtPercentile(99), at.getMaxValue(), (d1 - d0) / secs, loss[0]));

      double satDeliveries = Double.NaN;
      double satChanges = Double.NaN;
      Histogram satAt = new Histogram(3_600_000L, 3);
      long satLost = 0;
      String satCpu = null;
      int maxSeconds = s.integer("max-seconds");
      if (maxSeconds > 0) {
        say(side + ": saturation, " + s.get("inflight") + " sockets per chair each with a change in flight, "
          + maxSeconds + " s");
        List<LiveClient> senders = new ArrayList<>();
        Map<String, String> items = new HashMap<>();
        for (int i = 0; i < ms.size(); i++) {
          items.put(ms.get(i).id().toString(), ms.get(i).firstItemId().toString());
          senders.add(chairs.get(i));
          for (int k = 1; k < s.integer("inflight"); k++) {
            senders.add(fleet.clientBeside(chairs.get(i), ms.get(i).id().toString(), ms.get(i).chair().token()));
          }
        }
        List<LiveClient> extra = senders.stream().filter(c -> !chairs.contains(c)).toList();
        Fleet.joinAll(extra, s.integer("connect-concurrency"), 60_000, LiveClient::connectOnly);
        driver.startSaturating(senders, items);
        Thread.sleep(3000);
        waitQuiet(s, server, side + " saturated");
        long sd0 = fleet.stats.deliveries.sum();
        long sa0 = driver.acked.sum();
        fleet.stats.startWindow();
        long st0 = System.nanoTime();
        Cpu sc0 = Cpu.of(server);
        satAt = series(side + " saturated", fleet, server, maxSeconds, r);
        satCpu = Cpu.of(server).since(sc0);
        r.note(side + ": CPU in the saturation phase " + satCpu);
        long sd1 = fleet.stats.deliveries.sum();
        long sa1 = driver.acked.sum();
        double ss = (System.nanoTime() - st0) / 1e9;
        fleet.stats.measuring = false;
        driver.stop();
        satDeliveries = (sd1 - sd0) / ss;
        satChanges = (sa1 - sa0) / ss;
        finals = finals(live ? seed : null, ms, driver);
        satLost = drainAndCount(fleet, finals, Math.max(30, s.integer("drain-seconds")))[0];
        say(String.format(Locale.ROOT, "%s: saturated %.0f deliveries/s, %.0f changes/s, p99 %d ms, not delivered %d",
          side, satDeliveries, satChanges, satAt.getValueAtPercentile(99), satLost));
      }
      noteErrors(r, side, fleet);
      long received = fleet.collect(c -> (long) c.liveEvents).stream().mapToLong(Long::longValue).sum();
      long dup = fleet.collect(c -> (long) c.duplicates).stream().mapToLong(Long::longValue).sum();
      long closes = fleet.collect(c -> (long) c.unexpectedCloses).stream().mapToLong(Long::longValue).sum();
      return new Fanout(at, pub, ack, (d1 - d0) / secs, driver.acked.sum(), driver.failed.sum(), loss[0], loss[1], dup,
        closes, received, all.size(), joined.ok(), satDeliveries, satChanges, satAt, satLost, cpu,
        fleet.stats.capturedPayload, fleet.stats.capturedState, fleet.stats.capturedFrameBytes, satCpu);
    } finally {
      fleet.close();
      release(server, s);
    }
  }

  /**
   * The measured window, in 5-second steps: prints each step's deliveries, latency and server CPU
   * (so a backlog draining or a pause shows), and returns the whole window's {@code at} latency.
   */
  private static Histogram series(String side, Fleet fleet, ServerProcess server, int seconds, Result r)
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
  private static void waitQuiet(Scenario s, ServerProcess server, String what) throws Exception {
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
  private static double quiesce(ServerProcess server, int maxSeconds) throws Exception {
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
  private Map<String, Long> finals(Seed seed, List<Seed.Meeting> ms, ChangeDriver driver) throws Exception {
    Map<String, Long> finals = new HashMap<>();
    if (seed != null) {
      seed.lastSeqs(ms).forEach((id, seq) -> finals.put(id.toString(), seq));
    } else {
      ms.forEach(m -> finals.put(m.id().toString(), driver.maxSeq.getOrDefault(m.id().toString(), 0L)));
    }
    return finals;
  }

  /** Waits (bounded) until every joined client has applied its meeting's last seq; returns {lost, out of order}. */
  private static long[] drainAndCount(Fleet fleet, Map<String, Long> finals, int seconds) throws Exception {
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

  // ====================================================================================
  // C: durable writes
  // ====================================================================================

  record Step(int rate, long sent, long acked, long failed, double achieved, Histogram latency, Map<String, Long> errors,
              String cpu) {
    boolean sustained() {
      return failed == 0 && achieved >= 0.95 * rate && latency.getValueAtPercentile(99) <= 1_000_000;
    }
  }

  private Result scenarioC(Scenario s) throws Exception {
    Result r = new Result("C");
    int meetings = s.integer("meetings");
    int members = s.integer("members");
    ServerProcess server = liveServer(s);
    Seed seed = seedFor(server);
    List<Seed.Meeting> ms = seed.meetings(tag("C"), meetings, members, s.integer("agenda-items"));
    Fleet fleet = new Fleet(server.port, settings(s));
    List<Step> steps = new ArrayList<>();
    double[] db;
    try {
      List<LiveClient> all = new ArrayList<>();
      List<LiveClient> chairs = new ArrayList<>();
      List<LiveClient> senders = new ArrayList<>();
      List<String> agencies = new ArrayList<>();
      for (Seed.Meeting m : ms) {
        LiveClient chair = fleet.client(m.id().toString(), m.chair().token());
        chairs.add(chair);
        all.add(chair);
        for (Seed.Member p : m.partners()) {
          LiveClient c = fleet.client(m.id().toString(), p.token());
          all.add(c);
          senders.add(c);
          agencies.add(p.agencyId().toString());
        }
      }
      say("C: " + all.size() + " clients joining " + meetings + " meetings");
      Fleet.Joined joined = Fleet.joinAll(all, s.integer("connect-concurrency"), s.integer("setup-timeout") * 1000L,
        LiveClient::join);
      if (!joined.complete()) {
        r.note("only " + joined.ok() + " of " + all.size() + " clients joined");
      }
      new ChangeDriver(fleet, chairs, "c-").startTimers();
      Path jfr = startProfile(s, server, "C");
      for (int rate : s.integers("rates")) {
        // The server may still be answering requests its clients gave up on: let it finish first.
        quiesce(server, 60);
        waitQuiet(s, server, "C " + rate + "/s");
        Step st = step(fleet, senders, agencies, rate, s.integer("step-seconds"), s.integer("action-every"), server);
        steps.add(st);
        say(String.format(Locale.ROOT, "C: offered %d/s: acked %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d refused %s",
          rate, st.achieved(), st.latency().getValueAtPercentile(50) / 1000.0,
          st.latency().getValueAtPercentile(99) / 1000.0, st.latency().getMaxValue() / 1000.0, st.failed(), st.errors()));
        if (!st.sustained() && rate >= 500) {
          break;
        }
        Thread.sleep(2000);
      }
      stopProfile(jfr, server, r);
      noteErrors(r, "C/live", fleet);
      db = s.flag("baseline") ? insertBaseline(server, s) : new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    } finally {
      fleet.close();
      release(server, s);
    }
    Step at500 = steps.stream().filter(x -> x.rate() == 500).findFirst().orElse(null);
    Step lowest = steps.isEmpty() ? null : steps.get(0);
    if (lowest != null) {
      r.row("ack p99 at " + lowest.rate() + "/s", lowest.latency().getValueAtPercentile(99) / 1000.0, Double.NaN, " ms",
        null);
    }
    double best = steps.stream().filter(Step::sustained).mapToDouble(Step::achieved).max().orElse(0);
    int bestOffered = steps.stream().filter(Step::sustained).mapToInt(Step::rate).max().orElse(0);
    r.row("highest sustained rate (ack after commit)", best, db[0], "/s", Target.atLeast(1000, "≥ 1,000/s"));
    if (at500 != null) {
      r.row("ack p50 at 500/s", at500.latency().getValueAtPercentile(50) / 1000.0, db[1], " ms", null);
      r.row("ack p99 at 500/s", at500.latency().getValueAtPercentile(99) / 1000.0, db[2], " ms",
        Target.atMost(50, "≤ 50 ms"));
    }
    for (Step st : steps) {
      r.note(String.format(Locale.ROOT, "offered %,d/s for %s s: %,d sent, %,d acked (%.0f/s), %d refused %s; ack p50 %.1f,"
          + " p99 %.1f, max %.1f ms; %s; CPU %s", st.rate(), s.get("step-seconds"), st.sent(), st.acked(), st.achieved(),
        st.failed(), st.errors().isEmpty() ? "" : st.errors().toString(), st.latency().getValueAtPercentile(50) / 1000.0,
        st.latency().getValueAtPercentile(99) / 1000.0, st.latency().getMaxValue() / 1000.0,
        st.sustained() ? "sustained" : "NOT sustained", st.cpu()));
    }
    if (!Double.isNaN(db[0])) {
      r.note(String.format(Locale.ROOT, "baseline: single-row autocommit INSERTs through a Vert.x pg pool of 8 (the"
          + " server's pool settings) on the same Postgres: %,.0f rows/s with %s in flight; at 500/s p50 %.2f ms, p99 %.2f ms,"
          + " max %.2f ms", db[0], s.get("baseline-inflight"), db[1], db[2], db[3]));
    }
    r.metric("live.bestRate", best);
    r.metric("live.bestOffered", bestOffered);
    r.metric("live.acked", steps.stream().mapToLong(Step::acked).sum());
    r.metric("live.failed", steps.stream().mapToLong(Step::failed).sum());
    r.metric("baseline.rowsPerSecond", db[0]);
    return r;
  }

  /** Open loop: commands are due at exact times; latency is from when each was due to its acknowledgement. */
  private Step step(Fleet fleet, List<LiveClient> senders, List<String> agencies, int rate, int seconds, int actionEvery,
                    ServerProcess server) throws Exception {
    Recorder latency = new Recorder(3_600_000_000L, 3);
    LongAdder acked = new LongAdder();
    LongAdder ackedInWindow = new LongAdder();
    LongAdder failed = new LongAdder();
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    long total = (long) rate * seconds;
    AtomicLong sent = new AtomicLong();
    long startNs = System.nanoTime() + 50_000_000L;
    long endNs = startNs + seconds * 1_000_000_000L;
    String prefix = "c" + rate + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    Cpu c0 = Cpu.of(server);
    Promise<Long> timerId = Promise.promise();
    Vertx vertx = fleet.vertx;
    vertx.runOnContext(v -> timerId.complete(vertx.setPeriodic(2, id -> {
      long now = System.nanoTime();
      long due = Math.min(total, Math.max(0, (now - startNs)) * rate / 1_000_000_000L);
      while (sent.get() < due) {
        long i = sent.getAndIncrement();
        long intended = startNs + i * 1_000_000_000L / rate;
        int k = (int) (i % senders.size());
        LiveClient sender = senders.get(k);
        JsonObject cmd = actionEvery > 0 && i % actionEvery == actionEvery - 1
          ? new JsonObject().put("type", "action.propose").put("key", prefix + i)
            .put("description", "Arrange a joint home visit with the school nurse and agree a plan, step " + i)
            .put("ownerAgencyId", agencies.get(k)).put("successMeasure", "Visit recorded on the case file by the due date")
          : new JsonObject().put("type", "contribution.add").put("key", prefix + i)
            .put("body", "Update " + i + ": school attendance is up to 92% since the last panel; the family support"
              + " worker visits weekly and housing has confirmed the repair date.");
        sender.request(cmd).onComplete(ar -> {
          long done = System.nanoTime();
          if (ar.succeeded() && ar.result().isOk()) {
            acked.increment();
            if (done <= endNs) {
              ackedInWindow.increment();
            }
            Fleet.Stats.record(latency, (done - intended) / 1000, 3_600_000_000L);
          } else {
            failed.increment();
            errors.computeIfAbsent(ar.succeeded() ? ar.result().errorCode() : String.valueOf(ar.cause().getMessage()),
              x -> new LongAdder()).increment();
          }
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(id);
      }
    })));
    long timer = timerId.future().await(10, TimeUnit.SECONDS);
    Thread.sleep(Math.max(0, (endNs - System.nanoTime()) / 1_000_000));
    String cpu = Cpu.of(server).since(c0);
    long deadline = System.currentTimeMillis() + 30_000;
    while (acked.sum() + failed.sum() < sent.get() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    vertx.cancelTimer(timer);
    Map<String, Long> errs = new HashMap<>();
    errors.forEach((k, v) -> errs.put(k, v.sum()));
    long unanswered = sent.get() - acked.sum() - failed.sum();
    if (unanswered > 0) {
      errs.put("unanswered after 30 s", unanswered);
    }
    return new Step(rate, sent.get(), acked.sum(), failed.sum() + unanswered, ackedInWindow.sum() / (double) seconds,
      latency.getIntervalHistogram(), errs, cpu);
  }

  /**
   * The durable-write baseline: single-row autocommit INSERTs through a Vert.x pg pool with the
   * server's settings (8 connections, prepared statements cached, pipelining 256) into a bench table
   * of the same embedded Postgres (fsync and synchronous_commit on). Returns {rows/s saturated,
   * p50 ms, p99 ms, max ms at 500/s}.
   */
  private double[] insertBaseline(ServerProcess server, Scenario s) throws Exception {
    int seconds = s.integer("baseline-seconds");
    int inflight = s.integer("baseline-inflight");
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
      .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(server.pgPort).setDatabase("postgres")
        .setUser("ailive").setPassword(org.ailive.store.DatabaseSecret.read(server.dataDir).service())
        .setCachePreparedStatements(true).setPipeliningLimit(256))
      .using(control).build();
    try {
      pool.query("""
        CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, meeting_id uuid NOT NULL, seq bigint NOT NULL,
          body text NOT NULL, at timestamptz NOT NULL DEFAULT now())""").execute().await(30, TimeUnit.SECONDS);
      String sql = "INSERT INTO bench_insert (meeting_id, seq, body) VALUES ($1, $2, $3)";
      String body = "Update: school attendance is up to 92% since the last panel; the family support worker visits"
        + " weekly and housing has confirmed the repair date.";
      UUID meeting = UUID.randomUUID();
      AtomicLong seq = new AtomicLong();
      // Saturation: a closed loop with `inflight` inserts outstanding.
      LongAdder done = new LongAdder();
      long endNs = System.nanoTime() + seconds * 1_000_000_000L;
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        if (System.nanoTime() < endNs) {
          pool.preparedQuery(sql).execute(Tuple.of(meeting, seq.incrementAndGet(), body)).onComplete(ar -> {
            if (ar.succeeded()) {
              done.increment();
            }
            next[0].run();
          });
        }
      };
      long t0 = System.nanoTime();
      control.runOnContext(v -> {
        for (int i = 0; i < inflight; i++) {
          next[0].run();
        }
      });
      Thread.sleep(seconds * 1000L + 200);
      double rowsPerSecond = done.sum() / ((System.nanoTime() - t0) / 1e9);
      Thread.sleep(1000);
      // Open loop at 500/s: latency from when each insert was due.
      Recorder lat = new Recorder(3_600_000_000L, 3);
      int rate = 500;
      long total = (long) rate * seconds;
      AtomicLong sent = new AtomicLong();
      LongAdder finished = new LongAdder();
      long start = System.nanoTime() + 20_000_000L;
      Promise<Long> tid = Promise.promise();
      control.runOnContext(v -> tid.complete(control.setPeriodic(2, id -> {
        long due = Math.min(total, Math.max(0, System.nanoTime() - start) * rate / 1_000_000_000L);
        while (sent.get() < due) {
          long i = sent.getAndIncrement();
          long intended = start + i * 1_000_000_000L / rate;
          pool.preparedQuery(sql).execute(Tuple.of(meeting, seq.incrementAndGet(), body)).onComplete(ar -> {
            Fleet.Stats.record(lat, (System.nanoTime() - intended) / 1000, 3_600_000_000L);
            finished.increment();
          });
        }
        if (sent.get() >= total) {
          control.cancelTimer(id);
        }
      })));
      long timer = tid.future().await(10, TimeUnit.SECONDS);
      long deadline = System.currentTimeMillis() + seconds * 1000L + 30_000;
      while (finished.sum() < total && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      control.cancelTimer(timer);
      Histogram h = lat.getIntervalHistogram();
      say(String.format(Locale.ROOT, "C/baseline: %,.0f inserts/s saturated; at 500/s p50 %.2f ms, p99 %.2f ms",
        rowsPerSecond, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0));
      return new double[] {rowsPerSecond, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0};
    } finally {
      pool.close().await(30, TimeUnit.SECONDS);
    }
  }

  // ====================================================================================
  // D: reconnect storm
  // ====================================================================================

  record Storm(int clients, int rejoined, long allCaughtUpMs, Histogram catchUp, long lost, long outOfOrder, long retries,
               long rejected, long closes, long received, String cpu, JsonObject payload, JsonObject state) {
  }

  private Result scenarioD(Scenario s) throws Exception {
    Result r = new Result("D");
    if (!s.flag("live")) {
      Storm only = storm(s, false, r, null);
      r.row("clients caught up", Double.NaN, only.rejoined(), " of " + only.clients(), null);
      r.row("time until all caught up", Double.NaN, allTime(only), " s", null);
      r.row("catch-up p99", Double.NaN, only.catchUp().getValueAtPercentile(99) / 1000.0, " s", null);
      r.row("events lost", Double.NaN, only.lost(), "", null);
      return r;
    }
    Storm live = storm(s, true, r, null);
    Storm base = null;
    if (s.flag("baseline")) {
      Path payload = out.resolve("D-captured.json");
      Files.writeString(payload, new JsonObject().put("payload", live.payload()).put("state", live.state()).encode());
      base = storm(s, false, r, payload);
    }
    double nan = Double.NaN;
    Storm b = base;
    if (b != null) {
      r.baselineLoad(Cpu.loadShare(b.cpu()));
    }
    r.row("clients caught up", live.rejoined(), b == null ? nan : b.rejoined(), " of " + live.clients(),
      Target.atLeast(live.clients(), "all"));
    // Not everyone caught up within the deadline: there is no "time until all".
    r.row("time until all caught up", allTime(live), b == null ? nan : allTime(b), " s", Target.atMost(15, "≤ 15 s"));
    r.row("catch-up p50", live.catchUp().getValueAtPercentile(50) / 1000.0, b == null ? nan
      : b.catchUp().getValueAtPercentile(50) / 1000.0, " s", null);
    r.row("catch-up p99", live.catchUp().getValueAtPercentile(99) / 1000.0, b == null ? nan
      : b.catchUp().getValueAtPercentile(99) / 1000.0, " s", null);
    r.row("events lost", live.lost(), b == null ? nan : b.lost(), "", Target.atMost(0, "0"));
    r.metric("live.rejoined", live.rejoined());
    r.metric("live.clients", live.clients());
    r.metric("live.lost", live.lost());
    r.metric("live.received", live.received());
    r.metric("live.allCaughtUpMs", live.allCaughtUpMs());
    if (b != null) {
      r.metric("baseline.rejoined", b.rejoined());
      r.metric("baseline.lost", b.lost());
    }
    r.note(String.format(Locale.ROOT, "A&I Live: %,d retries, %,d refused frames, %d sockets closed by the server, %d out of"
      + " order; CPU during the storm %s", live.retries(), live.rejected(), live.closes(), live.outOfOrder(), live.cpu()));
    if (b != null) {
      r.note(String.format(Locale.ROOT, "baseline: %,d retries; CPU during the storm %s", b.retries(), b.cpu()));
    }
    return r;
  }

  /** A percentile, or NaN (shown as "–") when nothing was recorded. */
  static double pct(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile);
  }

  private static double allTime(Storm st) {
    return st.rejoined() < st.clients() || st.allCaughtUpMs() < 0 ? Double.NaN : st.allCaughtUpMs() / 1000.0;
  }

  private Storm storm(Scenario s, boolean live, Result r, Path payloadFile) throws Exception {
    String side = "D/" + (live ? "live" : "baseline");
    int meetings = s.integer("meetings");
    int members = s.integer("members");
    ServerProcess server = live ? liveServer(s) : baselineServer(s, payloadFile);
    Seed seed = live ? seedFor(server) : null;
    List<Seed.Meeting> ms = live ? seed.meetings(tag("D"), meetings, members, s.integer("agenda-items"))
      : fakeMeetings(meetings, members);
    Fleet fleet = new Fleet(server.port, settings(s));
    try {
      List<LiveClient> all = new ArrayList<>();
      List<LiveClient> chairs = new ArrayList<>();
      List<LiveClient> partners = new ArrayList<>();
      for (Seed.Meeting m : ms) {
        LiveClient chair = fleet.client(m.id().toString(), m.chair().token());
        chairs.add(chair);
        all.add(chair);
        m.partners().forEach(p -> {
          LiveClient c = fleet.client(m.id().toString(), p.token());
          partners.add(c);
          all.add(c);
        });
      }
      chairs.get(0).capture = true;
      say(side + ": " + all.size() + " clients joining " + meetings + " meetings");
      Fleet.Joined joined = Fleet.joinAll(all, s.integer("connect-concurrency"), s.integer("setup-timeout") * 1000L,
        LiveClient::join);
      if (!joined.complete()) {
        r.note(side + ": only " + joined.ok() + " of " + all.size() + " joined before the storm");
      }
      ChangeDriver driver = new ChangeDriver(fleet, chairs, "d" + UUID.randomUUID().toString().substring(0, 6) + "-");
      driver.startTimers();
      driver.startPaced(s.number("rate"));
      Thread.sleep(s.integer("warmup") * 1000L);
      say(side + ": " + partners.size() + " clients drop");
      List<Future<Void>> drops = new ArrayList<>();
      partners.forEach(c -> drops.add(c.drop()));
      Future.join(drops).await(60, TimeUnit.SECONDS);
      waitQuiet(s, server, side);
      Thread.sleep(s.integer("down-ms"));
      say(side + ": " + partners.size() + " clients rejoin at once");
      Path jfr = live ? startProfile(s, server, "D") : null;
      Cpu c0 = Cpu.of(server);
      long stormStart = System.currentTimeMillis();
      Fleet.Joined storm = Fleet.joinAll(partners, s.integer("storm-concurrency"), s.integer("deadline") * 1000L,
        LiveClient::join);
      String cpu = Cpu.of(server).since(c0);
      stopProfile(jfr, server, r);
      java.util.Set<LiveClient> dropped = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      dropped.addAll(partners);
      List<Long> caughtUp = fleet.collect(c -> dropped.contains(c) ? c.caughtUpAtMs : -2L);
      Histogram h = new Histogram(3_600_000L, 3);
      long last = 0;
      int ok = 0;
      for (long t : caughtUp) {
        if (t >= stormStart) {
          ok++;
          h.recordValue(Math.min(3_600_000L, t - stormStart));
          last = Math.max(last, t - stormStart);
        }
      }
      if (ok < partners.size()) {
        r.note(String.format(Locale.ROOT, "%s: %d of %d caught up within the %s s deadline", side, ok, partners.size(),
          s.get("deadline")));
      }
      say(String.format(Locale.ROOT, "%s: %d/%d caught up; last at %.1f s (p50 %.1f s, p99 %.1f s)", side, ok,
        partners.size(), last / 1000.0, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0));
      Thread.sleep(s.integer("seconds") * 1000L);
      driver.stop();
      Map<String, Long> finals = finals(live ? seed : null, ms, driver);
      long[] loss = drainAndCount(fleet, finals, s.integer("drain-seconds"));
      noteErrors(r, side, fleet);
      long retries = fleet.collect(c -> (long) c.retries).stream().mapToLong(Long::longValue).sum();
      long rejected = fleet.collect(c -> (long) c.rejected).stream().mapToLong(Long::longValue).sum();
      long closes = fleet.collect(c -> (long) c.unexpectedCloses).stream().mapToLong(Long::longValue).sum();
      long received = fleet.collect(c -> (long) c.liveEvents).stream().mapToLong(Long::longValue).sum();
      return new Storm(partners.size(), ok == partners.size() && storm.complete() ? ok : Math.min(ok, storm.ok()),
        ok == 0 ? -1 : last, h, loss[0], loss[1], retries, rejected, closes, received, cpu,
        fleet.stats.capturedPayload, fleet.stats.capturedState);
    } finally {
      fleet.close();
      release(server, s);
    }
  }

  // ====================================================================================
  // servers, seeds, helpers
  // ====================================================================================

  private String signInToken;

  private ServerProcess liveServer(Scenario s) throws Exception {
    if (!s.flag("fresh-server") && sharedLive != null) {
      return sharedLive;
    }
    say(s.name + ": starting A&I Live" + (pin ? " on core 0" : ""));
    ServerProcess server = ServerProcess.startLive(out.resolve(s.name + "-live"), pin, s.get("server-java-opts"),
      s.get("server-classes"));
    if (!s.get("server-classes").isBlank()) {
      say(s.name + ": A&I Live runs with " + s.get("server-classes") + " first on its classpath");
    }
    signIn(server);
    if (!s.flag("fresh-server")) {
      sharedLive = server;
    }
    return server;
  }

  private ServerProcess baselineServer(Scenario s, Path payload) throws Exception {
    if (!s.flag("fresh-server") && sharedBaseline != null) {
      return sharedBaseline;
    }
    say(s.name + ": starting the baseline server" + (pin ? " on core 0" : ""));
    ServerProcess server = ServerProcess.startBaseline(out.resolve(s.name + "-baseline"), pin,
      s.get("server-java-opts"), payload);
    if (!s.flag("fresh-server")) {
      sharedBaseline = server;
    }
    return server;
  }

  private final Map<ServerProcess, Seed> seeds = new HashMap<>();

  private Seed seedFor(ServerProcess server) throws Exception {
    Seed seed = seeds.get(server);
    if (seed == null) {
      seed = Seed.open(control, server);
      seeds.put(server, seed);
    }
    return seed;
  }

  private int tags;

  /** A distinct tag per seeding, so scenarios sharing one server do not collide. */
  private String tag(String scenario) {
    return scenario.replace("-stress", "S").replace("-", "") + (char) ('A' + (tags++ % 26));
  }

  private void release(ServerProcess server, Scenario s) {
    if (s.flag("fresh-server")) {
      Seed seed = seeds.remove(server);
      if (seed != null) {
        seed.close();
      }
      warnings(server);
      server.close();
    }
  }

  private void warnings(ServerProcess server) {
    try {
      List<String> lines = Files.readAllLines(server.log).stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
        .toList();
      if (!lines.isEmpty()) {
        say(server.kind + " server logged " + lines.size() + " warnings/errors; first: " + lines.get(0));
      }
    } catch (Exception ignored) {
      // no log
    }
  }

  private void closeShared() {
    seeds.values().forEach(Seed::close);
    seeds.clear();
    if (sharedLive != null) {
      warnings(sharedLive);
      sharedLive.close();
    }
    if (sharedBaseline != null) {
      sharedBaseline.close();
    }
  }

  /** Signs in once, as the officer made at start-up (PBKDF2 is slow on purpose: once is enough). */
  private void signIn(ServerProcess server) throws Exception {
    WebClient web = WebClient.create(control);
    try {
      long t0 = System.nanoTime();
      var res = web.post(server.port, "127.0.0.1", "/api/auth/sign-in")
        .sendJsonObject(new JsonObject().put("email", ServerProcess.OFFICER_EMAIL)
          .put("password", ServerProcess.OFFICER_PASSWORD)).await(60, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (res.statusCode() != 200) {
        throw new IllegalStateException("sign-in failed: " + res.statusCode() + " " + res.bodyAsString());
      }
      signInToken = res.bodyAsJsonObject().getString("token");
      String enrolled = "";
      if (res.bodyAsJsonObject().getBoolean("twoFactorEnrolmentRequired", false)) {
        // An officer sets up two-factor sign-in before anything else (issue 18): the set-up session
        // opens no live channel, so the bench does what the officer would, with the same code generator.
        var enrol = web.post(server.port, "127.0.0.1", "/api/auth/two-factor/enrol").bearerTokenAuthentication(signInToken)
          .sendJsonObject(new JsonObject()).await(30, TimeUnit.SECONDS);
        if (enrol.statusCode() != 200) {
          throw new IllegalStateException("two-factor enrolment: " + enrol.statusCode() + " " + enrol.bodyAsString());
        }
        String secret = enrol.bodyAsJsonObject().getString("secret");
        String code = org.ailive.auth.Totp.code(org.ailive.auth.Totp.fromBase32(secret),
          org.ailive.auth.Totp.step(java.time.Instant.now()));
        var confirmed = web.post(server.port, "127.0.0.1", "/api/auth/two-factor/confirm")
          .bearerTokenAuthentication(signInToken).sendJsonObject(new JsonObject().put("code", code))
          .await(30, TimeUnit.SECONDS);
        if (confirmed.statusCode() != 200) {
          throw new IllegalStateException("two-factor confirmation: " + confirmed.statusCode() + " "
            + confirmed.bodyAsString());
        }
        signInToken = confirmed.bodyAsJsonObject().getString("token", signInToken);
        enrolled = " (two-factor sign-in set up with it)";
      }
      var me = web.get(server.port, "127.0.0.1", "/api/me").bearerTokenAuthentication(signInToken).send()
        .await(30, TimeUnit.SECONDS);
      if (me.statusCode() != 200) {
        throw new IllegalStateException("GET /api/me with the signed-in token: " + me.statusCode());
      }
      signInNote = "sign-in as the officer: 200 in " + ms + " ms" + enrolled + "; GET /api/me with its token: 200";
      say(signInNote);
    } finally {
      web.close();
    }
  }

  public String signInNote() {
    return signInNote;
  }

  private static List<Seed.Meeting> fakeMeetings(int meetings, int members) {
    List<Seed.Meeting> out = new ArrayList<>();
    for (int m = 0; m < meetings; m++) {
      List<Seed.Member> partners = new ArrayList<>();
      for (int k = 1; k < members; k++) {
        partners.add(new Seed.Member(UUID.randomUUID(), "Partner " + k, UUID.randomUUID(), "Bench", "partner",
          "baseline-needs-no-token"));
      }
      out.add(new Seed.Meeting(UUID.randomUUID(), new Seed.Member(UUID.randomUUID(), "Chair", UUID.randomUUID(), "Bench",
        "chair", "baseline-needs-no-token"), partners, UUID.randomUUID()));
    }
    return out;
  }

  private static Fleet.Settings settings(Scenario s) {
    return new Fleet.Settings(s.flag("presence"), s.flag("compress"), s.flag("sync-state"), s.integer("clock-samples"),
      s.integer("ping-ms"));
  }

  private Path startProfile(Scenario s, ServerProcess server, String name) {
    if (!s.flag("profile")) {
      return null;
    }
    Path jfr = out.resolve(name + ".jfr");
    server.startJfr(jfr);
    return jfr;
  }

  private void stopProfile(Path jfr, ServerProcess server, Result r) {
    if (jfr == null) {
      return;
    }
    server.threadDump(out.resolve(jfr.getFileName().toString().replace(".jfr", "-threads.txt")));
    server.stopJfr();
    try {
      String summary = JfrSummary.summarise(jfr, 30);
      Path file = out.resolve(jfr.getFileName().toString().replace(".jfr", "-profile.txt"));
      Files.writeString(file, summary);
      System.out.println(summary);
      r.note("profile: " + file);
    } catch (Exception e) {
      r.note("profile could not be read: " + e.getMessage());
    }
  }

  private static void noteErrors(Result r, String side, Fleet fleet) {
    if (!fleet.stats.errors.isEmpty()) {
      Map<String, Long> e = new java.util.TreeMap<>();
      fleet.stats.errors.forEach((k, v) -> e.put(k, v.sum()));
      r.note(side + ": client-side errors " + e);
    }
    if (fleet.stats.negativeLatency.sum() > 0) {
      r.note(side + ": " + fleet.stats.negativeLatency.sum() + " events received 'before' their server time (clock?)");
    }
  }

  static void say(String line) {
    System.out.println(java.time.LocalTime.now().withNano(0) + " " + line);
  }

  private static String selfAffinity() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("Cpus_allowed_list:")) {
          return l.substring(l.indexOf(':') + 1).strip();
        }
      }
    } catch (Exception ignored) {
      // not Linux
    }
    return "?";
  }

  /**
   * CPU used by the server JVM, its Postgres and this load JVM between two points, and how busy
   * each core was with other processes (this machine is shared: other work there slows the run).
   */
  record Cpu(long wallNs, long server, long postgres, long load, long[] coreBusy, long[] coreTotal) {
    static Cpu of(ServerProcess s) {
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
}
