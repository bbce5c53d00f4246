package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.FieldLabels;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The case under discussion is every screen's shared focus. Its presenter (or the chair) points at
 * a section and edits it live. An edit names the value it was made from: if the field has changed
 * since, the edit is refused with the current value, so the later editor merges instead of
 * overwriting.
 */
final class CaseCommands {

  private CaseCommands() {
  }

  /** Points every screen at a section of the case in focus, or at none. */
  static Outcome highlight(RoomState s, Command c, Instant now) {
    LiveCaseSummary summary = editable(s, c);
    String field = Json.text(c.body(), "field", 40, false);
    if (field != null) {
      summary.get(field);
    }
    JsonObject highlight = field == null ? null
      : new JsonObject().put("caseId", summary.caseId().toString()).put("field", field);
    return new Outcome(s.change().highlight(highlight).build(), "case.highlighted",
      new JsonObject().put("focus", s.change().highlight(highlight).build().focusJson()));
  }

  static Outcome edit(RoomState s, Command c, Instant now) {
    LiveCaseSummary summary = editable(s, c);
    String field = Json.text(c.body(), "field", 40, true);
    Object current = summary.get(field);
    Object value = value(c.body(), field);
    Object base = baseValue(c.body(), field);
    if (!Objects.equals(base, current)) {
      throw ApiError.conflict("edit_conflict", "Someone changed " + FieldLabels.label(field) + " while you were editing: "
          + "merge your change into the current text and send it again.")
        .with("field", field).with("current", current instanceof java.util.List<?> l ? new JsonArray(l) : current)
        .with("version", summary.version());
    }
    LiveCaseSummary edited = summary.with(field, value);
    RoomState next = s.change().caseSummary(edited).build();
    return new Outcome(next, "case.edited", new JsonObject().put("caseId", summary.caseId().toString())
      .put("field", field).put("version", edited.version()).put("focus", next.focusJson()));
  }

  private static Object value(JsonObject body, String field) {
    if ("presentingNeeds".equals(field)) {
      Object v = body.getValue("value");
      if (!(v instanceof JsonArray needs) || needs.isEmpty() || needs.size() > 20
        || needs.stream().anyMatch(n -> !(n instanceof String code) || PresentingNeed.of(code).isEmpty())) {
        throw ApiError.invalid("value", "must be a non-empty list of presenting-need codes (see GET /api/cases/template)");
      }
      return needs.getList();
    }
    return Json.text(body, "value", LiveCaseSummary.MAX_TEXT, true);
  }

  /**
   * The value the edit started from, of the field's own kind (text, or a list for the needs) or null
   * for an empty field. A value of another kind is the client's mistake, not someone else's edit: it is
   * a bad field, not an {@code edit_conflict}.
   */
  private static Object baseValue(JsonObject body, String field) {
    if (!body.containsKey("baseValue")) {
      throw ApiError.invalid("baseValue", "is required: the value your edit started from");
    }
    Object base = body.getValue("baseValue");
    boolean list = "presentingNeeds".equals(field);
    if (base != null && (base instanceof JsonArray) != list) {
      throw ApiError.invalid("baseValue", list ? "must be a list of presenting-need codes, as the field is"
        : "must be text, as the field is");
    }
    return LiveCaseSummary.normalise(base);
  }

  /** The case in focus, if this member may change it: its presenter, the chair or the officer. */
  private static LiveCaseSummary editable(RoomState s, Command c) {
    LiveCaseSummary summary = focus(s);
    if (!c.who().memberId().equals(summary.presenterId()) && !c.who().is("chair") && !c.who().is("officer")) {
      throw ApiError.forbidden("Only the case's presenter or the chair changes the shared summary.");
    }
    return summary;
  }

  private static LiveCaseSummary focus(RoomState s) {
    UUID caseId = s.focusCaseId();
    LiveCaseSummary summary = caseId == null ? null : s.cases().get(caseId);
    if (summary == null) {
      throw ApiError.conflict("no_case_in_focus", "No case is being discussed now.");
    }
    return summary;
  }
}
