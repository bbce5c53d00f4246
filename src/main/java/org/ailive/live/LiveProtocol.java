package org.ailive.live;

import io.vertx.core.json.JsonObject;

/**
 * The live protocol this server speaks. A client states it in the headers of its register on a
 * meeting's {@code .events} ({@code "protocol": 2}); one that states none or another is refused
 * with {@code 426 protocol_outdated} (an old page: reload it). In 2 an event carries what changed,
 * not the whole agenda (docs/PROTOCOL.md, "Events"); {@code sync}'s state is whole in every version.
 */
public final class LiveProtocol {

  public static final int VERSION = 2;

  private LiveProtocol() {
  }

  /** Whether a register frame states this version in its headers. */
  static boolean stated(JsonObject raw) {
    JsonObject headers = raw.getValue("headers") instanceof JsonObject h ? h : new JsonObject();
    return headers.getValue("protocol") instanceof Number n && n.doubleValue() == VERSION;
  }
}
