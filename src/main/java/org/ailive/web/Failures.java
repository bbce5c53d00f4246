package org.ailive.web;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one failure handler: every error leaves as JSON with the right status, never a stack trace. */
public final class Failures {

  private static final Logger log = LoggerFactory.getLogger(Failures.class);

  private Failures() {
  }

  public static void handle(RoutingContext ctx) {
    ApiError error = toApiError(ctx.failure(), ctx.statusCode());
    if (error.status() >= 500) {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
      .setStatusCode(error.status())
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .end(error.toJson().encode());
  }

  public static ApiError toApiError(Throwable failure, int status) {
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof DecodeException || failure instanceof ClassCastException) {
      return ApiError.badRequest("bad_json", "The request body is not the JSON object this route expects.");
    }
    if (failure instanceof ReplyException reply) {
      return fromReply(reply);
    }
    return switch (status) {
      case 400 -> ApiError.badRequest("bad_request", "The request is malformed.");
      case 401 -> ApiError.unauthorized();
      case 403 -> ApiError.forbidden("Your role does not allow this.");
      case 404 -> ApiError.notFound("The resource");
      case 405 -> new ApiError(405, "method_not_allowed", "This method is not allowed here.");
      case 413 -> new ApiError(413, "body_too_large", "The request body is larger than this service accepts.");
      case 415 -> new ApiError(415, "unsupported_media_type", "Send JSON with Content-Type: application/json.");
      default -> new ApiError(500, "internal_error", "Something went wrong on the server; nothing was lost. Try again.");
    };
  }

  /** A failed event-bus reply carries our JSON error in its message (see MeetingRoom). */
  private static ApiError fromReply(ReplyException reply) {
    if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.getMessage() != null
      && reply.getMessage().startsWith("{")) {
      return ApiError.fromJson(reply.failureCode(), new JsonObject(reply.getMessage()));
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
