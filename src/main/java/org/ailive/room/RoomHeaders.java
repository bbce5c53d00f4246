package org.ailive.room;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;
import org.ailive.protocol.ApiError;

import java.util.Set;
import java.util.UUID;

/**
 * The identity headers every command to a room carries, set only by the server (the bridge, after
 * it verified the token, or a REST route): the room trusts them and nothing a client wrote.
 * {@code internal} marks what only the bridge sends (presence.join, presence.leave).
 */
public final class RoomHeaders {

  private RoomHeaders() {
  }

  public static DeliveryOptions of(Identity who, boolean internal) {
    DeliveryOptions options = new DeliveryOptions()
      .addHeader("memberId", who.memberId().toString())
      .addHeader("name", who.fullName() == null ? "" : who.fullName())
      .addHeader("roles", String.join(",", who.roles()));
    if (who.agencyId() != null) {
      options.addHeader("agencyId", who.agencyId().toString());
    }
    if (who.agency() != null) {
      options.addHeader("agency", who.agency());
    }
    if (who.meetingScope() != null) {
      options.addHeader("meetingScope", who.meetingScope().toString());
    }
    if (internal) {
      options.addHeader("internal", "true");
    }
    return options;
  }

  /** The same headers as JSON, for a bridge message's raw headers. */
  public static JsonObject json(Identity who) {
    JsonObject out = new JsonObject();
    of(who, false).getHeaders().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  static Identity identity(MultiMap headers) {
    String member = headers.get("memberId");
    if (member == null) {
      throw ApiError.unauthorized();
    }
    String agencyId = headers.get("agencyId");
    String roles = headers.get("roles");
    String scope = headers.get("meetingScope");
    return new Identity(UUID.fromString(member), headers.get("name"),
      agencyId == null ? null : UUID.fromString(agencyId), headers.get("agency"),
      roles == null || roles.isBlank() ? Set.of() : Set.of(roles.split(",")),
      scope == null ? null : UUID.fromString(scope));
  }

  static boolean isInternal(MultiMap headers) {
    return "true".equals(headers.get("internal"));
  }
}
