package org.ailive.room;

import io.vertx.core.Future;
import org.ailive.protocol.Json;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** What the owner reads from the database for a command before applying it, as its row says. */
final class Preloads {

  private Preloads() {
  }

  /**
   * Reads what a command needs from the database before it is applied, so applying stays pure.
   * A preload that refreshes the state runs only for rows that commit alone (the table holds to
   * it), so nothing pending is built on the copy it replaces.
   */
  static Future<Command> read(CommandTable.Preload preload, Command c, RoomState state, RoomStore store,
                              Consumer<RoomState> refreshed) {
    return switch (preload) {
      case NONE -> Future.succeededFuture(c);
      case ACCEPTED_CASES -> store.acceptedCases(state.meetingId(), AgendaCommands.caseMinutes(c) * 60)
        .compose(cases -> store.caseSummaries(state.meetingId()).map(summaries -> {
          RoomState.Change fresh = state.change();
          summaries.values().forEach(fresh::caseSummary);
          refreshed.accept(fresh.build());
          return c.with(new Command.Preloaded(cases, null, null));
        }));
      case ACTION_NUMBER -> store.nextActionNumber()
        .map(number -> c.with(new Command.Preloaded(List.of(), number, null)));
      case ACTION_ROW -> {
        UUID actionId = c.body().getValue("actionId") instanceof String id ? Json.uuid(id, "actionId") : null;
        yield actionId == null || !state.actions().containsKey(actionId) ? Future.succeededFuture(c)
          : store.action(actionId).map(current -> {
            if (current != null) {
              refreshed.accept(state.change().action(current).build());
            }
            return c;
          });
      }
      case NEXT_MEETING -> store.nextMeeting(state.panelId(), state.meetingDate())
        .map(next -> c.with(new Command.Preloaded(List.of(), null, null, next)));
      case MEMBER -> {
        UUID memberId = c.body().getValue("memberId") instanceof String id ? Json.uuid(id, "memberId") : null;
        // Looked up only: they join the room's members with the change itself, once it is authorised.
        yield memberId == null || state.members().containsKey(memberId) ? Future.succeededFuture(c)
          : store.member(memberId).map(member -> c.with(new Command.Preloaded(List.of(), null, member)));
      }
    };
  }
}
