package org.ailive.hands;

import io.vertx.core.json.JsonObject;
import org.ailive.meeting.RoomCommands.Command;
import org.ailive.meeting.RoomCommands.Outcome;
import org.ailive.meeting.RoomState;
import org.ailive.web.ApiError;
import org.ailive.web.Json;

import java.util.List;
import java.util.UUID;

import static org.ailive.meeting.Guards.requireCurrent;
import static org.ailive.meeting.Guards.requireRole;
import static org.ailive.meeting.Guards.requireStatus;

/** The raise-hand queue of the item being discussed; the chair takes the next speaker or clears it. */
public final class HandCommands {

  private HandCommands() {
  }

  public static Outcome apply(RoomState s, Command c) {
    requireStatus(s, "live");
    UUID item = requireCurrent(s);
    HandQueue hands = s.hands();
    return switch (c.type()) {
      case "hand.raise" -> outcome(s, item, hands.raise(item, c.who().memberId()), "hand.raised", null);
      case "hand.lower" -> lower(s, c, item);
      case "hand.next" -> next(s, c, item);
      case "hand.clear" -> {
        requireRole(c, "chair");
        yield outcome(s, item, hands.clear(item), "hand.cleared", null);
      }
      default -> throw ApiError.badRequest("unknown_command", "Unknown command type '" + c.type() + "'.");
    };
  }

  /** Your own hand; the chair may lower anyone's. */
  private static Outcome lower(RoomState s, Command c, UUID item) {
    UUID member = c.body().containsKey("memberId") ? Json.uuid(c.body(), "memberId", true) : c.who().memberId();
    if (!member.equals(c.who().memberId())) {
      requireRole(c, "chair");
    }
    return outcome(s, item, s.hands().lower(item, member), "hand.lowered", member);
  }

  private static Outcome next(RoomState s, Command c, UUID item) {
    requireRole(c, "chair");
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
