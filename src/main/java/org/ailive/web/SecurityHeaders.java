package org.ailive.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Headers every response carries: pages run only our own scripts and cannot be framed. */
final class SecurityHeaders {

  private SecurityHeaders() {
  }

  static void apply(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
      + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Cache-Control", ctx.request().path().startsWith("/api/") ? "no-store" : "no-cache");
    ctx.next();
  }
}
