package org.ailive.export;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.LocalDate;
import java.util.UUID;

/** Query-string filters of exports and reports, checked like body fields: a bad one is a 400 naming it. */
public final class QueryParams {

  private QueryParams() {
  }

  public static UUID uuid(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    return value == null || value.isEmpty() ? null : Json.uuid(value, name);
  }

  public static boolean flag(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.isEmpty() || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ApiError.invalid(name, "must be true or false");
  }

  public static LocalDate date(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    return value == null || value.isEmpty() ? null : Json.date(new JsonObject().put(name, value), name, false);
  }

  public static String text(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
