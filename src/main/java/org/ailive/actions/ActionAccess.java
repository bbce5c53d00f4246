package org.ailive.actions;

import io.vertx.core.Future;
import org.ailive.auth.Identity;
import org.ailive.protocol.ApiError;

import java.util.Set;

/**
 * Who may see and update actions. Family details go only to the panels involved (R12), so apart
 * from the officer and the chair a member sees the actions of the panels they sit on.
 */
final class ActionAccess {

  private ActionAccess() {
  }

  static boolean seesEveryPanel(Identity who) {
    return who.is("officer") || who.is("chair");
  }

  static <T> Future<T> readable(Identity who, boolean callerOnPanel, T value) {
    return seesEveryPanel(who) || callerOnPanel
      ? Future.succeededFuture(value)
      : Future.failedFuture(ApiError.forbidden("You are not a member of this panel."));
  }

  /**
   * The owner, anyone from the owning agency, the chair or the officer; observers only watch.
   * Writers must also be able to read it, so someone who left the panel stops writing to it.
   */
  static Future<FollowedAction> updatable(Identity who, FollowedAction action) {
    boolean owner = who.memberId().equals(action.ownerMemberId())
      || (who.agencyId() != null && who.agencyId().equals(action.ownerAgencyId()));
    boolean contributes = !who.roles().isEmpty() && !who.roles().equals(Set.of("observer"));
    return seesEveryPanel(who) || (owner && contributes && action.callerOnPanel())
      ? Future.succeededFuture(action)
      : Future.failedFuture(ApiError.forbidden(
        "Only the action's owner, its agency, the chair or the officer can update action " + action.number() + "."));
  }
}
