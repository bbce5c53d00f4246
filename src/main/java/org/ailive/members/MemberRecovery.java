package org.ailive.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.PasswordResets;
import org.ailive.auth.Passwords;
import org.ailive.auth.Roles;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The officer's side of accounts people can recover (issue 18, item 4): a new invitation for a
 * member who has not set a password ({@code POST /api/members/{id}/invitations}), a password reset
 * link for any active member ({@code POST /api/members/{id}/password-reset}); each voids the older
 * ones. A deactivated member's invitations, resets and join links stop working ({@link #deactivated}).
 */
public final class MemberRecovery {

  private static final String MEMBER = "SELECT full_name, email, active, password_hash IS NOT NULL AS has_password FROM member WHERE id = $1";
  private static final String VOID_INVITATIONS = """
    UPDATE invitation SET voided_at = now() WHERE member_id = $1 AND used_at IS NULL AND voided_at IS NULL""";
  private static final String REVOKE_JOIN_LINKS = """
    UPDATE join_link SET revoked_at = now() WHERE member_id = $1 AND revoked_at IS NULL""";

  private final Pool pool;
  private final Outbox outbox;

  public MemberRecovery(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  private static Notices.Recipient recipient(UUID memberId, Row row) {
    return new Notices.Recipient(memberId, row.getString("full_name"), row.getString("email"));
  }

  /** {@code POST /api/members/{id}/invitations}: {@code 201} as an invitation; the member's older links stop working. */
  public void reinvite(RoutingContext ctx) {
    UUID memberId = Json.uuid(ctx.pathParam("memberId"), "memberId");
    Identity officer = Roles.identity(ctx);
    String code = Passwords.randomSecret() + Passwords.randomSecret();
    Instant expires = Instant.now().plus(Invitations.LIFETIME);
    pool.withTransaction(conn -> activeMember(conn, memberId).compose(row -> {
        if (row.getBoolean("has_password")) {
          return Future.failedFuture(ApiError.conflict("has_password", row.getString("full_name")
            + " has set a password already, so an invitation would not help: issue a password reset link instead."));
        }
        return conn.preparedQuery(VOID_INVITATIONS).execute(Tuple.of(memberId))
          .compose(v -> conn.preparedQuery(MembersSql.INSERT_INVITATION).execute(Tuple.of(memberId,
            MemberApi.sha256(code), officer.memberId(), OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))))
          .compose(v -> AuditTrail.record(conn, officer.memberId(), AuditAction.MEMBER_REINVITED, "member:" + memberId,
            new JsonObject().put("expiresAt", expires.toEpochMilli())))
          .compose(v -> outbox.enqueue(conn, Notices.invitation(recipient(memberId, row), "/invite.html#code=" + code,
            expires)));
      }))
      .onSuccess(v -> Http.ok(ctx, 201, new JsonObject().put("memberId", memberId.toString())
        .put("invitationUrl", "/invite.html#code=" + code).put("expiresAt", expires.toEpochMilli())
        .put("mailed", outbox.on())))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/members/{id}/password-reset}: {@code 201 {"url", "expiresAt"}}; older resets stop working. */
  public void issueReset(RoutingContext ctx) {
    UUID memberId = Json.uuid(ctx.pathParam("memberId"), "memberId");
    Identity officer = Roles.identity(ctx);
    pool.withTransaction(conn -> activeMember(conn, memberId)
        .compose(row -> PasswordResets.issue(conn, memberId, officer.memberId())
          .compose(out -> outbox.enqueue(conn, Notices.passwordReset(recipient(memberId, row), out.getString("url"),
            Instant.ofEpochMilli(out.getLong("expiresAt")))).map(v -> out.put("mailed", outbox.on()))))
        .compose(out -> AuditTrail.record(conn, officer.memberId(), AuditAction.PASSWORD_RESET_ISSUED,
          "member:" + memberId, new JsonObject().put("expiresAt", out.getLong("expiresAt"))).map(out)))
      .onSuccess(out -> Http.ok(ctx, 201, out))
      .onFailure(ctx::fail);
  }

  /** In a deactivation's transaction: nothing the member was given opens the account again, even once reactivated. */
  static Future<Void> deactivated(SqlConnection conn, UUID memberId) {
    return PasswordResets.voidAll(conn, memberId)
      .compose(v -> conn.preparedQuery(REVOKE_JOIN_LINKS).execute(Tuple.of(memberId))).mapEmpty();
  }

  private static Future<Row> activeMember(SqlConnection conn, UUID memberId) {
    return conn.preparedQuery(MEMBER).execute(Tuple.of(memberId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("The member"));
      }
      Row row = rows.iterator().next();
      return row.getBoolean("active") ? Future.succeededFuture(row)
        : Future.failedFuture(ApiError.conflict("member_inactive", row.getString("full_name")
          + " is deactivated: reactivate them first."));
    });
  }
}
