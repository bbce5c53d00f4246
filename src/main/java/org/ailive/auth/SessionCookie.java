package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;

import java.util.UUID;

/**
 * One sign-in per browser, not per tab (issue 16, item 5). Every full sign-in (password, a new
 * password, an accepted invitation, a join link) also sets an HttpOnly, SameSite=Strict cookie
 * holding the browser session's refresh token, sent only to {@code POST /api/auth/session}. A new
 * tab, the room display or a room link asks that route for a session token of its own; signing out
 * revokes the browser session ({@code sid}), so every tab's token stops working and the cookie with
 * them. The refresh token itself never reaches a script, so cross-site scripting cannot carry it
 * away; the route needs a header a cross-site form cannot send ({@link #CSRF_HEADER}), and refuses a
 * request whose {@code Origin} is another site.
 */
public final class SessionCookie {

  public static final String NAME = "ailive_session";
  public static final String PATH = "/api/auth/session";
  /** What {@code POST /api/auth/session} requires, value {@code 1}: a cross-site form cannot set a header. */
  public static final String CSRF_HEADER = "X-AILive-Session";

  private static final ApiError CSRF_REFUSED = new ApiError(403, "csrf_refused",
    "This request did not come from A&I Live's own pages: it is refused.");

  private final Pool pool;
  private final Tokens tokens;
  private final boolean secure;

  /** {@code secure}: the service is reached over HTTPS ({@code publicUrl}), so the cookie is marked Secure. */
  public SessionCookie(Pool pool, Tokens tokens, boolean secure) {
    this.pool = pool;
    this.tokens = tokens;
    this.secure = secure;
  }

  /** The answer to a full sign-in ({@code token, expiresInMinutes, member}); the browser gets the cookie. */
  public JsonObject begin(RoutingContext ctx, Identity who) {
    return answer(ctx, who, tokens.beginSession(who, null, 0));
  }

  /** As {@link #begin}, for a session from a join link: scoped to its meeting, ending with the link. */
  public JsonObject beginFromLink(RoutingContext ctx, Identity scoped, UUID linkId, long linkSeconds) {
    return answer(ctx, scoped, tokens.beginSession(scoped, linkId, linkSeconds));
  }

  private JsonObject answer(RoutingContext ctx, Identity who, Tokens.BrowserSession session) {
    ctx.response().addCookie(cookie(session.refreshToken(), session.refreshSeconds()));
    return new JsonObject().put("token", session.accessToken()).put("expiresInMinutes", session.accessSeconds() / 60)
      .put("member", who.toJson());
  }

  /** The browser forgets its sign-in (sign-out, "sign out everywhere", a refused cookie). */
  public void clear(RoutingContext ctx) {
    ctx.response().addCookie(cookie("", 0));
  }

  /**
   * A browser-session cookie (no Max-Age: closing the browser forgets it, so the next person at a
   * shared meeting-room PC is not signed in as the last); the refresh token inside still expires
   * with the session ({@code sessionMaxHours}). {@code maxAgeSeconds} 0 clears it.
   */
  private Cookie cookie(String value, long maxAgeSeconds) {
    Cookie cookie = Cookie.cookie(NAME, value).setPath(PATH).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
      .setSecure(secure);
    return maxAgeSeconds == 0 ? cookie.setMaxAge(0) : cookie;
  }

  /**
   * {@code POST /api/auth/session} (no bearer token; the cookie and {@code X-AILive-Session: 1}): a
   * session token of this browser's session, for the member as they are now. {@code 401
   * unauthorized} without a cookie, or when its session was signed out, expired, withdrawn or its
   * member deactivated (the cookie is then cleared); {@code 403 csrf_refused} without the header or
   * from another site.
   */
  public void resume(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(NAME);
    if (cookie == null || cookie.getValue().isEmpty()) {
      ctx.fail(ApiError.unauthorized());
      return;
    }
    if (!"1".equals(ctx.request().getHeader(CSRF_HEADER)) || !sameOrigin(ctx)) {
      ctx.fail(CSRF_REFUSED);
      return;
    }
    tokens.verifyRefresh(cookie.getValue())
      .recover(err -> {
        if (err instanceof ApiError e && e.status() == 503) {
          return Future.failedFuture(e);
        }
        clear(ctx);
        return Future.failedFuture(ApiError.unauthorized());
      })
      .compose(refresh -> {
        UUID memberId = UUID.fromString(refresh.getString("sub"));
        String scope = refresh.getString("meeting");
        return pool.preparedQuery(MemberSql.BY_ID).execute(Tuple.of(memberId))
          .compose(rows -> rows.size() == 0 ? Future.<Identity>failedFuture(ApiError.unauthorized())
            : Future.succeededFuture(SignIn.identity(rows.iterator().next())))
          .map(fresh -> scope == null ? fresh : fresh.scopedTo(UUID.fromString(scope)))
          .compose(fresh -> {
            Tokens.Renewed renewed = tokens.resume(fresh, refresh);
            return AuditTrail.record(pool, memberId, AuditAction.TOKEN_REFRESHED, "member",
                new JsonObject().put("from", "session_cookie"))
              .map(v -> new JsonObject().put("token", renewed.token())
                .put("expiresInMinutes", renewed.expiresInSeconds() / 60).put("member", fresh.toJson()));
          });
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** No {@code Origin} (some same-origin requests carry none), or this service's own. */
  private static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    String host = ctx.request().getHeader("Host");
    if (origin == null) {
      return true;
    }
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }
}
