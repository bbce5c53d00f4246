package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.web.ApiError;
import org.ailive.web.Json;

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

  public SignIn(Vertx vertx, Pool pool, Tokens tokens) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
  }

  public void signIn(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    String email = Json.text(body, "email", 320, true).trim();
    String password = Json.text(body, "password", 1024, true);
    pool.preparedQuery(MemberSql.BY_EMAIL).execute(Tuple.of(email))
      .compose(rows -> {
        Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
        String stored = row == null ? null : row.getString("password_hash");
        return vertx.executeBlocking(() -> Passwords.verify(password, stored))
          .compose(ok -> ok ? Future.succeededFuture(row) : audit(null, "sign_in_failed", email)
            .compose(v -> Future.failedFuture(BAD_CREDENTIALS)));
      })
      .compose(row -> {
        Identity identity = identity(row);
        return audit(identity.memberId(), "sign_in", email).map(v -> identity);
      })
      .onSuccess(identity -> Json.ok(ctx, 200, new JsonObject()
        .put("token", tokens.issue(identity))
        .put("expiresInMinutes", tokens.ttlMinutes())
        .put("member", identity.toJson())))
      .onFailure(ctx::fail);
  }

  public void me(RoutingContext ctx) {
    Json.ok(ctx, 200, Roles.identity(ctx).toJson());
  }

  static Identity identity(Row row) {
    String[] roles = row.getArrayOfStrings("roles");
    return new Identity(row.getUUID("id"), row.getString("full_name"), row.getUUID("agency_id"),
      row.getString("agency"), Set.copyOf(Arrays.asList(roles)));
  }

  private Future<Void> audit(UUID memberId, String action, String email) {
    return pool.preparedQuery(MemberSql.AUDIT)
      .execute(Tuple.of(memberId, action, "member", new JsonObject().put("email", email)))
      .mapEmpty();
  }

}
