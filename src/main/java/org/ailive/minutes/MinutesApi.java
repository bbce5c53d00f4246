package org.ailive.minutes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.meeting.MeetingApi;
import org.ailive.meeting.Rooms;
import org.ailive.web.Json;

import java.util.UUID;

/** {@code GET /api/meetings/{id}/minutes-draft}: Markdown drafted from the log. */
public final class MinutesApi {

  private final Vertx vertx;
  private final MeetingApi meetings;

  public MinutesApi(Vertx vertx, MeetingApi meetings) {
    this.vertx = vertx;
    this.meetings = meetings;
  }

  public void draft(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    Identity who = Roles.identity(ctx);
    meetings.load(id).compose(meeting -> meetings.checkAccess(who, meeting))
      .compose(meeting -> Rooms.request(vertx, id, new JsonObject().put("type", "sync")
          .put("after", Integer.MAX_VALUE).put("state", true), who)
        .compose(sync -> allEvents(id, who, 0, new JsonArray())
          .map(events -> MinutesDraft.render(meeting.toJson(), sync.getJsonObject("state"), events))))
      .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/markdown; charset=utf-8")
        .putHeader("Content-Disposition", "inline; filename=\"minutes-draft-" + id + ".md\"").end(text))
      .onFailure(ctx::fail);
  }

  private Future<JsonArray> allEvents(UUID id, Identity who, long after, JsonArray acc) {
    return Rooms.request(vertx, id, new JsonObject().put("type", "sync").put("after", after), who)
      .compose(page -> {
        JsonArray events = page.getJsonArray("events");
        acc.addAll(events);
        return page.getBoolean("more") && !events.isEmpty()
          ? allEvents(id, who, events.getJsonObject(events.size() - 1).getLong("seq"), acc)
          : Future.succeededFuture(acc);
      });
  }
}
