package org.ailive.protocol;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A failure the client should see as {@code {"error": code, "message": text}} with an HTTP status.
 * Thrown or passed to {@code ctx.fail}; the HTTP failure handler writes it. The same shape is the body of
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

  /**
   * A field that is missing or wrong: the message names the field in words ("Family reference looks
   * like …", {@link FieldLabels}); {@code field} carries its code ({@code familyRef}) for the client.
   */
  public static ApiError invalid(String field, String problem) {
    return new ApiError(400, "invalid_field", FieldLabels.label(field) + " " + problem + ".").with("field", field);
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

  /**
   * Any failure as the error a client sees: ours as it is, a malformed body as {@code bad_json}, a
   * failed event-bus reply as the error its sender put in it, anything else by the status given.
   */
  public static ApiError from(Throwable failure, int status) {
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof DecodeException || failure instanceof ClassCastException) {
      return badRequest("bad_json", "The request body is not the JSON object this route expects.");
    }
    if (failure instanceof ReplyException reply) {
      return fromReply(reply);
    }
    return switch (status) {
      case 400 -> badRequest("bad_request", "The request is malformed.");
      case 401 -> unauthorized();
      case 403 -> forbidden("Your role does not allow this.");
      case 404 -> notFound("The resource");
      case 405 -> new ApiError(405, "method_not_allowed", "This method is not allowed here.");
      case 413 -> new ApiError(413, "body_too_large", "The request body is larger than this service accepts.");
      case 415 -> new ApiError(415, "unsupported_media_type", "Send JSON with Content-Type: application/json.");
      default -> new ApiError(500, "internal_error", "Something went wrong on the server; nothing was lost. Try again.");
    };
  }

  /** A failed event-bus reply carries our JSON error in its message (see the room's owner). */
  private static ApiError fromReply(ReplyException reply) {
    if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.getMessage() != null
      && reply.getMessage().startsWith("{")) {
      return fromJson(reply.failureCode(), new JsonObject(reply.getMessage()));
    }
    if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new ApiError(503, "room_unavailable", "The meeting room is not running on this server; try again.");
    }
    if (reply.failureType() == ReplyFailure.TIMEOUT) {
      return new ApiError(503, "timeout", "The meeting room did not answer in time; try again.");
    }
    return new ApiError(500, "internal_error", "Something went wrong on the server; try again.");
  }
}
