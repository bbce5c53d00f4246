package org.ailive.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.ailive.bench.BenchOptions.Scenario;
import org.ailive.bench.Report.Result;
import org.ailive.bench.Report.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.ailive.bench.Rig.say;
import static org.ailive.bench.Rig.fakeMeetings;
import static org.ailive.bench.Rig.settings;
import static org.ailive.bench.Rig.noteErrors;
import static org.ailive.bench.Windows.waitQuiet;
import static org.ailive.bench.Windows.finals;
import static org.ailive.bench.Windows.drainAndCount;

/** Scenario D, reconnect storm: most members drop at once and rejoin together while changes go on. */
final class StormScenario {

  private final Rig rig;

  StormScenario(Rig rig) {
    this.rig = rig;
  }

  record Storm(int clients, int rejoined, long allCaughtUpMs, Histogram catchUp, long lost, long outOfOrder, long retries,
               long rejected, long closes, long received, String cpu, JsonObject payload, JsonObject state) {
  }

  Result run(Scenario s) throws Exception {
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
      Path payload = rig.out.resolve("D-captured.json");
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
    r.row("time until all caught up", allTime(live), b == null ? nan : allTime(b), " s", Target.atMost(5, "≤ 5 s")); // issue 22, item 6
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

  private static double allTime(Storm st) {
    return st.rejoined() < st.clients() || st.allCaughtUpMs() < 0 ? Double.NaN : st.allCaughtUpMs() / 1000.0;
  }

  private Storm storm(Scenario s, boolean live, Result r, Path payloadFile) throws Exception {
    String side = "D/" + (live ? "live" : "baseline");
    int meetings = s.integer("meetings");
    int members = s.integer("members");
    ServerProcess server = live ? rig.liveServer(s) : rig.baselineServer(s, payloadFile);
    Seed seed = live ? rig.seedFor(server) : null;
    List<Seed.Meeting> ms = live ? seed.meetings(rig.tag("D"), meetings, members, s.integer("agenda-items"))
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
      Path jfr = live ? rig.startProfile(s, server, "D") : null;
      Cpu c0 = Cpu.of(server);
      long stormStart = System.currentTimeMillis();
      Fleet.Joined storm = Fleet.joinAll(partners, s.integer("storm-concurrency"), s.integer("deadline") * 1000L,
        LiveClient::join);
      String cpu = Cpu.of(server).since(c0);
      rig.stopProfile(jfr, server, r);
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
      rig.release(server, s);
    }
  }
}
