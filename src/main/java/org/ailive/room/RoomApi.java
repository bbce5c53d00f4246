package org.ailive.room;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ailive.auth.Roles;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Query;
import org.ailive.protocol.RateLimit;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The live room over plain HTTP: the same commands and catch-up as the event-bus bridge, for
 * clients that do not hold a socket open (and for scripts and tests).
 */
public final class RoomApi {

  private final Vertx vertx;
  // Per member, on this verticle's event loop: the same budget as a live socket.
  private final Map<UUID, RateLimit> limits = new HashMap<>();

  public RoomApi(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The whole picture of the room now, with the last seq it reflects. */
  public void state(RoutingContext ctx) {
    forward(ctx, RoomReads.sync(Integer.MAX_VALUE, true));
  }

  /** The events after {@code ?after=N}, in order, at most 500 at a time ({@code more} says if there are others). */
  public void events(RoutingContext ctx) {
    forward(ctx, RoomReads.sync(Query.number(ctx, "after", 0, Integer.MAX_VALUE, 0), false));
  }

  /** One command, exactly as on the bus: {@code {"type": ..., "key": ..., ...}}. */
  public void command(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String type = Json.text(body, "type", 40, true);
    if (type.startsWith("presence.")) {
      throw ApiError.badRequest("unknown_command", "Unknown command type '" + type + "'.");
    }
    RateLimit limit = limits.computeIfAbsent(Roles.identity(ctx).memberId(), id -> new RateLimit(10, 30));
    if (!limit.tryTake()) {
      ctx.response().putHeader("Retry-After", "1");
      throw new ApiError(429, "too_many_commands", "Too many commands at once: wait a moment and retry.");
    }
    forward(ctx, body);
  }

  private void forward(RoutingContext ctx, JsonObject command) {
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    Rooms.request(vertx, meetingId, command, Roles.identity(ctx))
      .onSuccess(reply -> Http.ok(ctx, 200, reply))
      .onFailure(ctx::fail);
  }
}
