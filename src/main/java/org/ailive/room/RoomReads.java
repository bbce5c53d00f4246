package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;

import java.util.UUID;

/**
 * What the room's clients (REST, exports, minutes) read from a meeting's owner, as this member,
 * through the same {@code sync} command as every screen: redaction and access apply as they do live.
 */
public final class RoomReads {

  private RoomReads() {
  }

  /** The {@code sync} command: the events after {@code after}, and the whole state when asked. */
  public static JsonObject sync(long after, boolean withState) {
    JsonObject sync = new JsonObject().put("type", "sync").put("after", after);
    return withState ? sync.put("state", true) : sync;
  }

  /** The whole state now, with the seq it reflects: the {@code sync} reply with no events. */
  public static Future<JsonObject> state(Vertx vertx, UUID meetingId, Identity who) {
    return Rooms.request(vertx, meetingId, sync(Integer.MAX_VALUE, true), who);
  }

  /** One page of the log after {@code after} (the {@code sync} reply: {@code events}, {@code more}). */
  public static Future<JsonObject> events(Vertx vertx, UUID meetingId, long after, Identity who) {
    return Rooms.request(vertx, meetingId, sync(after, false), who);
  }

  /** The log from the start up to {@code upTo} (inclusive), page by page. */
  public static Future<JsonArray> log(Vertx vertx, UUID meetingId, long upTo, Identity who) {
    return pages(vertx, meetingId, 0, upTo, who, new JsonArray());
  }

  private static Future<JsonArray> pages(Vertx vertx, UUID meetingId, long after, long upTo, Identity who,
                                         JsonArray acc) {
    if (after >= upTo) {
      return Future.succeededFuture(acc);
    }
    return events(vertx, meetingId, after, who).compose(page -> {
      JsonArray events = page.getJsonArray("events");
      long last = after;
      for (Object o : events) {
        JsonObject e = (JsonObject) o;
        if (e.getLong("seq") <= upTo) {
          acc.add(e);
        }
        last = e.getLong("seq");
      }
      return page.getBoolean("more", false) && !events.isEmpty() && last < upTo
        ? pages(vertx, meetingId, last, upTo, who, acc) : Future.succeededFuture(acc);
    });
  }
}
