package org.ailive.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.agenda.Agenda;
import org.ailive.agenda.AgendaItem;
import org.ailive.attendance.AttendanceMark;
import org.ailive.timer.CaseTimer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Everything a live meeting's owner holds, immutable: each command yields a new state. */
public record RoomState(UUID meetingId, UUID panelId, String status, LocalDate meetingDate, LocalTime startsAt,
                        LocalTime endsAt, Agenda agenda, CaseTimer timer, Map<UUID, AttendanceMark> attendance,
                        Map<UUID, PanelMember> members, long lastSeq) {

  /** Councils in this product are in the UK: scheduled times are local to London. */
  public static final ZoneId ZONE = ZoneId.of("Europe/London");

  public record PanelMember(UUID memberId, String fullName, UUID agencyId, String agency, Set<String> roles) {
    public JsonObject toJson() {
      return new JsonObject().put("memberId", memberId.toString()).put("fullName", fullName)
        .put("agencyId", agencyId == null ? null : agencyId.toString()).put("agency", agency)
        .put("roles", new JsonArray(roles.stream().sorted().toList()));
    }
  }

  public RoomState {
    attendance = Map.copyOf(attendance);
    members = Map.copyOf(members);
  }

  public RoomState withStatus(String s) {
    return new RoomState(meetingId, panelId, s, meetingDate, startsAt, endsAt, agenda, timer, attendance, members,
      lastSeq);
  }

  public RoomState with(Agenda a, CaseTimer t) {
    return new RoomState(meetingId, panelId, status, meetingDate, startsAt, endsAt, a, t, attendance, members,
      lastSeq);
  }

  public RoomState withMark(AttendanceMark mark) {
    Map<UUID, AttendanceMark> next = new HashMap<>(attendance);
    next.put(mark.memberId(), mark);
    return new RoomState(meetingId, panelId, status, meetingDate, startsAt, endsAt, agenda, timer, next, members,
      lastSeq);
  }

  public RoomState withSeq(long seq) {
    return new RoomState(meetingId, panelId, status, meetingDate, startsAt, endsAt, agenda, timer, attendance,
      members, seq);
  }

  public Instant scheduledStart() {
    return meetingDate.atTime(startsAt).atZone(ZONE).toInstant();
  }

  public Instant scheduledEnd() {
    return meetingDate.atTime(endsAt).atZone(ZONE).toInstant();
  }

  public int currentAllottedSeconds() {
    return timer.itemId() == null ? 0 : agenda.find(timer.itemId()).map(AgendaItem::allottedSeconds).orElse(0);
  }

  public long currentRemainingSeconds(Instant now) {
    return timer.itemId() == null ? 0 : currentAllottedSeconds() - timer.usedSeconds(now);
  }

  /** Before the meeting starts, the projection counts from the scheduled start. */
  public Instant projectedEnd(Instant now) {
    Instant from = timer.itemId() == null && now.isBefore(scheduledStart()) ? scheduledStart() : now;
    return agenda.projectedEnd(from, timer.itemId(), currentRemainingSeconds(now));
  }

  public JsonObject timerJson() {
    return timer.toJson(currentAllottedSeconds());
  }

  public JsonObject meetingJson() {
    return new JsonObject()
      .put("id", meetingId.toString())
      .put("status", status)
      .put("meetingDate", meetingDate.toString())
      .put("startsAt", startsAt.toString())
      .put("endsAt", endsAt.toString())
      .put("scheduledEnd", scheduledEnd().toEpochMilli());
  }

  public JsonArray attendanceJson() {
    JsonArray out = new JsonArray();
    attendance.values().stream().sorted((a, b) -> a.memberId().compareTo(b.memberId()))
      .forEach(m -> out.add(m.toJson()));
    return out;
  }

  public JsonArray membersJson() {
    JsonArray out = new JsonArray();
    members.values().stream().sorted((a, b) -> a.fullName().compareTo(b.fullName())).forEach(m -> out.add(m.toJson()));
    return out;
  }

  /** The whole picture a client needs to draw the room. */
  public JsonObject snapshot(Instant now) {
    return new JsonObject()
      .put("lastSeq", lastSeq)
      .put("meeting", meetingJson())
      .put("agenda", agenda.toJson())
      .put("timer", timerJson())
      .put("attendance", attendanceJson())
      .put("members", membersJson())
      .put("projectedEnd", projectedEnd(now).toEpochMilli());
  }
}
