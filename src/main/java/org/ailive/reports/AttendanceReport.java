package org.ailive.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.export.Table;
import org.ailive.room.AttendanceMark;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * R11, laid out like Appendix 2 of the 2017 review: the percentage of meetings each agency attended
 * over a period, for each panel and county-wide. Attended means {@link AttendanceMark#ATTENDED}: in
 * the room, remote or represented by a substitute; apologies (with or without a written update) and absence are counted beside it. A
 * panel lists the agencies expected at every meeting, those with a partner on the panel, and any
 * other that came; the county-wide line adds up the panels that list the agency. Cancelled meetings
 * (issue 20) are listed apart ({@code cancelledMeetings}, a sheet of their own): not counted as held.
 */
record AttendanceReport(Period period, List<Area> panels, Area county, List<Month> months, CancelledMeetings cancelled) {

  /**
   * One month of the period: the meetings held in it (across the panels reported) and, per agency,
   * at how many of them it attended. Every month of the period is listed, with none held or not.
   */
  record Month(YearMonth month, int meetings, Map<UUID, Integer> attended) {

    static List<Month> everyMonth(LocalDate from, LocalDate to, Map<YearMonth, Month> held) {
      List<Month> out = new ArrayList<>();
      for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
        out.add(held.getOrDefault(m, new Month(m, 0, Map.of())));
      }
      return out;
    }
  }

  AttendanceReport withMonths(List<Month> byMonth) {
    return new AttendanceReport(period, panels, county, List.copyOf(byMonth), cancelled);
  }

  /** The period's cancelled meetings (issue 20): listed beside the held ones, never counted among them. */
  AttendanceReport withCancelled(CancelledMeetings meetings) {
    return new AttendanceReport(period, panels, county, months, meetings);
  }

  record Agency(UUID id, String name, boolean everyMeeting) {
  }

  /** A panel's held meetings in the period. */
  record Panel(UUID id, String code, String name, int meetings) {
  }

  /** The statuses counted in columns, in {@link AttendanceMark#LABELS}' order (absent is what is left). */
  private static final List<String> COUNTED = AttendanceMark.STATUSES.stream().filter(s -> !"absent".equals(s)).toList();

  /** One agency's record in one area; {@code byMark[i]}: meetings at which its best mark was {@code COUNTED[i]}. */
  record Line(Agency agency, int meetings, int[] byMark) {
    int attended() {
      int sum = 0;
      for (int i = 0; i < COUNTED.size(); i++) {
        sum += AttendanceMark.attended(COUNTED.get(i)) ? byMark[i] : 0;
      }
      return sum;
    }

    int absent() {
      return meetings - java.util.Arrays.stream(byMark).sum();
    }

    Integer percent() {
      return meetings == 0 ? null : (int) Math.round(100.0 * attended() / meetings);
    }

    Line plus(Line other) {
      int[] sum = byMark.clone();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += other.byMark[i];
      }
      return new Line(agency, meetings + other.meetings, sum);
    }
  }

  record Area(Panel panel, int meetings, List<Line> lines) {
  }

  /** One row of the SQL: at {@code meetings} of the panel's meetings the agency's best mark was {@code rank} (1-6). */
  record Mark(UUID panelId, UUID agencyId, int rank, int meetings) {
  }

  static final List<String> HEADERS = Stream.concat(
    Stream.of("Area", "Agency", "Expected", "Meetings", "Attended", "% attended"),
    AttendanceMark.LABELS.values().stream().map(AttendanceMark.Label::column)).toList();

  static AttendanceReport assemble(Period period, List<Panel> panels, Map<UUID, Agency> agencies,
                                   Map<UUID, Set<UUID>> partnerAgencies, List<Mark> marks) {
    List<Area> areas = new ArrayList<>();
    Map<UUID, Line> county = new HashMap<>();
    for (Panel panel : panels) {
      Map<UUID, int[]> counts = new HashMap<>();
      for (Mark m : marks) {
        if (m.panelId().equals(panel.id()) && m.rank() <= COUNTED.size() && agencies.containsKey(m.agencyId())) {
          counts.computeIfAbsent(m.agencyId(), k -> new int[COUNTED.size()])[m.rank() - 1] += m.meetings();
        }
      }
      Set<UUID> listed = new LinkedHashSet<>();
      agencies.values().stream().filter(Agency::everyMeeting).forEach(a -> listed.add(a.id()));
      listed.addAll(partnerAgencies.getOrDefault(panel.id(), Set.of()));
      marks.stream().filter(m -> m.panelId().equals(panel.id()) && agencies.containsKey(m.agencyId()))
        .forEach(m -> listed.add(m.agencyId()));
      List<Line> lines = new ArrayList<>();
      for (UUID agencyId : listed) {
        Agency agency = agencies.get(agencyId);
        if (agency == null) {
          continue;
        }
        Line line = new Line(agency, panel.meetings(), counts.getOrDefault(agencyId, new int[COUNTED.size()]));
        lines.add(line);
        county.merge(agencyId, line, Line::plus);
      }
      lines.sort(ORDER);
      areas.add(new Area(panel, panel.meetings(), lines));
    }
    List<Line> countyLines = new ArrayList<>(county.values());
    countyLines.sort(ORDER);
    int total = panels.stream().mapToInt(Panel::meetings).sum();
    return new AttendanceReport(period, areas, new Area(null, total, countyLines), List.of(),
      CancelledMeetings.none());
  }

  private static final Comparator<Line> ORDER = Comparator.comparing((Line l) -> !l.agency().everyMeeting())
    .thenComparing(l -> l.agency().name(), String.CASE_INSENSITIVE_ORDER);

  JsonObject toJson() {
    JsonArray panelsJson = new JsonArray();
    for (Area area : panels) {
      panelsJson.add(new JsonObject().put("panelId", area.panel().id().toString()).put("code", area.panel().code())
        .put("name", area.panel().name()).put("meetings", area.meetings())
        .put("cancelled", cancelled.of(area.panel().id())).put("agencies", lines(area)));
    }
    return period.toJson()
      .put("attendedMeans", new JsonArray(AttendanceMark.ATTENDED))
      .put("county", new JsonObject().put("meetings", county.meetings()).put("agencies", lines(county))
        .put("months", monthsJson()))
      .put("panels", panelsJson)
      .put("cancelledMeetings", cancelled.toJson());
  }

  /** Each month's meetings and, for every agency of the county-wide list, how many it attended. */
  private JsonArray monthsJson() {
    JsonArray out = new JsonArray();
    for (Month m : months) {
      JsonArray agencies = new JsonArray();
      for (Line l : county.lines()) {
        int attended = m.attended().getOrDefault(l.agency().id(), 0);
        agencies.add(new JsonObject().put("agencyId", l.agency().id().toString()).put("attended", attended)
          .put("percent", m.meetings() == 0 ? null : (int) Math.round(100.0 * attended / m.meetings())));
      }
      out.add(new JsonObject().put("month", m.month().toString()).put("meetings", m.meetings()).put("agencies", agencies));
    }
    return out;
  }

  private static JsonArray lines(Area area) {
    JsonArray out = new JsonArray();
    for (Line l : area.lines()) {
      out.add(new JsonObject()
        .put("agencyId", l.agency().id().toString())
        .put("agency", l.agency().name())
        .put("expected", l.agency().everyMeeting() ? "every_meeting" : "when_relevant")
        .put("meetings", l.meetings())
        .put("attended", l.attended())
        .put("percent", l.percent())
        .put("inRoom", l.byMark()[0])
        .put("remote", l.byMark()[1])
        .put("substitute", l.byMark()[2])
        .put("apologiesWithUpdate", l.byMark()[3])
        .put("apologies", l.byMark()[4])
        .put("absent", l.absent()));
    }
    return out;
  }

  Table toTable() {
    List<List<Object>> rows = new ArrayList<>();
    addRows(rows, "County-wide", county);
    for (Area area : panels) {
      addRows(rows, area.panel().code() + " – " + area.panel().name(), area);
    }
    return new Table("Attendance", HEADERS, rows);
  }

  private static void addRows(List<List<Object>> rows, String label, Area area) {
    for (Line l : area.lines()) {
      List<Object> row = new ArrayList<>();
      row.add(label);
      row.add(l.agency().name());
      row.add(l.agency().everyMeeting() ? "Every meeting" : "When relevant");
      row.add(l.meetings());
      row.add(l.attended());
      row.add(l.percent());
      for (int count : l.byMark()) {
        row.add(count);
      }
      row.add(l.absent());
      rows.add(row);
    }
  }
}
