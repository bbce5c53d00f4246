package org.ailive.room;

import org.ailive.protocol.ApiError;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The checks every family of live commands shares: role, meeting status, the current item. */
final class Guards {

  private Guards() {
  }

  public static void requireRole(Command c, String... roles) {
    if (!c.who().hasAnyRole(Set.of(roles))) {
      throw ApiError.forbidden("'" + c.type() + "' needs the role " + String.join(" or ", roles) + ".");
    }
  }

  public static void requireStatus(RoomState s, String... allowed) {
    if (!List.of(allowed).contains(s.status())) {
      throw ApiError.conflict("wrong_status", "The meeting is " + s.status() + "; this needs it to be "
        + String.join(" or ", allowed) + ".");
    }
  }

  public static UUID requireCurrent(RoomState s) {
    if (s.timer().itemId() == null) {
      throw ApiError.conflict("no_current_item", "No agenda item has been started yet.");
    }
    return s.timer().itemId();
  }

  /** In the room, remote or substituting: the partners whose agreement counts (R8). */
  public static boolean isPresent(RoomState s, UUID memberId) {
    var mark = s.attendance().get(memberId);
    return mark != null && mark.isPresent();
  }
}
