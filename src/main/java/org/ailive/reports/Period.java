package org.ailive.reports;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Query;
import org.ailive.protocol.Zone;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What a report covers: meeting dates from {@code from} to {@code to} (inclusive; by default the
 * twelve months to today, as the 2017 attendance review did), the one panel asked for if any, and
 * the panels it reads ({@code panels}: null for every panel; see {@link #within}).
 */
record Period(LocalDate from, LocalDate to, UUID panelId, UUID[] panels) {

  private static final int MAX_YEARS = 10;

  static Period from(RoutingContext ctx) {
    LocalDate to = Query.date(ctx, "to");
    LocalDate from = Query.date(ctx, "from");
    if (to == null) {
      to = from != null && from.plusYears(1).isBefore(LocalDate.now(Zone.LONDON)) ? from.plusYears(1).minusDays(1)
        : LocalDate.now(Zone.LONDON);
    }
    if (from == null) {
      from = to.minusYears(1).plusDays(1);
    }
    if (from.isAfter(to)) {
      throw ApiError.invalid("from", "must not be after the To date");
    }
    if (from.plusYears(MAX_YEARS).isBefore(to)) {
      throw ApiError.invalid("to", "must be within " + MAX_YEARS + " years of the From date");
    }
    return new Period(from, to, Query.uuid(ctx, "panelId"), null);
  }

  /** The same period, reading only these panels (null: every panel). */
  Period within(UUID[] scope) {
    return new Period(from, to, panelId, scope);
  }

  Tuple params() {
    return Tuple.tuple().addValue(from).addValue(to).addValue(panels);
  }

  JsonObject toJson() {
    return new JsonObject().put("from", from.toString()).put("to", to.toString())
      .put("panelId", panelId == null ? null : panelId.toString());
  }
}
