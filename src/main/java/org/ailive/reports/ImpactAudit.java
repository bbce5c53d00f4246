package org.ailive.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.ailive.room.VolunteeredAction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * R12, the bi-monthly audit of the impact of case discussions and actions: for each case discussed
 * in the period, its agreed actions and how many were completed on time (closed on or before their
 * due date), whether its need was met at review (R9), its step-up outcome (R11) and the time it got
 * against the time planned (R3); and the period's cancelled meetings (issue 20), so a gap is explained. Cases are named by their pseudonymous family reference only.
 */
record ImpactAudit(Period period, LocalDate asOf, List<PanelAudit> panels, CancelledMeetings cancelled) {

  /** How an action stands against its due date, in the order the audit counts them. */
  static final Map<String, String> TIMELINESS = timeliness();

  record Action(int number, String ownerAgency, LocalDate dueDate, String status, LocalDate closedOn,
                String timeliness) {

    static Action from(Row r, LocalDate asOf) {
      LocalDate due = r.getLocalDate("due_date");
      LocalDate closed = r.getLocalDate("closed_on");
      String status = r.getString("status");
      String timeliness = switch (status) {
        case "closed" -> closed != null && !closed.isAfter(due) ? "on_time" : "late";
        case "dropped" -> "dropped";
        default -> due.isBefore(asOf) ? "overdue" : "open";
      };
      return new Action(r.getLong("number").intValue(), r.getString("owner_agency"), due, status, closed, timeliness);
    }

    JsonObject toJson() {
      return new JsonObject().put("number", number).put("ownerAgency", ownerAgency).put("dueDate", dueDate.toString())
        .put("status", status).put("closedOn", closedOn == null ? null : closedOn.toString())
        .put("timeliness", timeliness);
    }
  }

  record Case(UUID id, UUID panelId, String familyRef, String district, String status, String outcome,
              Boolean needMet, LocalDate reviewDate, List<LocalDate> discussedOn, int planned, int used,
              List<Action> actions) {

    static Case from(Row r, List<Action> actions) {
      return new Case(r.getUUID("id"), r.getUUID("panel_id"), r.getString("family_ref"), r.getString("district"),
        r.getString("status"), r.getString("outcome"), r.getBoolean("need_met"), r.getLocalDate("review_date"),
        Arrays.asList(r.getArrayOfLocalDates("discussed_on")), r.getInteger("planned"), r.getInteger("used"),
        List.copyOf(actions));
    }

    String outcomeOrNone() {
      return outcome == null ? "not_recorded" : outcome;
    }

    /** "met", "not_met" or "not_reviewed" (no answer recorded yet). */
    String need() {
      return needMet == null ? "not_reviewed" : needMet ? "met" : "not_met";
    }

    Map<String, Integer> counts() {
      Map<String, Integer> out = new LinkedHashMap<>();
      TIMELINESS.keySet().forEach(k -> out.put(k, 0));
      actions.forEach(a -> out.merge(a.timeliness(), 1, Integer::sum));
      return out;
    }

    Double ratio() {
      return planned == 0 ? null : Math.round(100.0 * used / planned) / 100.0;
    }

    JsonObject toJson() {
      JsonArray list = new JsonArray();
      actions.forEach(a -> list.add(a.toJson()));
      return new JsonObject().put("caseId", id.toString()).put("familyRef", familyRef).put("district", district)
        .put("status", status)
        .put("discussedOn", new JsonArray(discussedOn.stream().map(LocalDate::toString).toList()))
        .put("reviewDate", reviewDate == null ? null : reviewDate.toString())
        .put("needMet", needMet).put("need", need()).put("outcome", outcomeOrNone())
        .put("plannedSeconds", planned).put("usedSeconds", used).put("differenceSeconds", used - planned)
        .put("ratio", ratio())
        .put("actions", actionTotals(List.of(this))).put("actionList", list);
    }
  }

  record PanelAudit(ReportPanel panel, List<Case> cases) {
  }

  static ImpactAudit assemble(Period period, LocalDate asOf, List<ReportPanel> panels, List<Case> cases,
                              CancelledMeetings cancelled) {
    List<PanelAudit> out = new ArrayList<>();
    for (ReportPanel p : panels) {
      out.add(new PanelAudit(p, cases.stream().filter(c -> c.panelId().equals(p.id())).toList()));
    }
    return new ImpactAudit(period, asOf, out, cancelled);
  }

  List<Case> allCases() {
    return panels.stream().flatMap(p -> p.cases().stream()).toList();
  }

  /** The actions of these cases counted by how they stand, and the share of those closed that were on time. */
  static JsonObject actionTotals(List<Case> cases) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    TIMELINESS.keySet().forEach(k -> counts.put(k, 0));
    cases.forEach(c -> c.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum)));
    int closed = counts.get("on_time") + counts.get("late");
    JsonObject out = new JsonObject().put("total", counts.values().stream().mapToInt(Integer::intValue).sum());
    counts.forEach((k, v) -> out.put(camel(k), v));
    return out.put("onTimePercent", closed == 0 ? null : (int) Math.round(100.0 * counts.get("on_time") / closed));
  }

  static JsonObject totals(List<Case> cases) {
    JsonObject need = new JsonObject().put("met", 0).put("notMet", 0).put("notReviewed", 0);
    cases.forEach(c -> need.put(camel(c.need()), need.getInteger(camel(c.need())) + 1));
    JsonObject outcomes = new JsonObject();
    OutcomesReport.OUTCOMES.forEach(o -> outcomes.put(o, 0));
    cases.forEach(c -> outcomes.put(c.outcomeOrNone(), outcomes.getInteger(c.outcomeOrNone()) + 1));
    int planned = cases.stream().mapToInt(Case::planned).sum();
    int used = cases.stream().mapToInt(Case::used).sum();
    return new JsonObject().put("cases", cases.size()).put("actions", actionTotals(cases)).put("need", need)
      .put("outcomes", outcomes).put("plannedSeconds", planned).put("usedSeconds", used)
      .put("differenceSeconds", used - planned);
  }

  JsonObject toJson() {
    JsonArray areas = new JsonArray();
    for (PanelAudit p : panels) {
      JsonArray cases = new JsonArray();
      p.cases().forEach(c -> cases.add(c.toJson()));
      areas.add(p.panel().toJson().put("totals", totals(p.cases())).put("cases", cases)
        .put("cancelledMeetings", cancelled.of(p.panel().id())));
    }
    return period.toJson().put("asOf", asOf.toString()).put("totals", totals(allCases())).put("panels", areas)
      .put("cancelledMeetings", cancelled.toJson());
  }

  static String camel(String snake) {
    int i = snake.indexOf('_');
    return i < 0 ? snake : snake.substring(0, i) + Character.toUpperCase(snake.charAt(i + 1)) + camel(snake.substring(i + 2));
  }

  static String needWords(Case c) {
    return switch (c.need()) {
      case "met" -> "Met";
      case "not_met" -> "Not met";
      default -> "Not yet reviewed";
    };
  }

  static String statusWords(Action a) {
    return VolunteeredAction.label(a.status());
  }

  private static Map<String, String> timeliness() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("on_time", "Closed on time");
    out.put("late", "Closed late");
    out.put("open", "Open, not yet due");
    out.put("overdue", "Open, past its due date");
    out.put("dropped", "Dropped");
    return Collections.unmodifiableMap(out);
  }
}
