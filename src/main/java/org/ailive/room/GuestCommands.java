package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.UUID;

/**
 * Who may enter the room besides the panel (R12): the officer or the chair admits a substitute for a
 * panel member, or a guest, for this meeting only, and may withdraw it; a withdrawn guest's live
 * sockets for the meeting close (the bridge reads the event). Admission ends when the meeting closes.
 */
final class GuestCommands {

  private GuestCommands() {
  }

  static Outcome admit(RoomState s, Command c, Instant now) {
    JsonObject b = c.body();
    UUID memberId = Json.uuid(b, "memberId", true);
    String kind = Json.text(b, "kind", 20, true);
    if (!Guest.KINDS.contains(kind)) {
      throw ApiError.invalid("kind", "must be substitute or guest");
    }
    UUID forMember = Json.uuid(b, "forMemberId", "substitute".equals(kind));
    if (forMember != null && !s.onPanel(forMember)) {
      throw ApiError.invalid("forMemberId", "is not a member of this panel");
    }
    if (s.onPanel(memberId)) {
      throw ApiError.invalid("memberId", "is on the panel already: panel members need no admission");
    }
    RoomState.PanelMember known = s.members().get(memberId);
    RoomState.PanelMember member = known != null ? known : c.preloaded().member();
    if (member == null || !member.memberId().equals(memberId)) {
      throw ApiError.invalid("memberId", "is not an active member");
    }
    Guest guest = new Guest(memberId, kind, "substitute".equals(kind) ? forMember : null, c.who().memberId(), now);
    RoomState next = s.change().member(member).admit(guest).build();
    return new Outcome(next, "guest.admitted", new JsonObject().put("guest", guest.toJson())
      .put("member", member.toJson()));
  }

  static Outcome withdraw(RoomState s, Command c, Instant now) {
    UUID memberId = Json.uuid(c.body(), "memberId", true);
    if (!s.guests().containsKey(memberId)) {
      throw ApiError.invalid("memberId", "is not admitted to this meeting");
    }
    RoomState next = s.change().withdrawGuest(memberId).build();
    return new Outcome(next, "guest.withdrawn", new JsonObject().put("memberId", memberId.toString()));
  }
}
