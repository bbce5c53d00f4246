package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /api/auth/sign-in/second-factor {"challenge", "code"}} (or {@code "recoveryCode"}): the
 * second step of signing in for a member with two-factor sign-in (issue 18). The challenge is what
 * the right password answered; a right code (now's, or one step either side, never one used before)
 * or an unused recovery code (once) opens the session, as signing in does without it. Attempts are
 * slowed per member and per address as passwords are ({@link SignInThrottle}).
 */
public final class SecondFactorSignIn {

  private static final ApiError BAD_CHALLENGE = new ApiError(401, "challenge_invalid",
    "This sign-in has expired or was used already: sign in with your password again.");
  private static final ApiError BAD_CODE = new ApiError(401, "bad_code",
    "That code is wrong or was used already: type the newest code your app shows.");

  private final TwoFactor twoFactor;
  private final SignInThrottle throttle = new SignInThrottle();

  public SecondFactorSignIn(TwoFactor twoFactor) {
    this.twoFactor = twoFactor;
  }

  public void verify(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String challenge = Json.text(body, "challenge", 4096, true);
    String code = Json.text(body, "code", 32, false);
    String recovery = Json.text(body, "recoveryCode", 64, false);
    if ((code == null) == (recovery == null)) {
      throw new ApiError(400, "invalid_field", "Enter the 6-digit code from your authenticator app, or a recovery code.")
        .with("field", "code");
    }
    String address = ctx.request().remoteAddress().hostAddress();
    twoFactor.tokens.verifyChallenge(challenge).recover(e -> Future.failedFuture(BAD_CHALLENGE))
      .compose(claims -> {
        UUID id = UUID.fromString(claims.getString("sub"));
        String key = "second-factor:" + id;
        long wait = throttle.retryAfterSeconds(key, address, Instant.now());
        if (wait > 0) {
          ctx.response().putHeader("Retry-After", Long.toString(wait));
          return audit(id, AuditAction.SIGN_IN_THROTTLED, "second_factor").compose(v -> Future.failedFuture(new ApiError(429,
            "too_many_attempts", "Too many wrong codes: try again in "
              + (wait < 120 ? wait + " seconds." : (wait + 59) / 60 + " minutes."))));
        }
        Future<Boolean> right = code != null
          ? twoFactor.state(twoFactor.pool, id).compose(state -> twoFactor.takeCode(twoFactor.pool, id, state, code, true))
            .map(step -> step.isPresent())
          : twoFactor.useRecoveryCode(id, recovery);
        return right.compose(ok -> {
          if (!ok) {
            throttle.failed(key, address, Instant.now());
            return audit(id, AuditAction.SECOND_FACTOR_FAILED, code != null ? "totp" : "recovery_code")
              .compose(v -> Future.<JsonObject>failedFuture(BAD_CODE));
          }
          throttle.succeeded(key, address);
          // The challenge is spent: it opens one session.
          return twoFactor.tokens.revocations().revokeToken(claims)
            .compose(v -> audit(id, code != null ? AuditAction.SIGN_IN : AuditAction.RECOVERY_CODE_USED,
              code != null ? "totp" : "recovery_code"))
            .compose(v -> twoFactor.afterSecondFactor(ctx, id));
        });
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  private Future<Void> audit(UUID memberId, AuditAction action, String secondFactor) {
    return AuditTrail.record(twoFactor.pool, memberId, action, "member",
      new JsonObject().put("secondFactor", secondFactor));
  }
}
