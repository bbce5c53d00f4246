package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A client's command as the room's owner applies it. {@code preloaded} is what the owner read from
 * the database before applying it (its row's {@link CommandTable.Preload}), so applying stays pure.
 */
public record Command(String type, JsonObject body, Identity who, String key, Preloaded preloaded) {

  public Command(String type, JsonObject body, Identity who, String key) {
    this(type, body, who, key, Preloaded.NONE);
  }

  Command with(Preloaded p) {
    return new Command(type, body, who, key, p);
  }

  /**
   * Accepted cases for the agenda, a number for a new action, a member from outside the panel, the
   * panel's next meeting (null when it has none).
   */
  public record Preloaded(List<AgendaItem> acceptedCases, Long actionNumber, RoomState.PanelMember member,
                          NextMeeting nextMeeting) {
    public static final Preloaded NONE = new Preloaded(List.of(), null, null, null);

    public Preloaded(List<AgendaItem> acceptedCases, Long actionNumber, RoomState.PanelMember member) {
      this(acceptedCases, actionNumber, member, null);
    }
  }

  /** The panel's next meeting not yet closed, after this one. */
  public record NextMeeting(UUID id, LocalDate date) {
  }
}
