package org.ailive.meeting;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/**
 * A panel's monthly meeting: planned, then open for joining, live, and closed; or cancelled while
 * planned ({@code cancelledAt}). {@code sequence} counts the changes its calendar entry went through.
 * {@code callUrl}: its video-call link (R13, {@link CallLinks}), which readers get only as
 * {@code Redaction.meeting} allows. {@code seriesId}: the series it was made in, if any ({@link MeetingSeries}).
 */
public record Meeting(UUID id, UUID panelId, String panelName, LocalDate meetingDate, LocalTime startsAt,
                      LocalTime endsAt, String location, String status, UUID firstDistrictId,
                      String firstDistrict, UUID secondDistrictId, String secondDistrict, int sequence,
                      Instant cancelledAt, String callUrl, UUID seriesId) {

  public static Meeting from(Row row) {
    return new Meeting(row.getUUID("id"), row.getUUID("panel_id"), row.getString("panel_name"),
      row.getLocalDate("meeting_date"), row.getLocalTime("starts_at"), row.getLocalTime("ends_at"),
      row.getString("location"), row.getString("status"), row.getUUID("first_district_id"),
      row.getString("first_district"), row.getUUID("second_district_id"), row.getString("second_district"),
      row.getInteger("ics_sequence"), row.getOffsetDateTime("cancelled_at") == null ? null
        : row.getOffsetDateTime("cancelled_at").toInstant(),
      row.getString("call_url"), row.getUUID("series_id"));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("panelId", panelId.toString())
      .put("panelName", panelName)
      .put("meetingDate", meetingDate.toString())
      .put("startsAt", startsAt.toString())
      .put("endsAt", endsAt.toString())
      .put("location", location)
      .put("status", status)
      .put("firstDistrictId", firstDistrictId.toString())
      .put("firstDistrict", firstDistrict)
      .put("secondDistrictId", secondDistrictId == null ? null : secondDistrictId.toString())
      .put("secondDistrict", secondDistrict)
      .put("cancelled", cancelledAt != null)
      .put("cancelledAt", cancelledAt == null ? null : cancelledAt.toEpochMilli())
      .put("callUrl", callUrl)
      .put("seriesId", seriesId == null ? null : seriesId.toString());
  }
}
