package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An action a partner volunteers in a meeting (R7): what, who owns it, by when, and how we will
 * know it is done. The chair confirms it (it then gets its number) or sends it back; later
 * meetings follow it up until the partners agree it can close (R8).
 */
public record VolunteeredAction(UUID id, Long number, UUID caseId, String familyRef, UUID meetingId,
                                String description, UUID ownerAgencyId, String ownerAgency, UUID ownerMemberId,
                                String ownerName, LocalDate dueDate, String lateDueReason, String successMeasure,
                                String status, String returnedReason, String dropReason, UUID proposedBy,
                                UUID confirmedBy, Instant confirmedAt, Instant closedAt) {

  public VolunteeredAction withStatus(String s) {
    return new VolunteeredAction(id, number, caseId, familyRef, meetingId, description, ownerAgencyId, ownerAgency,
      ownerMemberId, ownerName, dueDate, lateDueReason, successMeasure, s, returnedReason, dropReason, proposedBy,
      confirmedBy, confirmedAt, closedAt);
  }

  public VolunteeredAction confirmed(UUID chair, Instant at, String reasonForLateDue) {
    return new VolunteeredAction(id, number, caseId, familyRef, meetingId, description, ownerAgencyId, ownerAgency,
      ownerMemberId, ownerName, dueDate, reasonForLateDue, successMeasure, "open", null, dropReason, proposedBy,
      chair, at, closedAt);
  }

  public VolunteeredAction returned(String reason) {
    return new VolunteeredAction(id, number, caseId, familyRef, meetingId, description, ownerAgencyId, ownerAgency,
      ownerMemberId, ownerName, dueDate, lateDueReason, successMeasure, "returned", reason, dropReason, proposedBy,
      confirmedBy, confirmedAt, closedAt);
  }

  public VolunteeredAction closed(Instant at) {
    return new VolunteeredAction(id, number, caseId, familyRef, meetingId, description, ownerAgencyId, ownerAgency,
      ownerMemberId, ownerName, dueDate, lateDueReason, successMeasure, "closed", returnedReason, dropReason,
      proposedBy, confirmedBy, confirmedAt, at);
  }

  public boolean isOpen() {
    return "open".equals(status) || "in_progress".equals(status) || "done_awaiting_agreement".equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("number", number)
      .put("caseId", caseId == null ? null : caseId.toString())
      .put("familyRef", familyRef)
      .put("meetingId", meetingId.toString())
      .put("description", description)
      .put("ownerAgencyId", ownerAgencyId.toString())
      .put("ownerAgency", ownerAgency)
      .put("ownerMemberId", ownerMemberId == null ? null : ownerMemberId.toString())
      .put("ownerName", ownerName)
      .put("dueDate", dueDate.toString())
      .put("lateDueReason", lateDueReason)
      .put("successMeasure", successMeasure)
      .put("status", status)
      .put("returnedReason", returnedReason)
      .put("dropReason", dropReason)
      .put("proposedBy", proposedBy.toString())
      .put("confirmedAt", confirmedAt == null ? null : confirmedAt.toEpochMilli())
      .put("closedAt", closedAt == null ? null : closedAt.toEpochMilli());
  }
}
