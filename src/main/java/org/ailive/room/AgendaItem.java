package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One slot of the agenda (R1): a case of the first or second district, AOB and partner updates,
 * or another item the chair adds. Minutes are planned; seconds used are recorded (R3). A done item
 * is done one way ({@code disposition}): discussed, deferred to the panel's next meeting
 * ({@code deferredTo}) or withdrawn (the reason in {@code note}); null while it is not done.
 * A case's {@code presenterId} is its presenter's (R5); {@code standIn}, a colleague of their agency
 * named to present it instead ({@link PresenterCommands}), or null.
 */
public record AgendaItem(UUID id, int position, String kind, String section, UUID districtId, String districtName,
                         UUID caseId, String familyRef, String title, int allottedSeconds, int usedSeconds,
                         boolean done, String disposition, String note, UUID deferredTo, UUID presenterId,
                         StandIn standIn) {

  /** Who presents a case instead of its presenter, who named them and when (recorded, R5). */
  public record StandIn(UUID memberId, UUID namedByMemberId, Instant namedAt) {
  }

  /** What a done item can have become, the words the minutes use for each. */
  public static final List<String> DISPOSITIONS = List.of("discussed", "deferred", "withdrawn");

  /**
   * Under this much time used, moving on does not make an item discussed unless the chair says so
   * (the room asks "mark as discussed or defer?"): a case skipped with Next is not minuted as discussed.
   */
  public static final int DISCUSSED_MIN_SECONDS = 60;

  public AgendaItem(UUID id, int position, String kind, String section, UUID districtId, String districtName,
                    UUID caseId, String familyRef, String title, int allottedSeconds, int usedSeconds, boolean done) {
    this(id, position, kind, section, districtId, districtName, caseId, familyRef, title, allottedSeconds, usedSeconds,
      done, done ? "discussed" : null, null, null, null, null);
  }

  /** A case newly placed on the agenda, not yet started, presented by {@code presenterId}. */
  public static AgendaItem newCase(String section, UUID districtId, String districtName, UUID caseId,
                                   String familyRef, int allottedSeconds, UUID presenterId) {
    return new AgendaItem(UUID.randomUUID(), 0, "case", section, districtId, districtName, caseId, familyRef, familyRef,
      allottedSeconds, 0, false, null, null, null, presenterId, null);
  }

  /** The words the minutes and the room say for what an item became: one home for them. */
  public static String stateWords(String disposition) {
    if (disposition == null) {
      return "Not discussed";
    }
    return switch (disposition) {
      case "discussed" -> "Discussed";
      case "deferred" -> "Deferred to the next meeting";
      case "withdrawn" -> "Withdrawn";
      default -> disposition;
    };
  }

  public boolean isCase() {
    return "case".equals(kind);
  }

  public AgendaItem withPosition(int p) {
    return new AgendaItem(id, p, kind, section, districtId, districtName, caseId, familyRef, title, allottedSeconds,
      usedSeconds, done, disposition, note, deferredTo, presenterId, standIn);
  }

  public AgendaItem withAllotted(int seconds) {
    return new AgendaItem(id, position, kind, section, districtId, districtName, caseId, familyRef, title, seconds,
      usedSeconds, done, disposition, note, deferredTo, presenterId, standIn);
  }

  /** The same item with another stand-in (null: its presenter presents it). */
  public AgendaItem withStandIn(StandIn s) {
    return new AgendaItem(id, position, kind, section, districtId, districtName, caseId, familyRef, title,
      allottedSeconds, usedSeconds, done, disposition, note, deferredTo, presenterId, s);
  }

  /** Time used; done (discussed) or not. An item deferred or withdrawn keeps what it became. */
  public AgendaItem withUsed(int seconds, boolean isDone) {
    String d = !isDone ? null : disposition != null ? disposition : "discussed";
    return new AgendaItem(id, position, kind, section, districtId, districtName, caseId, familyRef, title,
      allottedSeconds, seconds, isDone, d, isDone ? note : null, isDone ? deferredTo : null,
      presenterId, standIn);
  }

  /** Done another way than discussed: deferred (to {@code meetingId}) or withdrawn (with {@code reason}). */
  public AgendaItem disposed(String how, String reason, UUID meetingId) {
    return new AgendaItem(id, position, kind, section, districtId, districtName, caseId, familyRef, title,
      allottedSeconds, usedSeconds, true, how, reason, meetingId, presenterId, standIn);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("position", position)
      .put("kind", kind)
      .put("section", section)
      .put("districtId", districtId == null ? null : districtId.toString())
      .put("districtName", districtName)
      .put("caseId", caseId == null ? null : caseId.toString())
      .put("familyRef", familyRef)
      .put("title", title)
      .put("allottedSeconds", allottedSeconds)
      .put("usedSeconds", usedSeconds)
      .put("done", done)
      .put("disposition", disposition)
      .put("note", note)
      .put("deferredToMeetingId", deferredTo == null ? null : deferredTo.toString());
  }
}
