package org.ailive.packchecks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.cases.PackCases;
import org.ailive.cases.PackCases.PackCase;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Zone;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * REST for the partners' checks before the meeting (issue 20): each partner agency says, per case of
 * the pack, whether the family is known to it (with a short update), not known, or that it will
 * attend for the case; the chair reads them beside the case. Who may read a case, and so its checks,
 * is the cases' own rule ({@link PackCases}); reading the updates is a read of the case (R12).
 */
public final class PackCheckApi {

  /** What the audit trail's case views name a read of the checks. */
  static final String VIA = "pack_checks";

  private final Pool pool;
  private final PackCases cases;

  public PackCheckApi(Pool pool, PackCases cases) {
    this.pool = pool;
    this.cases = cases;
  }

  /** {@code PUT /api/cases/{id}/pack-check}: the caller's own agency's answer, new or changed. */
  public void put(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID caseId = Json.uuid(ctx.pathParam("caseId"), "caseId");
    PackCheck check = PackCheck.from(Http.body(ctx));
    if (who.agencyId() == null) {
      throw ApiError.forbidden("Checks are recorded for an agency, and your account has none.");
    }
    cases.check(who, caseId)
      .compose(c -> {
        if (!c.onPanel()) {
          return Future.failedFuture(ApiError.forbidden("Only the panel's partners record their agency's checks."));
        }
        if (!c.inPack()) {
          return Future.failedFuture(ApiError.conflict("wrong_status",
            "Partners check the cases submitted to the panel; this one is " + c.status() + "."));
        }
        return write(who, c, check);
      })
      .compose(c -> checks(List.of(c)))
      .map(list -> mine(list.getJsonObject(0), who.agencyId()))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/cases/{id}/pack-checks}: read like the case itself, and recorded as a read of it. */
  public void forCase(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID caseId = Json.uuid(ctx.pathParam("caseId"), "caseId");
    cases.read(who, caseId, VIA)
      .compose(c -> checks(List.of(c)))
      .onSuccess(list -> Http.ok(ctx, 200, list.getJsonObject(0)))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/meetings/{id}/pack-checks}: every case of the pack the caller may read, with its checks. */
  public void forMeeting(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    cases.readAt(who, meetingId, VIA)
      .map(all -> all.stream().filter(PackCase::inPack).toList())
      .compose(this::checks)
      .onSuccess(list -> Http.ok(ctx, 200, new JsonObject().put("meetingId", meetingId.toString()).put("cases", list)))
      .onFailure(ctx::fail);
  }

  private Future<PackCase> write(Identity who, PackCase c, PackCheck check) {
    Tuple row = Tuple.of(c.id(), who.agencyId(), check.answer(), check.update(), who.memberId());
    return pool.withTransaction(conn -> conn.preparedQuery(PackCheckSql.MEETING_OF_CASE).execute(Tuple.of(c.id()))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(ApiError.conflict("wrong_status", "This case is not on a meeting's agenda."));
        }
        Row m = rows.iterator().next();
        if (m.getValue("cancelled_at") != null) {
          return Future.failedFuture(ApiError.conflict("meeting_cancelled",
            "This meeting was cancelled: there is nothing to check for it."));
        }
        LocalDate today = LocalDate.now(Zone.LONDON);
        if ("closed".equals(m.getString("status")) || m.getLocalDate("meeting_date").isBefore(today)) {
          return Future.failedFuture(ApiError.conflict("meeting_over",
            "The meeting is over: checks are recorded before it."));
        }
        return conn.preparedQuery(PackCheckSql.UPSERT).execute(row)
          .compose(v -> conn.preparedQuery(PackCheckSql.CHANGE).execute(row));
      })).map(c);
  }

  private Future<JsonArray> checks(List<PackCase> shown) {
    List<String> needs = new ArrayList<>();
    shown.forEach(c -> needs.addAll(c.presentingNeeds()));
    return cases.keyAgencies(needs).compose(key -> answers(shown).map(rows -> {
      JsonArray out = new JsonArray();
      shown.forEach(c -> out.add(CaseChecks.json(c, key, rows)));
      return out;
    }));
  }

  private Future<List<Row>> answers(List<PackCase> shown) {
    UUID[] ids = shown.stream().map(PackCase::id).toArray(UUID[]::new);
    return pool.preparedQuery(PackCheckSql.FOR_CASES).execute(Tuple.tuple().addArrayOfUUID(ids)).map(rows -> {
      List<Row> out = new ArrayList<>();
      rows.forEach(out::add);
      return out;
    });
  }

  /** The answer just written, as the caller's agency now stands on the case. */
  private static JsonObject mine(JsonObject all, UUID agencyId) {
    return all.getJsonArray("agencies").stream().map(o -> (JsonObject) o)
      .filter(a -> agencyId.toString().equals(a.getString("agencyId"))).findFirst()
      .orElseThrow().copy().put("caseId", all.getString("caseId"));
  }
}
