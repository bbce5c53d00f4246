package org.ailive.web;

import io.vertx.core.json.JsonObject;

/**
 * A failure the client should see as {@code {"error": code, "message": text}} with an HTTP status.
 * Thrown or passed to {@code ctx.fail}; {@link Failures} writes it. The same shape is the body of
 * failed event-bus replies.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final JsonObject details;

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  private ApiError(int status, String code, String message, JsonObject details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The same error carrying what the client needs to recover, e.g. the current value after a conflict. */
  public ApiError with(String field, Object value) {
    JsonObject more = details == null ? new JsonObject() : details.copy();
    return new ApiError(status, code, getMessage(), more.put(field, value));
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  /** A field that is missing or wrong: the message names the field. */
  public static ApiError invalid(String field, String problem) {
    return new ApiError(400, "invalid_field", "'" + field + "' " + problem + ".").with("field", field);
  }

  public static ApiError unauthorized() {
    return new ApiError(401, "unauthorized", "Sign in first: a valid token is required.");
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message);
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " was not found.");
  }

  public static ApiError conflict(String code, String message) {
    return new ApiError(409, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonObject toJson() {
    JsonObject out = new JsonObject().put("error", code).put("message", getMessage());
    if (details != null) {
      out.mergeIn(details);
    }
    return out;
  }

  /** Reads the JSON shape back, e.g. from a failed event-bus reply. */
  public static ApiError fromJson(int status, JsonObject json) {
    JsonObject details = json.copy();
    details.remove("error");
    details.remove("message");
    return new ApiError(status, json.getString("error", "error"), json.getString("message", ""),
      details.isEmpty() ? null : details);
  }
}
