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

  /** A remote join records the member as present without anyone ticking a box; null if they already are. */
  static Outcome remoteJoin(RoomState s, Identity who, Instant now) {
    AttendanceMark current = s.attendance().get(who.memberId());
    if (current != null && current.isPresent()) {
      return null;
    }
    AttendanceMark mark = new AttendanceMark(who.memberId(), "remote", null, null, null, now);
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
    RoomState.PanelMember outsider = s.members().containsKey(memberId) ? null : c.preloaded().substitute();
    if (!s.members().containsKey(memberId) && (outsider == null || !outsider.memberId().equals(memberId))) {
      throw ApiError.invalid("memberId", substituteFor == null
        ? "is not a member of this panel (record a substitute with substituteForMemberId)" : "is not an active member");
    }
    if (substituteFor != null && !s.members().containsKey(substituteFor)) {
      throw ApiError.invalid("substituteForMemberId", "is not a member of this panel");
    }
    AttendanceMark mark = new AttendanceMark(memberId, status, "substitute".equals(status) ? substituteFor : null,
      update, who.memberId(), now);
    RoomState.Change next = s.change().mark(mark);
    if (outsider != null) {
      next.member(outsider);
    }
    return new Outcome(next.build(), "attendance.marked", new JsonObject().put("attendance", mark.toJson()));
  }
}
