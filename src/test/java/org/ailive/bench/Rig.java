package org.ailive.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.ailive.bench.BenchOptions.Scenario;
import org.ailive.bench.Report.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What every scenario of one run shares: the output directory, the pinning, the control Vert.x,
 * the servers (one per scenario, or shared with {@code --fresh-server false}), their seeds, the one
 * real sign-in, and the profiler.
 */
final class Rig {

  final Path out;
  final boolean pin;
  final String pinning;
  final Vertx control;
  private ServerProcess sharedLive;
  private ServerProcess sharedBaseline;
  private String signInNote;

  Rig(BenchOptions options) {
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

  private String signInToken;

  ServerProcess liveServer(Scenario s) throws Exception {
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

  ServerProcess baselineServer(Scenario s, Path payload) throws Exception {
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

  Seed seedFor(ServerProcess server) throws Exception {
    Seed seed = seeds.get(server);
    if (seed == null) {
      seed = Seed.open(control, server);
      seeds.put(server, seed);
    }
    return seed;
  }

  private int tags;

  /** A distinct tag per seeding, so scenarios sharing one server do not collide. */
  String tag(String scenario) {
    return scenario.replace("-stress", "S").replace("-", "") + (char) ('A' + (tags++ % 26));
  }

  void release(ServerProcess server, Scenario s) {
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

  void closeShared() {
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

  String signInToken() {
    return signInToken;
  }

  String signInNote() {
    return signInNote;
  }

  static List<Seed.Meeting> fakeMeetings(int meetings, int members) {
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

  static Fleet.Settings settings(Scenario s) {
    return new Fleet.Settings(s.flag("presence"), s.flag("compress"), s.flag("sync-state"), s.integer("clock-samples"),
      s.integer("ping-ms"));
  }

  Path startProfile(Scenario s, ServerProcess server, String name) {
    if (!s.flag("profile")) {
      return null;
    }
    Path jfr = out.resolve(name + ".jfr");
    server.startJfr(jfr);
    return jfr;
  }

  void stopProfile(Path jfr, ServerProcess server, Result r) {
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

  static void noteErrors(Result r, String side, Fleet fleet) {
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
}
