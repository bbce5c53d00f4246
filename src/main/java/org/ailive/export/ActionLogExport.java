package org.ailive.export;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.protocol.ApiError;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/exports/actions.csv} and {@code .xlsx}: the action log laid out like a council
 * action plan, streamed from a database cursor to the client however many actions there are. The
 * officer's covers the county; a chair's only the panels they run ({@link PanelReach}), and asking
 * for another panel's (or meeting's) is 403.
 */
public final class ActionLogExport {

  private final Vertx vertx;
  private final Pool pool;

  public ActionLogExport(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public void csv(RoutingContext ctx) {
    export(ctx, "csv");
  }

  public void xlsx(RoutingContext ctx) {
    export(ctx, "xlsx");
  }

  private void export(RoutingContext ctx, String format) {
    Identity who = Roles.identity(ctx);
    ActionLogFilter asked = ActionLogFilter.from(ctx);
    Future<Void> meetingInReach = asked.meetingId() == null ? Future.succeededFuture()
      : PanelReach.requireRunsMeeting(pool, who, asked.meetingId(), "meetingId");
    meetingInReach.compose(v -> PanelReach.scope(pool, who, asked.panelId(), "panelId")).map(asked::within)
      .compose(filter -> panelCode(filter.panelId()).compose(code -> ActionLogCursor.open(vertx, pool, filter)
        .onSuccess(cursor -> {
          try {
            stream(ctx, who, filter, format, cursor, Download.fileName(format, "action-log", code, filter.today()));
          } catch (RuntimeException e) {
            cursor.abort();
            ctx.fail(e);
          }
        })))
      .onFailure(ctx::fail);
  }

  private void stream(RoutingContext ctx, Identity who, ActionLogFilter filter, String format,
                      ActionLogCursor cursor, String fileName) {
    boolean csv = format.equals("csv");
    StreamedResponse out = StreamedResponse.start(ctx, csv ? Download.CSV : Download.XLSX, fileName);
    AtomicLong rows = new AtomicLong();
    Future<Long> written = csv
      ? CsvActionLog.write(cursor, out, rows)
      : vertx.executeBlocking(() -> XlsxActionLog.write(cursor, new ResponseOutputStream(out), rows), false);
    AtomicBoolean recorded = new AtomicBoolean();
    written
      .compose(n -> cursor.finish(who.memberId(), detail(filter, format, n, true)))
      .onSuccess(v -> recorded.set(true))
      .compose(v -> out.end())
      .onFailure(err -> {
        out.abort(err);
        if (!recorded.get()) {
          cursor.abort().onComplete(v ->
            // Part of the file may have left: that is recorded too, with how many rows it had.
            AuditTrail.record(pool, who.memberId(), AuditAction.EXPORT, "action_log",
              detail(filter, format, rows.get(), false)));
        }
      });
  }

  private static JsonObject detail(ActionLogFilter filter, String format, long rows, boolean completed) {
    return new JsonObject().put("format", format).put("filters", filter.toJson()).put("rows", rows)
      .put("completed", completed);
  }

  private Future<String> panelCode(UUID panelId) {
    if (panelId == null) {
      return Future.succeededFuture(null);
    }
    return Download.panelCode(pool, panelId).compose(code -> code == null
      ? Future.failedFuture(ApiError.invalid("panelId", "is not a known panel"))
      : Future.succeededFuture(code));
  }
}
