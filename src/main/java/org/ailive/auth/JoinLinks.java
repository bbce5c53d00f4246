package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.notify.MeetingNotices;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Zone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

/**
 * Per-member meeting join links: signed, good until the end of the meeting day, revocable by the
 * officer (several at once, and the per-member list: {@code meeting/JoinLinkBatch}). Opening one gives a session for that meeting only, so a partner on a phone in a car
 * park joins with one tap and no password, and a forwarded link is no key to anything else.
 */
public final class JoinLinks {

  private static final String MEETING = """
    SELECT m.meeting_date, m.panel_id, m.starts_at, m.cancelled_at, p.name AS panel_name, who.full_name, who.email, who.active,
           EXISTS (SELECT 1 FROM panel_member pm WHERE pm.panel_id = m.panel_id AND pm.member_id = $2
                   AND pm.left_at IS NULL) AS on_panel
    FROM meeting m JOIN panel p ON p.id = m.panel_id LEFT JOIN member who ON who.id = $2 WHERE m.id = $1""";
  private static final String INSERT = """
    INSERT INTO join_link (id, meeting_id, member_id, created_by_member_id, expires_at) VALUES ($1, $2, $3, $4, $5)""";
  private static final String LIVE_LINK = """
    SELECT l.member_id, l.meeting_id, l.expires_at, m.full_name, m.email, m.agency_id, a.name AS agency, m.roles
    FROM join_link l JOIN member m ON m.id = l.member_id LEFT JOIN agency a ON a.id = m.agency_id
    WHERE l.id = $1 AND l.revoked_at IS NULL AND l.expires_at > now() AND m.active""";

  private static final ApiError INVALID = new ApiError(401, "invalid_join_link",
    "This join link has expired or been withdrawn. Ask the officer for a new one.");

  /** A link is no way round the second factor (issue 18): officers and chairs sign in with their code. */
  private static final ApiError SIGN_IN_REQUIRED = new ApiError(403, "sign_in_required",
    "Officers and chairs sign in with their password and code: a join link is not enough. Sign in, then open the meeting.");

  private final Pool pool;
  private final Tokens tokens;
  private final SessionCookie cookie;
  private final TwoFactor twoFactor;
  private final Outbox outbox;

  public JoinLinks(Pool pool, Tokens tokens, SessionCookie cookie, TwoFactor twoFactor, Outbox outbox) {
    this.pool = pool;
    this.tokens = tokens;
    this.cookie = cookie;
    this.twoFactor = twoFactor;
    this.outbox = outbox;
  }

  /**
   * {@code POST /api/meetings/{id}/join-links {"memberId": …, "mail": true}}: officer. With mail on
   * (and {@code "mail"} not false) the link goes to the member by mail in the same transaction
   * ({@code "mailed": true}); the url is in the answer to copy either way.
   */
  public void create(RoutingContext ctx) {
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    JsonObject body = Http.body(ctx);
    UUID memberId = Json.uuid(body, "memberId", true);
    boolean mail = !Boolean.FALSE.equals(Json.bool(body, "mail", false)) && outbox.on();
    Identity officer = Roles.identity(ctx);
    pool.withTransaction(conn -> conn.preparedQuery(MEETING).execute(Tuple.of(meetingId, memberId)).compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(ApiError.notFound("The meeting"));
        }
        Row m = rows.iterator().next();
        if (!m.getBoolean("on_panel")) {
          return Future.failedFuture(ApiError.invalid("memberId", "is not a member of this meeting's panel"));
        }
        Instant expires = endOfDay(m.getLocalDate("meeting_date"));
        if (!expires.isAfter(Instant.now())) {
          return Future.failedFuture(ApiError.conflict("meeting_over", "The meeting day is over."));
        }
        if (m.getValue("cancelled_at") != null) {
          return Future.failedFuture(ApiError.conflict("meeting_cancelled", "This meeting was cancelled."));
        }
        UUID linkId = UUID.randomUUID();
        String token = tokens.issueJoinLink(memberId, meetingId, linkId, expires.getEpochSecond() - Instant.now().getEpochSecond());
        String url = "/join.html#token=" + token;
        boolean mailed = mail && Boolean.TRUE.equals(m.getBoolean("active"));
        return conn.preparedQuery(INSERT).execute(Tuple.of(linkId, meetingId, memberId, officer.memberId(),
            OffsetDateTime.ofInstant(expires, ZoneOffset.UTC)))
          .compose(v -> AuditTrail.record(conn, officer.memberId(), AuditAction.JOIN_LINK_CREATED, "join_link:" + linkId,
            new JsonObject().put("meetingId", meetingId.toString()).put("memberId", memberId.toString()).put("mailed", mailed)))
          .compose(v -> mailed ? outbox.enqueue(conn, MeetingNotices.joinLink(new Notices.Recipient(memberId,
              m.getString("full_name"), m.getString("email")), linkId, m.getString("panel_name"), m.getLocalDate("meeting_date"),
              m.getLocalTime("starts_at"), url, expires)) : Future.<Void>succeededFuture())
          .map(v -> new JsonObject().put("id", linkId.toString()).put("memberId", memberId.toString())
            .put("url", url).put("expiresAt", expires.toEpochMilli()).put("mailed", mailed));
      }))
      .onSuccess(link -> Http.ok(ctx, 201, link))
      .onFailure(ctx::fail);
  }

  /** Withdraws the link and every session opened with it (their sockets close at once). */
  public void revoke(RoutingContext ctx) {
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    UUID linkId = Json.uuid(ctx.pathParam("linkId"), "linkId");
    tokens.revocations().revokeLink(linkId, meetingId)
      .compose(found -> found
        ? audit(Roles.identity(ctx).memberId(), AuditAction.JOIN_LINK_REVOKED, linkId, new JsonObject())
        : Future.failedFuture(ApiError.notFound("The join link")))
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/auth/join {"token": …}} (no sign-in): the link's token for a meeting-scoped session. */
  public void exchange(RoutingContext ctx) {
    String token = Json.text(Http.body(ctx), "token", 4096, true);
    tokens.verifyJoinLink(token).recover(err -> Future.failedFuture(INVALID))
      .compose(claims -> pool.preparedQuery(LIVE_LINK).execute(Tuple.of(UUID.fromString(claims.getString("link"))))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(INVALID);
          }
          Row r = rows.iterator().next();
          UUID linkId = UUID.fromString(claims.getString("link"));
          Identity who = new Identity(r.getUUID("member_id"), r.getString("full_name"), r.getUUID("agency_id"),
            r.getString("agency"), Set.of(r.getArrayOfStrings("roles")), r.getUUID("meeting_id"));
          long ttl = tokens.linkSessionSeconds(r.getOffsetDateTime("expires_at").toEpochSecond()
            - Instant.now().getEpochSecond());
          return twoFactor.required(who, r.getString("email")).compose(required -> required
            ? AuditTrail.record(pool, who.memberId(), AuditAction.JOIN_LINK_REFUSED, "join_link:" + linkId,
                new JsonObject().put("verified", true).put("secondFactorRequired", true))
              .compose(v -> Future.<JsonObject>failedFuture(SIGN_IN_REQUIRED))
            : audit(who.memberId(), AuditAction.JOIN_LINK_USED, linkId, new JsonObject())
              .map(v -> cookie.beginFromLink(ctx, who, linkId, ttl).put("meetingId", who.meetingScope().toString())));
        }))
      .recover(err -> err == INVALID ? refused(token).compose(v -> Future.failedFuture(err)) : Future.failedFuture(err))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** Links last until the end of the meeting day, local time (11:59:59 pm in London). */
  public static Instant endOfDay(LocalDate day) {
    return day.plusDays(1).atStartOfDay(Zone.LONDON).toInstant().minusSeconds(1);
  }

  /**
   * A link that opened no session is audited: one still signed by us but withdrawn or expired in the
   * database names its link and member (never the token); anything else (forged, expired, garbled)
   * is recorded as not verified. Auditing it never changes the answer.
   */
  private Future<Void> refused(String token) {
    return tokens.verifyJoinLink(token)
      .map(claims -> AuditTrail.record(pool, null, AuditAction.JOIN_LINK_REFUSED, "join_link:" + claims.getString("link"),
        new JsonObject().put("verified", true).put("memberId", claims.getString("sub"))))
      .otherwise(err -> AuditTrail.record(pool, null, AuditAction.JOIN_LINK_REFUSED, "join_link",
        new JsonObject().put("verified", false)))
      .compose(recorded -> recorded)
      .otherwiseEmpty();
  }

  private Future<Void> audit(UUID memberId, AuditAction action, UUID linkId, JsonObject detail) {
    return AuditTrail.record(pool, memberId, action, "join_link:" + linkId, detail);
  }
}
