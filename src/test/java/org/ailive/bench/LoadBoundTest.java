package org.ailive.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, item 1: a baseline measured while the load JVM was above 70 % of its core may be
 * limited by its own load generator, so its ratios read "load-bound" and a target that compares
 * with it is not measured; the load's share is printed beside each baseline figure.
 */
class LoadBoundTest {

  @Test
  void aBaselineWhoseLoadJvmWasAboveSeventyPercentGivesNoRatio() {
    Report.Result busy = new Report.Result("B");
    busy.baselineLoad(Cpu.loadShare("server JVM 88%, Postgres 1%, load JVM 97% (of one core); other"));
    busy.row("saturated deliveries/s", 58_395, 90_134, "/s", Report.Target.ratioAtLeast(0.8, "≥ 0.8 × baseline"));
    busy.row("latency p99", 10, 2, " ms", Report.Target.atMost(50, "p99 ≤ 50 ms"));
    Report.Row ratio = busy.rows.get(0);
    assertEquals("load-bound", ratio.ratio());
    assertEquals("not measured", ratio.verdict());
    assertEquals("90,134/s (load JVM 97%)", ratio.baseline());
    Report.Row absolute = busy.rows.get(1);
    assertEquals("load-bound", absolute.ratio());
    assertEquals("met", absolute.verdict(), "a target of its own is still checked");
    assertTrue(busy.loadBound());

    Report.Result fine = new Report.Result("B");
    fine.baselineLoad(Cpu.loadShare("server JVM 70%, Postgres 2%, load JVM 45% (of one core)"));
    fine.row("saturated deliveries/s", 80_000, 90_000, "/s", Report.Target.ratioAtLeast(0.8, "≥ 0.8 × baseline"));
    assertEquals("0.89×", fine.rows.get(0).ratio());
    assertEquals("met", fine.rows.get(0).verdict());
    assertEquals("90,000/s (load JVM 45%)", fine.rows.get(0).baseline());
    assertEquals(Double.NaN, Cpu.loadShare(null));
  }

  @Test
  void aRowTakesTheLoadOfTheBaselinePhaseItCameFrom() {
    // B: the baseline's working rate drove its load JVM at 13 % (say), its saturation at 96 %.
    Report.Result b = new Report.Result("B");
    b.baselineLoad(96);
    b.row("latency p99", 10, 2, " ms", Report.Target.ratioAtMost(2, "p99 ≤ 2 × baseline"), 13);
    b.row("saturated deliveries/s", 91_066, 233_892, "/s", Report.Target.ratioAtLeast(0.8, "≥ 0.8 × baseline"), 96);
    Report.Row working = b.rows.get(0);
    assertEquals("5.00×", working.ratio());
    assertEquals("MISSED", working.verdict(), "a working-rate figure is compared: its baseline phase was not load-bound");
    assertEquals("2.00 ms (load JVM 13%)", working.baseline());
    Report.Row saturated = b.rows.get(1);
    assertEquals("load-bound", saturated.ratio());
    assertEquals("not measured", saturated.verdict());
    assertEquals("233,892/s (load JVM 96%)", saturated.baseline());
  }

  @Test
  void aPhaseWithoutAShareIsIgnoredAndARatioWithoutABaselineIsNotMeasured() {
    // B-stress has no saturation phase: its working rate's share stands (Math.max would give NaN).
    assertEquals(19, Cpu.maxLoadShare("server JVM 17%, Postgres 0%, load JVM 19% (of one core)", null));
    assertEquals(Double.NaN, Cpu.maxLoadShare(null, null));
    Report.Result c = new Report.Result("C");
    c.row("highest sustained rate against the INSERTs", 1_962, Double.NaN, "/s", Report.Target.ratioAtLeast(1, "≥ baseline"));
    assertEquals("not measured", c.rows.get(0).verdict(), "no baseline run: a ratio target is not measured, not missed");
  }
}
