package org.ailive.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.ailive.protocol.Http;

/** {@code /health}: up only when the database answers. */
final class Health {

  private final Pool pool;

  Health(Pool pool) {
    this.pool = pool;
  }

  void check(RoutingContext ctx) {
    pool.query("SELECT 1").execute()
      .onSuccess(rows -> Http.ok(ctx, 200, new JsonObject().put("status", "up").put("database", "up")))
      .onFailure(err -> Http.ok(ctx, 503, new JsonObject().put("status", "down").put("database", "down")
        .put("message", "The database does not answer.")));
  }
}
