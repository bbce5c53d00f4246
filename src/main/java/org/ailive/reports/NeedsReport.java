package org.ailive.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.export.Table;
import org.ailive.room.PresentingNeed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * R11 presenting-needs themes: how many of the cases brought in the period had each need, per panel
 * and county-wide, most frequent first (as the review's "key themes" table counts them).
 */
record NeedsReport(Period period, List<Area> panels, Area county) {

  record Need(String code, String label, int cases) {
  }

  record Area(ReportPanel panel, int cases, List<Need> needs) {
  }

  /** One SQL row: {@code cases} of the panel's cases had the need. */
  record Count(UUID panelId, String need, int cases) {
  }

  static final List<String> HEADERS = List.of("Area", "Presenting need", "Need code", "Cases", "% of cases");

  static NeedsReport assemble(Period period, List<ReportPanel> panels, Map<UUID, Integer> casesByPanel,
                              List<Count> counts) {
    List<Area> areas = new ArrayList<>();
    Map<String, Integer> county = new HashMap<>();
    for (ReportPanel panel : panels) {
      Map<String, Integer> needs = new HashMap<>();
      counts.stream().filter(c -> c.panelId().equals(panel.id())).forEach(c -> {
        needs.merge(c.need(), c.cases(), Integer::sum);
        county.merge(c.need(), c.cases(), Integer::sum);
      });
      areas.add(new Area(panel, casesByPanel.getOrDefault(panel.id(), 0), sorted(needs)));
    }
    int total = panels.stream().mapToInt(p -> casesByPanel.getOrDefault(p.id(), 0)).sum();
    return new NeedsReport(period, areas, new Area(null, total, sorted(county)));
  }

  private static List<Need> sorted(Map<String, Integer> counts) {
    List<Need> out = new ArrayList<>();
    counts.forEach((code, n) -> out.add(new Need(code, PresentingNeed.labelOf(code), n)));
    out.sort(Comparator.comparing((Need n) -> -n.cases()).thenComparing(Need::label));
    return out;
  }

  static Integer percent(int part, int whole) {
    return whole == 0 ? null : (int) Math.round(100.0 * part / whole);
  }

  JsonObject toJson() {
    JsonArray areas = new JsonArray();
    panels.forEach(a -> areas.add(a.panel().toJson().put("cases", a.cases()).put("needs", needs(a))));
    return period.toJson()
      .put("county", new JsonObject().put("cases", county.cases()).put("needs", needs(county)))
      .put("panels", areas);
  }

  private static JsonArray needs(Area area) {
    JsonArray out = new JsonArray();
    area.needs().forEach(n -> out.add(new JsonObject().put("code", n.code()).put("label", n.label())
      .put("cases", n.cases()).put("percent", percent(n.cases(), area.cases()))));
    return out;
  }

  Table toTable() {
    List<List<Object>> rows = new ArrayList<>();
    add(rows, "County-wide", county);
    panels.forEach(a -> add(rows, a.panel().label(), a));
    return new Table("Presenting needs", HEADERS, rows);
  }

  private static void add(List<List<Object>> rows, String label, Area area) {
    for (Need n : area.needs()) {
      List<Object> row = new ArrayList<>();
      row.add(label);
      row.add(n.label());
      row.add(n.code());
      row.add(n.cases());
      row.add(percent(n.cases(), area.cases()));
      rows.add(row);
    }
  }
}
