package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

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

  /**
   * Every status and the words people read for it, in the order an action's life goes through them.
   * The action log and the minutes say these, and so do the pages: webroot/js/action-status.js holds
   * the same words (ActionStatusLabelsTest keeps the two equal).
   */
  public static final Map<String, String> STATUS_LABELS = statusLabels();

  public static final List<String> STATUSES = List.copyOf(STATUS_LABELS.keySet());

  /** Still followed up (R8): confirmed and not yet closed or dropped, so reviewed at each later meeting. */
  public static final List<String> FOLLOWED_UP = List.of("open", "in_progress", "done_awaiting_agreement");

  /**
   * Still in someone's hands: returned to its proposer (who revises or withdraws it), or followed
   * up. "My actions" and the action log show these by default.
   */
  public static final List<String> IN_HAND =
    Stream.concat(Stream.of("returned"), FOLLOWED_UP.stream()).toList();

  /**
   * What a later meeting of the panel takes over from its earlier ones, so no action is orphaned:
   * those in hand, and proposals never confirmed (e.g. on a case deferred to it).
   */
  public static final List<String> CARRIED_OVER =
    Stream.concat(Stream.of("proposed"), IN_HAND.stream()).toList();

  /** Can go stale (R7): still being worked on, so two months with no update calls for a full case review. */
  public static final List<String> CAN_GO_STALE = List.of("open", "in_progress");

  /** Every action the chair confirmed: commitments, unlike proposals (what the minutes and the action log list). */
  public static final List<String> AGREED =
    Stream.concat(FOLLOWED_UP.stream(), Stream.of("closed", "dropped")).toList();

  // The lists above as SQL text, e.g. ('open', 'in_progress'): fixed words, never input, so they are
  // written into the queries once rather than bound at each of their callers.
  public static final String FOLLOWED_UP_SQL = StatusList.sql(FOLLOWED_UP);
  public static final String CAN_GO_STALE_SQL = StatusList.sql(CAN_GO_STALE);
  public static final String CARRIED_OVER_SQL = StatusList.sql(CARRIED_OVER);

  private static Map<String, String> statusLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("proposed", "Proposed, not yet confirmed");
    labels.put("returned", "Returned to the proposer");
    labels.put("open", "Open");
    labels.put("in_progress", "In progress");
    labels.put("done_awaiting_agreement", "Done, awaiting agreement to close");
    labels.put("closed", "Closed");
    labels.put("dropped", "Dropped");
    return Collections.unmodifiableMap(labels);
  }

  /** The words for a status; an unknown one as it is. */
  public static String label(String status) {
    return STATUS_LABELS.getOrDefault(status, status);
  }


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

  /** Withdrawn by its proposer before it was confirmed. */
  public VolunteeredAction dropped(String reason) {
    return new VolunteeredAction(id, number, caseId, familyRef, meetingId, description, ownerAgencyId, ownerAgency,
      ownerMemberId, ownerName, dueDate, lateDueReason, successMeasure, "dropped", returnedReason, reason, proposedBy,
      confirmedBy, confirmedAt, closedAt);
  }

  public VolunteeredAction closed(Instant at) {
    return new VolunteeredAction(id, number, caseId, familyRef, meetingId, description, ownerAgencyId, ownerAgency,
      ownerMemberId, ownerName, dueDate, lateDueReason, successMeasure, "closed", returnedReason, dropReason,
      proposedBy, confirmedBy, confirmedAt, at);
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
