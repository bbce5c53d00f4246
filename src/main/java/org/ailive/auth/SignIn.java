package org.ailive.auth;

import io.vertx.core.Future;
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

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/** Password sign-in: one answer for a wrong e-mail and a wrong password, so neither is revealed. */
public final class SignIn {

  private static final ApiError BAD_CREDENTIALS =
    new ApiError(401, "bad_credentials", "E-mail or password is wrong.");

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final SessionCookie cookie;
  private final SignInThrottle throttle = new SignInThrottle();
  private final TwoFactor twoFactor;

  public SignIn(Vertx vertx, Pool pool, Tokens tokens, SessionCookie cookie, TwoFactor twoFactor) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.cookie = cookie;
    this.twoFactor = twoFactor;
  }

  public void signIn(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String email = Json.text(body, "email", 320, true).trim();
    String password = Json.text(body, "password", 1024, true);
    String address = ctx.request().remoteAddress().hostAddress();
    long wait = throttle.retryAfterSeconds(email, address, Instant.now());
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(wait));
      audit(null, AuditAction.SIGN_IN_THROTTLED, email).onComplete(v -> ctx.fail(new ApiError(429, "too_many_attempts",
        "Too many sign-in attempts: try again in " + (wait < 120 ? wait + " seconds." : (wait + 59) / 60 + " minutes."))));
      return;
    }
    pool.preparedQuery(MemberSql.BY_EMAIL).execute(Tuple.of(email))
      .compose(rows -> {
        Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
        String stored = row == null ? null : row.getString("password_hash");
        return vertx.executeBlocking(() -> Passwords.verify(password, stored))
          .compose(ok -> ok ? Future.succeededFuture(row) : failed(email, address));
      })
      .compose(row -> {
        throttle.succeeded(email, address);
        Identity identity = identity(row);
        // A code may be asked next, a new password or setting up two-factor sign-in (TwoFactor).
        return twoFactor.afterPassword(ctx, row, email).compose(out -> out.containsKey("challenge")
          ? Future.succeededFuture(out) : audit(identity.memberId(), AuditAction.SIGN_IN, email).map(out));
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  private Future<Row> failed(String email, String address) {
    throttle.failed(email, address, Instant.now());
    return audit(null, AuditAction.SIGN_IN_FAILED, email).compose(v -> Future.failedFuture(BAD_CREDENTIALS));
  }

  /**
   * Revokes the token used for this request and its browser session (every tab's token, and the
   * cookie's refresh token): they stop working here and on every node; the browser forgets the cookie.
   */
  public void signOut(RoutingContext ctx) {
    JsonObject claims = Tokens.claims(ctx.user());
    tokens.revocations().revokeToken(claims)
      .compose(v -> tokens.revokeSession(claims))
      .compose(v -> audit(Roles.identity(ctx).memberId(), AuditAction.SIGN_OUT, null))
      .onSuccess(v -> {
        cookie.clear(ctx);
        ctx.response().setStatusCode(204).end();
      })
      .onFailure(ctx::fail);
  }

  /**
   * Ends every session the member holds, on every device: each token issued before now stops
   * working on every route and node, and live sockets opened with them close.
   */
  public void signOutEverywhere(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    tokens.revocations().cutOff(who.memberId())
      .compose(v -> audit(who.memberId(), AuditAction.SIGN_OUT_EVERYWHERE, null))
      .onSuccess(v -> {
        cookie.clear(ctx);
        ctx.response().setStatusCode(204).end();
      })
      .onFailure(ctx::fail);
  }

  /**
   * A fresh token for a member still active, with their current roles; the old one is revoked. It
   * keeps the sign-in time, so refreshing never extends a session past {@code sessionMaxHours}
   * ({@code 401 session_expired}, nothing revoked). Join-link tokens keep their meeting scope, their
   * link and their end-of-day expiry.
   */
  public void refresh(RoutingContext ctx) {
    JsonObject claims = Tokens.claims(ctx.user());
    Identity old = Roles.identity(ctx);
    pool.preparedQuery(MemberSql.BY_ID).execute(Tuple.of(old.memberId()))
      .compose(rows -> rows.size() == 0 ? Future.<Identity>failedFuture(ApiError.unauthorized())
        : Future.succeededFuture(identity(rows.iterator().next())))
      .map(fresh -> old.meetingScope() == null ? fresh : fresh.scopedTo(old.meetingScope()))
      .compose(fresh -> tokens.renew(fresh, claims)
        .compose(renewed -> tokens.revocations().revokeToken(claims).map(v -> new JsonObject()
          .put("token", renewed.token()).put("expiresInMinutes", renewed.expiresInSeconds() / 60)
          .put("member", fresh.toJson()))))
      .compose(out -> audit(old.memberId(), AuditAction.TOKEN_REFRESHED, null).map(out))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  public void me(RoutingContext ctx) {
    Http.ok(ctx, 200, Roles.identity(ctx).toJson());
  }

  static Identity identity(Row row) {
    String[] roles = row.getArrayOfStrings("roles");
    return new Identity(row.getUUID("id"), row.getString("full_name"), row.getUUID("agency_id"),
      row.getString("agency"), Set.copyOf(Arrays.asList(roles)));
  }

  private Future<Void> audit(UUID memberId, AuditAction action, String email) {
    return AuditTrail.record(pool, memberId, action, "member",
      email == null ? new JsonObject() : new JsonObject().put("email", email));
  }

}
