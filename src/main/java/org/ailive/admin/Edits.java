package org.ailive.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

/**
 * What every set-up write shares: a name's rules, the {@code version} a change to an existing thing
 * carries (a stale one is a conflict, never a silent overwrite), and the refusal in plain words.
 */
final class Edits {

  static final int NAME_LENGTH = 120;

  private Edits() {
  }

  /** A field refused with words of its own (the shared labels name other routes' fields). */
  static ApiError invalid(String field, String message) {
    return new ApiError(400, "invalid_field", message).with("field", field);
  }

  /** A required name: trimmed, 1 to 120 characters. */
  static String name(JsonObject body, String field, String what) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw invalid(field, what + " is required.");
    }
    String text = Json.text(body, field, 1000, true).strip();
    if (text.length() > NAME_LENGTH) {
      throw invalid(field, what + " must be at most " + NAME_LENGTH + " characters.");
    }
    return text;
  }

  /** The version the client read: required on every change to something that exists. */
  static int version(JsonObject body) {
    Object value = body.getValue("version");
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1
      || n.doubleValue() > Integer.MAX_VALUE) {
      throw invalid("version", "Version is required: send the version you read, so a change made meanwhile is not"
        + " overwritten.");
    }
    return n.intValue();
  }

  /** Someone else saved first: the answer carries what is there now. */
  static ApiError conflict(String thing, JsonObject current) {
    return ApiError.conflict("version_conflict", "Someone else changed this " + thing
      + " since you opened it; reload to see their change.").with("current", current);
  }

  static boolean uniqueViolation(Throwable failure, String constraint) {
    return failure instanceof PgException pg && "23505".equals(pg.getSqlState())
      && (constraint == null || String.valueOf(pg.getConstraint()).equals(constraint)
        || String.valueOf(pg.getMessage()).contains(constraint));
  }
}
