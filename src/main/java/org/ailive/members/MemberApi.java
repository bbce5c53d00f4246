package org.ailive.members;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.agencies.AgencyChoice;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.PasswordPolicy;
import org.ailive.auth.Passwords;
import org.ailive.auth.Roles;
import org.ailive.auth.SessionCookie;
import org.ailive.auth.Tokens;
import org.ailive.auth.TwoFactor;
import org.ailive.export.CellText;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Query;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Membership is by invitation only (R12): the officer invites a member and gets a one-time link to
 * set a password; role and agency changes and deactivation end the member's current sessions;
 * every change leaves an audit row, and the officer reads the audit trail here.
 */
public final class MemberApi {

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final SessionCookie cookie;
  private final Outbox outbox;

  private final TwoFactor twoFactor;

  public MemberApi(Vertx vertx, Pool pool, Tokens tokens, SessionCookie cookie, TwoFactor twoFactor, Outbox outbox) {
    this.cookie = cookie;
    this.twoFactor = twoFactor;
    this.outbox = outbox;
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
  }

  /**
   * {@code GET /api/members}: the officer lists every member; a chair the members of the panels they
   * run ({@link PanelReach}), with only those panels. Each list is audited (who, how many, which panels).
   */
  public void list(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    PanelReach.panelsRun(pool, who).compose(run -> {
        UUID[] scope = run == null ? null : run.toArray(new UUID[0]);
        return pool.preparedQuery(MembersSql.LIST).execute(Tuple.tuple().addValue(scope)).compose(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(member(r).put("hasPassword", r.getBoolean("has_password"))
            .put("invitationExpiresAt", millis(r.getOffsetDateTime("invitation_expires_at")))
            .put("resetRequestedAt", millis(r.getOffsetDateTime("reset_requested_at")))
            .put("mailProblem", r.getString("mail_problem"))
            .put("mailProblemAt", millis(r.getOffsetDateTime("mail_problem_at")))
            .put("panels", new JsonArray(r.getValue("panels").toString()))));
          return AuditTrail.record(pool, who.memberId(), AuditAction.MEMBERS_LISTED, "members",
              new JsonObject().put("rows", out.size()).put("panels", run == null ? null
                : new JsonArray(run.stream().map(UUID::toString).toList())))
            .map(out);
        });
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /**
   * {@code POST /api/members/invitations}: the member exists at once (for agendas and registers),
   * without a password. With mail on, the invitation mail is written to the outbox in the same
   * transaction (sent by the mail worker); the answer always carries the link to copy as well.
   */
  public void invite(RoutingContext ctx) {
    JsonObject b = Http.body(ctx);
    String name = Json.text(b, "fullName", Invitations.NAME_MAX, true).strip();
    String email = Invitations.email(Json.text(b, "email", Invitations.EMAIL_MAX, true));
    UUID agencyId = Json.uuid(b, "agencyId", false);
    String[] roles = roles(b);
    List<UUID> panels = uuids(b, "panelIds");
    Identity officer = Roles.identity(ctx);
    pool.withTransaction(conn -> Invitations.invite(conn, outbox, officer.memberId(), name, email, agencyId, roles, panels))
      .recover(MemberApi::constraintErrors)
      .onSuccess(invited -> Http.ok(ctx, 201, invited.toJson()))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/auth/accept-invitation {"code", "password"}} (no sign-in): sets the password, signs in. */
  public void acceptInvitation(RoutingContext ctx) {
    JsonObject b = Http.body(ctx);
    String code = Json.text(b, "code", 200, true);
    String password = Json.text(b, "password", 1024, true);
    PasswordPolicy.check("password", password);
    ApiError invalid = new ApiError(400, "invalid_invitation",
      "This invitation link has been used or has expired. Ask the officer for a new one.");
    // The code is checked before the (deliberately slow) hash, so made-up codes cost nothing.
    pool.preparedQuery(MembersSql.OPEN_INVITATION).execute(Tuple.of(sha256(code)))
      .compose(found -> found.size() == 0 ? Future.failedFuture(invalid) : vertx.executeBlocking(() -> Passwords.hash(password)))
      .compose(hash -> pool.withTransaction(conn -> conn.preparedQuery(MembersSql.OPEN_INVITATION)
        .execute(Tuple.of(sha256(code)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(invalid);
          }
          Row r = rows.iterator().next();
          UUID memberId = r.getUUID("member_id");
          return conn.preparedQuery(MembersSql.USE_INVITATION).execute(Tuple.of(r.getUUID("id")))
            .compose(used -> used.rowCount() == 1 ? Future.succeededFuture() : Future.failedFuture(invalid))
            .compose(v -> conn.preparedQuery(MembersSql.SET_PASSWORD).execute(Tuple.of(memberId, hash)))
            .compose(v -> AuditTrail.record(conn, memberId, AuditAction.INVITATION_ACCEPTED, "member:" + memberId,
              new JsonObject()))
            .compose(v -> conn.preparedQuery(MembersSql.BY_ID).execute(Tuple.of(memberId)));
        })))
      .compose(rows -> {
        Row r = rows.iterator().next();
        Identity who = new Identity(r.getUUID("id"), r.getString("full_name"), r.getUUID("agency_id"),
          r.getString("agency"), Set.of(r.getArrayOfStrings("roles")));
        // An officer or chair sets up two-factor sign-in next (issue 18); anyone else is signed in.
        return twoFactor.afterPasswordChange(ctx, who);
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code PATCH /api/members/{id}}: name, agency, roles, active. A change of access ends their sessions. */
  public void update(RoutingContext ctx) {
    UUID memberId = Json.uuid(ctx.pathParam("memberId"), "memberId");
    JsonObject b = Http.body(ctx);
    Identity officer = Roles.identity(ctx);
    pool.preparedQuery(MembersSql.BY_ID).execute(Tuple.of(memberId)).compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(ApiError.notFound("The member"));
        }
        Row r = rows.iterator().next();
        String name = b.containsKey("fullName") ? Json.text(b, "fullName", 200, true).strip() : r.getString("full_name");
        UUID agency = b.containsKey("agencyId") ? Json.uuid(b, "agencyId", false) : r.getUUID("agency_id");
        String[] roles = b.containsKey("roles") ? roles(b) : r.getArrayOfStrings("roles");
        Object activeValue = b.getValue("active");
        if (activeValue != null && !(activeValue instanceof Boolean)) {
          throw ApiError.invalid("active", "must be true or false");
        }
        boolean active = activeValue == null ? r.getBoolean("active") : (Boolean) activeValue;
        if (memberId.equals(officer.memberId()) && (!active || !Arrays.asList(roles).contains("officer"))) {
          throw ApiError.conflict("own_access", "You cannot remove your own officer access.");
        }
        boolean accessChanged = !active || !Set.of(roles).equals(Set.of(r.getArrayOfStrings("roles")))
          || !java.util.Objects.equals(agency, r.getUUID("agency_id"));
        JsonObject detail = new JsonObject().put("before", member(r)).put("after", new JsonObject()
          .put("fullName", name).put("agencyId", agency == null ? null : agency.toString())
          .put("roles", new JsonArray(Arrays.asList(roles))).put("active", active));
        // A member already with a retired agency keeps it; moving someone to one is refused.
        boolean agencyChanged = !java.util.Objects.equals(agency, r.getUUID("agency_id"));
        return pool.withTransaction(conn -> AgencyChoice.refuseRetired(conn, agencyChanged ? agency : null, "agencyId")
            .compose(ok -> conn.preparedQuery(MembersSql.UPDATE_MEMBER).execute(Tuple.of(memberId, name, agency, roles, active)))
            .compose(v -> !active && r.getBoolean("active") ? MemberRecovery.deactivated(conn, memberId)
              : Future.succeededFuture())
            .compose(v -> AuditTrail.record(conn, officer.memberId(), AuditAction.MEMBER_UPDATED, "member:" + memberId,
              detail)))
          .recover(MemberApi::constraintErrors)
          .compose(v -> accessChanged ? membershipChanged(memberId, true) : Future.succeededFuture())
          .compose(v -> pool.preparedQuery(MembersSql.BY_ID).execute(Tuple.of(memberId)))
          .map(updated -> member(updated.iterator().next()));
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  public void addToPanel(RoutingContext ctx) {
    UUID panelId = Json.uuid(ctx.pathParam("panelId"), "panelId");
    UUID memberId = Json.uuid(Http.body(ctx), "memberId", true);
    membership(ctx, MembersSql.ADD_TO_PANEL, AuditAction.PANEL_MEMBER_ADDED, panelId, memberId, 201);
  }

  public void removeFromPanel(RoutingContext ctx) {
    UUID panelId = Json.uuid(ctx.pathParam("panelId"), "panelId");
    UUID memberId = Json.uuid(ctx.pathParam("memberId"), "memberId");
    membership(ctx, MembersSql.REMOVE_FROM_PANEL, AuditAction.PANEL_MEMBER_REMOVED, panelId, memberId, 204);
  }

  /** Live rooms reload who may be there; a member taken off a panel signs in again (sockets close). */
  private Future<Void> membershipChanged(UUID memberId, boolean removed) {
    return MemberChanges.announce(vertx, tokens, memberId, removed);
  }

  private void membership(RoutingContext ctx, String sql, AuditAction action, UUID panelId, UUID memberId,
                          int status) {
    Identity officer = Roles.identity(ctx);
    pool.withTransaction(conn -> conn.preparedQuery(sql).execute(Tuple.of(panelId, memberId))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("That panel membership"))
          : AuditTrail.record(conn, officer.memberId(), action, "panel:" + panelId,
            new JsonObject().put("memberId", memberId.toString()))))
      .recover(MemberApi::constraintErrors)
      .compose(v -> membershipChanged(memberId, status == 204))
      .onSuccess(v -> ctx.response().setStatusCode(status).end())
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/audit.csv}: the same rows as a spreadsheet-safe CSV download, itself audited. */
  public void auditTrailCsv(RoutingContext ctx) {
    Identity officer = Roles.identity(ctx);
    auditRows(ctx).compose(rows -> {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
          .setHeader("id", "at", "member", "member_id", "action", "subject", "detail").get())) {
          for (Object o : rows) {
            JsonObject r = (JsonObject) o;
            csv.printRecord(r.getLong("id"), Instant.ofEpochMilli(r.getLong("at")).toString(),
              CellText.forCsv(r.getString("memberName")), r.getString("memberId"),
              CellText.forCsv(r.getString("action")), CellText.forCsv(r.getString("subject")),
              CellText.forCsv(String.valueOf(r.getValue("detail"))));
          }
        } catch (java.io.IOException e) {
          return Future.failedFuture(e);
        }
        return AuditTrail.record(pool, officer.memberId(), AuditAction.EXPORT, "audit_trail",
          new JsonObject().put("rows", rows.size()).put("format", "csv")).map(v -> out.toString());
      })
      .onSuccess(csv -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"audit-trail.csv\"").end(csv))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/audit?from=&to=&action=&limit=}: newest first; reading it is audited too. */
  public void auditTrail(RoutingContext ctx) {
    Identity officer = Roles.identity(ctx);
    auditRows(ctx)
      .compose(rows -> AuditTrail.record(pool, officer.memberId(), AuditAction.AUDIT_READ, "audit_trail",
        new JsonObject().put("rows", rows.size()).put("filters", auditFilters(ctx))).map(rows))
      .onSuccess(out -> Http.ok(ctx, 200, out)).onFailure(ctx::fail);
  }

  /** The filters a read of the audit trail asked for, as the audit trail records them. */
  private static JsonObject auditFilters(RoutingContext ctx) {
    JsonObject out = new JsonObject();
    for (String name : List.of("from", "to", "action", "limit")) {
      String value = ctx.request().getParam(name);
      if (value != null) {
        out.put(name, value.length() > 60 ? value.substring(0, 60) : value);
      }
    }
    return out;
  }

  private Future<JsonArray> auditRows(RoutingContext ctx) {
    LocalDate from = Query.date(ctx, "from");
    LocalDate to = Query.date(ctx, "to");
    String action = Query.text(ctx, "action", 60);
    int limit = (int) Query.number(ctx, "limit", 1, 10_000, 1000);
    OffsetDateTime start = from == null ? OffsetDateTime.parse("2000-01-01T00:00:00Z") : from.atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime end = to == null ? OffsetDateTime.now(ZoneOffset.UTC).plusDays(1) : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(MembersSql.AUDIT_TRAIL).execute(Tuple.of(start, end, action, limit)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id"))
        .put("at", r.getOffsetDateTime("at").toInstant().toEpochMilli())
        .put("memberId", r.getUUID("member_id") == null ? null : r.getUUID("member_id").toString())
        .put("memberName", r.getString("full_name")).put("action", r.getString("action"))
        .put("subject", r.getString("subject")).put("detail", r.getValue("detail"))));
      return out;
    });
  }

  private static String[] roles(JsonObject b) {
    Object value = b.getValue("roles");
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > 5) {
      throw ApiError.invalid("roles", "must list one or more of " + String.join(", ", Identity.ALL_ROLES));
    }
    List<String> out = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof String role) || !Identity.ALL_ROLES.contains(role)) {
        throw ApiError.invalid("roles", "must list one or more of " + String.join(", ", Identity.ALL_ROLES));
      }
      if (!out.contains(role)) {
        out.add(role);
      }
    }
    return out.toArray(new String[0]);
  }

  private static List<UUID> uuids(JsonObject b, String field) {
    Object value = b.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > 50) {
      throw ApiError.invalid(field, "must be a list of ids");
    }
    List<UUID> out = new ArrayList<>();
    array.forEach(o -> out.add(Json.uuid(o instanceof String s ? s : null, field)));
    return out;
  }

  private static JsonObject member(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("fullName", r.getString("full_name"))
      .put("email", r.getString("email"))
      .put("agencyId", r.getUUID("agency_id") == null ? null : r.getUUID("agency_id").toString())
      .put("agency", r.getString("agency")).put("roles", new JsonArray(Arrays.asList(r.getArrayOfStrings("roles"))))
      .put("active", r.getBoolean("active"));
  }

  private static Long millis(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toEpochMilli();
  }

  private static <T> Future<T> constraintErrors(Throwable failure) {
    if (failure instanceof PgException pg) {
      return switch (pg.getSqlState()) {
        case "23505" -> Future.failedFuture(ApiError.conflict("email_taken",
          "A member with that e-mail already exists. To send them a new invitation, use Re-invite on their entry in the member list."));
        case "23503" -> Future.failedFuture(ApiError.invalid(referencedField(pg),
          "names something that does not exist"));
        default -> Future.failedFuture(failure);
      };
    }
    return Future.failedFuture(failure);
  }

  /** Which request field a foreign-key failure is about, from the constraint Postgres names. */
  private static String referencedField(PgException pg) {
    String detail = String.valueOf(pg.getConstraint()) + " " + pg.getMessage();
    if (detail.contains("agency")) {
      return "agencyId";
    }
    return detail.contains("member_id") ? "memberId" : "panelId";
  }

  static String sha256(String code) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
