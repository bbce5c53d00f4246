package org.ailive.room;

import io.vertx.core.json.JsonObject;

/** What a command did: the next state and the one event that records the change. */
public record Outcome(RoomState next, String eventType, JsonObject payload) {
}
