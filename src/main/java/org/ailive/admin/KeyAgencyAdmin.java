package org.ailive.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.agencies.AgencyChoice;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Roles;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.room.PresentingNeed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which agencies the chair expects in the room for each presenting need (R11's themes), so the chair
 * sees before a case whether the right people are coming. "Every county-wide agency" is one row
 * without an agency. The table is edited need by need under one version for the whole of it.
 */
public final class KeyAgencyAdmin {

  private final Pool pool;

  public KeyAgencyAdmin(Pool pool) {
    this.pool = pool;
  }

  /** {@code GET /api/admin/key-agencies}: every need, empty ones too. */
  public void list(RoutingContext ctx) {
    read(pool).onSuccess(out -> Http.ok(ctx, 200, out)).onFailure(ctx::fail);
  }

  /** {@code PUT /api/admin/key-agencies/{need} {"everyCountyWide", "agencyIds", "version"}}. */
  public void set(RoutingContext ctx) {
    PresentingNeed need = PresentingNeed.of(ctx.pathParam("need"))
      .orElseThrow(() -> ApiError.notFound("The presenting need " + ctx.pathParam("need")));
    JsonObject body = Http.body(ctx);
    int version = Edits.version(body);
    boolean everyCountyWide = Boolean.TRUE.equals(Json.bool(body, "everyCountyWide", false));
    List<UUID> given = Json.uuids(body, "agencyIds", 500, false);
    List<UUID> agencyIds = new ArrayList<>(new LinkedHashSet<>(given == null ? List.of() : given));
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.query(AdminSql.COUNCIL_FOR_UPDATE).execute().compose(council -> {
        int current = council.iterator().next().getInteger("key_agencies_version");
        if (current != version) {
          return read(conn).compose(now -> Future.failedFuture(Edits.conflict("table of key agencies", now)));
        }
        return agencies(conn, agencyIds)
          .compose(v -> conn.preparedQuery(AdminSql.CLEAR_NEED).execute(Tuple.of(need.code())))
          .compose(v -> {
            List<Tuple> rows = new ArrayList<>();
            if (everyCountyWide) {
              rows.add(Tuple.tuple().addValue(need.code()).addValue(null));
            }
            agencyIds.forEach(id -> rows.add(Tuple.of(need.code(), id)));
            return rows.isEmpty() ? Future.succeededFuture()
              : conn.preparedQuery(AdminSql.INSERT_NEED_AGENCY).executeBatch(rows).mapEmpty();
          })
          .compose(v -> conn.query(AdminSql.BUMP_KEY_AGENCIES).execute())
          .compose(bumped -> {
            JsonObject row = new JsonObject().put("need", need.code()).put("label", need.label())
              .put("everyCountyWide", everyCountyWide)
              .put("agencyIds", new JsonArray(agencyIds.stream().map(UUID::toString).toList()))
              .put("version", bumped.iterator().next().getInteger(0));
            return AuditTrail.record(conn, officer, AuditAction.KEY_AGENCIES_SET, "key_agencies:" + need.code(),
              new JsonObject().put("everyCountyWide", everyCountyWide).put("agencyIds", row.getJsonArray("agencyIds")))
              .map(row);
          });
      }))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** Every one of them must exist and not be retired; the refusal names the first that is not. */
  private static Future<Void> agencies(SqlClient conn, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(AdminSql.AGENCY_STATES).execute(Tuple.of(ids.toArray(new UUID[0]))).compose(rows -> {
      Map<UUID, Row> found = new HashMap<>();
      rows.forEach(r -> found.put(r.getUUID("id"), r));
      for (UUID id : ids) {
        Row r = found.get(id);
        if (r == null) {
          return Future.failedFuture(new ApiError(422, "unknown_agency", "There is no agency with the id " + id
            + ": reload the list of agencies.").with("field", "agencyIds").with("agencyId", id.toString()));
        }
        if (r.getBoolean("retired")) {
          return Future.failedFuture(AgencyChoice.retired("agencyIds", r.getString("name"))
            .with("agencyId", id.toString()));
        }
      }
      return Future.succeededFuture();
    });
  }

  private static Future<JsonObject> read(SqlClient client) {
    return client.query(AdminSql.COUNCIL).execute().compose(council -> client.query(AdminSql.KEY_AGENCIES).execute()
      .map(rows -> {
        Map<String, JsonObject> byNeed = new HashMap<>();
        for (PresentingNeed need : PresentingNeed.values()) {
          byNeed.put(need.code(), new JsonObject().put("need", need.code()).put("label", need.label())
            .put("everyCountyWide", false).put("agencyIds", new JsonArray()));
        }
        for (Row r : rows) {
          JsonObject row = byNeed.get(r.getString("need"));
          if (row == null) {
            continue;
          }
          if (r.getUUID("agency_id") == null) {
            row.put("everyCountyWide", true);
          } else {
            row.getJsonArray("agencyIds").add(r.getUUID("agency_id").toString());
          }
        }
        JsonArray needs = new JsonArray();
        for (PresentingNeed need : PresentingNeed.values()) {
          needs.add(byNeed.get(need.code()));
        }
        return new JsonObject().put("version", council.iterator().next().getInteger("key_agencies_version"))
          .put("needs", needs);
      }));
  }
}
