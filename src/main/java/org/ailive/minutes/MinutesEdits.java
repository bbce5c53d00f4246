package org.ailive.minutes;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the officer and the chair write into the minutes (issue 17): per agenda item, a summary and
 * the decisions (what was agreed, who is doing what). They are kept apart from the log, keyed by the
 * agenda item, so every draft built from the log later carries them; a version copies them when it
 * is drafted and never changes after. An edit is made against the latest draft: an approved version
 * is locked, and a correction is a new version with a note.
 */
public final class MinutesEdits {

  /** Each field's bound, as V19 checks it. */
  static final int MAX_TEXT = 4000;

  private final Pool pool;
  private final MinutesVersions versions;

  public MinutesEdits(Pool pool, MinutesVersions versions) {
    this.pool = pool;
    this.versions = versions;
  }

  /** {@code GET /api/exports/meetings/{id}/minutes-edits}: what has been written, per item. */
  public void list(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    versions.access(Roles.identity(ctx), id)
      .compose(meeting -> read(pool, id))
      .map(edits -> new JsonObject().put("items", new JsonArray(edits.values().stream().toList())))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code PUT /api/exports/meetings/{id}/minutes/{version}/items/{itemId}}: the item's summary and decisions. */
  public void save(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    UUID itemId = Json.uuid(ctx.pathParam("itemId"), "itemId");
    JsonObject body = Http.body(ctx);
    String summary = blankIsNull(Json.text(body, "summary", MAX_TEXT, false));
    String decisions = blankIsNull(Json.text(body, "decisions", MAX_TEXT, false));
    versions.access(who, id)
      .compose(meeting -> versions.version(ctx, id))
      .compose(version -> editable(id, version, itemId).map(version))
      .compose(version -> pool.preparedQuery(MinutesSql.SAVE_EDIT)
        .execute(Tuple.of(id, itemId, summary, decisions, who.memberId()))
        .compose(rows -> AuditTrail.record(pool, who.memberId(), AuditAction.MINUTES_EDITED, "minutes:" + id,
            new JsonObject().put("version", version).put("itemId", itemId.toString()))
          .map(v -> new JsonObject().put("itemId", itemId.toString()).put("summary", summary)
            .put("decisions", decisions).put("basedOnVersion", version)
            .put("updatedAt", rows.iterator().next().getOffsetDateTime("updated_at").toInstant().toEpochMilli()))))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** Only the latest version, and only while it is a draft; and only an item that version minutes. */
  private Future<Void> editable(UUID id, int version, UUID itemId) {
    return pool.preparedQuery(MinutesSql.LOCK_VERSION).execute(Tuple.of(id, version)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("Version " + version + " of this meeting's minutes"));
      }
      Row r = rows.iterator().next();
      if ("approved".equals(r.getString("status"))) {
        return Future.failedFuture(ApiError.conflict("approved_locked", "Version " + version
          + " is approved and locked; a correction is a new version with a note."));
      }
      if (r.getInteger("latest") != version) {
        return Future.failedFuture(ApiError.conflict("wrong_status", "Version " + version
          + " has been superseded by version " + r.getInteger("latest") + "; edit the latest draft."));
      }
      return pool.preparedQuery(MinutesSql.VERSION_CONTENT).execute(Tuple.of(id, version)).compose(content -> {
        JsonObject c = (JsonObject) content.iterator().next().getValue("content");
        boolean known = MinutesContent.objects(c.getJsonArray("items")).stream()
          .anyMatch(i -> itemId.toString().equals(i.getString("itemId")));
        return known ? Future.succeededFuture()
          : Future.failedFuture(ApiError.notFound("That item in version " + version + " of the minutes"));
      });
    });
  }

  /** Every item's edit, keyed by agenda item id. */
  static Future<Map<String, JsonObject>> read(Pool pool, UUID meetingId) {
    return pool.preparedQuery(MinutesSql.EDITS).execute(Tuple.of(meetingId)).map(rows -> {
      Map<String, JsonObject> out = new HashMap<>();
      rows.forEach(r -> out.put(r.getUUID("item_id").toString(), new JsonObject()
        .put("itemId", r.getUUID("item_id").toString())
        .put("summary", r.getString("summary"))
        .put("decisions", r.getString("decisions"))
        .put("updatedByName", r.getString("updated_by_name"))
        .put("updatedAt", r.getOffsetDateTime("updated_at").toInstant().toEpochMilli())));
      return out;
    });
  }

  /** The content with each item's summary and decisions as written: what a new version stores. */
  static JsonObject apply(JsonObject content, Map<String, JsonObject> edits) {
    for (JsonObject item : MinutesContent.objects(content.getJsonArray("items"))) {
      JsonObject edit = edits.get(item.getString("itemId"));
      if (edit != null) {
        item.put("minutedSummary", edit.getString("summary")).put("decisions", edit.getString("decisions"));
      }
    }
    return content;
  }

  private static String blankIsNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
