package org.ailive.room;

import org.ailive.auth.Identity;

import java.util.UUID;

/**
 * The one answer to "may this member reach this meeting's room": its state, its events, its
 * commands, over REST and the bus alike. The room asks it of its own copy of who sits where; REST
 * routes ask it of the same facts read from the database ({@code RoomAccess.SEAT_SQL}).
 */
public final class RoomAccess {

  /**
   * Where the member sits for this meeting: on its panel now, or on its register. {@code $1} the
   * meeting, {@code $2} the member; one row of two booleans.
   */
  public static final String SEAT_SQL = """
    SELECT EXISTS (SELECT 1 FROM panel_member pm JOIN meeting m ON m.panel_id = pm.panel_id
                   WHERE m.id = $1 AND pm.member_id = $2 AND pm.left_at IS NULL) AS on_panel,
           EXISTS (SELECT 1 FROM attendance WHERE meeting_id = $1 AND member_id = $2) AS on_register""";

  /** Where a member sits for one meeting. */
  public record Seat(boolean onPanel, boolean onRegister) {
  }

  private RoomAccess() {
  }

  /** The officer reaches every meeting; others the meetings they sit at; a join link only its own. */
  public static boolean mayEnter(Identity who, UUID meetingId, Seat seat) {
    if (!who.reaches(meetingId)) {
      return false;
    }
    return who.is("officer") || seat.onPanel() || seat.onRegister();
  }

  /** The same question asked of the room's own state. */
  static boolean mayEnter(Identity who, RoomState s) {
    return mayEnter(who, s.meetingId(), new Seat(s.members().containsKey(who.memberId()),
      s.attendance().containsKey(who.memberId())));
  }
}
