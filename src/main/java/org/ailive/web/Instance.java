package org.ailive.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.ailive.admin.CouncilApi;
import org.ailive.demo.DemoSetup;
import org.ailive.protocol.Http;

/**
 * {@code GET /api/instance} (no sign-in): what every page needs to know about this copy of the
 * service before anyone signs in. {@code demo} is true while demo accounts can sign in: the pages
 * then show the "Demo data" banner. {@code setupRequired} (issue 18) is true until the officer has
 * finished setting the council up, unless there is demo data to try instead.
 */
final class Instance {

  private final Pool pool;

  Instance(Pool pool) {
    this.pool = pool;
  }

  void describe(RoutingContext ctx) {
    DemoSetup.activeDemoAccounts(pool)
      .compose(demo -> CouncilApi.council(pool).map(council -> new JsonObject().put("demo", demo)
        .put("councilName", council.name()).put("setupRequired", !council.setupComplete() && !demo)))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }
}
