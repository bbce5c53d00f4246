package org.ailive.export;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The action log read a page at a time through a Postgres cursor, inside one transaction so the pages
 * are one consistent snapshot. Only one page is ever in memory; the next is read when the previous
 * one has been written out. The audit row is written in the same transaction, so an export is
 * recorded exactly when it completes. Callable from a worker thread: every call runs on the
 * connection's context.
 */
final class ActionLogCursor {

  static final int PAGE = 500;

  private final Context context;
  private final SqlConnection conn;
  private final Transaction tx;
  private final Cursor cursor;
  private volatile boolean more = true;
  private volatile boolean done;
  private final LocalDate today;

  private ActionLogCursor(Context context, SqlConnection conn, Transaction tx, Cursor cursor, LocalDate today) {
    this.today = today;
    this.context = context;
    this.conn = conn;
    this.tx = tx;
    this.cursor = cursor;
  }

  static Future<ActionLogCursor> open(Vertx vertx, Pool pool, ActionLogFilter filter) {
    Context context = vertx.getOrCreateContext();
    return pool.getConnection().compose(conn -> conn.begin()
      .compose(tx -> conn.prepare(ExportSql.ACTION_LOG)
        .map(ps -> new ActionLogCursor(context, conn, tx, ps.cursor(filter.params()), filter.today())))
      .onFailure(err -> conn.close()));
  }

  boolean hasMore() {
    return more;
  }

  /** The next page (empty at the end). */
  Future<List<ActionLogRow>> next() {
    return onContext(() -> cursor.read(PAGE).map(rows -> {
      more = cursor.hasMore();
      List<ActionLogRow> page = new ArrayList<>(rows.size());
      rows.forEach(r -> page.add(ActionLogRow.from(r, today)));
      return page;
    }));
  }

  /** Records the export and commits; the connection goes back to the pool. */
  Future<Void> finish(UUID memberId, JsonObject detail) {
    done = true;
    return onContext(() -> cursor.close()
      .compose(v -> AuditTrail.record(conn, memberId, AuditAction.EXPORT, "action_log", detail))
      .compose(v -> tx.commit())
      .eventually(() -> conn.close()));
  }

  /** Gives up (the client went away, or writing failed): nothing is recorded here. */
  Future<Void> abort() {
    if (done) {
      return Future.succeededFuture();
    }
    done = true;
    return onContext(() -> tx.rollback().eventually(() -> conn.close()));
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    if (Context.isOnEventLoopThread() && Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }
}
