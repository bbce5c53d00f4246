package org.ailive.actions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.agencies.AgencyChoice;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.notify.Outbox;
import org.ailive.protocol.Addresses;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.room.CaseStatus;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Between meetings, an action the chair returned stays with its proposer (issue 17): they revise it
 * ({@code POST /api/actions/{id}/revise}: it is proposed again, for the chair to confirm at the
 * panel's next meeting, whose room loads it) or withdraw it ({@code POST /api/actions/{id}/withdraw},
 * with a reason: it is dropped). Only its proposer, while on its panel; the text stays on the
 * action, the audit trail names the change only.
 */
public final class ReturnedActions {

  private final Vertx vertx;
  private final Pool pool;
  private final Outbox outbox;

  /** {@code outbox}: a withdrawn action's owner is told (written with the change). */
  public ReturnedActions(Vertx vertx, Pool pool, Outbox outbox) {
    this.vertx = vertx;
    this.pool = pool;
    this.outbox = outbox;
  }

  public void revise(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String description = Json.text(body, "description", 4000, false);
    UUID agencyId = Json.uuid(body, "ownerAgencyId", false);
    boolean ownerGiven = body.containsKey("ownerMemberId");
    UUID ownerMemberId = Json.uuid(body, "ownerMemberId", false);
    LocalDate due = Json.date(body, "dueDate", false);
    String measure = Json.text(body, "successMeasure", 4000, false);
    Identity who = Roles.identity(ctx);
    UUID id = Json.uuid(ctx.pathParam("actionId"), "actionId");
    load(id, who).compose(a -> {
      requireReturned(a);
      String d = description != null ? description.strip() : a.description();
      String m = measure != null ? measure.strip() : a.successMeasure();
      if (d.isBlank() || m.isBlank()) {
        throw ApiError.invalid(d.isBlank() ? "description" : "successMeasure", "must not be blank");
      }
      UUID agency = agencyId != null ? agencyId : a.ownerAgencyId();
      UUID owner = ownerGiven ? ownerMemberId : agencyId != null ? null : a.ownerMemberId();
      LocalDate dueDate = due != null ? due : a.dueDate();
      if (dueDate.isBefore(FollowedAction.today())) {
        throw ApiError.invalid("dueDate", "must not be in the past");
      }
      return pool.preparedQuery(ActionsSql.OWNER_OF_AGENCY).execute(Tuple.of(agency, owner)).compose(rows -> {
        var r = rows.iterator().next();
        if (r.getLong("agency") == 0) {
          throw ApiError.invalid("ownerAgencyId", "is not a known agency");
        }
        if (owner != null && r.getLong("member") == 0) {
          throw ApiError.invalid("ownerMemberId", "must be a member of the owning agency");
        }
        return AgencyChoice.refuseRetired(pool, agency, "ownerAgencyId").compose(ok -> pool.withTransaction(conn -> conn.preparedQuery(ActionsSql.REVISE)
          .execute(Tuple.tuple().addValue(id).addValue(d).addValue(agency).addValue(owner).addValue(dueDate)
            .addValue(m))
          .compose(done -> done.rowCount() == 1 ? AuditTrail.record(conn, who.memberId(), AuditAction.ACTION_REVISED,
            "action:" + id, new JsonObject().put("from", "returned").put("to", "proposed"))
            : Future.failedFuture(changed()))));
      }).compose(v -> reloadRooms(a));
    }).compose(v -> load(id, who))
      .onSuccess(a -> Http.ok(ctx, 200, a.toJson(FollowedAction.today())))
      .onFailure(ctx::fail);
  }

  public void withdraw(RoutingContext ctx) {
    String reason = Json.text(Http.body(ctx), "reason", 1000, true).strip();
    if (reason.isEmpty()) {
      throw ApiError.invalid("reason", "must not be blank");
    }
    Identity who = Roles.identity(ctx);
    UUID id = Json.uuid(ctx.pathParam("actionId"), "actionId");
    load(id, who).compose(a -> {
      if (!"proposed".equals(a.status())) {
        requireReturned(a);
      }
      // As a drop: the reason is also the action's last update, and its case may now be closed (R9).
      return pool.withTransaction(conn -> conn.preparedQuery(ActionsSql.WITHDRAW).execute(Tuple.of(id, reason))
        .compose(done -> done.rowCount() == 1 ? AuditTrail.record(conn, who.memberId(), AuditAction.ACTION_WITHDRAWN,
          "action:" + id, new JsonObject().put("from", a.status()).put("to", "dropped"))
          : Future.failedFuture(changed()))
        .compose(v -> conn.preparedQuery(ActionsSql.INSERT_UPDATE).execute(Tuple.of(id, who.memberId(), reason, "dropped")))
        .compose(r -> a.caseId() == null ? Future.<Void>succeededFuture()
          : conn.preparedQuery(CaseStatus.CLOSE_IF_DONE).execute(Tuple.of(a.caseId())).mapEmpty())
        // Never confirmed, it was no agency's yet: only an owner named in it is told.
        .compose(v -> a.ownerMemberId() == null ? Future.<Void>succeededFuture()
          : ActionsApi.tellOwners(conn, outbox, a, who)))
        .compose(v -> reloadRooms(a));
    }).compose(v -> load(id, who))
      .onSuccess(a -> Http.ok(ctx, 200, a.toJson(FollowedAction.today())))
      .onFailure(ctx::fail);
  }

  /** Rooms of the panel that may hold the action reload it from the database (they keep a copy). */
  private Future<Void> reloadRooms(FollowedAction a) {
    return pool.preparedQuery(ActionsSql.PANEL_ROOMS).execute(Tuple.of(a.panelId())).map(rows -> {
      JsonArray ids = new JsonArray();
      rows.forEach(r -> ids.add(r.getString("id")));
      if (!ids.isEmpty()) {
        vertx.eventBus().publish(Addresses.ROOMS_RELOAD, new JsonObject().put("meetingIds", ids));
      }
      return null;
    });
  }

  /** The action, if the caller proposed it and still sits on its panel. */
  private Future<FollowedAction> load(UUID id, Identity who) {
    return pool.preparedQuery(ActionsSql.BY_ID).execute(Tuple.of(who.memberId(), id))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("The action"))
        : Future.succeededFuture(FollowedAction.from(rows.iterator().next())))
      .compose(a -> ActionAccess.readable(who, a.seat(), a))
      .compose(a -> who.memberId().equals(a.proposedBy()) && a.callerOnPanel() && !who.isObserverOnly()
        ? Future.succeededFuture(a)
        : Future.failedFuture(ApiError.forbidden("Only whoever proposed the action revises or withdraws it.")));
  }

  private static void requireReturned(FollowedAction a) {
    if (!"returned".equals(a.status())) {
      throw ApiError.conflict("wrong_action_status", "The action is " + a.status().replace('_', ' ')
        + "; only a returned action is revised or withdrawn between meetings.");
    }
  }

  private static ApiError changed() {
    return ApiError.conflict("action_changed", "The action was changed a moment ago; look again and retry.");
  }
}
