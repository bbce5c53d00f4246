package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;

import java.util.UUID;

/**
 * The one answer to "may this member reach this meeting's room": its state, its events, its
 * commands, over REST and the bus alike: the officer; an active member of the meeting's panel
 * now; someone the officer or the chair admitted to it (a substitute or guest), until it closes. The room asks it of its own copy of who sits where; REST
 * routes ask it of the same facts read from the database ({@link #seat}).
 */
public final class RoomAccess {

  /**
   * Where the member sits for this meeting: an active member of its panel now, or admitted to it
   * (a substitute or guest) while it is not closed. {@code $1} the meeting, {@code $2} the member;
   * one row of two booleans. The register is a record, never a key.
   */
  private static final String SEAT_SQL = """
    SELECT EXISTS (SELECT 1 FROM panel_member pm JOIN meeting m ON m.panel_id = pm.panel_id
                   JOIN member mb ON mb.id = pm.member_id
                   WHERE m.id = $1 AND pm.member_id = $2 AND pm.left_at IS NULL AND mb.active) AS on_panel,
           EXISTS (SELECT 1 FROM meeting_guest g JOIN meeting m ON m.id = g.meeting_id
                   JOIN member mb ON mb.id = g.member_id
                   WHERE g.meeting_id = $1 AND g.member_id = $2 AND g.withdrawn_at IS NULL
                     AND m.status <> 'closed' AND mb.active) AS admitted""";

  /** Where a member sits for one meeting: on its panel, or admitted to it now. */
  public record Seat(boolean onPanel, boolean admitted) {
  }

  /** Where a member sits for this meeting now, as the database has it. */
  public static Future<Seat> seat(SqlClient db, UUID meetingId, UUID memberId) {
    return db.preparedQuery(SEAT_SQL).execute(Tuple.of(meetingId, memberId)).map(rows -> {
      Row r = rows.iterator().next();
      return new Seat(r.getBoolean("on_panel"), r.getBoolean("admitted"));
    });
  }

  private RoomAccess() {
  }

  /** The officer reaches every meeting; others the meetings they sit at; a join link only its own. */
  public static boolean mayEnter(Identity who, UUID meetingId, Seat seat) {
    if (!who.reaches(meetingId)) {
      return false;
    }
    return who.is("officer") || seat.onPanel() || seat.admitted();
  }

  /** The same question asked of the room's own state. */
  static boolean mayEnter(Identity who, RoomState s) {
    return mayEnter(who, s.meetingId(), new Seat(s.onPanel(who.memberId()),
      s.guests().containsKey(who.memberId()) && !"closed".equals(s.status())));
  }
}
