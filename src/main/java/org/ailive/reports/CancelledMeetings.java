package org.ailive.reports;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlClient;
import org.ailive.export.Table;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The meetings of a period that were cancelled (issue 20): recorded as such in the attendance report,
 * the impact audit and the quarterly pack, so a month without a meeting reads as cancelled rather
 * than forgotten. They are never counted among the meetings held (attendance is measured against
 * those). Only the panel, the dates and whether it was one of a series: nothing about a family.
 */
record CancelledMeetings(List<Cancelled> meetings) {

  record Cancelled(UUID meetingId, ReportPanel panel, LocalDate meetingDate, LocalDate cancelledOn, boolean inSeries) {
  }

  static final List<String> HEADERS = List.of("Area", "Meeting date", "Cancelled on", "One of a series");

  static Future<CancelledMeetings> read(SqlClient db, Period period) {
    return db.preparedQuery(ReportsSql.CANCELLED).execute(period.params()).map(rows -> {
      List<Cancelled> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Cancelled(r.getUUID("id"), new ReportPanel(r.getUUID("panel_id"), r.getString("code"),
        r.getString("name")), r.getLocalDate("meeting_date"), r.getLocalDate("cancelled_on"), r.getBoolean("in_series"))));
      return new CancelledMeetings(List.copyOf(out));
    });
  }

  static CancelledMeetings none() {
    return new CancelledMeetings(List.of());
  }

  long of(UUID panelId) {
    return meetings.stream().filter(m -> m.panel().id().equals(panelId)).count();
  }

  JsonArray toJson() {
    JsonArray out = new JsonArray();
    meetings.forEach(m -> out.add(m.panel().toJson().put("meetingId", m.meetingId().toString())
      .put("meetingDate", m.meetingDate().toString()).put("cancelledOn", m.cancelledOn().toString())
      .put("inSeries", m.inSeries())));
    return out;
  }

  /** A sheet of the XLSX and a section of the PDF. */
  Table toTable() {
    List<List<Object>> rows = new ArrayList<>();
    meetings.forEach(m -> rows.add(List.of(m.panel().label(), m.meetingDate(), m.cancelledOn(), m.inSeries() ? "Yes" : "No")));
    return new Table("Cancelled meetings", HEADERS, rows);
  }
}
