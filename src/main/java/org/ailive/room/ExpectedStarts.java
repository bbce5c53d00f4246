package org.ailive.room;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * When each agenda item still to come is expected to start, from the server's state alone (R3): the
 * meeting's scheduled start while nothing has been timed and it is not yet time, else now; then the
 * current item's time left, then each item's allotted minutes in agenda order. Items done (discussed,
 * deferred, withdrawn), the current one and any before it have no expected start. The same sums as
 * {@link Agenda#projectedEnd}, item by item.
 */
final class ExpectedStarts {

  private ExpectedStarts() {
  }

  static Map<UUID, Instant> of(RoomState s, Instant now) {
    UUID current = s.timer().itemId();
    List<AgendaItem> items = s.agenda().items();
    int from = current == null ? 0 : s.agenda().indexOf(current) + 1;
    Instant at = current == null
      ? (now.isBefore(s.scheduledStart()) ? s.scheduledStart() : now)
      : now.plusSeconds(Math.max(0, s.currentRemainingSeconds(now)));
    Map<UUID, Instant> out = new LinkedHashMap<>();
    for (AgendaItem item : items.subList(Math.max(0, from), items.size())) {
      if (!item.done()) {
        out.put(item.id(), at);
        at = at.plusSeconds(item.allottedSeconds());
      }
    }
    return out;
  }
}
