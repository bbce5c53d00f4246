package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.util.Set;

/**
 * {@code POST /api/auth/change-password {"currentPassword", "newPassword"}}: a signed-in member
 * chooses a new password (checked by {@link PasswordPolicy}). A member who signed in with a one-time
 * password holds a session good for this route only (and {@code /api/me}, sign-out) until they do:
 * every other route answers {@code 403 password_change_required}.
 */
public final class PasswordChange {

  /** What a session for choosing a new password may reach besides this route. */
  private static final Set<String> ALLOWED = Set.of("POST /api/auth/change-password", "POST /api/auth/sign-out",
    "GET /api/me");

  private static final ApiError REQUIRED = new ApiError(403, "password_change_required",
    "Choose a new password first (POST /api/auth/change-password): you signed in with a one-time password.");

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final TwoFactor twoFactor;

  public PasswordChange(Vertx vertx, Pool pool, Tokens tokens, TwoFactor twoFactor) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.twoFactor = twoFactor;
  }

  /** Chained after the token check: a session for choosing a new password reaches nothing else. */
  public static Handler<RoutingContext> guard() {
    return ctx -> {
      String route = ctx.request().method().name() + " " + ctx.normalizedPath();
      if (Tokens.mustChangePassword(Tokens.claims(ctx.user())) && !ALLOWED.contains(route)) {
        ctx.fail(REQUIRED);
      } else {
        ctx.next();
      }
    };
  }

  public void change(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    if (who.meetingScope() != null) {
      // A join link is a key to one meeting, not to the account.
      throw ApiError.forbidden("A session from a join link cannot change the password: sign in with your password.");
    }
    JsonObject body = Http.body(ctx);
    String current = Json.text(body, "currentPassword", 1024, true);
    String chosen = Json.text(body, "newPassword", 1024, true);
    PasswordPolicy.check("newPassword", chosen);
    if (chosen.equals(current)) {
      throw ApiError.invalid("newPassword", "must differ from your current password");
    }
    pool.preparedQuery(MemberSql.BY_ID).execute(Tuple.of(who.memberId()))
      .compose(rows -> {
        Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
        if (row == null) {
          return Future.<Row>failedFuture(ApiError.unauthorized());
        }
        return vertx.executeBlocking(() -> Passwords.verify(current, row.getString("password_hash")))
          .compose(ok -> ok ? Future.succeededFuture(row)
            : Future.failedFuture(ApiError.invalid("currentPassword", "is not your current password")));
      })
      .compose(row -> vertx.executeBlocking(() -> Passwords.hash(chosen)).compose(hash -> pool.withTransaction(conn ->
          conn.preparedQuery(MemberSql.CHANGE_PASSWORD).execute(Tuple.of(who.memberId(), hash))
            .compose(v -> AuditTrail.record(conn, who.memberId(), AuditAction.PASSWORD_CHANGED,
              "member:" + who.memberId(), new JsonObject())))
        .map(v -> SignIn.identity(row))))
      // Every session of the member ends (issue 18): the one it was changed with, in every tab of
      // its browser, and every other browser's, their cookies and live sockets too. The answer is a
      // new, ordinary session (issued after the cut-off), with a new browser session (its cookie); or,
      // for an officer or chair without two-factor sign-in, a session for setting it up (TwoFactor).
      .compose(fresh -> tokens.revocations().cutOff(who.memberId()).map(v -> fresh))
      .compose(fresh -> twoFactor.afterPasswordChange(ctx, fresh))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }
}
