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
