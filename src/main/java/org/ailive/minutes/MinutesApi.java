package org.ailive.minutes;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.meeting.MeetingApi;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.UUID;

/** {@code GET /api/meetings/{id}/minutes-draft}: Markdown drafted from the log. */
public final class MinutesApi {

  private final Vertx vertx;
  private final Pool pool;
  private final MeetingApi meetings;

  public MinutesApi(Vertx vertx, Pool pool, MeetingApi meetings) {
    this.vertx = vertx;
    this.pool = pool;
    this.meetings = meetings;
  }

  public void draft(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    Identity who = Roles.identity(ctx);
    meetings.load(id).compose(meeting -> meetings.checkAccess(who, meeting))
      .compose(meeting -> MinutesSource.read(vertx, pool, meeting, who))
      .map(source -> MinutesDraft.render(source.content(Instant.now()), source.events()))
      .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/markdown; charset=utf-8")
        .putHeader("Content-Disposition", "inline; filename=\"minutes-draft-" + id + ".md\"").end(text))
      .onFailure(ctx::fail);
  }
}
