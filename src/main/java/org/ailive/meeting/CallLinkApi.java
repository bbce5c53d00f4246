package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.util.UUID;

/**
 * A meeting's video-call link (R13), set or cleared by the officer or the chair who runs its
 * panel until the meeting closes: {@code PUT /api/meetings/{id}/call-link {"callUrl": …}}.
 */
public final class CallLinkApi {

  private final Pool pool;
  private final MeetingApi meetings;
  private final CallLinks links;

  public CallLinkApi(Pool pool, MeetingApi meetings, CallLinks links) {
    this.pool = pool;
    this.meetings = meetings;
    this.links = links;
  }

  public void put(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    JsonObject body = Http.body(ctx);
    if (!who.reaches(id)) {
      throw ApiError.forbidden("A join link reaches only its own meeting.");
    }
    // Who may change it first, then what was asked: a stranger learns nothing from the checks.
    meetings.load(id)
      .compose(meeting -> PanelReach.requireRunsMeeting(pool, who, id, "meetingId"))
      .compose(v -> checked(body))
      .compose(callUrl -> pool.preparedQuery(MeetingSql.SET_CALL_URL).execute(Tuple.of(id).addString(callUrl)))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiError.conflict("meeting_closed", "The meeting has closed: its call link can no longer change."))
        : meetings.load(id))
      .onSuccess(meeting -> Http.ok(ctx, 200, meeting.toJson()))
      .onFailure(ctx::fail);
  }

  /** The link asked for, as kept (null clears it), or the refusal at the field. */
  private Future<String> checked(JsonObject body) {
    try {
      if (!body.containsKey("callUrl")) {
        throw ApiError.invalid("callUrl", "is required (null or \"\" clears the link)");
      }
      return Future.succeededFuture(links.check(Json.text(body, "callUrl", 2000, false)));
    } catch (ApiError e) {
      return Future.failedFuture(e);
    }
  }
}
