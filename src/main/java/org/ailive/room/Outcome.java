package org.ailive.room;

import io.vertx.core.json.JsonObject;

/**
 * What a command did: the next state and the one event that records the change.
 * {@code recordsConnected}: once it is committed, the join of whoever is connected is recorded on
 * the register (the meeting has just opened or started): when they came, not how they attend.
 */
public record Outcome(RoomState next, String eventType, JsonObject payload, boolean recordsConnected) {

  public Outcome(RoomState next, String eventType, JsonObject payload) {
    this(next, eventType, payload, false);
  }
}
