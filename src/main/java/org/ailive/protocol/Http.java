package org.ailive.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A route's JSON in and out: the request body as an object, and the answer with its status. */
public final class Http {

  private Http() {
  }

  public static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ApiError.badRequest("bad_json", "A JSON object body is required.");
    }
    JsonObject json = ctx.body().asJsonObject();
    if (json == null) {
      throw ApiError.badRequest("bad_json", "A JSON object body is required.");
    }
    return json;
  }

  /**
   * The body of a route whose body is optional: none (no bytes, or only white space) reads as
   * {@code {}}; anything else must be a JSON object, as for {@link #body}.
   */
  public static JsonObject optionalBody(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().length() <= 0 || ctx.body().asString().isBlank() ? new JsonObject()
      : body(ctx);
  }

  public static void ok(RoutingContext ctx, int status, Object json) {
    String encoded = json instanceof JsonObject o ? o.encode()
      : json instanceof JsonArray a ? a.encode() : String.valueOf(json);
    ctx.response().setStatusCode(status)
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .end(encoded);
  }
}
