package org.ailive.protocol;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The query-string parameters of every route, checked like body fields: each failure is a 400 naming
 * the parameter. A parameter left out means "no filter" (or its default). One that is there is
 * checked as it is: an empty value ({@code ?panelId=}) or a second copy is refused rather than read
 * as absent or ignored, because either would quietly widen what a list or an export returns.
 */
public final class Query {

  private Query() {
  }

  /** The parameter's only value, or null when it is left out. */
  private static String value(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParams().getAll(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiError.invalid(name, "must be given once");
    }
    return values.get(0);
  }

  public static String text(RoutingContext ctx, String name, int maxLength) {
    String value = value(ctx, name);
    if (value != null && value.isEmpty()) {
      throw ApiError.invalid(name, "must not be empty");
    }
    return Json.text(new JsonObject().put(name, value), name, maxLength, false);
  }

  public static UUID uuid(RoutingContext ctx, String name) {
    String value = value(ctx, name);
    return value == null ? null : Json.uuid(value, name);
  }

  public static LocalDate date(RoutingContext ctx, String name) {
    String value = value(ctx, name);
    if (value == null) {
      return null;
    }
    try {
      if (value.length() != 10) {
        throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
      }
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(name, "must be a date as YYYY-MM-DD");
    }
  }

  public static boolean flag(RoutingContext ctx, String name) {
    String value = value(ctx, name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ApiError.invalid(name, "must be true or false");
  }

  public static long number(RoutingContext ctx, String name, long min, long max, long byDefault) {
    String value = value(ctx, name);
    if (value == null) {
      return byDefault;
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiError.invalid(name, "must be a whole number");
    }
    if (n < min || n > max) {
      throw ApiError.invalid(name, "must be between " + min + " and " + max);
    }
    return n;
  }

  /**
   * Comma-separated values out of {@code allowed}, or {@code all} for every one of them; left out,
   * {@code byDefault}. {@code described} completes the error, "must be all, or ...".
   */
  public static List<String> choices(RoutingContext ctx, String name, List<String> allowed, List<String> byDefault,
                                     String described) {
    String value = value(ctx, name);
    if (value == null) {
      return byDefault;
    }
    if (value.equals("all")) {
      return allowed;
    }
    List<String> out = new ArrayList<>();
    for (String s : value.split(",", -1)) {
      if (!allowed.contains(s.trim())) {
        throw ApiError.invalid(name, "must be all, or " + described);
      }
      out.add(s.trim());
    }
    return List.copyOf(out);
  }
}
