package org.ailive.reports;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.room.CaseStatus;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/cases/{id}/outcome} (the officer, or a chair who runs the case's panel): where a
 * case went after the panel (R11: step-ups to an Assessment, IFST or Targeted Youth Support), so
 * outcomes can be reported per quarter, and, at its review, whether the need was met (R9). Only a
 * case the panel took (accepted, discussed or closed) has an outcome. A case whose need was met and
 * whose actions are all closed or dropped is then closed ({@link CaseStatus#CLOSE_IF_DONE}).
 */
public final class CaseOutcomeApi {

  static final List<String> OUTCOMES = List.of("assessment", "ifst", "tys", "other", "none");
  private static final Set<String> TAKEN = Set.copyOf(CaseStatus.TAKEN);

  private final Pool pool;

  public CaseOutcomeApi(Pool pool) {
    this.pool = pool;
  }

  public void record(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID caseId = Json.uuid(ctx.pathParam("caseId"), "caseId");
    JsonObject body = Http.body(ctx);
    Boolean needMet = Json.bool(body, "needMet", false);
    String outcome = Json.text(body, "outcome", 20, needMet == null);
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw ApiError.invalid("outcome", "must be one of " + String.join(", ", OUTCOMES));
    }
    pool.withTransaction(conn -> conn.preparedQuery(ReportsSql.LOCK_CASE).execute(Tuple.of(caseId, who.memberId()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("The case"))
          : set(conn, who, caseId, outcome, needMet, rows.iterator().next())))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  private Future<JsonObject> set(SqlConnection conn, Identity who, UUID caseId, String outcome, Boolean needMet,
                                 Row current) {
    if (!PanelReach.runs(who, PanelReach.Seat.from(current))) {
      return Future.failedFuture(PanelReach.notYours());
    }
    if (!TAKEN.contains(current.getString("status"))) {
      return Future.failedFuture(ApiError.conflict("wrong_status", "A case that is " + current.getString("status")
        + " has not been taken by the panel, so it has no outcome."));
    }
    if (needMet != null && "accepted".equals(current.getString("status"))) {
      return Future.failedFuture(ApiError.conflict("wrong_status",
        "Whether the need was met is recorded at the case's review, after the panel discussed it."));
    }
    String previous = current.getString("outcome");
    String now = outcome != null ? outcome : previous;
    Boolean met = needMet != null ? needMet : current.getBoolean("need_met");
    return conn.preparedQuery(ReportsSql.SET_OUTCOME).execute(Tuple.of(caseId, outcome, needMet))
      .compose(v -> AuditTrail.record(conn, who.memberId(), AuditAction.CASE_OUTCOME, caseId.toString(),
        new JsonObject().put("outcome", now).put("previous", previous).put("needMet", met)))
      .compose(v -> conn.preparedQuery(CaseStatus.CLOSE_IF_DONE).execute(Tuple.of(caseId)))
      .compose(v -> conn.preparedQuery("SELECT status FROM family_case WHERE id = $1").execute(Tuple.of(caseId)))
      .compose(status -> conn.preparedQuery(ReportsSql.OPEN_ACTIONS).execute(Tuple.of(caseId)).map(open ->
        new JsonObject().put("caseId", caseId.toString()).put("familyRef", current.getString("family_ref"))
          .put("outcome", now).put("previous", previous).put("needMet", met)
          .put("status", status.iterator().next().getString("status"))
          .put("openActions", open.iterator().next().getLong("n"))));
  }
}
