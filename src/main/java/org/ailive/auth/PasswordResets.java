package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Password resets (issue 18, item 4): a single-use code, stored only as its SHA-256, for one active
 * member. The member asks for one without signing in ({@code POST /api/auth/password-reset}; the
 * same answer, in about the same time, whether the e-mail is a member's or not; throttled by
 * {@link ResetThrottle}) or the officer issues one ({@link #issue}); a new one voids the older ones.
 * {@code POST /api/auth/reset-password} sets the password with it and ends every session of the
 * member. A deactivated member's resets stop working ({@link #voidAll}, and every look-up asks that
 * the member is active).
 */
public final class PasswordResets {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PasswordResets.class);

  /** How long a reset the member asked for lasts. */
  public static final Duration REQUESTED_LIFETIME = Duration.ofMinutes(30);
  /** How long a reset the officer issued lasts: they pass the link on by hand. */
  public static final Duration ISSUED_LIFETIME = Duration.ofHours(24);
  /** The answer to a request is sent no sooner than this after it came, member or not. */
  static final Duration EVEN_ANSWER = Duration.ofMillis(400);

  static final String ACCEPTED_MESSAGE = "If that e-mail address belongs to a member, a password reset has been"
    + " requested. Ask your project officer for the link: they can see your request and give it to you."
    + " The link works once, for 30 minutes.";
  /** With mail on (issue 19): the link goes to the address, if it is a member's. */
  static final String MAILED_MESSAGE = "If that e-mail address belongs to a member, we have sent it a link to"
    + " choose a new password. The link works once, for 30 minutes. Nothing came? Ask your project officer.";

  private static final ApiError INVALID = new ApiError(400, "invalid_reset",
    "This password reset link has been used, has expired or has been replaced. Ask for a new one.");
  private static final ApiError EXPIRED = new ApiError(410, "reset_expired", INVALID.getMessage());

  private static final String ACTIVE_BY_EMAIL = "SELECT id, full_name, email FROM member WHERE lower(email) = lower($1) AND active";
  private static final String VOID_RESETS = """
    UPDATE password_reset SET voided_at = now() WHERE member_id = $1 AND used_at IS NULL AND voided_at IS NULL""";
  private static final String VOID_INVITATIONS = """
    UPDATE invitation SET voided_at = now() WHERE member_id = $1 AND used_at IS NULL AND voided_at IS NULL""";
  private static final String INSERT = """
    INSERT INTO password_reset (member_id, code_hash, created_by_member_id, expires_at) VALUES ($1, $2, $3, $4)""";
  private static final String OPEN = """
    SELECT r.id, r.member_id, r.expires_at > now() AS live FROM password_reset r JOIN member m ON m.id = r.member_id
    WHERE r.code_hash = $1 AND r.used_at IS NULL AND r.voided_at IS NULL AND m.active""";
  private static final String USE = """
    UPDATE password_reset SET used_at = now()
    WHERE id = $1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > now()""";
  private static final String SET_PASSWORD = """
    UPDATE member SET password_hash = $2, must_change_password = false WHERE id = $1 AND active""";

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final Outbox outbox;
  private final ResetThrottle throttle = new ResetThrottle();

  public PasswordResets(Vertx vertx, Pool pool, Tokens tokens, Outbox outbox) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.outbox = outbox;
  }

  /** {@code POST /api/auth/password-reset {"email"}} (no sign-in): always {@code 202} with one body. */
  public void request(RoutingContext ctx) {
    String email = Json.text(Http.body(ctx), "email", 320, true).strip();
    String address = ctx.request().remoteAddress().hostAddress();
    long wait = throttle.retryAfterSeconds(email, address, Instant.now());
    if (wait > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(wait));
      AuditTrail.record(pool, null, AuditAction.PASSWORD_RESET_THROTTLED, "member", new JsonObject().put("email", email))
        .onComplete(v -> ctx.fail(new ApiError(429, "too_many_attempts", "Too many password resets asked for: try again in "
          + (wait < 120 ? wait + " seconds." : (wait + 59) / 60 + " minutes."))));
      return;
    }
    long started = System.nanoTime();
    // The same work either way (a code is made and hashed), and the answer waits out EVEN_ANSWER,
    // so neither the body nor the time says whether the e-mail is a member's.
    String code = Passwords.randomSecret() + Passwords.randomSecret();
    String hash = sha256(code);
    pool.preparedQuery(ACTIVE_BY_EMAIL).execute(Tuple.of(email))
      .compose(rows -> {
        if (rows.size() == 0) {
          return AuditTrail.record(pool, null, AuditAction.PASSWORD_RESET_REQUESTED, "member",
            new JsonObject().put("email", email).put("member", false));
        }
        Row member = rows.iterator().next();
        UUID memberId = member.getUUID("id");
        Notices.Recipient to = new Notices.Recipient(memberId, member.getString("full_name"), member.getString("email"));
        Instant expires = Instant.now().plus(REQUESTED_LIFETIME);
        return pool.withTransaction(conn -> create(conn, memberId, null, hash, expires)
          .compose(v -> outbox.enqueue(conn, Notices.passwordReset(to, url(code), expires)))
          .compose(v -> AuditTrail.record(conn, memberId, AuditAction.PASSWORD_RESET_REQUESTED, "member:" + memberId,
            new JsonObject().put("expiresAt", expires.toEpochMilli()))));
      })
      // A reset that could not be made answers the same, at the same time, as any other (it is logged
      // without the address), so no failure tells whether the e-mail is a member's.
      .recover(err -> {
        log.error("A password reset request could not be recorded ({})", err.getClass().getSimpleName());
        return Future.succeededFuture();
      })
      .compose(v -> evenly(started))
      .onSuccess(v -> Http.ok(ctx, 202, new JsonObject().put("message", outbox.on() ? MAILED_MESSAGE : ACCEPTED_MESSAGE)))
      .onFailure(ctx::fail);
  }

  /**
   * A reset the officer issues for an active member (checked by the caller), voiding older ones:
   * {@code {"url": "/reset.html#code=…", "expiresAt"}}. The caller audits it in the same transaction.
   */
  public static Future<JsonObject> issue(SqlConnection conn, UUID memberId, UUID officerId) {
    String code = Passwords.randomSecret() + Passwords.randomSecret();
    Instant expires = Instant.now().plus(ISSUED_LIFETIME);
    return create(conn, memberId, officerId, sha256(code), expires)
      .map(v -> new JsonObject().put("url", url(code)).put("expiresAt", expires.toEpochMilli()));
  }

  /** Every open reset and invitation of the member stops working (deactivation). */
  public static Future<Void> voidAll(SqlConnection conn, UUID memberId) {
    return conn.preparedQuery(VOID_RESETS).execute(Tuple.of(memberId))
      .compose(v -> conn.preparedQuery(VOID_INVITATIONS).execute(Tuple.of(memberId))).mapEmpty();
  }

  /**
   * {@code POST /api/auth/reset-password {"code", "newPassword"}} (no sign-in): {@code 204}; the
   * password is set, the reset used, every session of the member ends. {@code 400 invalid_reset}
   * for an unknown, used or replaced code, {@code 410 reset_expired} for an expired one.
   */
  public void reset(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String code = Json.text(body, "code", 200, true);
    String chosen = Json.text(body, "newPassword", 1024, true);
    PasswordPolicy.check("newPassword", chosen);
    String hash = sha256(code);
    // The code is checked before the (deliberately slow) hash, so made-up codes cost nothing.
    pool.preparedQuery(OPEN).execute(Tuple.of(hash))
      .compose(rows -> {
        Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
        if (row == null) {
          return Future.<UUID>failedFuture(INVALID);
        }
        return row.getBoolean("live") ? Future.succeededFuture(row.getUUID("member_id")) : Future.failedFuture(EXPIRED);
      })
      .compose(memberId -> vertx.executeBlocking(() -> Passwords.hash(chosen)).compose(password ->
        pool.withTransaction(conn -> conn.preparedQuery(OPEN).execute(Tuple.of(hash))
          .compose(rows -> rows.size() == 0 ? Future.failedFuture(INVALID)
            : conn.preparedQuery(USE).execute(Tuple.of(rows.iterator().next().getUUID("id"))))
          .compose(used -> used.rowCount() == 1 ? Future.succeededFuture() : Future.failedFuture(EXPIRED))
          .compose(v -> voidAll(conn, memberId))
          .compose(v -> conn.preparedQuery(SET_PASSWORD).execute(Tuple.of(memberId, password)))
          .compose(v -> AuditTrail.record(conn, memberId, AuditAction.PASSWORD_RESET_USED, "member:" + memberId,
            new JsonObject()))))
        // Whoever held a session of this account (the reason for a reset, perhaps) holds it no more.
        .compose(v -> tokens.revocations().cutOff(memberId)))
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  private static Future<Void> create(SqlConnection conn, UUID memberId, UUID officerId, String hash, Instant expires) {
    return conn.preparedQuery(VOID_RESETS).execute(Tuple.of(memberId))
      .compose(v -> conn.preparedQuery(INSERT).execute(Tuple.of(memberId, hash, officerId,
        OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))))
      .mapEmpty();
  }

  private Future<Void> evenly(long startedNanos) {
    long left = EVEN_ANSWER.toMillis() - (System.nanoTime() - startedNanos) / 1_000_000;
    if (left < 1) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    vertx.setTimer(left, t -> done.complete());
    return done.future();
  }

  private static String url(String code) {
    return "/reset.html#code=" + code;
  }

  static String sha256(String code) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
