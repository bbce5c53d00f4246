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
    requireOpen(s.agenda().require(itemId));
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

  /**
   * Moves on. The item left is done (discussed) once it has used {@link AgendaItem#DISCUSSED_MIN_SECONDS},
   * or with {@code discussed: true} (the chair answered "mark as discussed"); else it stays not done,
   * so a case skipped with Next is never minuted as discussed.
   */
  static Outcome next(RoomState s, Command c, Instant now) {
    return move(s, now, true, Boolean.TRUE.equals(Json.bool(c.body(), "discussed", false)));
  }

  static Outcome back(RoomState s, Command c, Instant now) {
    return move(s, now, false, false);
  }

  private static Outcome move(RoomState s, Instant now, boolean forward, boolean confirmedDiscussed) {
    UUID current = requireCurrent(s);
    AgendaItem target = neighbour(s.agenda(), current, forward)
      .orElseThrow(() -> ApiError.conflict(forward ? "no_next_item" : "no_previous_item",
        forward ? "This is the last agenda item: end the meeting instead." : "This is the first agenda item."));
    boolean discussed = forward && (confirmedDiscussed || s.timer().usedSeconds(now) >= AgendaItem.DISCUSSED_MIN_SECONDS);
    Outcome out = timer(switchTo(s, target.id(), now, discussed), "timer.moved");
    out.payload().put("direction", forward ? "next" : "back").put("from", current.toString())
      .put("discussed", discussed);
    return out;
  }

  /** The next (or previous) item that was not deferred or withdrawn: those are not timed again. */
  static java.util.Optional<AgendaItem> neighbour(Agenda agenda, UUID from, boolean forward) {
    java.util.Optional<AgendaItem> next = forward ? agenda.after(from) : agenda.before(from);
    while (next.isPresent() && isDisposed(next.get())) {
      next = forward ? agenda.after(next.get().id()) : agenda.before(next.get().id());
    }
    return next;
  }

  static boolean isDisposed(AgendaItem i) {
    return "deferred".equals(i.disposition()) || "withdrawn".equals(i.disposition());
  }

  private static void requireOpen(AgendaItem item) {
    if (isDisposed(item)) {
      throw ApiError.conflict("item_closed", "This item was " + item.disposition() + "; it is not timed again.");
    }
  }

  /** Time used on the current item, done only if it used enough time to count as discussed (the meeting ends). */
  static RoomState recordCurrentAtEnd(RoomState s, Instant now) {
    return recordCurrent(s, now, s.timer().itemId() != null
      && s.timer().usedSeconds(now) >= AgendaItem.DISCUSSED_MIN_SECONDS);
  }

  /** Closes the running stretch on the current item and records its time used. */
  static RoomState recordCurrent(RoomState s, Instant now, boolean done) {
    UUID current = s.timer().itemId();
    if (current == null) {
      return s;
    }
    int used = s.timer().usedSeconds(now);
    return s.with(s.agenda().replace(current, i -> isDisposed(i) ? i : i.withUsed(used, done || i.done())), s.timer());
  }

  private static RoomState switchTo(RoomState s, UUID targetId, Instant now, boolean currentDone) {
    RoomState recorded = recordCurrent(s, now, currentDone);
    AgendaItem target = recorded.agenda().require(targetId);
    Agenda agenda = recorded.agenda().replace(targetId, i -> isDisposed(i) ? i : i.withUsed(i.usedSeconds(), false));
    return recorded.with(agenda, CaseTimer.startOn(targetId, target.usedSeconds() * 1000L, now));
  }

  private static Outcome timer(RoomState next, String eventType) {
    return Outcome.ofAgenda(next, eventType);
  }
}
