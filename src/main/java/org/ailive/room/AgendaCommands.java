package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.ailive.room.Guards.requireStatus;

/** The agenda: built from the accepted cases (R1), then reordered and retimed by the chair (R3). */
final class AgendaCommands {

  private AgendaCommands() {
  }

  /**
   * R1 layout from the accepted cases (preloaded by the owner); before the meeting goes live. With
   * {@code applyToExisting: true} the items already built take the new minutes too.
   */
  static Outcome build(RoomState s, Command c, Instant now) {
    int aobMinutes = Optional.ofNullable(Json.integer(c.body(), "aobMinutes", 0, 120, false)).orElse(20);
    boolean retime = Boolean.TRUE.equals(Json.bool(c.body(), "applyToExisting", false));
    Agenda agenda = s.agenda().build(c.preloaded().acceptedCases(), caseMinutes(c) * 60, aobMinutes * 60, retime);
    return Outcome.ofAgenda(s.with(agenda, s.timer()), "agenda.built");
  }

  /** The planned minutes of each case the build makes (the owner reads the cases with them). */
  static int caseMinutes(Command c) {
    return Optional.ofNullable(Json.integer(c.body(), "caseMinutes", 1, 120, false)).orElse(15);
  }

  static Outcome reorder(RoomState s, Command c, Instant now) {
    return change(s, c, "agenda.reordered", () -> s.agenda().reorder(Json.uuids(c.body(), "itemIds", 500, true)));
  }

  static Outcome setMinutes(RoomState s, Command c, Instant now) {
    return change(s, c, "agenda.minutesChanged", () -> s.agenda().setMinutes(Json.uuid(c.body(), "itemId", true),
      Json.integer(c.body(), "minutes", 0, Agenda.MAX_ITEM_MINUTES, true)));
  }

  static Outcome addMinutes(RoomState s, Command c, Instant now) {
    return change(s, c, "agenda.minutesChanged", () -> s.agenda().addMinutes(Json.uuid(c.body(), "itemId", true),
      Json.integer(c.body(), "minutes", -Agenda.MAX_ITEM_MINUTES, Agenda.MAX_ITEM_MINUTES, true)));
  }

  static Outcome add(RoomState s, Command c, Instant now) {
    return change(s, c, "agenda.itemAdded", () -> {
      JsonObject b = c.body();
      String title = Json.text(b, "title", 200, true);
      int minutes = Json.integer(b, "minutes", 0, Agenda.MAX_ITEM_MINUTES, true);
      UUID after = Json.uuid(b, "afterItemId", false);
      AgendaItem item = new AgendaItem(UUID.randomUUID(), 0, "other", "other", null, null, null, null, title,
        minutes * 60, 0, false);
      return s.agenda().add(item, after);
    });
  }

  /**
   * R3: without a total, the time left is what remains until the scheduled end, less the current
   * item's remaining time and the non-case items still to come.
   */
  static Outcome shareRemaining(RoomState s, Command c, Instant now) {
    long[] available = new long[1];
    Outcome out = change(s, c, "agenda.shared", () -> {
      Integer totalMinutes = Json.integer(c.body(), "totalMinutes", 0, 24 * 60, false);
      UUID current = s.timer().itemId();
      available[0] = totalMinutes != null ? totalMinutes * 60L
        : s.scheduledEnd().getEpochSecond() - Math.max(now.getEpochSecond(), s.scheduledStart().getEpochSecond())
          - Math.max(0, s.currentRemainingSeconds(now)) - s.agenda().plannedNonCasesAfter(current);
      return s.agenda().shareEvenly(current, available[0]);
    });
    out.payload().put("availableSeconds", Math.max(0, available[0]));
    return out;
  }

  /** The officer prepares the agenda before the meeting; once it is live, only the chair changes it. */
  private static Outcome change(RoomState s, Command c, String eventType, java.util.function.Supplier<Agenda> edit) {
    if (!c.who().is("chair")) {
      requireStatus(s, "planned", "open");
    }
    RoomState next = s.with(edit.get(), s.timer());
    return Outcome.ofAgenda(next, eventType);
  }
}
