package org.ailive.actions;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.ailive.auth.PanelReach;
import org.ailive.protocol.Zone;
import org.ailive.room.ActionRag;
import org.ailive.room.VolunteeredAction;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A confirmed action as the panel follows it up between meetings (R7, R8): where it was raised,
 * who owns it, its latest progress and the flags the chair and its owner act on.
 */
public record FollowedAction(UUID id, Long number, UUID caseId, String familyRef, UUID meetingId,
                             LocalDate meetingDate, UUID panelId, UUID chairMemberId, String description,
                             UUID ownerAgencyId, String ownerAgency, UUID ownerMemberId, String ownerName,
                             LocalDate dueDate, String successMeasure, String status, String dropReason,
                             Instant confirmedAt, Instant closedAt, Instant createdAt, Instant lastProgressAt,
                             boolean callerOnPanel, UUID proposedBy, String returnedReason) {

  public static FollowedAction from(Row row) {
    return new FollowedAction(row.getUUID("id"), row.getLong("number"), row.getUUID("case_id"),
      row.getString("family_ref"), row.getUUID("meeting_id"), row.getLocalDate("meeting_date"),
      row.getUUID("panel_id"), row.getUUID("chair_member_id"), row.getString("description"),
      row.getUUID("owner_agency_id"), row.getString("owner_agency"), row.getUUID("owner_member_id"),
      row.getString("owner_name"), row.getLocalDate("due_date"), row.getString("success_measure"),
      row.getString("status"), row.getString("drop_reason"), instant(row, "confirmed_at"),
      instant(row, "closed_at"), instant(row, "created_at"), instant(row, "last_progress_at"),
      Boolean.TRUE.equals(row.getBoolean("caller_on_panel")), row.getUUID("proposed_by_member_id"),
      row.getString("returned_reason"));
  }

  public static LocalDate today() {
    return LocalDate.now(Zone.LONDON);
  }

  /** The caller's place on the action's panel (the raising meeting's). */
  public PanelReach.Seat seat() {
    return new PanelReach.Seat(chairMemberId, callerOnPanel);
  }

  public boolean isActive() {
    return VolunteeredAction.FOLLOWED_UP.contains(status);
  }

  public boolean overdue(LocalDate today) {
    return ActionRag.overdue(status, dueDate, today);
  }

  public boolean dueSoon(LocalDate today) {
    return ActionRag.dueSoon(status, dueDate, today);
  }

  /** R7: open for two months with no progress; the clock restarts at each update. */
  public boolean considerFullCaseReview(LocalDate asOf) {
    return ActionRag.stale(status, noProgressSince(), asOf);
  }

  /** Red, amber or green (null when not followed up): {@link ActionRag}. */
  public ActionRag rag(LocalDate today) {
    return ActionRag.of(status, dueDate, noProgressSince(), today);
  }

  /** The day of the last update, else of the confirmation (the action's own first day). */
  public LocalDate noProgressSince() {
    Instant last = lastProgressAt != null ? lastProgressAt : confirmedAt != null ? confirmedAt : createdAt;
    return last.atZone(Zone.LONDON).toLocalDate();
  }

  /** Same names as the live room's actions (VolunteeredAction), plus where and when it was raised. */
  public JsonObject toJson(LocalDate today) {
    return new JsonObject()
      .put("id", id.toString())
      .put("number", number)
      .put("familyRef", familyRef)
      .put("caseId", str(caseId))
      .put("panelId", panelId.toString())
      .put("meetingId", meetingId.toString())
      .put("meetingDate", meetingDate.toString())
      .put("description", description)
      .put("ownerAgencyId", ownerAgencyId.toString())
      .put("ownerAgency", ownerAgency)
      .put("ownerMemberId", str(ownerMemberId))
      .put("ownerName", ownerName)
      .put("dueDate", dueDate.toString())
      .put("successMeasure", successMeasure)
      .put("status", status)
      .put("dropReason", dropReason)
      .put("proposedByMemberId", str(proposedBy))
      .put("returnedReason", returnedReason)
      .put("confirmedAt", millis(confirmedAt))
      .put("closedAt", millis(closedAt))
      .put("lastProgressAt", millis(lastProgressAt))
      .put("flags", new JsonObject()
        .put("overdue", overdue(today))
        .put("dueSoon", dueSoon(today))
        .put("considerFullCaseReview", considerFullCaseReview(today)))
      .put("rag", rag(today) == null ? null : rag(today).toJson());
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static String str(UUID id) {
    return id == null ? null : id.toString();
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }
}
