package org.ailive.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.export.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * R11 step-up outcomes per quarter: of the cases brought in each calendar quarter, how many stepped
 * up to an Assessment, to IFST, to Targeted Youth Support, elsewhere, nowhere, or have no outcome
 * recorded yet; per panel and county-wide.
 */
record OutcomesReport(Period period, List<Area> panels, Area county) {

  static final List<String> OUTCOMES = List.of("assessment", "ifst", "tys", "other", "none", "not_recorded");

  static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put("assessment", "To Assessment");
    LABELS.put("ifst", "To IFST");
    LABELS.put("tys", "To TYS");
    LABELS.put("other", "Other");
    LABELS.put("none", "None");
    LABELS.put("not_recorded", "Not recorded");
  }

  /** Keyed "2026-Q1", in order; each maps outcome to cases. */
  record Area(ReportPanel panel, TreeMap<String, Map<String, Integer>> quarters) {
  }

  record Count(UUID panelId, int year, int quarter, String outcome, int cases) {
    String key() {
      return year + "-Q" + quarter;
    }
  }

  static OutcomesReport assemble(Period period, List<ReportPanel> panels, List<Count> counts) {
    List<Area> areas = new ArrayList<>();
    TreeMap<String, Map<String, Integer>> county = new TreeMap<>();
    for (ReportPanel panel : panels) {
      TreeMap<String, Map<String, Integer>> quarters = new TreeMap<>();
      counts.stream().filter(c -> c.panelId().equals(panel.id())).forEach(c -> {
        quarters.computeIfAbsent(c.key(), k -> new LinkedHashMap<>()).merge(c.outcome(), c.cases(), Integer::sum);
        county.computeIfAbsent(c.key(), k -> new LinkedHashMap<>()).merge(c.outcome(), c.cases(), Integer::sum);
      });
      areas.add(new Area(panel, quarters));
    }
    return new OutcomesReport(period, areas, new Area(null, county));
  }

  static String quarterLabel(String key) {
    String[] months = {"Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"};
    int q = key.charAt(key.length() - 1) - '1';
    return key.substring(0, 4) + " Q" + (q + 1) + " (" + months[q] + ")";
  }

  JsonObject toJson() {
    JsonArray areas = new JsonArray();
    panels.forEach(a -> areas.add(a.panel().toJson().put("quarters", quarters(a))));
    return period.toJson()
      .put("outcomes", new JsonArray(OUTCOMES))
      .put("county", new JsonObject().put("quarters", quarters(county)))
      .put("panels", areas);
  }

  private static JsonArray quarters(Area area) {
    JsonArray out = new JsonArray();
    area.quarters().forEach((key, counts) -> {
      JsonObject byOutcome = new JsonObject();
      OUTCOMES.forEach(o -> byOutcome.put(o, counts.getOrDefault(o, 0)));
      out.add(new JsonObject().put("quarter", key).put("label", quarterLabel(key))
        .put("cases", counts.values().stream().mapToInt(Integer::intValue).sum()).put("outcomes", byOutcome));
    });
    return out;
  }

  Table toTable() {
    List<String> headers = new ArrayList<>(List.of("Area", "Quarter", "Cases"));
    OUTCOMES.forEach(o -> headers.add(LABELS.get(o)));
    List<List<Object>> rows = new ArrayList<>();
    add(rows, "County-wide", county);
    panels.forEach(a -> add(rows, a.panel().label(), a));
    return new Table("Step-up outcomes", headers, rows);
  }

  private static void add(List<List<Object>> rows, String label, Area area) {
    area.quarters().forEach((key, counts) -> {
      List<Object> row = new ArrayList<>();
      row.add(label);
      row.add(quarterLabel(key));
      row.add(counts.values().stream().mapToInt(Integer::intValue).sum());
      OUTCOMES.forEach(o -> row.add(counts.getOrDefault(o, 0)));
      rows.add(row);
    });
  }
}
