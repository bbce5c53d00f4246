package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** The officer's word, at the end, that the register is right (issue 17); cleared by any later change to it. */
public record RegisterConfirmation(UUID byMemberId, Instant at) {

  public JsonObject toJson() {
    return new JsonObject().put("byMemberId", byMemberId.toString()).put("at", at.toEpochMilli());
  }
}
