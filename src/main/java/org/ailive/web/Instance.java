package org.ailive.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.ailive.demo.DemoSetup;
import org.ailive.protocol.Http;

/**
 * {@code GET /api/instance} (no sign-in): what every page needs to know about this copy of the
 * service before anyone signs in. {@code demo} is true while demo accounts can sign in: the pages
 * then show the "Demo data" banner.
 */
final class Instance {

  private final Pool pool;

  Instance(Pool pool) {
    this.pool = pool;
  }

  void describe(RoutingContext ctx) {
    DemoSetup.activeDemoAccounts(pool)
      .onSuccess(demo -> Http.ok(ctx, 200, new JsonObject().put("demo", demo)))
      .onFailure(ctx::fail);
  }
}
