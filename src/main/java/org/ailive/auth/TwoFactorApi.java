package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.util.Set;
import java.util.UUID;

/**
 * Setting up and managing two-factor sign-in (issue 18), signed in: {@code GET /api/auth/two-factor},
 * {@code POST …/enrol} (a new secret, pending until {@code POST …/confirm} with a code from it, which
 * answers ten recovery codes, shown once), {@code POST …/recovery-codes} (ten new ones),
 * {@code DELETE /api/auth/two-factor} (members whose role does not require it), and
 * {@code POST /api/members/{id}/two-factor/reset} (an officer, for another member who lost their device).
 */
public final class TwoFactorApi {

  /** What a session for setting up two-factor sign-in may reach. */
  private static final Set<String> ENROLMENT_ROUTES = Set.of("GET /api/me", "POST /api/auth/sign-out",
    "GET /api/auth/two-factor", "POST /api/auth/two-factor/enrol", "POST /api/auth/two-factor/confirm");

  private static final ApiError ENROLMENT_REQUIRED = new ApiError(403, "two_factor_enrolment_required",
    "Set up two-factor sign-in first (POST /api/auth/two-factor/enrol): officers and chairs sign in with a code.");
  private static final ApiError BAD_CODE = new ApiError(422, "bad_code",
    "That code is wrong or was used already: type the newest code your app shows.").with("field", "code");

  private final TwoFactor twoFactor;

  public TwoFactorApi(TwoFactor twoFactor) {
    this.twoFactor = twoFactor;
  }

  /** Chained after the token check: a session for setting up two-factor sign-in reaches nothing else. */
  public static Handler<RoutingContext> guard() {
    return ctx -> {
      String route = ctx.request().method().name() + " " + ctx.normalizedPath();
      if (Tokens.enrolmentOnly(Tokens.claims(ctx.user())) && !ENROLMENT_ROUTES.contains(route)) {
        ctx.fail(ENROLMENT_REQUIRED);
      } else {
        ctx.next();
      }
    };
  }

  private static Identity accountHolder(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    if (who.meetingScope() != null) {
      // A join link is a key to one meeting, not to the account.
      throw ApiError.forbidden("A session from a join link cannot change two-factor sign-in: sign in with your password.");
    }
    return who;
  }

  public void status(RoutingContext ctx) {
    Identity who = accountHolder(ctx);
    twoFactor.member(who.memberId())
      .compose(row -> twoFactor.required(who, row.getString("email"))
        .compose(required -> twoFactor.state(twoFactor.pool, who.memberId()).map(state -> new JsonObject()
          .put("enrolled", state.enrolled())
          .put("enrolledAt", state.enrolledAt() == null ? null : state.enrolledAt().toString())
          .put("required", required)
          .put("recoveryCodesLeft", state.enrolled() ? state.codesLeft() : 0))))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** A new secret, pending until confirmed; shown here once (as text, address and QR code). */
  public void enrol(RoutingContext ctx) {
    Identity who = accountHolder(ctx);
    byte[] secret = Totp.newSecret();
    twoFactor.member(who.memberId())
      .compose(row -> twoFactor.key.encrypt(who.memberId(), secret)
        .compose(sealed -> twoFactor.pool.preparedQuery(TwoFactorSql.PENDING)
          .execute(Tuple.of(who.memberId(), io.vertx.core.buffer.Buffer.buffer(sealed))))
        .compose(rows -> rows.size() == 0
          ? Future.<JsonObject>failedFuture(new ApiError(409, "two_factor_enrolled",
            "Two-factor sign-in is already set up. To move it to a new device, turn it off first, or ask an officer to reset it."))
          : twoFactor.vertx.executeBlocking(() -> {
            String uri = Totp.otpauthUri(TwoFactor.ISSUER, row.getString("email"), secret);
            return new JsonObject().put("secret", Totp.base32(secret)).put("otpauthUri", uri).put("qr", Totp.qrDataUri(uri));
          })))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** A code from the pending secret sets it up; ten recovery codes, shown once. An enrolment-only session becomes a full one. */
  public void confirm(RoutingContext ctx) {
    Identity who = accountHolder(ctx);
    String code = code(ctx);
    JsonObject claims = Tokens.claims(ctx.user());
    UUID id = who.memberId();
    twoFactor.state(twoFactor.pool, id)
      .compose(state -> state.secret() == null || state.enrolled()
        ? Future.failedFuture(new ApiError(409, "no_pending_enrolment",
          "There is no two-factor set-up waiting for a code: start it again (POST /api/auth/two-factor/enrol)."))
        : twoFactor.takeCode(twoFactor.pool, id, state, code, false))
      .compose(step -> step.isEmpty() ? Future.<JsonArray>failedFuture(BAD_CODE)
        : twoFactor.pool.withTransaction(conn -> conn.preparedQuery(TwoFactorSql.CONFIRM)
          .execute(Tuple.of(id, step.getAsLong()))
          .compose(rows -> rows.size() == 0 ? Future.failedFuture(BAD_CODE) : twoFactor.newRecoveryCodes(conn, id))
          .compose(codes -> AuditTrail.record(conn, id, AuditAction.TWO_FACTOR_ENROLLED, "member:" + id, new JsonObject())
            .map(v -> new JsonArray(codes)))))
      .compose(codes -> {
        JsonObject out = new JsonObject().put("recoveryCodes", codes);
        if (!Tokens.enrolmentOnly(claims)) {
          return Future.succeededFuture(out);
        }
        // The set-up session ends; the member now holds a full one, with its browser cookie.
        return twoFactor.tokens.revocations().revokeToken(claims)
          .compose(v -> twoFactor.member(id)).map(row -> out.mergeIn(twoFactor.cookie.begin(ctx, SignIn.identity(row))));
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  public void renewRecoveryCodes(RoutingContext ctx) {
    Identity who = accountHolder(ctx);
    String code = code(ctx);
    UUID id = who.memberId();
    withCode(id, code)
      .compose(v -> twoFactor.pool.withTransaction(conn -> twoFactor.newRecoveryCodes(conn, id)
        .compose(codes -> AuditTrail.record(conn, id, AuditAction.RECOVERY_CODES_RENEWED, "member:" + id, new JsonObject())
          .map(x -> new JsonObject().put("recoveryCodes", new JsonArray(codes))))))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** Turns it off, with a code; refused for officers and chairs (unless exempt), who must keep it. */
  public void disable(RoutingContext ctx) {
    Identity who = accountHolder(ctx);
    String code = code(ctx);
    UUID id = who.memberId();
    twoFactor.member(id)
      .compose(row -> twoFactor.required(SignIn.identity(row), row.getString("email")))
      .compose(required -> required ? Future.failedFuture(new ApiError(403, "two_factor_required",
        "Officers and chairs must keep two-factor sign-in on.")) : withCode(id, code))
      .compose(v -> twoFactor.pool.withTransaction(conn -> conn.preparedQuery(TwoFactorSql.DELETE_CODES).execute(Tuple.of(id))
        .compose(x -> conn.preparedQuery(TwoFactorSql.DELETE).execute(Tuple.of(id)))
        .compose(x -> AuditTrail.record(conn, id, AuditAction.TWO_FACTOR_DISABLED, "member:" + id, new JsonObject()))))
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  /**
   * An officer resets another member's two-factor sign-in (a lost device): the secret and recovery
   * codes go, every session of theirs ends, and they set it up again at their next sign-in (if their
   * role requires it). Never one's own: another officer must do it.
   */
  public void reset(RoutingContext ctx) {
    Identity officer = Roles.identity(ctx);
    UUID id = Json.uuid(ctx.pathParam("memberId"), "memberId");
    if (id.equals(officer.memberId())) {
      throw ApiError.forbidden("Another officer must reset your own two-factor sign-in.");
    }
    twoFactor.pool.preparedQuery("SELECT id FROM member WHERE id = $1").execute(Tuple.of(id))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("Member " + id))
        : twoFactor.pool.withTransaction(conn -> conn.preparedQuery(TwoFactorSql.DELETE_CODES).execute(Tuple.of(id))
          .compose(x -> conn.preparedQuery(TwoFactorSql.DELETE).execute(Tuple.of(id)))
          .compose(x -> AuditTrail.record(conn, officer.memberId(), AuditAction.TWO_FACTOR_RESET, "member:" + id,
            new JsonObject()))))
      .compose(v -> twoFactor.tokens.revocations().cutOff(id))
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  /** The body's {@code code}, required (in words of its own: the field's label is the invitation's). */
  static String code(RoutingContext ctx) {
    String code = Json.text(Http.body(ctx), "code", 32, false);
    if (code == null || code.isBlank()) {
      throw new ApiError(400, "invalid_field", "Enter the 6-digit code from your authenticator app.").with("field", "code");
    }
    return code;
  }

  /** A right code from the member's enrolled secret (its step taken), or 422 bad_code. */
  private Future<Void> withCode(UUID id, String code) {
    return twoFactor.state(twoFactor.pool, id)
      .compose(state -> !state.enrolled() ? Future.failedFuture(new ApiError(409, "two_factor_not_enrolled",
        "Two-factor sign-in is not set up."))
        : twoFactor.takeCode(twoFactor.pool, id, state, code, true))
      .compose(step -> step.isEmpty() ? Future.failedFuture(BAD_CODE) : Future.succeededFuture());
  }
}
