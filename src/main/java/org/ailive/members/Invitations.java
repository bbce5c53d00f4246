package org.ailive.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.agencies.AgencyChoice;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Passwords;
import org.ailive.protocol.ApiError;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The one way a member is invited (R12), for {@code POST /api/members/invitations} and for a chair
 * invited from council set-up: the member exists at once (for agendas and registers), without a
 * password, with a one-time link to set one; audited with the change it records.
 */
public final class Invitations {

  /** The new member and their link ({@code /invite.html#code=…}), shown once to the officer. */
  public record Invited(UUID memberId, String code, Instant expiresAt) {

    public JsonObject toJson() {
      return new JsonObject().put("memberId", memberId.toString()).put("invitationUrl", "/invite.html#code=" + code)
        .put("expiresAt", expiresAt.toEpochMilli());
    }
  }

  private Invitations() {
  }

  /** An e-mail address, trimmed: refused as the field {@code email} when it does not look like one. */
  public static String email(String given) {
    String email = given.strip();
    if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw ApiError.invalid("email", "must be an e-mail address");
    }
    return email;
  }

  /** In the caller's transaction; a taken e-mail fails with Postgres' unique violation (the caller words it). */
  public static Future<Invited> invite(SqlConnection conn, UUID officer, String name, String email, UUID agencyId,
                                       String[] roles, List<UUID> panels) {
    String code = Passwords.randomSecret() + Passwords.randomSecret();
    Instant expires = Instant.now().plus(MemberApi.INVITATION_LIFETIME);
    return AgencyChoice.refuseRetired(conn, agencyId, "agencyId")
      .compose(ok -> conn.preparedQuery(MembersSql.INSERT_MEMBER).execute(Tuple.of(name, email, agencyId, roles)))
      .compose(rows -> {
        UUID memberId = rows.iterator().next().getUUID("id");
        Future<Void> chain = conn.preparedQuery(MembersSql.INSERT_INVITATION).execute(Tuple.of(memberId,
          MemberApi.sha256(code), officer, OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))).mapEmpty();
        for (UUID panel : panels) {
          chain = chain.compose(v -> conn.preparedQuery(MembersSql.ADD_TO_PANEL).execute(Tuple.of(panel, memberId))
            .mapEmpty());
        }
        return chain.compose(v -> AuditTrail.record(conn, officer, AuditAction.MEMBER_INVITED,
            "member:" + memberId, new JsonObject().put("email", email).put("roles", new JsonArray(Arrays.asList(roles)))
              .put("panels", new JsonArray(panels.stream().map(UUID::toString).toList()))))
          .map(v -> new Invited(memberId, code, expires));
      });
  }
}
