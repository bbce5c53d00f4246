package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The register (R10, R11, R13): members say how they attend (the room asks them once as they
 * join); the officer and the chair mark anyone, in bulk too; at the end the officer confirms it.
 * Joining the live room records when, never how: nobody is "remote" because they opened a screen.
 */
final class AttendanceCommands {

  private static final Set<String> SELF_STATUSES = Set.of("in_room", "remote", "apologies", "apologies_with_update");

  private AttendanceCommands() {
  }

  /**
   * A member's first connection to the open or live room: the join time is recorded on their mark
   * (a mark with no status, "not yet marked", if they had none), and a return after leaving clears
   * the leave time. Marks made by people are never changed. Null if nothing changes.
   */
  static Outcome joined(RoomState s, Identity who, Instant now) {
    AttendanceMark current = s.attendance().get(who.memberId());
    if (current != null && current.joinedAt() != null && current.leftAt() == null) {
      return null;
    }
    AttendanceMark mark = current == null
      ? new AttendanceMark(who.memberId(), null, null, null, null, now, now, null, null) : current.joined(now);
    return new Outcome(s.withMark(mark), "attendance.joined", new JsonObject().put("attendance", mark.toJson()));
  }

  /** A member's last connection closed while the meeting was open or live. Null if nothing changes. */
  static Outcome left(RoomState s, Identity who, Instant now) {
    AttendanceMark current = s.attendance().get(who.memberId());
    if (current == null || current.joinedAt() == null || current.leftAt() != null) {
      return null;
    }
    AttendanceMark mark = current.left(now);
    return new Outcome(s.withMark(mark), "attendance.left", new JsonObject().put("attendance", mark.toJson()));
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
    requireMayChange(s, who);
    UUID substituteFor = Json.uuid(b, "substituteForMemberId", "substitute".equals(status));
    String update = Json.text(b, "writtenUpdate", 10_000, "apologies_with_update".equals(status));
    String half = Json.text(b, "half", 30, false);
    if (half != null && !AttendanceMark.HALVES.contains(half)) {
      throw ApiError.invalid("half", "must be first_district or second_district (or absent for the whole meeting)");
    }
    if (half != null && !AttendanceMark.attended(status)) {
      throw ApiError.invalid("half", "is given only for someone who attended (in the room, remote or substitute)");
    }
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
    AttendanceMark base = before != null ? before
      : new AttendanceMark(memberId, null, null, null, null, now, null, null, null);
    AttendanceMark mark = base.marked(status, "substitute".equals(status) ? substituteFor : null, update,
      who.memberId(), now, half);
    RoomState.Change next = s.change().mark(mark).register(null);
    if (outsider != null) {
      next.member(outsider);
    }
    RoomState after = next.build();
    return new Outcome(after, "attendance.marked", new JsonObject().put("attendance", mark.toJson())
      .put("meeting", after.meetingJson()));
  }

  /** "Mark everyone connected as remote": whoever joined the room and has not said how they attend. */
  static Outcome markConnected(RoomState s, Command c, Instant now) {
    requireMayChange(s, c.who());
    List<AttendanceMark> marks = s.attendance().values().stream()
      .filter(m -> m.unmarked() && m.joinedAt() != null)
      .map(m -> m.marked("remote", null, null, c.who().memberId(), now, m.half())).toList();
    return bulk(s, marks, "remote");
  }

  /**
   * "Everyone else absent", at the end: panel members with no mark who never joined the room and
   * are not represented by a substitute. Those who joined without saying how are left for the
   * officer (they were there: mark them remote or in the room).
   */
  static Outcome markRestAbsent(RoomState s, Command c, Instant now) {
    requireMayChange(s, c.who());
    List<AttendanceMark> marks = expected(s).stream()
      .filter(m -> unmarked(s, m.memberId()) && !joined(s, m.memberId()) && !represented(s, m.memberId()))
      .map(m -> new AttendanceMark(m.memberId(), "absent", null, null, c.who().memberId(), now, null, null, null))
      .toList();
    return bulk(s, marks, "absent");
  }

  /** The officer confirms the register of an ended meeting: every panel member marked or represented. */
  static Outcome confirm(RoomState s, Command c, Instant now) {
    List<String> missing = expected(s).stream()
      .filter(m -> unmarked(s, m.memberId()) && !represented(s, m.memberId()))
      .map(RoomState.PanelMember::fullName).sorted().toList();
    if (!missing.isEmpty()) {
      throw ApiError.conflict("register_incomplete", missing.size() + (missing.size() == 1 ? " member is" : " members are")
        + " not yet marked: " + String.join(", ", missing) + ".");
    }
    RoomState next = s.change().register(new RegisterConfirmation(c.who().memberId(), now)).build();
    return new Outcome(next, "attendance.confirmed", new JsonObject().put("meeting", next.meetingJson()));
  }

  private static Outcome bulk(RoomState s, List<AttendanceMark> marks, String status) {
    RoomState.Change change = s.change();
    marks.forEach(change::mark);
    if (!marks.isEmpty()) {
      change.register(null);
    }
    RoomState next = change.build();
    JsonArray json = new JsonArray();
    marks.stream().sorted(Comparator.comparing(AttendanceMark::memberId)).forEach(m -> json.add(m.toJson()));
    return new Outcome(next, "attendance.bulkMarked", new JsonObject().put("status", status).put("marks", json)
      .put("meeting", next.meetingJson()));
  }

  /** Once the meeting is closed only the officer corrects the register. */
  private static void requireMayChange(RoomState s, Identity who) {
    if ("closed".equals(s.status()) && !who.is("officer")) {
      throw ApiError.conflict("meeting_closed", "The meeting is closed: only the officer corrects the register.");
    }
  }

  /** Whom the register expects: the panel's members now, but not those who only observe. */
  static List<RoomState.PanelMember> expected(RoomState s) {
    List<RoomState.PanelMember> out = new ArrayList<>();
    s.members().values().stream().filter(m -> m.onPanel() && !Set.of("observer").equals(m.roles()))
      .sorted(Comparator.comparing(RoomState.PanelMember::fullName)).forEach(out::add);
    return out;
  }

  private static boolean unmarked(RoomState s, UUID memberId) {
    AttendanceMark m = s.attendance().get(memberId);
    return m == null || m.unmarked();
  }

  private static boolean joined(RoomState s, UUID memberId) {
    AttendanceMark m = s.attendance().get(memberId);
    return m != null && m.joinedAt() != null;
  }

  /** Someone attended as their substitute. */
  static boolean represented(RoomState s, UUID memberId) {
    return s.attendance().values().stream()
      .anyMatch(m -> "substitute".equals(m.status()) && memberId.equals(m.substituteForMemberId()));
  }
}
