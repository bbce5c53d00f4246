package org.ailive.actions;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Query-string filters, checked like body fields: a bad one is a 400 naming it. */
final class Params {

  private Params() {
  }

  static boolean flag(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ApiError.invalid(name, "must be true or false");
  }

  static UUID uuid(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    return value == null ? null : Json.uuid(value, name);
  }

  static LocalDate date(RoutingContext ctx, String name) {
    return Json.date(new JsonObject().put(name, ctx.queryParams().get(name)), name, false);
  }

  /** Comma-separated statuses, or {@code all}; by default the actions still being followed up. */
  static String[] statuses(RoutingContext ctx) {
    String value = ctx.queryParams().get("status");
    if (value == null) {
      return FollowedAction.ACTIVE.toArray(new String[0]);
    }
    if (value.equals("all")) {
      return FollowedAction.STATUSES.toArray(new String[0]);
    }
    List<String> out = new ArrayList<>();
    for (String s : value.split(",", -1)) {
      if (!FollowedAction.STATUSES.contains(s.trim())) {
        throw ApiError.invalid("status", "must be all, or action statuses separated by commas, e.g. open,in_progress");
      }
      out.add(s.trim());
    }
    return out.toArray(new String[0]);
  }
}
