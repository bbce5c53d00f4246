package org.ailive.family;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.actions.ActionLookup;
import org.ailive.actions.FollowedAction;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.cases.FamilyCases;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * REST for the family page (issue 20): every case presented for one pseudonymous family reference
 * that the caller may read, with its actions and how it ended, each read audited; and bringing the
 * family back as a new draft pre-filled from the last case. Who reads which case is the cases'
 * rule ({@link FamilyCases}), which actions the actions' ({@link ActionLookup}).
 */
public final class FamilyApi {

  /** What the family page shows of an action: what, who, when and how it is going; never the reasons given about it. */
  private static final List<String> ACTION_SHOWN = List.of("id", "number", "caseId", "meetingDate", "description",
    "ownerAgency", "ownerName", "dueDate", "status", "confirmedAt", "closedAt", "lastProgressAt", "flags", "rag");

  private final Pool pool;
  private final FamilyCases cases;
  private final ActionLookup actions;

  public FamilyApi(Pool pool, FamilyCases cases) {
    this.pool = pool;
    this.cases = cases;
    this.actions = new ActionLookup(pool);
  }

  /** {@code GET /api/families/{familyRef}}; 404 when the caller may read none of its cases. */
  public void page(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    String ref = familyRef(ctx);
    cases.readable(who, ref)
      .compose(shown -> shown.isEmpty() ? Future.failedFuture(FamilyCases.notFound()) : withActions(who, ref, shown))
      .compose(page -> audit(who, ref, page).map(page))
      .onSuccess(page -> Http.ok(ctx, 200, page))
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/families/{familyRef}/cases}: the new draft, opened like any other in the case form. */
  public void bringBack(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    String ref = familyRef(ctx);
    JsonObject body = Http.body(ctx);
    Json.uuid(body, "meetingId", true);
    cases.bringBack(who, ref, body)
      .onSuccess(brought -> {
        JsonObject out = brought.created().copy().put("prefilledFrom", new JsonObject()
          .put("caseId", brought.fromCaseId().toString())
          .put("meetingDate", brought.fromMeetingDate() == null ? null : brought.fromMeetingDate().toString()));
        ctx.response().putHeader("Location", "/api/cases/" + out.getString("id"));
        Http.ok(ctx, 201, out);
      })
      .onFailure(ctx::fail);
  }

  private Future<JsonObject> withActions(Identity who, String ref, List<JsonObject> shown) {
    List<UUID> caseIds = shown.stream().map(c -> UUID.fromString(c.getString("id"))).toList();
    UUID[] panelIds = shown.stream().map(c -> UUID.fromString(c.getString("panelId"))).distinct().toArray(UUID[]::new);
    LocalDate today = FollowedAction.today();
    return Future.all(actions.ofCases(who, caseIds), panelNames(panelIds)).map(all -> {
      List<FollowedAction> found = all.resultAt(0);
      Map<UUID, String> panels = all.resultAt(1);
      JsonArray out = new JsonArray();
      for (JsonObject c : shown) {
        UUID id = UUID.fromString(c.getString("id"));
        JsonArray its = new JsonArray();
        found.stream().filter(a -> id.equals(a.caseId())).forEach(a -> its.add(pick(a.toJson(today), ACTION_SHOWN)));
        out.add(c.copy().put("panel", panels.get(UUID.fromString(c.getString("panelId")))).put("actions", its));
      }
      return new JsonObject().put("familyRef", ref).put("cases", out);
    });
  }

  private Future<Map<UUID, String>> panelNames(UUID[] ids) {
    return pool.preparedQuery(FamilySql.PANEL_NAMES).execute(Tuple.tuple().addArrayOfUUID(ids)).map(rows -> {
      Map<UUID, String> out = new HashMap<>();
      rows.forEach(r -> out.put(r.getUUID("id"), r.getString("name")));
      return out;
    });
  }

  // One row per read, naming the family and the cases shown: references and ids, never narrative (R12).
  private Future<Void> audit(Identity who, String ref, JsonObject page) {
    JsonArray caseIds = new JsonArray();
    page.getJsonArray("cases").forEach(c -> caseIds.add(((JsonObject) c).getString("id")));
    return AuditTrail.record(pool, who.memberId(), AuditAction.FAMILY_VIEWED, "family:" + ref,
      new JsonObject().put("familyRef", ref).put("caseIds", caseIds));
  }

  static JsonObject pick(JsonObject all, List<String> names) {
    JsonObject out = new JsonObject();
    names.forEach(name -> out.put(name, all.getValue(name)));
    return out;
  }

  /** The reference in the address, checked as the case form checks it (length); unknown ones are 404s. */
  private static String familyRef(RoutingContext ctx) {
    String ref = ctx.pathParam("familyRef");
    String checked = Json.text(new JsonObject().put("familyRef", ref == null ? null : ref.strip()), "familyRef",
      FamilyCases.FAMILY_REF_MAX, true);
    if (checked.isBlank()) {
      throw ApiError.invalid("familyRef", "must not be blank");
    }
    return checked;
  }
}
