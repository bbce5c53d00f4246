package org.ailive.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.export.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * R11's quarterly report to the Local Implementation Groups in one piece, composed of the existing
 * reports run for the quarter: attendance per agency (and, from the attendance report of each of the
 * last four quarters, its trend), presenting-needs themes, step-up outcomes, and referrals by
 * presenting agency and by district, and the quarter's cancelled meetings (issue 20). The PDF and the XLSX are laid out from the same {@link #tables()}.
 */
record QuarterlyPack(Quarter quarter, List<Quarter> quarters, List<AttendanceReport> attendance, NeedsReport needs,
                     OutcomesReport outcomes, ReferralsReport referrals) {

  /** The quarter's own attendance report (the last of the four). */
  AttendanceReport current() {
    return attendance.get(attendance.size() - 1);
  }

  Period period() {
    return current().period();
  }

  String title() {
    return "Quarterly report to the Local Implementation Groups, " + quarter.label();
  }

  /** Who the pack covers, in words: every panel, or the panels listed. */
  String coverage() {
    List<AttendanceReport.Area> panels = current().panels();
    return period().panelId() == null && period().panels() == null ? "Every panel (county-wide)"
      : String.join("; ", panels.stream().map(a -> a.panel().code() + " – " + a.panel().name()).toList());
  }

  JsonObject toJson() {
    JsonArray qs = new JsonArray();
    quarters.forEach(q -> qs.add(new JsonObject().put("quarter", q.key()).put("label", q.label())
      .put("from", q.from().toString()).put("to", q.to().toString())));
    JsonArray trendPanels = new JsonArray();
    for (AttendanceReport.Area area : current().panels()) {
      trendPanels.add(new JsonObject().put("panelId", area.panel().id().toString()).put("code", area.panel().code())
        .put("name", area.panel().name()).put("agencies", trendJson(area.panel().id(), area)));
    }
    return period().toJson().put("quarter", quarter.key()).put("label", quarter.label()).put("quarters", qs)
      .put("attendance", current().toJson())
      .put("attendanceTrend", new JsonObject().put("county", new JsonObject().put("agencies", trendJson(null, current().county())))
        .put("panels", trendPanels))
      .put("needs", needs.toJson())
      .put("outcomes", outcomes.toJson())
      .put("referrals", referrals.toJson())
      .put("cancelledMeetings", current().cancelled().toJson());
  }

  private JsonArray trendJson(UUID panelId, AttendanceReport.Area area) {
    JsonArray out = new JsonArray();
    for (AttendanceReport.Line line : area.lines()) {
      JsonArray byQuarter = new JsonArray();
      List<Integer> percents = new ArrayList<>();
      for (int i = 0; i < quarters.size(); i++) {
        AttendanceReport.Area then = area(attendance.get(i), panelId);
        AttendanceReport.Line was = line(then, line.agency().id());
        Integer percent = was == null ? null : was.percent();
        percents.add(percent);
        byQuarter.add(new JsonObject().put("quarter", quarters.get(i).key())
          .put("meetings", then == null ? 0 : then.meetings())
          .put("attended", was == null ? null : was.attended()).put("percent", percent));
      }
      out.add(new JsonObject().put("agencyId", line.agency().id().toString()).put("agency", line.agency().name())
        .put("quarters", byQuarter).put("change", change(percents)));
    }
    return out;
  }

  /**
   * Percentage points from the earliest earlier quarter with a figure to this quarter's; null without
   * a figure this quarter or before it (no meeting held).
   */
  static Integer change(List<Integer> percents) {
    Integer last = percents.get(percents.size() - 1);
    Integer first = percents.subList(0, percents.size() - 1).stream().filter(p -> p != null).findFirst().orElse(null);
    return last == null || first == null ? null : last - first;
  }

  /** The county-wide area (null panel) or that panel's, in one quarter's report; null if it is not there. */
  private static AttendanceReport.Area area(AttendanceReport report, UUID panelId) {
    if (panelId == null) {
      return report.county();
    }
    return report.panels().stream().filter(a -> a.panel().id().equals(panelId)).findFirst().orElse(null);
  }

  private static AttendanceReport.Line line(AttendanceReport.Area area, UUID agencyId) {
    return area == null ? null
      : area.lines().stream().filter(l -> l.agency().id().equals(agencyId)).findFirst().orElse(null);
  }

  /** One table per section, in the pack's order: the XLSX's sheets and the PDF's tables. */
  List<Table> tables() {
    return List.of(current().toTable(), trendTable(), needs.toTable(), outcomes.toTable(),
      referrals.byAgencyTable(), referrals.byDistrictTable(), current().cancelled().toTable());
  }

  Table trendTable() {
    List<String> headers = new ArrayList<>(List.of("Area", "Agency"));
    quarters.forEach(q -> headers.add(q.key() + " % attended"));
    headers.add("Change (points)");
    List<List<Object>> rows = new ArrayList<>();
    trendRows(rows, "County-wide", null, current().county());
    for (AttendanceReport.Area area : current().panels()) {
      trendRows(rows, area.panel().code() + " – " + area.panel().name(), area.panel().id(), area);
    }
    return new Table("Attendance trend", headers, rows);
  }

  private void trendRows(List<List<Object>> rows, String label, UUID panelId, AttendanceReport.Area area) {
    for (AttendanceReport.Line line : area.lines()) {
      List<Object> row = new ArrayList<>(List.of(label, line.agency().name()));
      List<Integer> percents = new ArrayList<>();
      for (AttendanceReport report : attendance) {
        AttendanceReport.Line was = line(area(report, panelId), line.agency().id());
        percents.add(was == null ? null : was.percent());
      }
      row.addAll(percents);
      row.add(change(percents));
      rows.add(row);
    }
  }
}
