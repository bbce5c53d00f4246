package org.ailive.packchecks;

import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.util.List;

/**
 * One agency's answer on one case of the pack, as a partner sends it: known to us (with a short
 * update, which is case narrative), not known to us, or we will attend for this case.
 */
record PackCheck(String answer, String update) {

  static final List<String> ANSWERS = List.of("known", "not_known", "attending");
  /** Short: a line or two for the chair to read beside the case, not a report. */
  static final int UPDATE_MAX = 1000;

  static PackCheck from(JsonObject body) {
    Object raw = body.getValue("answer");
    if (raw == null) {
      throw ApiError.invalid("answer", "is required: known, not_known or attending");
    }
    if (!(raw instanceof String answer) || !ANSWERS.contains(answer)) {
      throw ApiError.invalid("answer", "must be known, not_known or attending");
    }
    String update = Json.text(body, "update", UPDATE_MAX, false);
    update = update == null || update.isBlank() ? null : update.strip();
    if ("known".equals(answer) && update == null) {
      throw ApiError.invalid("update", "is needed when the family is known to your agency: say briefly what you hold");
    }
    return new PackCheck(answer, update);
  }
}
