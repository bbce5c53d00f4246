package org.ailive.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.agencies.AgencyChoice;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Passwords;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one way a member comes to exist (R12): the member row, a one-time invitation code that sets
 * their password, their panels, an audit row each and (with mail on) the invitation mail, all on the
 * caller's transaction. The officer's invite form and a chair invited from council set-up make one;
 * the spreadsheet import ({@code org.ailive.roster}) makes thousands, batched.
 */
public final class Invitations {

  public static final Duration LIFETIME = Duration.ofDays(7);
  public static final int NAME_MAX = 200;
  public static final int EMAIL_MAX = 320;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** Who to invite; {@code agencyId} may be null, {@code roles} one or more of {@code Identity.ALL_ROLES}. */
  public record NewMember(String fullName, String email, UUID agencyId, String[] roles, List<UUID> panelIds) {
  }

  /** A member made with their invitation: the code is shown to the officer once and stored only hashed. */
  public record Issued(UUID memberId, String code, Instant expiresAt) {
    public String url() {
      return "/invite.html#code=" + code;
    }
  }

  /** One invitation as the officer's answer shows it; {@code mailed}: its mail is in the outbox. */
  public record Invited(UUID memberId, String code, Instant expiresAt, boolean mailed) {

    public String url() {
      return "/invite.html#code=" + code;
    }

    public JsonObject toJson() {
      return new JsonObject().put("memberId", memberId.toString()).put("invitationUrl", url())
        .put("expiresAt", expiresAt.toEpochMilli()).put("mailed", mailed);
    }
  }

  private Invitations() {
  }

  /** Whether the text looks like an e-mail address (the same rule for the form and the import). */
  public static boolean isEmail(String text) {
    return text != null && text.length() <= EMAIL_MAX && EMAIL.matcher(text).matches();
  }

  /** An e-mail address, trimmed: refused as the field {@code email} when it does not look like one. */
  public static String email(String given) {
    String email = given.strip();
    if (!isEmail(email)) {
      throw ApiError.invalid("email", "must be an e-mail address");
    }
    return email;
  }

  /** One member (a retired agency refused at {@code agencyId}); a taken e-mail fails with Postgres' 23505. */
  public static Future<Invited> invite(SqlClient conn, Outbox outbox, UUID officer, String name, String email,
                                       UUID agencyId, String[] roles, List<UUID> panels) {
    return AgencyChoice.refuseRetired(conn, agencyId, "agencyId")
      .compose(ok -> inviteAll(conn, outbox, officer, List.of(new NewMember(name, email, agencyId, roles, panels))))
      .map(issued -> issued.get(0))
      .map(one -> new Invited(one.memberId(), one.code(), one.expiresAt(), outbox.on()));
  }

  /**
   * Makes each member with an invitation, their panel membership and a {@code member_invited} audit
   * row, in a few batched statements on {@code conn} (a transaction's connection: all or none), then
   * queues each invitation mail on the same connection. A taken e-mail fails the whole batch with
   * Postgres's unique violation (23505).
   */
  public static Future<List<Issued>> inviteAll(SqlClient conn, Outbox outbox, UUID officerId, List<NewMember> members) {
    if (members.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Instant expires = Instant.now().plus(LIFETIME);
    OffsetDateTime expiresAt = OffsetDateTime.ofInstant(expires, ZoneOffset.UTC);
    return conn.preparedQuery(MembersSql.INSERT_MEMBER)
      .executeBatch(members.stream().map(m -> Tuple.of(m.fullName(), m.email(), m.agencyId(), m.roles())).toList())
      .compose(inserted -> {
        List<Issued> issued = new ArrayList<>();
        for (RowSet<Row> rs = inserted; rs != null; rs = rs.next()) {
          issued.add(new Issued(rs.iterator().next().getUUID("id"), Passwords.randomSecret() + Passwords.randomSecret(),
            expires));
        }
        List<Tuple> invitations = new ArrayList<>();
        List<Tuple> panels = new ArrayList<>();
        List<AuditTrail.Entry> audit = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
          NewMember m = members.get(i);
          UUID id = issued.get(i).memberId();
          invitations.add(Tuple.of(id, MemberApi.sha256(issued.get(i).code()), officerId, expiresAt));
          m.panelIds().forEach(panel -> panels.add(Tuple.of(panel, id)));
          audit.add(new AuditTrail.Entry(officerId, AuditAction.MEMBER_INVITED, "member:" + id, new JsonObject()
            .put("email", m.email()).put("roles", new JsonArray(Arrays.asList(m.roles())))
            .put("panels", new JsonArray(m.panelIds().stream().map(UUID::toString).toList()))));
        }
        Future<?> chain = conn.preparedQuery(MembersSql.INSERT_INVITATION).executeBatch(invitations);
        if (!panels.isEmpty()) {
          chain = chain.compose(v -> conn.preparedQuery(MembersSql.ADD_TO_PANEL).executeBatch(panels));
        }
        // The mails are queued on the connection together (it runs them in order), not chained one
        // after another: a chain of thousands of futures would nest as deep when it completes.
        return chain.compose(v -> AuditTrail.recordAll(conn, audit))
          .compose(v -> {
            List<Future<Void>> mails = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
              NewMember m = members.get(i);
              Issued one = issued.get(i);
              mails.add(outbox.enqueue(conn, Notices.invitation(
                new Notices.Recipient(one.memberId(), m.fullName(), m.email()), one.url(), expires)));
            }
            return Future.all(mails);
          })
          .map(v -> issued);
      });
  }
}
