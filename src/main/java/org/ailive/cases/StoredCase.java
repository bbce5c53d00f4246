package org.ailive.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.ailive.auth.PanelReach;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A case as stored, with its meeting and where the caller sits, which is what access turns on. */
record StoredCase(UUID id, UUID panelId, UUID meetingId, LocalDate meetingDate, String meetingStatus,
                  List<UUID> panelDistricts, String district, UUID presenterId, String presenterName,
                  String presenterAgency, CaseFields fields, Instant consentRecordedAt, String status,
                  boolean late, int version, Instant submittedAt, UUID acceptedBy, UUID declinedBy,
                  String declinedReason, Instant createdAt, Instant updatedAt, PanelReach.Seat seat,
                  String outcome, Boolean needMet, LocalDate deferredFrom, String withdrawnReason) {

  static StoredCase from(Row r) {
    CaseFields fields = new CaseFields(r.getString("family_ref"), r.getUUID("district_id"), r.getBoolean("ffa_open"),
      r.getBoolean("consent_to_share"), r.getString("reason_for_bringing"), r.getString("summary_of_concerns"),
      List.of(r.getArrayOfStrings("presenting_needs")), r.getString("voice_of_child"), r.getLocalDate("review_date"));
    return new StoredCase(r.getUUID("id"), r.getUUID("panel_id"), r.getUUID("meeting_id"), r.getLocalDate("meeting_date"),
      r.getString("meeting_status"), Arrays.asList(r.getArrayOfUUIDs("panel_districts")), r.getString("district_name"),
      r.getUUID("presenter_member_id"), r.getString("presenter_name"), r.getString("presenter_agency"), fields,
      instant(r, "consent_recorded_at"), r.getString("status"), r.getBoolean("submitted_late"), r.getInteger("version"),
      instant(r, "submitted_at"), r.getUUID("accepted_by_member_id"), r.getUUID("declined_by_member_id"),
      r.getString("declined_reason"), instant(r, "created_at"), instant(r, "updated_at"), PanelReach.Seat.from(r),
      r.getString("outcome"), r.getBoolean("need_met"), r.getLocalDate("deferred_from"), r.getString("withdrawn_reason"));
  }

  JsonObject toJson() {
    CaseFields f = fields;
    return new JsonObject()
      .put("id", id.toString())
      .put("meetingId", str(meetingId))
      .put("meetingDate", str(meetingDate))
      .put("deadlineDate", meetingDate == null ? null : CaseCalendar.deadlineDate(meetingDate).toString())
      .put("panelId", panelId.toString())
      .put("districtId", f.districtId().toString())
      .put("district", district)
      .put("familyRef", f.familyRef())
      .put("presenter", new JsonObject().put("memberId", presenterId.toString()).put("fullName", presenterName)
        .put("agency", presenterAgency))
      .put("status", status)
      .put("late", late)
      .put("version", version)
      .put("ffaOpen", f.ffaOpen())
      .put("consentToShare", f.consentToShare())
      .put("consentRecordedAt", millis(consentRecordedAt))
      .put("reasonForBringing", f.reasonForBringing())
      .put("summaryOfConcerns", f.summaryOfConcerns())
      .put("presentingNeeds", new JsonArray(f.presentingNeeds()))
      .put("voiceOfChild", f.voiceOfChild())
      .put("reviewDate", str(f.reviewDate()))
      .put("submittedAt", millis(submittedAt))
      .put("acceptedByMemberId", str(acceptedBy))
      .put("declinedByMemberId", str(declinedBy))
      .put("declinedReason", declinedReason)
      .put("createdAt", millis(createdAt))
      .put("updatedAt", millis(updatedAt))
      // After the panel (R9): where it went, whether its need was met, and how it moved.
      .put("outcome", outcome)
      .put("needMet", needMet)
      .put("deferredFromMeetingDate", str(deferredFrom))
      .put("withdrawnReason", withdrawnReason);
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
