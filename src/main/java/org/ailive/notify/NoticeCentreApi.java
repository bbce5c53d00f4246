package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Query;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The signed-in member's notice centre (issue 19): their in-app notices (the bell), marking them
 * read, and what they get of each kind. Every route is for the member themselves ({@code memberId},
 * from their token): {@link NoticeSql} names the member in every statement, so another member's
 * notice is "not found".
 */
public final class NoticeCentreApi {

  private final Pool pool;

  public NoticeCentreApi(Pool pool) {
    this.pool = pool;
  }

  /** {@code GET /api/notices?limit=&olderThan=}: newest first, with the unread count. */
  public void list(RoutingContext ctx, UUID memberId) {
    int limit = (int) Query.number(ctx, "limit", 1, 100, 20);
    UUID olderThan = Query.uuid(ctx, "olderThan");
    pool.preparedQuery(NoticeSql.LIST).execute(Tuple.of(memberId, limit, olderThan))
      .compose(rows -> unread(memberId).map(unread -> {
        JsonArray notices = new JsonArray();
        rows.forEach(r -> notices.add(notice(r)));
        String next = rows.size() == limit ? notices.getJsonObject(notices.size() - 1).getString("id") : null;
        return new JsonObject().put("notices", notices).put("unread", unread).put("olderThan", next);
      }))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/notices/{noticeId}/read}: the notice, read (again: no change). */
  public void read(RoutingContext ctx, UUID memberId) {
    UUID id = Json.uuid(ctx.pathParam("noticeId"), "noticeId");
    pool.preparedQuery(NoticeSql.READ_ONE).execute(Tuple.of(memberId, id))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("That notice"))
        : unread(memberId).map(unread -> notice(rows.iterator().next()).put("unread", unread)))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/notices/read-all}: every notice of the member read. */
  public void readAll(RoutingContext ctx, UUID memberId) {
    pool.preparedQuery(NoticeSql.READ_ALL).execute(Tuple.of(memberId))
      .onSuccess(rows -> Http.ok(ctx, 200, new JsonObject().put("marked", rows.rowCount()).put("unread", 0)))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/notices/preferences}: every kind of notice with the member's choice. */
  public void preferences(RoutingContext ctx, UUID memberId) {
    answerPreferences(ctx, memberId, 200);
  }

  /**
   * {@code PUT /api/notices/preferences} with {@code {"choices": {"<kind>": "mail" | "app" | "off"}}}:
   * the kinds named are set, others kept. All or none: an unknown kind or choice is a 400, turning
   * an essential kind off or off mail, mailing a kind that is never mailed, or choosing the app only for a
   * kind that is mail or nothing ({@link NoticeKind#offered}), a 422.
   */
  public void savePreferences(RoutingContext ctx, UUID memberId) {
    JsonObject body = Http.body(ctx);
    if (!(body.getValue("choices") instanceof JsonObject choices) || choices.isEmpty()) {
      throw ApiError.invalid("choices", "must be an object naming each kind of notice with mail, app or off");
    }
    List<Tuple> rows = new ArrayList<>();
    for (Map.Entry<String, Object> e : choices) {
      NoticeKind kind = NoticeKind.of(e.getKey()).orElseThrow(() ->
        ApiError.invalid("choices", "names '" + shortened(e.getKey()) + "', which is not a kind of notice"));
      NoticeChoice choice = e.getValue() instanceof String s ? NoticeChoice.ofCode(s).orElse(null) : null;
      if (choice == null) {
        throw ApiError.invalid("choices", "must give mail, app or off for '" + kind.code + "'");
      }
      if (kind.essential && choice != NoticeChoice.MAIL) {
        throw new ApiError(422, "essential_notice", "“" + kind.label + "” cannot be turned off or moved off e-mail:"
          + " you need them to sign in or to be at the meeting.").with("kind", kind.code);
      }
      if (!kind.mailed && choice == NoticeChoice.MAIL) {
        throw new ApiError(422, "not_mailed", "“" + kind.label + "” are shown in the app only, never e-mailed:"
          + " choose app or off.").with("kind", kind.code);
      }
      if (!kind.offered().contains(choice)) {
        throw new ApiError(422, "mail_or_off", "“" + kind.label + "” come by e-mail or not at all: they carry"
          + " links that work without signing in, so the app never shows them. Choose mail or off.").with("kind", kind.code);
      }
      rows.add(Tuple.of(memberId, kind.code, choice.code));
    }
    pool.withTransaction(conn -> conn.preparedQuery(NoticeSql.SET_PREFERENCE).executeBatch(rows))
      .onSuccess(v -> answerPreferences(ctx, memberId, 200))
      .onFailure(ctx::fail);
  }

  private void answerPreferences(RoutingContext ctx, UUID memberId, int status) {
    pool.preparedQuery(NoticeSql.PREFERENCES).execute(Tuple.of(memberId)).map(rows -> {
        Map<String, String> stored = new HashMap<>();
        rows.forEach(r -> stored.put(r.getString("kind"), r.getString("choice")));
        JsonArray kinds = new JsonArray();
        for (NoticeKind kind : NoticeKind.values()) {
          NoticeChoice choice = kind.essential ? NoticeChoice.MAIL
            : NoticeChoice.ofCode(stored.getOrDefault(kind.code, "")).map(c -> NoticeChoice.allowed(kind, c))
              .orElse(NoticeChoice.byDefault(kind));
          kinds.add(new JsonObject().put("kind", kind.code).put("label", kind.label).put("essential", kind.essential)
            .put("mailed", kind.mailed).put("choice", choice.code)
            .put("offered", new JsonArray(kind.offered().stream().map(c -> c.code).toList())));
        }
        JsonArray labels = new JsonArray();
        for (NoticeChoice c : NoticeChoice.values()) {
          labels.add(new JsonObject().put("choice", c.code).put("label", c.label));
        }
        return new JsonObject().put("kinds", kinds).put("choices", labels);
      })
      .onSuccess(out -> Http.ok(ctx, status, out))
      .onFailure(ctx::fail);
  }

  private Future<Long> unread(UUID memberId) {
    return pool.preparedQuery(NoticeSql.UNREAD).execute(Tuple.of(memberId))
      .map(rows -> rows.iterator().next().getLong("unread"));
  }

  /** A notice as the member's page shows it: never a body. */
  static JsonObject notice(Row r) {
    String kind = r.getString("kind");
    return new JsonObject().put("id", r.getUUID("id").toString()).put("kind", kind)
      .put("label", NoticeKind.of(kind).map(k -> k.label).orElse(kind))
      .put("subject", r.getString("subject")).put("url", r.getString("url"))
      .put("createdAt", millis(r.getOffsetDateTime("created_at")))
      .put("readAt", millis(r.getOffsetDateTime("read_at")));
  }

  /** What the member's open pages get on {@code ailive.notices.<member id>} as a notice commits. */
  static JsonObject live(Row r) {
    String kind = r.getString("kind");
    return new JsonObject().put("type", "notice").put("id", r.getUUID("id").toString()).put("kind", kind)
      .put("label", NoticeKind.of(kind).map(k -> k.label).orElse(kind))
      .put("subject", r.getString("subject")).put("url", r.getString("url"))
      .put("createdAt", millis(r.getOffsetDateTime("created_at"))).put("unread", r.getLong("unread"));
  }

  private static String shortened(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static Long millis(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toEpochMilli();
  }
}
