package org.ailive.actions;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Query;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a panel looks back at: the actions its earlier meetings left open (R8), and the families
 * to consider for a coming agenda because their review date has come (R9) or an action has had no
 * progress for two months (R7).
 */
public final class FollowUpApi {

  private final Pool pool;

  public FollowUpApi(Pool pool) {
    this.pool = pool;
  }

  public void followUp(RoutingContext ctx) {
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    Identity who = Roles.identity(ctx);
    pool.preparedQuery(ActionsSql.MEETING).execute(Tuple.of(who.memberId(), meetingId))
      .compose(rows -> first(rows, "The meeting"))
      .compose(meeting -> ActionAccess.readable(who, PanelReach.Seat.from(meeting), meeting))
      .compose(meeting -> Future.all(
          pool.preparedQuery(ActionsSql.FOLLOW_UP).execute(Tuple.of(who.memberId(), meeting.getUUID("panel_id"),
            meeting.getLocalDate("meeting_date"))),
          pool.preparedQuery(ActionsSql.FAMILIES_ON_AGENDA).execute(Tuple.of(meetingId)))
        .map(all -> new JsonObject()
          .put("meetingId", meetingId.toString())
          .put("meetingDate", meeting.getLocalDate("meeting_date").toString())
          .put("panelId", meeting.getUUID("panel_id").toString())
          .put("families", byFamily(all.resultAt(0), all.resultAt(1)))))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  public void agendaSuggestions(RoutingContext ctx) {
    UUID panelId = Json.uuid(ctx.pathParam("panelId"), "panelId");
    LocalDate requested = Query.date(ctx, "before");
    Identity who = Roles.identity(ctx);
    LocalDate today = FollowedAction.today();
    pool.preparedQuery(ActionsSql.PANEL).execute(Tuple.of(who.memberId(), panelId, today))
      .compose(rows -> first(rows, "The panel"))
      .compose(panel -> ActionAccess.readable(who, PanelReach.Seat.from(panel), panel))
      .compose(panel -> {
        LocalDate before = requested != null ? requested : panel.getLocalDate("next_meeting_date");
        if (before == null) {
          return Future.failedFuture(ApiError.invalid("before", "is required: the panel has no planned meeting"));
        }
        // Staleness is judged on the day of the meeting being prepared, not on the day it is prepared.
        LocalDate asOf = before.isAfter(today) ? before : today;
        return Future.all(
            pool.preparedQuery(ActionsSql.REVIEWS_DUE).execute(Tuple.of(panelId, before)),
            pool.preparedQuery(ActionsSql.STALE_CANDIDATES).execute(Tuple.of(who.memberId(), panelId)))
          .map(all -> new JsonObject()
            .put("panelId", panelId.toString())
            .put("before", before.toString())
            .put("families", suggestions(all.resultAt(0), all.resultAt(1), asOf)));
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** Families in reference order; actions raised under AOB (no family) come last. */
  private static JsonArray byFamily(RowSet<Row> actions, RowSet<Row> onAgenda) {
    Set<String> agendaRefs = new HashSet<>();
    onAgenda.forEach(row -> agendaRefs.add(row.getString("family_ref")));
    LocalDate today = FollowedAction.today();
    Map<String, JsonArray> groups = new LinkedHashMap<>();
    for (Row row : actions) {
      FollowedAction action = FollowedAction.from(row);
      groups.computeIfAbsent(action.familyRef(), ref -> new JsonArray()).add(action.toJson(today));
    }
    JsonArray out = new JsonArray();
    groups.forEach((ref, list) -> out.add(new JsonObject().put("familyRef", ref)
      .put("onAgenda", ref != null && agendaRefs.contains(ref)).put("actions", list)));
    return out;
  }

  private static JsonArray suggestions(RowSet<Row> reviews, RowSet<Row> candidates, LocalDate asOf) {
    Map<String, JsonArray> reasons = new TreeMap<>();
    for (Row row : reviews) {
      LocalDate reviewDate = row.getLocalDate("review_date");
      reasons.computeIfAbsent(row.getString("family_ref"), ref -> new JsonArray()).add(new JsonObject()
        .put("reason", "review_due").put("rule", "R9")
        .put("caseId", row.getUUID("id").toString()).put("reviewDate", reviewDate.toString())
        .put("text", "Review date " + reviewDate + ": check whether the need has been met."));
    }
    for (Row row : candidates) {
      FollowedAction action = FollowedAction.from(row);
      if (action.considerFullCaseReview(asOf)) {
        reasons.computeIfAbsent(action.familyRef(), ref -> new JsonArray()).add(new JsonObject()
          .put("reason", "consider_full_case_review").put("rule", "R7")
          .put("actionId", action.id().toString()).put("number", action.number())
          .put("noProgressSince", action.noProgressSince().toString())
          .put("text", "Action " + action.number() + " has had no progress since " + action.noProgressSince()
            + ": consider a full case review."));
      }
    }
    JsonArray out = new JsonArray();
    reasons.forEach((ref, list) -> out.add(new JsonObject().put("familyRef", ref).put("reasons", list)));
    return out;
  }

  private static Future<Row> first(RowSet<Row> rows, String what) {
    return rows.size() == 0
      ? Future.failedFuture(ApiError.notFound(what))
      : Future.succeededFuture(rows.iterator().next());
  }
}
