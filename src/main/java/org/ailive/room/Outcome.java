package org.ailive.room;

import io.vertx.core.json.JsonObject;

/**
 * What a command did: the next state and the one event that records the change.
 * {@code marksConnectedRemote}: once it is committed, whoever is connected and not yet marked
 * present is recorded as attending remotely (the meeting has just opened or started).
 */
public record Outcome(RoomState next, String eventType, JsonObject payload, boolean marksConnectedRemote) {

  public Outcome(RoomState next, String eventType, JsonObject payload) {
    this(next, eventType, payload, false);
  }
}
