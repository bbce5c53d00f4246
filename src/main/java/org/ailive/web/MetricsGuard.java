package org.ailive.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.ailive.protocol.ApiError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code /metrics} for the scraper only once {@code metricsToken} is set: it must come as
 * {@code Authorization: Bearer <metricsToken>} (compared in constant time), or the answer is
 * {@code 401 unauthorized}. Unset, the metrics stay open, as before (keep the port private then).
 */
final class MetricsGuard implements Handler<RoutingContext> {

  private final byte[] expected;

  MetricsGuard(String metricsToken) {
    this.expected = metricsToken.isBlank() ? null : ("Bearer " + metricsToken.trim()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader("Authorization");
    if (expected == null || given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(ApiError.unauthorized());
    }
  }
}
