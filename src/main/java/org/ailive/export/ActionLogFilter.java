package org.ailive.export;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.Query;
import org.ailive.protocol.Zone;
import org.ailive.room.VolunteeredAction;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What to put in an action log: by panel, meeting, owning agency, status and overdue only. By default
 * every agreed action (open, in progress, done awaiting agreement, closed, dropped); proposals the
 * chair has not confirmed are not commitments yet ({@code status=all} includes them). Never outside
 * {@code panels}, the panels the caller runs (null for the officer: every panel).
 */
record ActionLogFilter(UUID panelId, UUID meetingId, UUID agencyId, List<String> statuses, boolean overdueOnly,
                       LocalDate today, UUID[] panels) {

  static ActionLogFilter from(RoutingContext ctx) {
    return new ActionLogFilter(Query.uuid(ctx, "panelId"), Query.uuid(ctx, "meetingId"), Query.uuid(ctx, "agencyId"),
      Query.choices(ctx, "status", VolunteeredAction.STATUSES, VolunteeredAction.AGREED,
        "action statuses separated by commas, e.g. open,in_progress"),
      Query.flag(ctx, "overdue"), LocalDate.now(Zone.LONDON), null);
  }

  /** The same filter, never outside these panels (null: every panel). */
  ActionLogFilter within(UUID[] scope) {
    return new ActionLogFilter(panelId, meetingId, agencyId, statuses, overdueOnly, today, scope);
  }

  Tuple params() {
    return Tuple.tuple().addValue(panelId).addValue(meetingId).addValue(agencyId)
      .addValue(statuses.toArray(new String[0])).addValue(overdueOnly).addValue(today).addValue(panels);
  }

  /** The filters as the audit trail records them. */
  JsonObject toJson() {
    return new JsonObject()
      .put("panelId", panelId == null ? null : panelId.toString())
      .put("meetingId", meetingId == null ? null : meetingId.toString())
      .put("agencyId", agencyId == null ? null : agencyId.toString())
      .put("status", new JsonArray(statuses))
      .put("overdue", overdueOnly)
      .put("asOf", today.toString())
      .put("panels", panels == null ? null : new JsonArray(Arrays.stream(panels).map(UUID::toString).toList()));
  }
}
