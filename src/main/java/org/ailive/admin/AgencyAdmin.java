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

import java.util.Set;
import java.util.UUID;

/**
 * Agencies: county-wide ones are expected at every panel, others attend when a case needs them.
 * Nothing in use is deleted: an agency with members, actions, contributions or key-agency rows is
 * retired instead (not offered for anything new, its name kept wherever its history shows it).
 */
public final class AgencyAdmin {

  private static final Set<String> ATTENDANCE = Set.of("county_wide", "when_relevant");

  private final Pool pool;

  public AgencyAdmin(Pool pool) {
    this.pool = pool;
  }

  /** {@code GET /api/admin/agencies}: retired ones too, flagged. */
  public void list(RoutingContext ctx) {
    pool.preparedQuery(AdminSql.AGENCIES).execute(Tuple.tuple().addValue(null))
      .map(rows -> {
        JsonArray out = new JsonArray();
        rows.forEach(r -> out.add(agency(r)));
        return out;
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/admin/agencies {"name", "attendance"}}. */
  public void create(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String name = Edits.name(body, "name", "The agency's name");
    String attendance = attendance(body, "county_wide");
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.preparedQuery(AdminSql.INSERT_AGENCY).execute(Tuple.of(name, attendance))
        .compose(rows -> read(conn, rows.iterator().next().getUUID("id")))
        .compose(agency -> AuditTrail.record(conn, officer, AuditAction.AGENCY_CREATED, "agency:" + agency.getString("id"),
          new JsonObject().put("after", summary(agency))).map(agency)))
      .recover(failure -> nameTaken(failure, name))
      .onSuccess(agency -> {
        ctx.response().putHeader("Location", "/api/admin/agencies/" + agency.getString("id"));
        Http.ok(ctx, 201, agency);
      })
      .onFailure(ctx::fail);
  }

  /** {@code PUT /api/admin/agencies/{id} {"name", "attendance", "retired", "version"}}: {@code retired: false} reinstates. */
  public void update(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("agencyId"), "agencyId");
    JsonObject body = Http.body(ctx);
    int version = Edits.version(body);
    String newName = body.containsKey("name") ? Edits.name(body, "name", "The agency's name") : null;
    String newAttendance = attendance(body, null);
    Boolean newRetired = Json.bool(body, "retired", false);
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.preparedQuery(AdminSql.LOCK_AGENCY).execute(Tuple.of(id))
        .compose(locked -> locked.size() == 0 ? Future.failedFuture(ApiError.notFound("The agency")) : read(conn, id))
        .compose(before -> {
          if (before.getInteger("version") != version) {
            return Future.failedFuture(Edits.conflict("agency", before));
          }
          String name = newName == null ? before.getString("name") : newName;
          String attendance = newAttendance == null ? before.getString("attendance") : newAttendance;
          boolean retired = newRetired == null ? before.getBoolean("retired") : newRetired;
          AuditAction action = retired && !before.getBoolean("retired") ? AuditAction.AGENCY_RETIRED
            : AuditAction.AGENCY_UPDATED;
          return conn.preparedQuery(AdminSql.UPDATE_AGENCY).execute(Tuple.of(id, name, attendance, retired))
            .compose(v -> read(conn, id))
            .compose(after -> AuditTrail.record(conn, officer, action, "agency:" + id,
              new JsonObject().put("before", summary(before)).put("after", summary(after))).map(after));
        }))
      .recover(failure -> nameTaken(failure, newName))
      .onSuccess(agency -> Http.ok(ctx, 200, agency))
      .onFailure(ctx::fail);
  }

  /** {@code DELETE /api/admin/agencies/{id}}: 204 when nothing points at it, else it is retired (200). */
  public void delete(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("agencyId"), "agencyId");
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.preparedQuery(AdminSql.LOCK_AGENCY).execute(Tuple.of(id))
        .compose(locked -> locked.size() == 0 ? Future.failedFuture(ApiError.notFound("The agency")) : read(conn, id))
        .compose(before -> conn.preparedQuery(AdminSql.AGENCY_IN_USE).execute(Tuple.of(id)).compose(use -> {
          if (!use.iterator().next().getBoolean("in_use")) {
            return conn.preparedQuery(AdminSql.DELETE_AGENCY).execute(Tuple.of(id))
              .compose(v -> AuditTrail.record(conn, officer, AuditAction.AGENCY_DELETED, "agency:" + id,
                new JsonObject().put("before", summary(before))))
              .map(v -> (JsonObject) null);
          }
          return conn.preparedQuery(AdminSql.RETIRE_AGENCY).execute(Tuple.of(id))
            .compose(v -> read(conn, id))
            .compose(after -> AuditTrail.record(conn, officer, AuditAction.AGENCY_RETIRED, "agency:" + id,
              new JsonObject().put("before", summary(before)).put("after", summary(after)).put("inUse", true))
              .map(after));
        })))
      .onSuccess(retired -> {
        if (retired == null) {
          ctx.response().setStatusCode(204).end();
        } else {
          Http.ok(ctx, 200, retired);
        }
      })
      .onFailure(ctx::fail);
  }

  static Future<JsonObject> read(SqlClient client, UUID id) {
    return client.preparedQuery(AdminSql.AGENCIES).execute(Tuple.of(id))
      .compose(rows -> rows.iterator().hasNext() ? Future.succeededFuture(agency(rows.iterator().next()))
        : Future.failedFuture(ApiError.notFound("The agency")));
  }

  private static JsonObject agency(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))
      .put("attendance", r.getString("attendance")).put("retired", r.getBoolean("retired"))
      .put("version", r.getInteger("version")).put("members", r.getLong("members")).put("actions", r.getLong("actions"));
  }

  private static JsonObject summary(JsonObject agency) {
    return new JsonObject().put("name", agency.getString("name")).put("attendance", agency.getString("attendance"))
      .put("retired", agency.getBoolean("retired"));
  }

  private static String attendance(JsonObject body, String fallback) {
    Object value = body.getValue("attendance");
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s) || !ATTENDANCE.contains(s)) {
      throw Edits.invalid("attendance", "Attendance must be county_wide (expected at every panel) or when_relevant"
        + " (attends when a case needs it).");
    }
    return s;
  }

  private static <T> Future<T> nameTaken(Throwable failure, String name) {
    if (Edits.uniqueViolation(failure, null)) {
      return Future.failedFuture(ApiError.conflict("name_taken", "There is already an agency called " + name
        + " (names are compared without regard to capitals): choose another name, or reinstate that one.")
        .with("field", "name"));
    }
    return Future.failedFuture(failure);
  }
}
