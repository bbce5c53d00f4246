package org.ailive.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Roles;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Panels, each one double district of exactly two districts (R1), and which district goes first at
 * its first meeting (R2; meetings alternate after it). The districts are made with the panel and
 * only renamed after: cases and meetings point at them.
 */
public final class PanelAdmin {

  private static final String CODE = "^[A-Z0-9]{2,8}$";
  private static final int DISTRICT_NAME_LENGTH = 80;

  private final Pool pool;

  public PanelAdmin(Pool pool) {
    this.pool = pool;
  }

  /** {@code GET /api/admin/panels}. */
  public void list(RoutingContext ctx) {
    pool.preparedQuery(AdminSql.PANELS).execute(Tuple.tuple().addValue(null))
      .map(rows -> {
        JsonArray out = new JsonArray();
        rows.forEach(r -> out.add(panel(r)));
        return out;
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/admin/panels {"name", "code", "districts": [two names], "firstDistrict"}}. */
  public void create(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String name = Edits.name(body, "name", "The panel's name");
    String code = code(body);
    List<String> districts = twoNames(body.getValue("districts"));
    String first = body.getValue("firstDistrict") == null ? districts.get(0)
      : Json.text(body, "firstDistrict", 1000, true).strip();
    int firstIndex = districts.indexOf(first);
    if (firstIndex < 0) {
      throw Edits.invalid("firstDistrict", "The district going first must be one of the panel's two districts ("
        + districts.get(0) + " or " + districts.get(1) + ").");
    }
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.preparedQuery(AdminSql.INSERT_DOUBLE_DISTRICT).execute(Tuple.of(code, name))
        .compose(dd -> {
          UUID ddId = dd.iterator().next().getUUID("id");
          return conn.preparedQuery(AdminSql.INSERT_DISTRICT).execute(Tuple.of(ddId, districts.get(0)))
            .compose(a -> conn.preparedQuery(AdminSql.INSERT_DISTRICT).execute(Tuple.of(ddId, districts.get(1)))
              .map(b -> (firstIndex == 0 ? a : b).iterator().next().getUUID("id")))
            .compose(firstId -> conn.preparedQuery(AdminSql.INSERT_PANEL).execute(Tuple.of(ddId, name, firstId)));
        })
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(id -> read(conn, id))
        .compose(panel -> AuditTrail.record(conn, officer, AuditAction.PANEL_CREATED, "panel:" + panel.getString("id"),
          new JsonObject().put("after", summary(panel))).map(panel)))
      .recover(failure -> Edits.uniqueViolation(failure, "double_district_code_key")
        ? Future.failedFuture(ApiError.conflict("code_taken", "Another panel already has the code " + code
          + ": choose another.").with("field", "code"))
        : Future.failedFuture(failure))
      .onSuccess(panel -> {
        ctx.response().putHeader("Location", "/api/admin/panels/" + panel.getString("id"));
        Http.ok(ctx, 201, panel);
      })
      .onFailure(ctx::fail);
  }

  /** {@code PUT /api/admin/panels/{id} {"name", "districts": [{"id", "name"} x2], "firstDistrictId", "version"}}. */
  public void update(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("panelId"), "panelId");
    JsonObject body = Http.body(ctx);
    int version = Edits.version(body);
    String newName = body.containsKey("name") ? Edits.name(body, "name", "The panel's name") : null;
    List<JsonObject> renames = body.getValue("districts") == null ? null : districtRenames(body.getValue("districts"));
    UUID newFirst = Json.uuid(body, "firstDistrictId", false);
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.preparedQuery(AdminSql.LOCK_PANEL).execute(Tuple.of(id))
        .compose(locked -> locked.size() == 0 ? Future.failedFuture(ApiError.notFound("The panel")) : read(conn, id))
        .compose(before -> {
          if (before.getInteger("version") != version) {
            return Future.failedFuture(Edits.conflict("panel", before));
          }
          List<String> districtIds = before.getJsonArray("districts").stream()
            .map(d -> ((JsonObject) d).getString("id")).toList();
          if (renames != null && !renames.stream().map(d -> d.getString("id")).sorted().toList()
            .equals(districtIds.stream().sorted().toList())) {
            return Future.failedFuture(Edits.invalid("districts", "The districts must be the panel's own two districts,"
              + " by their ids: a panel's districts are renamed, never replaced."));
          }
          if (newFirst != null && !districtIds.contains(newFirst.toString())) {
            return Future.failedFuture(Edits.invalid("firstDistrictId", "The district going first must be one of the"
              + " panel's two districts."));
          }
          String name = newName == null ? before.getString("name") : newName;
          String was = before.getString("firstDistrictId");
          UUID first = newFirst != null ? newFirst : was == null ? null : UUID.fromString(was);
          Future<Void> chain = conn.preparedQuery(AdminSql.UPDATE_PANEL).execute(Tuple.of(id, name, first))
            .compose(rows -> conn.preparedQuery(AdminSql.RENAME_DOUBLE_DISTRICT)
              .execute(Tuple.of(rows.iterator().next().getUUID("double_district_id"), name)))
            .mapEmpty();
          if (renames != null) {
            for (JsonObject d : renames) {
              chain = chain.compose(v -> conn.preparedQuery(AdminSql.PARK_DISTRICT_NAME)
                .execute(Tuple.of(UUID.fromString(d.getString("id")))).mapEmpty());
            }
            for (JsonObject d : renames) {
              chain = chain.compose(v -> conn.preparedQuery(AdminSql.RENAME_DISTRICT)
                .execute(Tuple.of(UUID.fromString(d.getString("id")), d.getString("name"))).mapEmpty());
            }
          }
          return chain.compose(v -> read(conn, id))
            .compose(after -> AuditTrail.record(conn, officer, AuditAction.PANEL_UPDATED, "panel:" + id,
              new JsonObject().put("before", summary(before)).put("after", summary(after))).map(after));
        }))
      .onSuccess(panel -> Http.ok(ctx, 200, panel))
      .onFailure(ctx::fail);
  }

  static Future<JsonObject> read(SqlClient client, UUID id) {
    return client.preparedQuery(AdminSql.PANELS).execute(Tuple.of(id))
      .compose(rows -> rows.iterator().hasNext() ? Future.succeededFuture(panel(rows.iterator().next()))
        : Future.failedFuture(ApiError.notFound("The panel")));
  }

  static JsonObject panel(Row r) {
    UUID chair = r.getUUID("chair_member_id");
    UUID first = r.getUUID("first_district_id");
    return new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))
      .put("code", r.getString("code")).put("version", r.getInteger("version"))
      .put("chair", chair == null ? null
        : new JsonObject().put("memberId", chair.toString()).put("fullName", r.getString("chair_name")))
      .put("firstDistrictId", first == null ? null : first.toString())
      .put("districts", new JsonArray(Objects.toString(r.getValue("districts"), "[]")))
      .put("meetings", r.getLong("meetings"));
  }

  /** What the audit keeps of a panel: names and ids, no more. */
  private static JsonObject summary(JsonObject panel) {
    return new JsonObject().put("name", panel.getString("name")).put("code", panel.getString("code"))
      .put("districts", panel.getJsonArray("districts")).put("firstDistrictId", panel.getString("firstDistrictId"))
      .put("chair", panel.getValue("chair"));
  }

  private static String code(JsonObject body) {
    Object value = body.getValue("code");
    if (!(value instanceof String s) || !s.strip().matches(CODE)) {
      throw Edits.invalid("code", "The panel's code must be 2 to 8 capital letters or digits, such as NHST.");
    }
    return ((String) value).strip();
  }

  /** Exactly two different district names (R1: a panel is one double district). */
  private static List<String> twoNames(Object value) {
    if (!(value instanceof JsonArray array) || array.size() != 2) {
      throw Edits.invalid("districts", "A panel is one double district: give exactly two districts.");
    }
    List<String> names = new ArrayList<>();
    for (Object o : array) {
      names.add(districtName(o));
    }
    if (names.get(0).toLowerCase(Locale.ROOT).equals(names.get(1).toLowerCase(Locale.ROOT))) {
      throw Edits.invalid("districts", "The panel's two districts must have different names.");
    }
    return names;
  }

  private static List<JsonObject> districtRenames(Object value) {
    if (!(value instanceof JsonArray array) || array.size() != 2) {
      throw Edits.invalid("districts", "A panel is one double district: give exactly two districts.");
    }
    List<JsonObject> out = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof JsonObject d)) {
        throw Edits.invalid("districts", "Each district must be given as {\"id\", \"name\"}.");
      }
      UUID id = Json.uuid(d, "id", true);
      out.add(new JsonObject().put("id", id.toString()).put("name", districtName(d.getValue("name"))));
    }
    if (out.get(0).getString("name").equalsIgnoreCase(out.get(1).getString("name"))) {
      throw Edits.invalid("districts", "The panel's two districts must have different names.");
    }
    return out;
  }

  private static String districtName(Object o) {
    if (!(o instanceof String s) || s.isBlank()) {
      throw Edits.invalid("districts", "Each district needs a name.");
    }
    String name = Json.text(new JsonObject().put("districts", s), "districts", DISTRICT_NAME_LENGTH, true).strip();
    return name;
  }
}
