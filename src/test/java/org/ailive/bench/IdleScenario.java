package org.ailive.bench;

import org.HdrHistogram.Histogram;
import org.ailive.bench.BenchOptions.Scenario;
import org.ailive.bench.Report.Result;
import org.ailive.bench.Report.Target;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.ailive.bench.Rig.say;
import static org.ailive.bench.Rig.fakeMeetings;
import static org.ailive.bench.Rig.settings;
import static org.ailive.bench.Rig.noteErrors;
import static org.ailive.bench.Windows.waitQuiet;

/** Scenario A, idle capacity: many members joined and quiet; memory per connection and connects per second. */
final class IdleScenario {

  private final Rig rig;

  IdleScenario(Rig rig) {
    this.rig = rig;
  }

  record Idle(int wanted, int connected, int stillJoined, long heap0, long heap1, long rss0, long rss1,
              double connectsPerSecond, Histogram joinMs, int closes, long failed, String cpu) {
    double heapPerConn() {
      return heap0 < 0 || heap1 < 0 || connected == 0 ? Double.NaN : (heap1 - heap0) / (double) connected;
    }

    double rssPerConn() {
      return rss0 < 0 || rss1 < 0 || connected == 0 ? Double.NaN : (rss1 - rss0) / (double) connected;
    }
  }

  Result run(Scenario s) throws Exception {
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
    if (base != null) {
      r.baselineLoad(Cpu.loadShare(base.cpu()));
    }
    r.row("connections held", live.stillJoined(), base == null ? Double.NaN : base.stillJoined(), "",
      Target.atLeast(19_000, "≥ 19,000"));
    r.row("heap per connection", live.heapPerConn(), base == null ? Double.NaN : base.heapPerConn(), " KB",
      Target.atMost(60, "≤ 60 KB"));
    r.row("RSS per connection", live.rssPerConn(), base == null ? Double.NaN : base.rssPerConn(), " KB",
      Target.ratioAtMost(1.3, "≤ 1.3 × baseline"));
    r.row("connects/s (join + catch-up)", live.connectsPerSecond(), base == null ? Double.NaN : base.connectsPerSecond(),
      "/s", Target.ratioAtLeast(0.5, "≥ 0.5 × baseline"));
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
        + " %d closed by the server; CPU while they joined %s", live.heap0(), live.heap1(), live.rss0(), live.rss1(),
      live.connected(), live.failed(), live.closes(), live.cpu()));
    if (base != null) {
      r.note(String.format(Locale.ROOT, "baseline: heap %,d → %,d KB, RSS %,d → %,d KB; CPU while they joined %s",
        base.heap0(), base.heap1(), base.rss0(), base.rss1(), base.cpu()));
    }
    return r;
  }

  private Idle idle(Scenario s, boolean live, Result r) throws Exception {
    int meetings = s.integer("meetings");
    int members = s.integer("members");
    String side = live ? "live" : "baseline";
    ServerProcess server = live ? rig.liveServer(s) : rig.baselineServer(s, null);
    List<Seed.Meeting> ms = live ? rig.seedFor(server).meetings(rig.tag("A"), meetings, members, s.integer("agenda-items"))
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
      Path jfr = rig.startProfile(s, server, "A-" + side);
      Cpu c0 = Cpu.of(server);
      Fleet.Joined joined = Fleet.joinAll(partners, conc, timeout, LiveClient::join);
      String cpu = Cpu.of(server).since(c0);
      rig.stopProfile(jfr, server, r);
      say(String.format(Locale.ROOT, "A/%s: %d of %d joined in %.1f s (%.0f/s)", side, joined.ok(), partners.size(),
        joined.elapsedMs() / 1000.0, joined.perSecond()));
      Thread.sleep(s.integer("idle-seconds") * 1000L);
      long heap1 = server.heapUsedAfterGcKb();
      long rss1 = server.rssKb();
      int still = (int) fleet.collect(LiveClient::isJoined).stream().filter(b -> b).count();
      int closes = fleet.collect(c -> c.unexpectedCloses).stream().mapToInt(Integer::intValue).sum();
      noteErrors(r, side, fleet);
      return new Idle(chairs.size() + partners.size(), joined.ok(), still, heap0, heap1, rss0, rss1,
        joined.perSecond(), joined.took(), closes, joined.failed() + first.failed(), cpu);
    } finally {
      fleet.close();
      rig.release(server, s);
    }
  }
}
