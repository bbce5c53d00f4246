package org.ailive.actions;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.notify.ActionNotices;
import org.ailive.notify.NoticeRecipients;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Query;
import org.ailive.room.CaseStatus;
import org.ailive.room.VolunteeredAction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * REST for following actions up between meetings (R7, R8): lists with flags, "my actions",
 * progress from owners at any time, and the chair dropping one with a reason. Confirming and
 * closing happen in the live meeting, where the partners present can object.
 */
public final class ActionsApi {

  private static final String DONE = "done_awaiting_agreement";
  private static final Set<String> PROGRESS_STATUSES = Set.of("in_progress", DONE);

  private final Pool pool;
  private final Outbox outbox;

  /** {@code outbox}: where the notices of a reported completion or a drop are written, with the change. */
  public ActionsApi(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  public void list(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    boolean overdueOnly = Query.flag(ctx, "overdue");
    Tuple params = Tuple.tuple().addValue(who.memberId()).addValue(ActionAccess.seesEveryPanel(who))
      .addValue(Query.flag(ctx, "mine")).addValue(who.agencyId()).addValue(Query.uuid(ctx, "panelId"))
      .addValue(Query.uuid(ctx, "meetingId")).addValue(Query.uuid(ctx, "agencyId"))
      .addValue(statuses(ctx));
    LocalDate today = FollowedAction.today();
    pool.preparedQuery(ActionsSql.LIST).execute(params)
      .map(rows -> {
        List<FollowedAction> actions = new ArrayList<>();
        rows.forEach(row -> actions.add(FollowedAction.from(row)));
        // Already by due date; a stable sort keeps that order within each half.
        actions.sort(Comparator.comparing(a -> !a.overdue(today)));
        JsonArray out = new JsonArray();
        actions.stream().filter(a -> !overdueOnly || a.overdue(today)).forEach(a -> out.add(a.toJson(today)));
        return out;
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** By default the actions still being followed up. */
  private static String[] statuses(RoutingContext ctx) {
    return Query.choices(ctx, "status", VolunteeredAction.STATUSES, VolunteeredAction.IN_HAND,
      "action statuses separated by commas, e.g. open,in_progress").toArray(new String[0]);
  }

  public void get(RoutingContext ctx) {
    detail(actionId(ctx), Roles.identity(ctx))
      .onSuccess(json -> Http.ok(ctx, 200, json))
      .onFailure(ctx::fail);
  }

  public void progress(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String text = progressText(body);
    String wanted = progressStatus(body);
    UUID id = actionId(ctx);
    Identity who = Roles.identity(ctx);
    load(id, who)
      .compose(action -> ActionAccess.updatable(who, action))
      .compose(action -> postProgress(action, who, text, wanted, conn -> Future.succeededFuture()))
      .compose(v -> detail(id, who))
      .onSuccess(json -> Http.ok(ctx, 201, json))
      .onFailure(ctx::fail);
  }

  /** The update's text ({@code body}), as every way of posting progress reads it. */
  static String progressText(JsonObject body) {
    return Json.text(body, "body", 4000, true);
  }

  /** The status asked for ({@code status}, optional), as every way of posting progress reads it. */
  static String progressStatus(JsonObject body) {
    String wanted = Json.text(body, "status", 40, false);
    if (wanted != null && !PROGRESS_STATUSES.contains(wanted)) {
      throw ApiError.invalid("status", "must be in_progress or done_awaiting_agreement");
    }
    return wanted;
  }

  /**
   * The one path of progress, for the app and for one-time links ({@link ProgressLinks}) alike: the
   * update recorded as {@code who} (checked by the caller), in one transaction with {@code alongside}
   * (a link is used up there), then a reported completion told to the chair.
   */
  Future<Void> postProgress(FollowedAction action, Identity who, String text, String wanted,
                            Function<SqlConnection, Future<Void>> alongside) {
    // The chair's "reported done" notice is written by recordProgress, in this same transaction.
    return pool.withTransaction(conn -> alongside.apply(conn).compose(v -> recordProgress(conn, action, who, text, wanted)));
  }

  public void drop(RoutingContext ctx) {
    String reason = Json.text(Http.body(ctx), "reason", 2000, true);
    UUID id = actionId(ctx);
    Identity who = Roles.identity(ctx);
    load(id, who)
      .compose(action -> ActionAccess.droppable(who, action))
      .compose(action -> pool.withTransaction(conn -> recordDrop(conn, action, who, reason)
        .compose(v -> tellOwners(conn, outbox, action, who))))
      .compose(v -> detail(id, who))
      .onSuccess(json -> Http.ok(ctx, 200, json))
      .onFailure(ctx::fail);
  }

  /** The action if it exists and the caller may see it. */
  private Future<FollowedAction> load(UUID id, Identity who) {
    return pool.preparedQuery(ActionsSql.BY_ID).execute(Tuple.of(who.memberId(), id))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiError.notFound("The action"))
        : Future.succeededFuture(FollowedAction.from(rows.iterator().next())))
      .compose(action -> ActionAccess.readable(who, action.seat(), action));
  }

  private Future<JsonObject> detail(UUID id, Identity who) {
    return load(id, who).compose(action -> pool.preparedQuery(ActionsSql.UPDATES).execute(Tuple.of(id))
      .map(rows -> action.toJson(FollowedAction.today()).put("updates", updates(rows))));
  }

  /**
   * The first update of an open action starts it; one that reports it done tells the chair, in the
   * same transaction.
   */
  private Future<Void> recordProgress(SqlConnection conn, FollowedAction action, Identity who, String text,
                                      String wanted) {
    return lockActive(conn, action).compose(before -> {
      String after = wanted != null ? wanted : "open".equals(before) ? "in_progress" : before;
      return conn.preparedQuery(ActionsSql.INSERT_UPDATE).execute(Tuple.of(action.id(), who.memberId(), text, after))
        .compose(r -> {
          UUID updateId = r.iterator().next().getUUID("id");
          return (after.equals(before) ? Future.<Void>succeededFuture()
            : conn.preparedQuery(ActionsSql.SET_STATUS).execute(Tuple.of(action.id(), after)).<Void>mapEmpty())
            .compose(v -> audit(conn, who, AuditAction.ACTION_PROGRESS, action, before, after))
            .compose(v -> DONE.equals(after) && !DONE.equals(before)
              ? tellChair(conn, action, who, updateId) : Future.succeededFuture());
        });
    });
  }

  /** The reason is kept on the action and, as its last update, in the action's history. */
  private Future<Void> recordDrop(SqlConnection conn, FollowedAction action, Identity who, String reason) {
    return lockActive(conn, action).compose(before -> conn.preparedQuery(ActionsSql.DROP)
      .execute(Tuple.of(action.id(), reason))
      .compose(r -> conn.preparedQuery(ActionsSql.INSERT_UPDATE)
        .execute(Tuple.of(action.id(), who.memberId(), reason, "dropped")))
      .compose(r -> audit(conn, who, AuditAction.ACTION_DROPPED, action, before, "dropped"))
      .compose(r -> action.caseId() == null ? Future.<Void>succeededFuture()
        : conn.preparedQuery(CaseStatus.CLOSE_IF_DONE).execute(Tuple.of(action.caseId())).mapEmpty()));
  }

  private static Future<String> lockActive(SqlConnection conn, FollowedAction action) {
    return conn.preparedQuery(ActionsSql.LOCK_STATUS).execute(Tuple.of(action.id()))
      .compose(rows -> {
        String status = rows.iterator().next().getString("status");
        return VolunteeredAction.FOLLOWED_UP.contains(status)
          ? Future.succeededFuture(status)
          : Future.failedFuture(ApiError.conflict("wrong_action_status", "Action " + action.number() + " is " + status
            + ": only open, in-progress or done-awaiting-agreement actions can change here."));
      });
  }

  // The audit trail names the change, not the text, which stays on the action itself (R12).
  private static Future<Void> audit(SqlConnection conn, Identity who, AuditAction what, FollowedAction action,
                                    String before, String after) {
    return AuditTrail.record(conn, who.memberId(), what, "action:" + action.id(),
      new JsonObject().put("number", action.number()).put("from", before).put("to", after));
  }

  /** R8: a reported completion goes to the chair, who puts the closure to the partners. */
  private Future<Void> tellChair(SqlConnection conn, FollowedAction action, Identity who, UUID updateId) {
    if (action.chairMemberId() == null || action.chairMemberId().equals(who.memberId())) {
      return Future.succeededFuture();
    }
    return NoticeRecipients.member(conn, action.chairMemberId()).compose(chair -> chair == null
      ? Future.succeededFuture()
      : outbox.enqueue(conn, ActionNotices.reportedDone(chair, ref(action), "u" + updateId, who.fullName(),
        who.agency())));
  }

  /** Dropped: its owner (or, with none named, the owning agency's members on the panel) is told. */
  static Future<Void> tellOwners(SqlConnection conn, Outbox outbox, FollowedAction action, Identity who) {
    return NoticeRecipients.actionOwners(conn, action.ownerMemberId(), action.ownerAgencyId(), action.panelId())
      .compose(owners -> {
        Future<Void> chain = Future.succeededFuture();
        for (Notices.Recipient owner : owners) {
          if (!owner.memberId().equals(who.memberId())) {
            chain = chain.compose(v -> outbox.enqueue(conn, ActionNotices.dropped(owner, ref(action), "dropped")));
          }
        }
        return chain;
      });
  }

  static ActionNotices.Action ref(FollowedAction action) {
    return new ActionNotices.Action(action.id(), action.number(), action.familyRef(), action.dueDate());
  }

  private static JsonArray updates(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row row : rows) {
      UUID agencyId = row.getUUID("agency_id");
      out.add(new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("authorMemberId", row.getUUID("author_member_id").toString())
        .put("authorName", row.getString("author_name"))
        .put("agencyId", agencyId == null ? null : agencyId.toString())
        .put("agency", row.getString("agency"))
        .put("at", row.getOffsetDateTime("created_at").toInstant().toEpochMilli())
        .put("body", row.getString("body"))
        .put("statusAfter", row.getString("status_after")));
    }
    return out;
  }

  private static UUID actionId(RoutingContext ctx) {
    return Json.uuid(ctx.pathParam("actionId"), "actionId");
  }
}
