package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A case's summary as the meeting shares it (R6 fields), with the case's version: every live edit
 * makes a new version, and an edit made from an out-of-date copy is refused, never merged silently.
 */
public record LiveCaseSummary(UUID caseId, String familyRef, UUID presenterId, String reasonForBringing,
                              String summaryOfConcerns, List<String> presentingNeeds, String voiceOfChild,
                              int version) {

  /** The fields that can be edited live, by their JSON names, and their columns. */
  public static final Map<String, String> FIELDS = Map.of(
    "reasonForBringing", "reason_for_bringing",
    "summaryOfConcerns", "summary_of_concerns",
    "presentingNeeds", "presenting_needs",
    "voiceOfChild", "voice_of_child");

  public static final int MAX_TEXT = 10_000;

  public Object get(String field) {
    return switch (field) {
      case "reasonForBringing" -> reasonForBringing;
      case "summaryOfConcerns" -> summaryOfConcerns;
      case "presentingNeeds" -> presentingNeeds;
      case "voiceOfChild" -> voiceOfChild;
      default -> throw ApiError.invalid("field", "must be one of " + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
    };
  }

  public LiveCaseSummary with(String field, Object value) {
    int v = version + 1;
    return switch (field) {
      case "reasonForBringing" -> new LiveCaseSummary(caseId, familyRef, presenterId, (String) value, summaryOfConcerns,
        presentingNeeds, voiceOfChild, v);
      case "summaryOfConcerns" -> new LiveCaseSummary(caseId, familyRef, presenterId, reasonForBringing, (String) value,
        presentingNeeds, voiceOfChild, v);
      case "presentingNeeds" -> new LiveCaseSummary(caseId, familyRef, presenterId, reasonForBringing, summaryOfConcerns,
        toList(value), voiceOfChild, v);
      case "voiceOfChild" -> new LiveCaseSummary(caseId, familyRef, presenterId, reasonForBringing, summaryOfConcerns,
        presentingNeeds, (String) value, v);
      default -> throw ApiError.invalid("field", "is not an editable field");
    };
  }

  /** JSON values compare as JSON: a list of needs equals the same list however it arrived. */
  public static Object normalise(Object value) {
    return value instanceof JsonArray a ? a.getList() : value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> toList(Object value) {
    return List.copyOf((List<String>) normalise(value));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("caseId", caseId.toString())
      .put("familyRef", familyRef)
      .put("presenterId", presenterId.toString())
      .put("reasonForBringing", reasonForBringing)
      .put("summaryOfConcerns", summaryOfConcerns)
      .put("presentingNeeds", new JsonArray(presentingNeeds))
      .put("voiceOfChild", voiceOfChild)
      .put("version", version);
  }
}
