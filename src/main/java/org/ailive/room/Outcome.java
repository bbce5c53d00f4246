package org.ailive.room;

import io.vertx.core.json.JsonObject;

/**
 * What a command did: the next state and the one event that records the change.
 * {@code recordsConnected}: once it is committed, the join of whoever is connected is recorded on
 * the register (the meeting has just opened or started): when they came, not how they attend.
 * {@code agenda}: the change touched the agenda or its timer. Its payload then holds only the
 * command's own fields; the timer, the focus when it changed and the items that changed are added
 * as it is committed ({@link EventParts}), so the whole agenda is never built to be thrown away.
 */
public record Outcome(RoomState next, String eventType, JsonObject payload, boolean recordsConnected,
                      boolean agenda) {

  public Outcome(RoomState next, String eventType, JsonObject payload, boolean recordsConnected) {
    this(next, eventType, payload, recordsConnected, false);
  }

  public Outcome(RoomState next, String eventType, JsonObject payload) {
    this(next, eventType, payload, false, false);
  }

  /** A change of the agenda or its timer; the command may add its own fields to the payload. */
  static Outcome ofAgenda(RoomState next, String eventType) {
    return new Outcome(next, eventType, new JsonObject(), false, true);
  }
}
