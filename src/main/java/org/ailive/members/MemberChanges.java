package org.ailive.members;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Tokens;
import org.ailive.protocol.Addresses;

import java.util.UUID;

/** What follows a change of a member's access, wherever it is made (the member page, the import). */
public final class MemberChanges {

  private MemberChanges() {
  }

  /**
   * Live rooms reload who may be there; with {@code cutOff} (roles, agency or panels taken away or
   * changed) the member's tokens end, so they sign in again with what they now have.
   */
  public static Future<Void> announce(Vertx vertx, Tokens tokens, UUID memberId, boolean cutOff) {
    vertx.eventBus().publish(Addresses.MEMBERSHIP_CHANGED, new JsonObject().put("memberId", memberId.toString()));
    return cutOff ? tokens.revocations().cutOff(memberId) : Future.succeededFuture();
  }
}
