package org.ailive.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.ailive.protocol.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one failure handler: every error leaves as JSON with the right status, never a stack trace. */
public final class Failures {

  private static final Logger log = LoggerFactory.getLogger(Failures.class);

  private Failures() {
  }

  public static void handle(RoutingContext ctx) {
    write(ctx, ApiError.from(ctx.failure(), ctx.statusCode()));
  }

  /**
   * For what the router refuses before any route runs (a URL it cannot decode): its context carries
   * no status of its own, so the status is the one the router was registered for.
   */
  public static Handler<RoutingContext> refusedByTheRouter(int status) {
    return ctx -> write(ctx, ApiError.from(ctx.failure(), status));
  }

  private static void write(RoutingContext ctx, ApiError error) {
    if (error.status() >= 500) {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
      .setStatusCode(error.status())
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .end(error.toJson().encode());
  }
}
