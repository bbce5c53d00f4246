package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** The register (R10, R11, R13): members mark themselves; the officer and the chair mark anyone. */
final class AttendanceCommands {

  private static final Set<String> SELF_STATUSES = Set.of("in_room", "remote", "apologies", "apologies_with_update");

  private AttendanceCommands() {
  }

  /**
   * A remote join records the member as present without anyone ticking a box: unmarked, they are
   * marked remote; marked otherwise (apologies, with or without an update, or absent), the mark
   * and its written update stay and the join is recorded beside it. Null if nothing changes.
   */
  static Outcome remoteJoin(RoomState s, Identity who, Instant now) {
    AttendanceMark current = s.attendance().get(who.memberId());
    if (current != null && current.isPresent()) {
      return null;
    }
    AttendanceMark mark = current == null ? new AttendanceMark(who.memberId(), "remote", null, null, null, now, now)
      : new AttendanceMark(current.memberId(), current.status(), current.substituteForMemberId(),
        current.writtenUpdate(), current.markedByMemberId(), current.markedAt(), now);
    RoomState next = s.withMark(mark);
    return new Outcome(next, "attendance.marked", new JsonObject().put("auto", true)
      .put("attendance", mark.toJson()));
  }

  static Outcome mark(RoomState s, Command c, Instant now) {
    JsonObject b = c.body();
    Identity who = c.who();
    UUID memberId = b.containsKey("memberId") ? Json.uuid(b, "memberId", true) : who.memberId();
    String status = Json.text(b, "status", 30, true);
    if (!AttendanceMark.STATUSES.contains(status)) {
      throw ApiError.invalid("status", "must be one of " + String.join(", ", AttendanceMark.STATUSES.stream().sorted().toList()));
    }
    boolean manager = who.is("officer") || who.is("chair");
    if (!manager && (!memberId.equals(who.memberId()) || !SELF_STATUSES.contains(status))) {
      throw ApiError.forbidden("Members mark only themselves, as in the room, remote or with apologies.");
    }
    if ("closed".equals(s.status()) && !who.is("officer")) {
      throw ApiError.conflict("meeting_closed", "The meeting is closed: only the officer corrects the register.");
    }
    UUID substituteFor = Json.uuid(b, "substituteForMemberId", "substitute".equals(status));
    String update = Json.text(b, "writtenUpdate", 10_000, "apologies_with_update".equals(status));
    // Someone the room does not know goes on the register only as a substitute; it names them
    // there, and lets them into nothing (admission is guest.admit).
    RoomState.PanelMember outsider = s.members().containsKey(memberId) ? null : c.preloaded().member();
    if (!s.members().containsKey(memberId) && (substituteFor == null || outsider == null
      || !outsider.memberId().equals(memberId))) {
      throw ApiError.invalid("memberId", substituteFor == null
        ? "is not a member of this panel (record a substitute with substituteForMemberId)" : "is not an active member");
    }
    if (substituteFor != null && !s.onPanel(substituteFor)) {
      throw ApiError.invalid("substituteForMemberId", "is not a member of this panel");
    }
    AttendanceMark before = s.attendance().get(memberId);
    AttendanceMark mark = new AttendanceMark(memberId, status, "substitute".equals(status) ? substituteFor : null,
      update, who.memberId(), now, before == null ? null : before.joinedAt());
    RoomState.Change next = s.change().mark(mark);
    if (outsider != null) {
      next.member(outsider);
    }
    return new Outcome(next.build(), "attendance.marked", new JsonObject().put("attendance", mark.toJson()));
  }
}
