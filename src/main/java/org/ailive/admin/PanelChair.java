package org.ailive.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Roles;
import org.ailive.auth.Tokens;
import org.ailive.members.Invitations;
import org.ailive.members.MemberChanges;
import org.ailive.notify.Outbox;
import org.ailive.protocol.Addresses;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.util.List;
import java.util.UUID;

/**
 * {@code PUT /api/admin/panels/{id}/chair}: who chairs a panel. An active member named by id gains
 * the chair role and joins the panel; a new one is invited with the chair role on it; {@code null}
 * removes the chair (they keep their role and their seat).
 */
public final class PanelChair {

  private static final String MEMBER = "SELECT roles, active FROM member WHERE id = $1 FOR UPDATE";
  private static final String ADD_CHAIR_ROLE = """
    UPDATE member SET roles = roles || ARRAY['chair'] WHERE id = $1 AND NOT ('chair' = ANY (roles))""";
  private static final String JOIN_PANEL = """
    INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2)
    ON CONFLICT (panel_id, member_id) DO UPDATE SET left_at = NULL, joined_at = now()
    WHERE panel_member.left_at IS NOT NULL""";
  private static final String SET_CHAIR = "UPDATE panel SET chair_member_id = $2, version = version + 1 WHERE id = $1";

  private final Vertx vertx;
  private final Pool pool;

  private final Outbox outbox;
  private final Tokens tokens;

  public PanelChair(Vertx vertx, Pool pool, Tokens tokens, Outbox outbox) {
    this.outbox = outbox;
    this.tokens = tokens;
    this.vertx = vertx;
    this.pool = pool;
  }

  public void set(RoutingContext ctx) {
    UUID panelId = Json.uuid(ctx.pathParam("panelId"), "panelId");
    JsonObject body = Http.body(ctx);
    boolean invite = !body.containsKey("memberId");
    UUID memberId = invite ? null : Json.uuid(body, "memberId", false);
    String name = invite ? Json.text(body, "fullName", 200, true).strip() : null;
    String email = invite ? Invitations.email(Json.text(body, "email", 320, true)) : null;
    UUID agencyId = invite ? Json.uuid(body, "agencyId", false) : null;
    Integer version = body.getValue("version") == null ? null : Edits.version(body);
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.preparedQuery(AdminSql.LOCK_PANEL).execute(Tuple.of(panelId))
        .compose(locked -> locked.size() == 0 ? Future.failedFuture(ApiError.notFound("The panel"))
          : PanelAdmin.read(conn, panelId))
        .compose(before -> {
          if (version != null && before.getInteger("version") != version.intValue()) {
            return Future.failedFuture(Edits.conflict("panel", before));
          }
          Future<Chair> chair = invite
            ? Invitations.invite(conn, outbox, officer, name, email, agencyId, new String[] {"chair"}, List.of(panelId))
              .map(invited -> new Chair(invited.memberId(), invited, false))
            : memberId == null ? Future.succeededFuture(new Chair(null, null, false)) : existing(conn, panelId, memberId);
          return chair.compose(c -> conn.preparedQuery(SET_CHAIR).execute(Tuple.of(panelId, c.memberId()))
            .compose(v -> PanelAdmin.read(conn, panelId))
            .compose(after -> AuditTrail.record(conn, officer, AuditAction.PANEL_CHAIR_SET, "panel:" + panelId,
                new JsonObject().put("before", before.getValue("chair")).put("after", after.getValue("chair"))
                  .put("invited", c.invited() != null))
              .map(v -> c.invited() == null ? after : after.put("invitation", new JsonObject()
                .put("url", c.invited().toJson().getString("invitationUrl"))
                .put("expiresAt", c.invited().expiresAt().toEpochMilli()).put("mailed", c.invited().mailed())))
              .map(panel -> new Done(panel, c.gainedRole() ? c.memberId() : null))));
        }))
      .recover(failure -> Edits.uniqueViolation(failure, "member_email")
        ? Future.failedFuture(ApiError.conflict("email_taken", "A member with that e-mail already exists: choose them"
          + " by name instead.").with("field", "email"))
        : Future.failedFuture(failure))
      .compose(done -> {
        JsonObject chair = done.panel().getJsonObject("chair");
        if (chair == null) {
          return Future.succeededFuture(done.panel());
        }
        // Rooms of the panel let their new member in at once; a new chair's old sessions end.
        return MemberChanges.announce(vertx, tokens, UUID.fromString(chair.getString("memberId")), done.signOut() != null)
          .map(v -> done.panel());
      })
      .onSuccess(panel -> Http.ok(ctx, 200, panel))
      .onFailure(ctx::fail);
  }

  private record Done(JsonObject panel, UUID signOut) {
  }

  /** {@code gainedRole}: an existing member who was not a chair before (their sessions end). */
  private record Chair(UUID memberId, Invitations.Invited invited, boolean gainedRole) {
  }

  /**
   * An active member: they gain the chair role and a seat on the panel. A member who was not a chair
   * is signed out everywhere, so the role comes with a new sign-in, and with it two-factor set-up.
   */
  private static Future<Chair> existing(SqlConnection conn, UUID panelId, UUID memberId) {
    return conn.preparedQuery(MEMBER).execute(Tuple.of(memberId)).compose(rows -> {
      if (rows.size() == 0 || !rows.iterator().next().getBoolean("active")) {
        return Future.failedFuture(Edits.invalid("memberId", "The chair must be an active member: choose another,"
          + " or invite them with their name and e-mail address."));
      }
      return conn.preparedQuery(ADD_CHAIR_ROLE).execute(Tuple.of(memberId))
        .compose(added -> conn.preparedQuery(JOIN_PANEL).execute(Tuple.of(panelId, memberId))
          .map(v -> new Chair(memberId, null, added.rowCount() > 0)));
    });
  }
}
