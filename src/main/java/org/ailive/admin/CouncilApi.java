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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The council itself (issue 18): its name, how far set-up has come, and the step that finishes it.
 * Set-up is complete once the officer says so, which needs a name, a panel and an agency.
 */
public final class CouncilApi {

  /** What {@code GET /api/instance} tells every page before sign-in. */
  public record Council(String name, boolean setupComplete) {
  }

  private final Pool pool;

  public CouncilApi(Pool pool) {
    this.pool = pool;
  }

  public static Future<Council> council(SqlClient client) {
    return client.query(AdminSql.COUNCIL).execute().map(rows -> {
      Row r = rows.iterator().next();
      return new Council(r.getString("name"), r.getBoolean("complete"));
    });
  }

  /** {@code GET /api/admin/setup}. */
  public void setup(RoutingContext ctx) {
    pool.query(AdminSql.COUNCIL).execute()
      .compose(council -> pool.query(AdminSql.COUNTS).execute().map(counts -> {
        Row c = council.iterator().next();
        Row n = counts.iterator().next();
        return new JsonObject().put("councilName", c.getString("name")).put("version", c.getInteger("version"))
          .put("complete", c.getBoolean("complete"))
          .put("counts", new JsonObject().put("panels", n.getLong("panels")).put("agencies", n.getLong("agencies"))
            .put("keyAgencyNeeds", n.getLong("key_agency_needs"))
            .put("panelsWithChair", n.getLong("panels_with_chair")));
      }))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code PUT /api/admin/council {"name", "version"}}. */
  public void rename(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String name = Edits.name(body, "name", "The council's name");
    int version = Edits.version(body);
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.query(AdminSql.COUNCIL_FOR_UPDATE).execute().compose(rows -> {
        Row r = rows.iterator().next();
        if (r.getInteger("version") != version) {
          return Future.failedFuture(Edits.conflict("council", new JsonObject().put("councilName", r.getString("name"))
            .put("version", r.getInteger("version"))));
        }
        return conn.preparedQuery(AdminSql.RENAME_COUNCIL).execute(Tuple.of(name))
          .compose(done -> AuditTrail.record(conn, officer, AuditAction.COUNCIL_RENAMED, "council",
              new JsonObject().put("before", r.getString("name")).put("after", name))
            .map(v -> done.iterator().next()));
      }))
      .onSuccess(r -> Http.ok(ctx, 200, new JsonObject().put("councilName", r.getString("name"))
        .put("version", r.getInteger("version"))))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/admin/setup/complete}: refused, naming what is missing, until there is enough to meet. */
  public void complete(RoutingContext ctx) {
    UUID officer = Roles.identity(ctx).memberId();
    pool.withTransaction(conn -> conn.query(AdminSql.COUNCIL_FOR_UPDATE).execute()
        .compose(council -> conn.query(AdminSql.COUNTS).execute().compose(counts -> {
          Row c = council.iterator().next();
          Row n = counts.iterator().next();
          List<String> missing = new ArrayList<>();
          List<String> words = new ArrayList<>();
          if (c.getString("name") == null) {
            missing.add("councilName");
            words.add("the council's name");
          }
          if (n.getLong("panels") == 0) {
            missing.add("panels");
            words.add("a panel");
          }
          if (n.getLong("agencies") == 0) {
            missing.add("agencies");
            words.add("an agency");
          }
          if (!missing.isEmpty()) {
            return Future.failedFuture(ApiError.conflict("setup_incomplete", "Set-up is not complete yet: add "
              + String.join(" and ", words) + ".").with("missing", new JsonArray(missing)));
          }
          if (c.getBoolean("complete")) {
            return Future.succeededFuture();
          }
          return conn.query(AdminSql.COMPLETE_SETUP).execute()
            .compose(v -> AuditTrail.record(conn, officer, AuditAction.SETUP_COMPLETED, "council", new JsonObject()
              .put("panels", n.getLong("panels")).put("agencies", n.getLong("agencies"))));
        })))
      .onSuccess(v -> Http.ok(ctx, 200, new JsonObject().put("complete", true)))
      .onFailure(ctx::fail);
  }
}
