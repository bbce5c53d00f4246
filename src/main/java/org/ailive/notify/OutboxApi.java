package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Query;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The officer's view of the outbox: what was sent, what waits and why, what failed; and sending a
 * failed one again. Never a body (it can hold a sign-in link). Both are audited.
 */
public final class OutboxApi {

  private final Pool pool;
  private final Outbox outbox;

  public OutboxApi(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  /**
   * {@code GET /api/admin/outbox?status=failed,pending&limit=}: newest first; by default only mail
   * ({@code status=none} lists the in-app notices that were not mailed).
   */
  public void list(RoutingContext ctx, UUID officerId) {
    List<String> statuses = Query.choices(ctx, "status", OutboxSql.STATUSES, OutboxSql.MAIL_STATUSES,
      String.join(", ", OutboxSql.STATUSES) + ", separated by commas");
    int limit = (int) Query.number(ctx, "limit", 1, 1000, 200);
    pool.preparedQuery(OutboxSql.LIST).execute(Tuple.of(statuses.toArray(new String[0]), limit))
      .compose(rows -> {
        JsonArray out = new JsonArray();
        rows.forEach(r -> out.add(row(r)));
        return AuditTrail.record(pool, officerId, AuditAction.OUTBOX_READ, "outbox",
          new JsonObject().put("rows", out.size()).put("status", new JsonArray(statuses))).map(out);
      })
      .onSuccess(out -> Http.ok(ctx, 200, new JsonObject().put("mailOn", outbox.on()).put("notices", out)))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/admin/outbox/{id}/resend}: a failed notice is pending again, its tries counted afresh. */
  public void resend(RoutingContext ctx, UUID officerId) {
    UUID id = Json.uuid(ctx.pathParam("noticeId"), "noticeId");
    pool.withTransaction(conn -> conn.preparedQuery(OutboxSql.RESEND).execute(Tuple.of(id)).compose(rows -> {
        if (rows.size() == 1) {
          Row r = rows.iterator().next();
          return AuditTrail.record(conn, officerId, AuditAction.OUTBOX_RESENT, "notice:" + id,
            new JsonObject().put("kind", r.getString("kind")).put("to", r.getString("to_address")));
        }
        return conn.preparedQuery(OutboxSql.STATUS).execute(Tuple.of(id)).compose(found -> found.size() == 0
          ? Future.failedFuture(ApiError.notFound("That message"))
          : Future.failedFuture(ApiError.conflict("not_failed",
            "Only a message that failed can be sent again; this one is " + found.iterator().next().getString("status") + ".")));
      }))
      .compose(v -> pool.preparedQuery(OutboxSql.LIST_ONE).execute(Tuple.of(id)))
      .onSuccess(rows -> {
        outbox.wake();
        Http.ok(ctx, 200, row(rows.iterator().next()));
      })
      .onFailure(ctx::fail);
  }

  private static JsonObject row(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("kind", r.getString("kind"))
      .put("memberId", r.getUUID("member_id") == null ? null : r.getUUID("member_id").toString())
      .put("memberName", r.getString("full_name"))
      .put("to", r.getString("to_address")).put("subject", r.getString("subject"))
      .put("status", r.getString("status")).put("attempts", r.getInteger("attempts"))
      .put("lastError", r.getString("last_error"))
      .put("createdAt", millis(r.getOffsetDateTime("created_at")))
      .put("nextAttemptAt", "pending".equals(r.getString("status")) ? millis(r.getOffsetDateTime("next_attempt_at")) : null)
      .put("sentAt", millis(r.getOffsetDateTime("sent_at")));
  }

  private static Long millis(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toEpochMilli();
  }
}
