package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Someone the officer or the chair admits to one meeting's room besides its panel: a substitute
 * for a panel member, or a guest. Admission is the key to the room while the meeting is not
 * closed; the register only records who attended (R12).
 */
public record Guest(UUID memberId, String kind, UUID forMemberId, UUID admittedBy, Instant admittedAt) {

  public static final Set<String> KINDS = Set.of("substitute", "guest");

  public JsonObject toJson() {
    return new JsonObject()
      .put("memberId", memberId.toString())
      .put("kind", kind)
      .put("forMemberId", forMemberId == null ? null : forMemberId.toString())
      .put("admittedBy", admittedBy.toString())
      .put("admittedAt", admittedAt.toEpochMilli());
  }
}
