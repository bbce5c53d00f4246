package org.ailive.room;

import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.UUID;

import static org.ailive.room.Guards.requireCurrent;

/** The chair's case timer: start, pause, resume, extend, next and back (R3). */
final class TimerCommands {

  private TimerCommands() {
  }

  static Outcome start(RoomState s, Command c, Instant now) {
    UUID itemId = Json.uuid(c.body(), "itemId", false);
    if (itemId == null) {
      itemId = s.timer().itemId() != null ? s.timer().itemId()
        : s.agenda().firstNotDone().map(AgendaItem::id)
          .orElseThrow(() -> ApiError.badRequest("agenda_empty", "There is no agenda item left to start."));
    }
    if (itemId.equals(s.timer().itemId())) {
      return timer(s.with(s.agenda(), s.timer().resume(now)), "timer.started");
    }
    return timer(switchTo(s, itemId, now, false), "timer.started");
  }

  static Outcome pause(RoomState s, Command c, Instant now) {
    requireCurrent(s);
    if (!s.timer().running()) {
      throw ApiError.conflict("not_running", "The timer is already paused.");
    }
    RoomState recorded = recordCurrent(s, now, false);
    return timer(recorded.with(recorded.agenda(), s.timer().pause(now)), "timer.paused");
  }

  static Outcome resume(RoomState s, Command c, Instant now) {
    requireCurrent(s);
    if (s.timer().running()) {
      throw ApiError.conflict("already_running", "The timer is already running.");
    }
    return timer(s.with(s.agenda(), s.timer().resume(now)), "timer.resumed");
  }

  static Outcome extend(RoomState s, Command c, Instant now) {
    int minutes = Json.integer(c.body(), "minutes", 1, 60, true);
    UUID current = requireCurrent(s);
    Agenda agenda = s.agenda().addMinutes(current, minutes);
    Outcome out = timer(s.with(agenda, s.timer()), "timer.extended");
    out.payload().put("minutes", minutes);
    return out;
  }

  static Outcome next(RoomState s, Command c, Instant now) {
    return move(s, now, true);
  }

  static Outcome back(RoomState s, Command c, Instant now) {
    return move(s, now, false);
  }

  private static Outcome move(RoomState s, Instant now, boolean forward) {
    UUID current = requireCurrent(s);
    AgendaItem target = (forward ? s.agenda().after(current) : s.agenda().before(current))
      .orElseThrow(() -> ApiError.conflict(forward ? "no_next_item" : "no_previous_item",
        forward ? "This is the last agenda item: end the meeting instead." : "This is the first agenda item."));
    Outcome out = timer(switchTo(s, target.id(), now, forward), "timer.moved");
    out.payload().put("direction", forward ? "next" : "back").put("from", current.toString());
    return out;
  }

  /** Closes the running stretch on the current item and records its time used. */
  static RoomState recordCurrent(RoomState s, Instant now, boolean done) {
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

  private static Outcome timer(RoomState next, String eventType) {
    return new Outcome(next, eventType, next.agendaPayload());
  }
}
