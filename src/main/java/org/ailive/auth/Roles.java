package org.ailive.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.ailive.protocol.ApiError;

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
   * After the signature check: refuses revoked tokens and tokens of members who no longer exist or
   * are deactivated, and keeps a join-link token to its meeting's own routes (and the few that
   * every signed-in member needs).
   */
  public static Handler<RoutingContext> validToken(Tokens tokens) {
    return ctx -> {
      if (ctx.user() == null) {
        ctx.fail(ApiError.unauthorized());
        return;
      }
      tokens.stillValid(Tokens.claims(ctx.user())).onComplete(checked -> {
        Identity who;
        try {
          if (checked.failed()) {
            throw checked.cause() instanceof ApiError e && e.status() == 503 ? e : ApiError.unauthorized();
          }
          who = identity(ctx);
        } catch (ApiError refused) {
          ctx.fail(refused);
          return;
        } catch (RuntimeException malformedClaims) {
          ctx.fail(ApiError.unauthorized());
          return;
        }
        // The path the router matches: "/api/meetings/X/../../members" must not pass as meeting X's.
        String path = ctx.normalizedPath();
        boolean allowed = who.meetingScope() == null || JOIN_LINK_PATHS.contains(path) || path.startsWith("/api/auth/")
          || path.equals("/api/meetings/" + who.meetingScope()) || path.startsWith("/api/meetings/" + who.meetingScope() + "/");
        if (allowed) {
          ctx.next();
        } else {
          ctx.fail(ApiError.forbidden("This join link gives access to its own meeting only."));
        }
      });
    };
  }

  /** Read-only lists a join-link session needs in the room (agencies for actions, the case template). */
  private static final Set<String> JOIN_LINK_PATHS = Set.of("/api/me", "/api/meetings", "/api/agencies",
    "/api/cases/template");

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
