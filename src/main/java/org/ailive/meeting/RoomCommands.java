package org.ailive.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.actions.VolunteeredActionCommands;
import org.ailive.agenda.Agenda;
import org.ailive.agenda.AgendaItem;
import org.ailive.attendance.AttendanceMark;
import org.ailive.auth.Identity;
import org.ailive.cases.LiveCaseCommands;
import org.ailive.contributions.ContributionCommands;
import org.ailive.hands.HandCommands;
import org.ailive.timer.CaseTimer;
import org.ailive.web.ApiError;
import org.ailive.web.Json;

import static org.ailive.meeting.Guards.requireChairLive;
import static org.ailive.meeting.Guards.requireCurrent;
import static org.ailive.meeting.Guards.requireRole;
import static org.ailive.meeting.Guards.requireStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What each client command does to a meeting, as pure functions: state, command and server time in;
 * the next state and the one event that records the change out. Authorisation by role and meeting
 * status lives here too, beside the change it guards. No I/O: {@link MeetingRoom} persists and
 * broadcasts.
 */
public final class RoomCommands {

  /**
   * A client's command. {@code preloaded} is what the room read from the database before applying
   * it (accepted cases, an action's current row, a new action number), so applying stays pure.
   */
  public record Command(String type, JsonObject body, Identity who, String key, Preloaded preloaded) {
    public Command(String type, JsonObject body, Identity who, String key) {
      this(type, body, who, key, Preloaded.NONE);
    }
  }

  public record Preloaded(List<AgendaItem> acceptedCases, Long actionNumber, RoomState.PanelMember substitute) {
    public static final Preloaded NONE = new Preloaded(List.of(), null, null);
  }

  public record Outcome(RoomState next, String eventType, JsonObject payload) {
  }

  /** Commands that change the meeting; each needs an idempotency key. */
  public static final Set<String> CHANGES = Set.of(
    "meeting.open", "meeting.start", "meeting.end", "meeting.observerAccess",
    "timer.start", "timer.pause", "timer.resume", "timer.extend", "timer.next", "timer.back",
    "agenda.build", "agenda.reorder", "agenda.setMinutes", "agenda.addMinutes", "agenda.add", "agenda.shareRemaining",
    "attendance.mark",
    "contribution.add", "contribution.edit", "contribution.withdraw", "contribution.hide",
    "hand.raise", "hand.lower", "hand.next", "hand.clear",
    "case.highlight", "case.edit",
    "action.propose", "action.revise", "action.confirm", "action.return", "action.proposeClose", "action.object",
    "action.close");

  private static final Set<String> SELF_STATUSES = Set.of("in_room", "remote", "apologies", "apologies_with_update");

  private RoomCommands() {
  }

  public static boolean canAccess(RoomState s, Identity who) {
    if (!who.reaches(s.meetingId())) {
      return false;
    }
    return who.is("officer") || s.members().containsKey(who.memberId()) || s.attendance().containsKey(who.memberId());
  }

  public static Outcome apply(RoomState s, Command c, Instant now) {
    String family = c.type().substring(0, c.type().indexOf('.') + 1);
    return switch (family) {
      case "contribution." -> ContributionCommands.apply(s, c, now);
      case "hand." -> HandCommands.apply(s, c);
      case "case." -> LiveCaseCommands.apply(s, c);
      case "action." -> VolunteeredActionCommands.apply(s, c, now);
      default -> applyMeeting(s, c, now);
    };
  }

  private static Outcome applyMeeting(RoomState s, Command c, Instant now) {
    JsonObject b = c.body();
    return switch (c.type()) {
      case "meeting.open" -> open(s, c);
      case "meeting.start" -> start(s, c);
      case "meeting.end" -> end(s, c, now);
      case "meeting.observerAccess" -> observerAccess(s, c);
      case "timer.start" -> timerStart(s, c, now);
      case "timer.pause" -> timerPause(s, c, now);
      case "timer.resume" -> timerResume(s, c, now);
      case "timer.extend" -> timerExtend(s, c, Json.integer(b, "minutes", 1, 60, true));
      case "timer.next" -> timerMove(s, c, now, true);
      case "timer.back" -> timerMove(s, c, now, false);
      case "agenda.build" -> build(s, c);
      case "agenda.reorder" -> agendaChange(s, c, "agenda.reordered", s.agenda().reorder(uuids(b, "itemIds")));
      case "agenda.setMinutes" -> agendaChange(s, c, "agenda.minutesChanged", s.agenda()
        .setMinutes(Json.uuid(b, "itemId", true), Json.integer(b, "minutes", 0, Agenda.MAX_ITEM_MINUTES, true)));
      case "agenda.addMinutes" -> agendaChange(s, c, "agenda.minutesChanged", s.agenda()
        .addMinutes(Json.uuid(b, "itemId", true), Json.integer(b, "minutes", -Agenda.MAX_ITEM_MINUTES,
          Agenda.MAX_ITEM_MINUTES, true)));
      case "agenda.add" -> agendaAdd(s, c);
      case "agenda.shareRemaining" -> shareRemaining(s, c, now);
      case "attendance.mark" -> mark(s, c, now);
      default -> throw ApiError.badRequest("unknown_command", "Unknown command type '" + c.type() + "'.");
    };
  }

  /** A remote join records the member as present without anyone ticking a box. */
  public static Outcome remoteJoin(RoomState s, Identity who, Instant now) {
    AttendanceMark current = s.attendance().get(who.memberId());
    if (current != null && current.isPresent()) {
      return null;
    }
    AttendanceMark mark = new AttendanceMark(who.memberId(), "remote", null, null, null, now);
    RoomState next = s.withMark(mark);
    return new Outcome(next, "attendance.marked", new JsonObject().put("auto", true)
      .put("attendance", mark.toJson()));
  }

  private static Outcome open(RoomState s, Command c) {
    requireRole(c, "officer", "chair");
    requireStatus(s, "planned");
    return lifecycle(s.withStatus("open"), "meeting.opened");
  }

  private static Outcome start(RoomState s, Command c) {
    requireRole(c, "chair");
    requireStatus(s, "planned", "open");
    return lifecycle(s.withStatus("live"), "meeting.started");
  }

  private static Outcome end(RoomState s, Command c, Instant now) {
    requireRole(c, "chair");
    requireStatus(s, "live");
    RoomState stopped = recordCurrent(s, now, true);
    return lifecycle(stopped.with(stopped.agenda(), stopped.timer().pause(now)).withStatus("closed"),
      "meeting.ended");
  }

  /** Observers see case details only while the chair allows it (R12). */
  private static Outcome observerAccess(RoomState s, Command c) {
    requireRole(c, "chair");
    requireStatus(s, "planned", "open", "live");
    Object allowed = c.body().getValue("allowed");
    if (!(allowed instanceof Boolean allow)) {
      throw ApiError.invalid("allowed", "must be true or false");
    }
    RoomState next = s.change().observersSeeCases(allow).build();
    return new Outcome(next, "meeting.observerAccessChanged", new JsonObject().put("meeting", next.meetingJson()));
  }

  private static Outcome timerStart(RoomState s, Command c, Instant now) {
    requireChairLive(s, c);
    UUID itemId = Json.uuid(c.body(), "itemId", false);
    if (itemId == null) {
      itemId = s.timer().itemId() != null ? s.timer().itemId()
        : s.agenda().firstNotDone().map(AgendaItem::id)
          .orElseThrow(() -> ApiError.badRequest("agenda_empty", "There is no agenda item left to start."));
    }
    if (itemId.equals(s.timer().itemId())) {
      return timer(s.with(s.agenda(), s.timer().resume(now)), "timer.started", now);
    }
    return timer(switchTo(s, itemId, now, false), "timer.started", now);
  }

  private static Outcome timerPause(RoomState s, Command c, Instant now) {
    requireChairLive(s, c);
    requireCurrent(s);
    if (!s.timer().running()) {
      throw ApiError.conflict("not_running", "The timer is already paused.");
    }
    RoomState recorded = recordCurrent(s, now, false);
    return timer(recorded.with(recorded.agenda(), s.timer().pause(now)), "timer.paused", now);
  }

  private static Outcome timerResume(RoomState s, Command c, Instant now) {
    requireChairLive(s, c);
    requireCurrent(s);
    if (s.timer().running()) {
      throw ApiError.conflict("already_running", "The timer is already running.");
    }
    return timer(s.with(s.agenda(), s.timer().resume(now)), "timer.resumed", now);
  }

  private static Outcome timerExtend(RoomState s, Command c, int minutes) {
    requireChairLive(s, c);
    UUID current = requireCurrent(s);
    Agenda agenda = s.agenda().addMinutes(current, minutes);
    Outcome out = timer(s.with(agenda, s.timer()), "timer.extended", Instant.now());
    out.payload().put("minutes", minutes);
    return out;
  }

  private static Outcome timerMove(RoomState s, Command c, Instant now, boolean forward) {
    requireChairLive(s, c);
    UUID current = requireCurrent(s);
    AgendaItem target = (forward ? s.agenda().after(current) : s.agenda().before(current))
      .orElseThrow(() -> ApiError.conflict(forward ? "no_next_item" : "no_previous_item",
        forward ? "This is the last agenda item: end the meeting instead." : "This is the first agenda item."));
    Outcome out = timer(switchTo(s, target.id(), now, forward), "timer.moved", now);
    out.payload().put("direction", forward ? "next" : "back").put("from", current.toString());
    return out;
  }

  private static Outcome agendaChange(RoomState s, Command c, String eventType, Agenda agenda) {
    requireAgendaEditor(s, c);
    return new Outcome(s.with(agenda, s.timer()), eventType, agendaPayload(s.with(agenda, s.timer())));
  }

  /** R1 layout from the accepted cases (loaded by the room); before the meeting goes live. */
  private static Outcome build(RoomState s, Command c) {
    if (!c.who().hasAnyRole(Set.of("officer", "chair"))) {
      throw ApiError.forbidden("Only the officer or the chair builds the agenda.");
    }
    requireStatus(s, "planned", "open");
    int aobMinutes = Optional.ofNullable(Json.integer(c.body(), "aobMinutes", 0, 120, false)).orElse(20);
    Agenda agenda = s.agenda().build(c.preloaded().acceptedCases(), aobMinutes * 60);
    return new Outcome(s.with(agenda, s.timer()), "agenda.built", agendaPayload(s.with(agenda, s.timer())));
  }

  public static int caseMinutes(Command c) {
    return Optional.ofNullable(Json.integer(c.body(), "caseMinutes", 1, 120, false)).orElse(15);
  }

  private static Outcome agendaAdd(RoomState s, Command c) {
    JsonObject b = c.body();
    String title = Json.text(b, "title", 200, true);
    int minutes = Json.integer(b, "minutes", 0, Agenda.MAX_ITEM_MINUTES, true);
    UUID after = Json.uuid(b, "afterItemId", false);
    AgendaItem item = new AgendaItem(UUID.randomUUID(), 0, "other", "other", null, null, null, null, title,
      minutes * 60, 0, false);
    return agendaChange(s, c, "agenda.itemAdded", s.agenda().add(item, after));
  }

  /**
   * R3: without a total, the time left is what remains until the scheduled end, less the current
   * item's remaining time and the non-case items still to come.
   */
  private static Outcome shareRemaining(RoomState s, Command c, Instant now) {
    Integer totalMinutes = Json.integer(c.body(), "totalMinutes", 0, 24 * 60, false);
    UUID current = s.timer().itemId();
    long available = totalMinutes != null ? totalMinutes * 60L
      : s.scheduledEnd().getEpochSecond() - Math.max(now.getEpochSecond(), s.scheduledStart().getEpochSecond())
        - Math.max(0, s.currentRemainingSeconds(now)) - s.agenda().plannedNonCasesAfter(current);
    Outcome out = agendaChange(s, c, "agenda.shared", s.agenda().shareEvenly(current, available));
    out.payload().put("availableSeconds", Math.max(0, available));
    return out;
  }

  private static Outcome mark(RoomState s, Command c, Instant now) {
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

  /** Closes the running stretch on the current item and records its time used. */
  private static RoomState recordCurrent(RoomState s, Instant now, boolean done) {
    UUID current = s.timer().itemId();
    if (current == null) {
      return s;
    }
    int used = s.timer().usedSeconds(now);
    return s.with(s.agenda().replace(current, i -> i.withUsed(used, done || i.done())), s.timer());
  }

  private static RoomState switchTo(RoomState s, UUID targetId, Instant now, boolean currentDone) {
    RoomState recorded = recordCurrent(s, now, currentDone);
    AgendaItem target = recorded.agenda().require(targetId);
    Agenda agenda = recorded.agenda().replace(targetId, i -> i.withUsed(i.usedSeconds(), false));
    return recorded.with(agenda, CaseTimer.startOn(targetId, target.usedSeconds() * 1000L, now));
  }

  private static Outcome timer(RoomState next, String eventType, Instant now) {
    return new Outcome(next, eventType, agendaPayload(next));
  }

  private static Outcome lifecycle(RoomState next, String eventType) {
    JsonObject payload = agendaPayload(next).put("meeting", next.meetingJson());
    return new Outcome(next, eventType, payload);
  }

  /** Timer and agenda changes can move the focus to another case: every screen gets the new focus with them. */
  private static JsonObject agendaPayload(RoomState next) {
    return new JsonObject().put("timer", next.timerJson()).put("agenda", next.agenda().toJson())
      .put("focus", next.focusJson());
  }



  /** The chair edits the agenda at any time until the end; the officer prepares it before the meeting. */
  private static void requireAgendaEditor(RoomState s, Command c) {
    if (c.who().is("chair")) {
      requireStatus(s, "planned", "open", "live");
    } else if (c.who().is("officer")) {
      requireStatus(s, "planned", "open");
    } else {
      throw ApiError.forbidden("Only the chair changes the agenda (the officer before the meeting).");
    }
  }







  private static List<UUID> uuids(JsonObject b, String field) {
    Object value = b.getValue(field);
    if (!(value instanceof JsonArray array) || array.size() > 500) {
      throw ApiError.invalid(field, "must be a list of item ids");
    }
    List<UUID> out = new ArrayList<>();
    for (Object o : array) {
      out.add(Json.uuid(o instanceof String str ? str : null, field));
    }
    return out;
  }
}
