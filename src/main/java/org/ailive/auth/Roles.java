package org.ailive.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.ailive.web.ApiError;

import java.util.Set;

/** Route guards: chained after the token check, before the handler. */
public final class Roles {

  private Roles() {
  }

  /** Lets the request through when the member holds any of the roles; 403 otherwise. */
  public static Handler<RoutingContext> anyOf(String... roles) {
    Set<String> wanted = Set.of(roles);
    return ctx -> {
      Identity who = identity(ctx);
      if (who.hasAnyRole(wanted)) {
        ctx.next();
      } else {
        ctx.fail(ApiError.forbidden("This needs one of the roles " + String.join(", ", roles) + "."));
      }
    };
  }

  /**
   * After the signature check: refuses revoked tokens, and keeps a join-link token to its meeting's
   * own routes (and the few that every signed-in member needs).
   */
  public static Handler<RoutingContext> validToken(Tokens tokens) {
    return ctx -> {
      if (ctx.user() == null || !tokens.isValid(Tokens.claims(ctx.user()))) {
        ctx.fail(ApiError.unauthorized());
        return;
      }
      Identity who = identity(ctx);
      String path = ctx.request().path();
      boolean allowed = who.meetingScope() == null || path.equals("/api/me") || path.startsWith("/api/auth/")
        || path.equals("/api/meetings") || path.startsWith("/api/meetings/" + who.meetingScope());
      if (allowed) {
        ctx.next();
      } else {
        ctx.fail(ApiError.forbidden("This join link gives access to its own meeting only."));
      }
    };
  }

  public static Identity identity(RoutingContext ctx) {
    if (ctx.user() == null) {
      throw ApiError.unauthorized();
    }
    return ctx.user().get("identity") != null ? ctx.user().get("identity") : cache(ctx);
  }

  private static Identity cache(RoutingContext ctx) {
    Identity identity = Identity.of(ctx.user());
    ctx.user().attributes().put("identity", identity);
    return identity;
  }
}
