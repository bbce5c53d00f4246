package org.ailive.actions;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.Passwords;
import org.ailive.notify.MailGuard;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.room.VolunteeredAction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One-time progress links (issue 19, item 6): the weekly digest ({@link ActionDigest}) gives an
 * action's owner a link that posts progress on that one action without a sign-in. Single use, 7
 * days, stored only as the SHA-256 of its code; withdrawn when used, replaced by next week's, or when
 * the action closes, is dropped or changes owner (a trigger, V28); refused too when the action is no
 * longer open or the owner could no longer update it (the app's own access check, as the owner).
 * Progress goes through the app's own path ({@link ActionsApi#postProgress}), so it is an ordinary
 * update in the action's history. Every opening, use and refusal is audited.
 *
 * <p>{@code GET /api/progress-links/{code}} shows the action to its owner; {@code POST} with
 * {@code {"body", "status"}} posts the update. No sign-in: the code is the credential.
 */
public final class ProgressLinks {

  public static final Duration LIFETIME = Duration.ofDays(7);

  private static final ApiError UNKNOWN = new ApiError(404, "progress_link_unknown",
    "This progress link is not known. Check that you opened the whole link from the email, or sign in to update"
      + " the action.");

  private final Pool pool;
  private final ActionsApi actions;

  private final List<String> allowedDomains;

  /** {@code allowedDomains}: mailAllowedDomains; an owner outside them sees no family or action text here. */
  public ProgressLinks(Pool pool, ActionsApi actions, List<String> allowedDomains) {
    this.pool = pool;
    this.actions = actions;
    this.allowedDomains = allowedDomains;
  }

  /** A link that was found, and the action it is for as its owner sees it. */
  private record Opened(UUID linkId, Row link, Identity owner, FollowedAction action, String ownerEmail) {
  }

  /**
   * New links for these actions of one owner (older ones replaced): action id to link path
   * ({@code /progress.html#code=…}; the code stays in the fragment, out of the server's logs).
   */
  static Future<Map<UUID, String>> issue(SqlConnection conn, UUID memberId, List<UUID> actionIds, Instant expires) {
    Map<UUID, String> paths = new LinkedHashMap<>();
    List<Tuple> rows = new ArrayList<>();
    OffsetDateTime until = OffsetDateTime.ofInstant(expires, ZoneOffset.UTC);
    for (UUID actionId : actionIds) {
      String code = Passwords.randomSecret() + Passwords.randomSecret();
      paths.put(actionId, "/progress.html#code=" + code);
      rows.add(Tuple.of(actionId, memberId, sha256(code), until));
    }
    return conn.preparedQuery(ProgressLinkSql.REPLACE).execute(Tuple.of(memberId, (Object) actionIds.toArray(new UUID[0])))
      .compose(v -> conn.preparedQuery(ProgressLinkSql.INSERT).executeBatch(rows))
      .map(paths);
  }

  /** {@code GET /api/progress-links/{code}}: the action, its text and the statuses it can move to. */
  public void show(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    open(code)
      .compose(o -> AuditTrail.record(pool, o.owner().memberId(), AuditAction.PROGRESS_LINK_OPENED,
        "action:" + o.action().id(), new JsonObject().put("number", o.action().number())).map(o))
      .onSuccess(o -> Http.ok(ctx, 200, view(o, MailGuard.familyRefAllowed(o.ownerEmail(), allowedDomains))))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/progress-links/{code} {"body", "status"}}: {@code 201}, the link used up. */
  public void post(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String text = ActionsApi.progressText(body);
    String wanted = ActionsApi.progressStatus(body);
    String code = ctx.pathParam("code");
    open(code)
      .compose(o -> actions.postProgress(o.action(), o.owner(), text, wanted, conn -> useUp(conn, o))
        .compose(v -> pool.preparedQuery(ActionsSql.BY_ID).execute(Tuple.of(o.owner().memberId(), o.action().id())))
        .map(rows -> new Opened(o.linkId(), o.link(), o.owner(), FollowedAction.from(rows.iterator().next()),
          o.ownerEmail())))
      .onSuccess(o -> Http.ok(ctx, 201, view(o, MailGuard.familyRefAllowed(o.ownerEmail(), allowedDomains))
        .put("posted", true)))
      .onFailure(ctx::fail);
  }

  /** The link if it still works, else the reason (audited when the link is known). */
  private Future<Opened> open(String code) {
    if (code == null || code.length() > 200) {
      return Future.failedFuture(UNKNOWN);
    }
    return pool.preparedQuery(ProgressLinkSql.BY_HASH).execute(Tuple.of(sha256(code))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(UNKNOWN);
      }
      Row link = rows.iterator().next();
      ApiError refused = refusal(link);
      if (refused != null) {
        return refuse(link, refused);
      }
      UUID memberId = link.getUUID("member_id");
      return pool.preparedQuery(ProgressLinkSql.OWNER).execute(Tuple.of(memberId))
        .compose(owners -> owners.size() == 0 ? refuse(link, withdrawn())
          : pool.preparedQuery(ActionsSql.BY_ID).execute(Tuple.of(memberId, link.getUUID("action_id")))
            .compose(found -> {
              Row ownerRow = owners.iterator().next();
              Identity owner = identity(ownerRow);
              FollowedAction action = FollowedAction.from(found.iterator().next());
              // The app's own rule, as the owner: someone who left the panel no longer posts on it.
              return ActionAccess.updatable(owner, action)
                .map(a -> new Opened(link.getUUID("id"), link, owner, a, ownerRow.getString("email")))
                .recover(err -> refuse(link, withdrawn()));
            }));
    });
  }

  /** Why this link no longer works, or null. A closed action is said first: it is the plainest reason. */
  private static ApiError refusal(Row link) {
    long number = link.getLong("number");
    String status = link.getString("status");
    if (!VolunteeredAction.FOLLOWED_UP.contains(status)) {
      return new ApiError(410, "action_closed", "Action " + number + " is " + VolunteeredAction.label(status)
        .toLowerCase(java.util.Locale.UK) + ", so progress can no longer be posted on it.");
    }
    if (link.getOffsetDateTime("used_at") != null) {
      return new ApiError(410, "progress_link_used", "This link has been used: each link posts one update. Sign in"
        + " to post another, or use the link in next week's email.");
    }
    if (link.getString("withdrawn_why") != null || !Boolean.TRUE.equals(link.getBoolean("active"))
      || !link.getUUID("member_id").equals(link.getUUID("owner_member_id"))) {
      return withdrawn();
    }
    if (!Boolean.TRUE.equals(link.getBoolean("live"))) {
      return new ApiError(410, "progress_link_expired", "This link has expired: links work for 7 days. Sign in to"
        + " post progress, or use the link in next week's email.");
    }
    return null;
  }

  private static ApiError withdrawn() {
    return new ApiError(410, "progress_link_withdrawn", "This link has been withdrawn: a newer email replaced it,"
      + " or the action has another owner. Sign in to see your actions.");
  }

  private <T> Future<T> refuse(Row link, ApiError why) {
    return AuditTrail.record(pool, link.getUUID("member_id"), AuditAction.PROGRESS_LINK_REFUSED,
        "action:" + link.getUUID("action_id"), new JsonObject().put("number", link.getLong("number"))
          .put("reason", why.code()))
      .transform(v -> Future.failedFuture(why));
  }

  /** In the update's own transaction: the link is used once, or the update does not happen. */
  private static Future<Void> useUp(SqlConnection conn, Opened o) {
    return conn.preparedQuery(ProgressLinkSql.USE).execute(Tuple.of(o.linkId())).compose(used -> used.rowCount() == 1
      ? AuditTrail.record(conn, o.owner().memberId(), AuditAction.PROGRESS_LINK_USED, "action:" + o.action().id(),
        new JsonObject().put("number", o.action().number()))
      : Future.failedFuture(new ApiError(410, "progress_link_used",
        "This link has just been used: each link posts one update. Sign in to post another.")));
  }

  /**
   * What the page shows: the owner is entitled to the action's text, but the link works without a
   * sign-in, so it shows no more than its mail could carry (R12): to an owner whose address is outside
   * the council's allowed domains, neither the family reference nor what the action says
   * ({@code detailsWithheld}; signed in, they see it all). Nothing of other agencies' updates.
   */
  private static JsonObject view(Opened o, boolean details) {
    FollowedAction a = o.action();
    JsonObject action = a.toJson(FollowedAction.today());
    JsonObject shown = new JsonObject();
    List<String> fields = details
      ? List.of("number", "familyRef", "dueDate", "description", "successMeasure", "status", "ownerName", "ownerAgency", "flags", "rag")
      : List.of("number", "dueDate", "status", "ownerName", "ownerAgency", "flags", "rag");
    for (String field : fields) {
      shown.put(field, action.getValue(field));
    }
    return new JsonObject().put("action", shown).put("detailsWithheld", !details)
      .put("expiresAt", o.link().getOffsetDateTime("expires_at").toInstant().toEpochMilli())
      .put("statuses", new JsonArray(List.of("in_progress", "done_awaiting_agreement")));
  }

  private static Identity identity(Row r) {
    return new Identity(r.getUUID("id"), r.getString("full_name"), r.getUUID("agency_id"), r.getString("agency"),
      Set.of(r.getArrayOfStrings("roles")));
  }

  static String sha256(String code) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
