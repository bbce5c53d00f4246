package org.ailive.actions;

import io.vertx.core.Future;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.protocol.ApiError;

/**
 * Who may see and update actions. Family details go only to the panels involved (R12): the officer
 * sees every panel's actions; everyone else those of the panels they sit on (a chair also those they
 * chair). Running a panel ({@link PanelReach}) is what lets a chair update and drop its actions.
 */
final class ActionAccess {

  private ActionAccess() {
  }

  static boolean seesEveryPanel(Identity who) {
    return PanelReach.countyWide(who);
  }

  static boolean canRead(Identity who, PanelReach.Seat seat) {
    return seesEveryPanel(who) || seat.chairsOrSitsOn(who.memberId());
  }

  static <T> Future<T> readable(Identity who, PanelReach.Seat seat, T value) {
    return canRead(who, seat)
      ? Future.succeededFuture(value)
      : Future.failedFuture(ApiError.forbidden("You are not a member of this panel."));
  }

  /**
   * The owner, anyone from the owning agency, or whoever runs the action's panel (its chair, the
   * officer); observers only watch. Writers must also be able to read it, so someone who left the
   * panel stops writing to it.
   */
  static Future<FollowedAction> updatable(Identity who, FollowedAction action) {
    boolean owner = who.memberId().equals(action.ownerMemberId())
      || (who.agencyId() != null && who.agencyId().equals(action.ownerAgencyId()));
    boolean contributes = !who.roles().isEmpty() && !who.isObserverOnly();
    return PanelReach.runs(who, action.seat()) || (owner && contributes && action.callerOnPanel())
      ? Future.succeededFuture(action)
      : Future.failedFuture(ApiError.forbidden(
        "Only the action's owner, its agency, the chair or the officer can update action " + action.number() + "."));
  }

  /** Dropping is the chair's call (R8), and only for a panel they run. */
  static Future<FollowedAction> droppable(Identity who, FollowedAction action) {
    return who.is("chair") && PanelReach.runs(who, action.seat())
      ? Future.succeededFuture(action)
      : Future.failedFuture(ApiError.forbidden("Only the chair of this action's panel can drop action "
        + action.number() + "."));
  }
}
