package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.ailive.room.Guards.requireCurrent;
import static org.ailive.room.Guards.requireRole;

/** The raise-hand queue of the item being discussed; the chair takes the next speaker or clears it. */
final class HandCommands {

  private HandCommands() {
  }

  static Outcome raise(RoomState s, Command c, Instant now) {
    UUID item = requireCurrent(s);
    return outcome(s, item, s.hands().raise(item, c.who().memberId()), "hand.raised", null);
  }

  static Outcome clear(RoomState s, Command c, Instant now) {
    UUID item = requireCurrent(s);
    return outcome(s, item, s.hands().clear(item), "hand.cleared", null);
  }

  /** Your own hand; the chair may lower anyone's. */
  static Outcome lower(RoomState s, Command c, Instant now) {
    UUID item = requireCurrent(s);
    UUID member = c.body().containsKey("memberId") ? Json.uuid(c.body(), "memberId", true) : c.who().memberId();
    if (!member.equals(c.who().memberId())) {
      requireRole(c, "chair");
    }
    return outcome(s, item, s.hands().lower(item, member), "hand.lowered", member);
  }

  /** The first raised hand speaks next. */
  static Outcome next(RoomState s, Command c, Instant now) {
    UUID item = requireCurrent(s);
    List<UUID> queue = s.hands().on(item);
    if (queue.isEmpty()) {
      throw ApiError.conflict("no_hands", "No hands are raised.");
    }
    UUID speaker = queue.get(0);
    return outcome(s, item, s.hands().lower(item, speaker), "hand.taken", speaker);
  }

  private static Outcome outcome(RoomState s, UUID item, HandQueue hands, String eventType, UUID member) {
    JsonObject payload = new JsonObject().put("itemId", item.toString()).put("hands", hands.toJson());
    if (member != null) {
      RoomState.PanelMember m = s.member(member);
      payload.put("member", new JsonObject().put("memberId", member.toString())
        .put("name", m == null ? null : m.fullName()).put("agency", m == null ? null : m.agency()));
    }
    return new Outcome(s.change().hands(hands).build(), eventType, payload);
  }
}
