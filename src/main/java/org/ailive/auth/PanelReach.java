package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.ApiError;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one answer to "does this member run this panel" (R12), for cases, actions, outcomes, member
 * lists, exports and reports alike. The officer runs every panel: county-wide reach is theirs alone.
 * A chair runs the panels they chair ({@code panel.chair_member_id}) or sit on ({@code panel_member},
 * not left); a chair of one panel is a stranger to another. Nobody else runs a panel.
 */
public final class PanelReach {

  private PanelReach() {
  }

  /**
   * The caller's place on one panel: the panel's chair, and whether the caller sits on it now. Read
   * with {@link #seatColumns}, or built by a caller that already has both facts.
   */
  public record Seat(UUID chairMemberId, boolean onPanel) {

    public static Seat from(Row r) {
      return new Seat(r.getUUID("chair_member_id"), Boolean.TRUE.equals(r.getBoolean("caller_on_panel")));
    }

    /** Chairs it or sits on it, whatever the role: what a chair needs besides the role to run it. */
    public boolean chairsOrSitsOn(UUID memberId) {
      return onPanel || memberId.equals(chairMemberId);
    }
  }

  /** The officer's reach: every panel of the county. */
  public static boolean countyWide(Identity who) {
    return who.is("officer");
  }

  /** Whether the caller runs the panel where they have this seat. */
  public static boolean runs(Identity who, Seat seat) {
    return countyWide(who) || (who.is("chair") && seat.chairsOrSitsOn(who.memberId()));
  }

  /**
   * SQL for the two columns {@link Seat#from} reads, {@code chair_member_id} and
   * {@code caller_on_panel}, given the panel's alias (a row of {@code panel}) and the caller's
   * parameter, e.g. {@code seatColumns("p", "$1")}.
   */
  public static String seatColumns(String panel, String caller) {
    return panel + ".chair_member_id, " + sitsOnSql(panel + ".id", caller) + " AS caller_on_panel";
  }

  /** SQL: the caller sits on the panel now. */
  public static String sitsOnSql(String panelId, String caller) {
    return "EXISTS (SELECT 1 FROM panel_member pm_reach WHERE pm_reach.panel_id = " + panelId
      + " AND pm_reach.member_id = " + caller + " AND pm_reach.left_at IS NULL)";
  }

  /** SQL: the caller chairs or sits on the panel ({@code panel} a row of {@code panel}). */
  public static String chairsOrSitsOnSql(String panel, String caller) {
    return "(" + panel + ".chair_member_id = " + caller + " OR " + sitsOnSql(panel + ".id", caller) + ")";
  }

  private static final String PANELS_RUN = "SELECT p.id FROM panel p WHERE " + chairsOrSitsOnSql("p", "$1")
    + " ORDER BY p.id";

  private static final String SEAT = "SELECT " + seatColumns("p", "$1") + " FROM panel p WHERE p.id = $2";

  private static final String MEETING_PANEL = "SELECT panel_id FROM meeting WHERE id = $1";

  /**
   * The panels the caller runs: null for the officer (every panel, present and future), else the
   * list (empty for anyone who is not a chair). Bind it as a {@code uuid[]} that null leaves open.
   */
  public static Future<List<UUID>> panelsRun(SqlClient db, Identity who) {
    if (countyWide(who)) {
      return Future.succeededFuture(null);
    }
    if (!who.is("chair")) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(PANELS_RUN).execute(Tuple.of(who.memberId())).map(rows -> {
      List<UUID> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getUUID("id")));
      return out;
    });
  }

  /**
   * What a panel-wide read or file covers: the one panel asked for, which the caller must run
   * (403 otherwise, 400 for a panel that does not exist), or every panel the caller runs.
   */
  public static Future<UUID[]> scope(SqlClient db, Identity who, UUID askedFor, String field) {
    if (askedFor == null) {
      return panelsRun(db, who).map(run -> run == null ? null : run.toArray(new UUID[0]));
    }
    return db.preparedQuery(SEAT).execute(Tuple.of(who.memberId(), askedFor)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.invalid(field, "is not a known panel"));
      }
      return runs(who, Seat.from(rows.iterator().next())) ? Future.succeededFuture(new UUID[] {askedFor})
        : Future.failedFuture(notYours());
    });
  }

  /** 403 unless the caller runs the meeting's panel; 400 naming the field for an unknown meeting. */
  public static Future<Void> requireRunsMeeting(SqlClient db, Identity who, UUID meetingId, String field) {
    if (countyWide(who)) {
      return Future.succeededFuture();
    }
    return db.preparedQuery(MEETING_PANEL).execute(Tuple.of(meetingId)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiError.invalid(field, "is not a known meeting"))
      : scope(db, who, rows.iterator().next().getUUID("panel_id"), field).mapEmpty());
  }

  /** The refusal for reaching into a panel the caller does not run. */
  public static ApiError notYours() {
    return ApiError.forbidden("You do not run that panel: a chair reaches the panels they chair or sit on.");
  }
}
