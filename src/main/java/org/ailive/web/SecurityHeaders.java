package org.ailive.web;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import org.ailive.config.AppConfig;

import java.util.Locale;

/**
 * Headers every response carries: pages run only our own scripts, cannot be framed, and may use no
 * device feature but the few the pages need (the projector's screen wake lock, copying a link).
 * HSTS only when members reach the service over https: {@code publicUrl} says so (TLS ends at a
 * proxy in front of it), or the request itself came over TLS. A forwarded-protocol header is not
 * trusted: anyone can send one.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

  static final String HSTS = "max-age=31536000";
  static final String PERMISSIONS = "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    + "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    + "clipboard-write=(self), fullscreen=(self), screen-wake-lock=(self)";

  private final boolean https;

  SecurityHeaders(AppConfig config) {
    this.https = servedOverHttps(config);
  }

  static boolean servedOverHttps(AppConfig config) {
    return config.publicUrl().trim().toLowerCase(Locale.ROOT).startsWith("https://");
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
      + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Permissions-Policy", PERMISSIONS);
    if (https || ctx.request().isSSL()) {
      headers.set("Strict-Transport-Security", HSTS);
    }
    headers.set("Cache-Control", ctx.request().path().startsWith("/api/") ? "no-store" : "no-cache");
    ctx.next();
  }
}
