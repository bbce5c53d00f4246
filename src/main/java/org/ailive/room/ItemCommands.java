package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.UUID;

/**
 * Items that were not discussed: the chair defers a case to the panel's next meeting (it moves
 * there with its papers and actions; see {@link ItemOutcomes}) or withdraws an item with a reason.
 * Deferring or withdrawing the item being timed moves the timer on to the next item not done.
 */
final class ItemCommands {

  private ItemCommands() {
  }

  static Outcome defer(RoomState s, Command c, Instant now) {
    AgendaItem item = openItem(s, c);
    if (!item.isCase()) {
      throw ApiError.invalid("itemId", "is not a case: only a case is deferred to the next meeting");
    }
    Command.NextMeeting next = c.preloaded().nextMeeting();
    if (next == null) {
      throw ApiError.conflict("no_next_meeting", "The panel has no later meeting to defer the case to: "
        + "create the next meeting first. Nothing was changed.");
    }
    RoomState after = dispose(s, item, "deferred", null, next.id(), now);
    Outcome out = Outcome.ofAgenda(after, "item.deferred");
    out.payload().put("itemId", item.id().toString()).put("caseId", item.caseId().toString())
      .put("familyRef", item.familyRef()).put("toMeetingId", next.id().toString())
      .put("toMeetingDate", next.date().toString());
    return out;
  }

  static Outcome withdraw(RoomState s, Command c, Instant now) {
    AgendaItem item = openItem(s, c);
    String reason = Json.text(c.body(), "reason", 1000, true).strip();
    if (reason.isEmpty()) {
      throw ApiError.invalid("reason", "must not be blank: say why the item is withdrawn");
    }
    RoomState after = dispose(s, item, "withdrawn", reason, null, now);
    Outcome out = Outcome.ofAgenda(after, "item.withdrawn");
    out.payload().put("itemId", item.id().toString()).put("reason", reason);
    return out;
  }

  private static AgendaItem openItem(RoomState s, Command c) {
    AgendaItem item = s.agenda().require(Json.uuid(c.body(), "itemId", true));
    if (item.done()) {
      throw ApiError.conflict("item_done", "This item is already " + item.disposition() + ".");
    }
    return item;
  }

  private static RoomState dispose(RoomState s, AgendaItem item, String how, String note, UUID to, Instant now) {
    boolean current = item.id().equals(s.timer().itemId());
    RoomState recorded = current ? TimerCommands.recordCurrent(s, now, false) : s;
    Agenda agenda = recorded.agenda().replace(item.id(), i -> i.disposed(how, note, to));
    if (!current) {
      return recorded.with(agenda, recorded.timer());
    }
    AgendaItem next = TimerCommands.neighbour(agenda, item.id(), true).filter(i -> !i.done()).orElse(null);
    CaseTimer timer = next == null ? CaseTimer.IDLE : CaseTimer.startOn(next.id(), next.usedSeconds() * 1000L, now);
    if (next != null && !"live".equals(s.status())) {
      timer = timer.pause(now);
    }
    return recorded.with(agenda, timer);
  }

  /** For the room's own use: the event's payload names the meeting the case moved to. */
  static UUID movedTo(JsonObject event) {
    JsonObject p = event.getJsonObject("payload");
    return "item.deferred".equals(event.getString("type")) && p != null && p.getString("toMeetingId") != null
      ? UUID.fromString(p.getString("toMeetingId")) : null;
  }
}
