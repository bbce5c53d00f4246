package org.ailive.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.ailive.export.Table;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * R3 timing: time planned and used for each agenda item and each meeting, and whether the last
 * cases were rushed. The cases discussed (time used) are split into the first two thirds and the
 * last third in agenda order; the last third was rushed when its cases got on average less than
 * {@link #RUSHED} of the time the earlier ones got, or when it used less than {@link #RUSHED} of its
 * plan relative to how the earlier ones used theirs (the plan itself may have been cut to catch up).
 * Meetings with fewer than three cases discussed are not judged.
 */
record TimingReport(Period period, UUID meetingId, List<MeetingTiming> meetings) {

  static final double RUSHED = 0.75;

  record Item(int position, String kind, String title, String district, int planned, int used) {
    Double ratio() {
      return planned == 0 ? null : Math.round(100.0 * used / planned) / 100.0;
    }
  }

  record Part(int cases, int planned, int used) {
    Double averageUsed() {
      return cases == 0 ? null : (double) used / cases;
    }

    Double ratio() {
      return planned == 0 ? null : Math.round(100.0 * used / planned) / 100.0;
    }

    JsonObject toJson() {
      Double avg = averageUsed();
      return new JsonObject().put("cases", cases).put("plannedSeconds", planned).put("usedSeconds", used)
        .put("averageUsedSeconds", avg == null ? null : (int) Math.round(avg)).put("ratio", ratio());
    }
  }

  record MeetingTiming(UUID meetingId, LocalDate date, String status, String panelCode, String panelName,
                       List<Item> items) {

    int planned() {
      return items.stream().mapToInt(Item::planned).sum();
    }

    int used() {
      return items.stream().mapToInt(Item::used).sum();
    }

    /** Cases that were discussed, in agenda order. */
    List<Item> discussed() {
      return items.stream().filter(i -> "case".equals(i.kind()) && i.used() > 0).toList();
    }

    int lastThirdSize() {
      int n = discussed().size();
      return n < 3 ? 0 : Math.max(1, (int) Math.round(n / 3.0));
    }

    Part first() {
      List<Item> d = discussed();
      return part(d.subList(0, d.size() - lastThirdSize()));
    }

    Part last() {
      List<Item> d = discussed();
      return part(d.subList(d.size() - lastThirdSize(), d.size()));
    }

    /** Null when there are too few cases to say. */
    Boolean rushed() {
      if (discussed().size() < 3) {
        return null;
      }
      Part first = first();
      Part last = last();
      boolean lessTime = last.averageUsed() < RUSHED * first.averageUsed();
      boolean lessOfPlan = first.ratio() != null && last.ratio() != null && last.ratio() < RUSHED * first.ratio();
      return lessTime || lessOfPlan;
    }

    private static Part part(List<Item> cases) {
      return new Part(cases.size(), cases.stream().mapToInt(Item::planned).sum(),
        cases.stream().mapToInt(Item::used).sum());
    }

    /** Which part of the meeting's cases the item is in: "first" (two thirds), "last" (third), or null. */
    String partOf(Item item) {
      List<Item> d = discussed();
      int i = d.indexOf(item);
      if (i < 0 || d.size() < 3) {
        return null;
      }
      return i >= d.size() - lastThirdSize() ? "last" : "first";
    }
  }

  static TimingReport assemble(Period period, UUID meetingId, Iterable<Row> rows) {
    Map<UUID, List<Item>> items = new LinkedHashMap<>();
    Map<UUID, Row> firstRow = new LinkedHashMap<>();
    for (Row r : rows) {
      UUID id = r.getUUID("meeting_id");
      firstRow.putIfAbsent(id, r);
      items.computeIfAbsent(id, k -> new ArrayList<>()).add(new Item(r.getInteger("position"), r.getString("kind"),
        r.getString("title"), r.getString("district"), r.getInteger("allotted_seconds"), r.getInteger("used_seconds")));
    }
    List<MeetingTiming> meetings = new ArrayList<>();
    firstRow.forEach((id, r) -> meetings.add(new MeetingTiming(id, r.getLocalDate("meeting_date"), r.getString("status"),
      r.getString("panel_code"), r.getString("panel_name"), List.copyOf(items.get(id)))));
    return new TimingReport(period, meetingId, meetings);
  }

  JsonObject toJson() {
    JsonArray out = new JsonArray();
    for (MeetingTiming m : meetings) {
      JsonArray items = new JsonArray();
      for (Item i : m.items()) {
        items.add(new JsonObject().put("position", i.position()).put("kind", i.kind()).put("title", i.title())
          .put("district", i.district()).put("plannedSeconds", i.planned()).put("usedSeconds", i.used())
          .put("differenceSeconds", i.used() - i.planned()).put("ratio", i.ratio()).put("part", m.partOf(i)));
      }
      boolean judged = m.discussed().size() >= 3;
      out.add(new JsonObject().put("meetingId", m.meetingId().toString()).put("meetingDate", m.date().toString())
        .put("status", m.status()).put("panelCode", m.panelCode()).put("panelName", m.panelName())
        .put("plannedSeconds", m.planned()).put("usedSeconds", m.used())
        .put("casesDiscussed", m.discussed().size())
        .put("firstTwoThirds", judged ? m.first().toJson() : null)
        .put("lastThird", judged ? m.last().toJson() : null)
        .put("rushed", m.rushed())
        .put("items", items));
    }
    return period.toJson().put("meetingId", meetingId == null ? null : meetingId.toString())
      .put("rushedBelow", RUSHED).put("meetings", out);
  }

  static final List<String> HEADERS = List.of("Meeting date", "Panel", "Position", "Item", "Kind", "District",
    "Planned (min)", "Used (min)", "Difference (min)", "Used / planned", "Part", "Meeting planned (min)",
    "Meeting used (min)", "Last third rushed");

  Table toTable() {
    List<List<Object>> rows = new ArrayList<>();
    for (MeetingTiming m : meetings) {
      Boolean rushed = m.rushed();
      for (Item i : m.items()) {
        String part = m.partOf(i);
        List<Object> row = new ArrayList<>();
        row.add(m.date());
        row.add(m.panelCode());
        row.add(i.position());
        row.add(i.title());
        row.add(i.kind());
        row.add(i.district());
        row.add(minutes(i.planned()));
        row.add(minutes(i.used()));
        row.add(minutes(i.used() - i.planned()));
        row.add(i.ratio());
        row.add(part == null ? null : part.equals("last") ? "Last third" : "First two thirds");
        row.add(minutes(m.planned()));
        row.add(minutes(m.used()));
        row.add(rushed == null ? "Too few cases to say" : rushed);
        rows.add(row);
      }
    }
    return new Table("Timing", HEADERS, rows);
  }

  static double minutes(int seconds) {
    return Math.round(seconds / 6.0) / 10.0;
  }
}
