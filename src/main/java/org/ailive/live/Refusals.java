package org.ailive.live;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import org.ailive.protocol.ApiError;

/** How the bridge refuses a frame and tells the client why ({@link LiveBridge}). */
final class Refusals {

  static final ApiError TOO_MANY_REGISTERS = new ApiError(429, "too_many_registers",
    "Too many listeners opened on this connection: wait a moment and retry.");
  static final ApiError NOT_YOUR_NOTICES = ApiError.forbidden(
    "These notices are for another member, or your sign-in has expired: sign in again to see your own.");
  static final ApiError TOO_MANY_SOCKETS = new ApiError(429, "too_many_sockets",
    "You have " + MemberSockets.MAX_PER_MEMBER + " live connections open already: close one and retry.");

  /** A client that joins without stating the live protocol this server speaks (an old page: reload it). */
  static final ApiError PROTOCOL_OUTDATED = new ApiError(426, "protocol_outdated",
    "This page is out of date for the live meeting: reload it to follow the meeting.");

  private Refusals() {
  }

  /**
   * Refuses a register with its reason on the address it named (the official client hands that to
   * the address's handler as a failure), then the bridge's anonymous "rejected".
   */
  static void listener(BridgeEvent event, JsonObject raw, ApiError error) {
    event.socket().write(new JsonObject().put("type", "err").put("address", raw.getString("address"))
      .put("failureCode", error.status()).put("failureType", "RECIPIENT_FAILURE")
      .put("message", error.toJson().encode()).toBuffer());
    event.complete(false);
  }

  /**
   * Refuses a command with its reason on the command's own reply address (as a failed reply looks),
   * so the client's callback learns why: a body that is not a JSON object, expired sign-in, no such
   * meeting, too many commands. The bridge then also sends its anonymous "rejected".
   */
  static void command(BridgeEvent event, JsonObject raw, ApiError error) {
    String replyAddress = raw.getString("replyAddress");
    if (replyAddress != null && replyAddress.length() <= 36) {
      event.socket().write(new JsonObject().put("type", "err").put("address", replyAddress)
        .put("failureCode", error.status()).put("failureType", "RECIPIENT_FAILURE")
        .put("message", error.toJson().encode()).toBuffer());
    }
    event.complete(false);
  }
}
