package org.ailive.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.FieldLabels;
import org.ailive.room.PresentingNeed;

/** The case template of R6 as the form shows it: the fields, the needs, and prompts for the child's voice. */
final class CaseTemplate {

  private CaseTemplate() {
  }

  // The review found the voice of the child was the part most often missing or thin; the prompts
  // are there to get the child's own words, or for the youngest, what their behaviour shows.
  private static final JsonArray VOICE_PROMPTS = new JsonArray()
    .add("What does the child say about home, school and friends, in their own words?")
    .add("What would they like to be different?")
    .add("Who do they trust, and who would they talk to?")
    .add("How did you find out: direct work, observation, a trusted adult?")
    .add("For a baby or a non-verbal child: what does their behaviour tell us?");

  static JsonObject toJson() {
    JsonArray fields = new JsonArray()
      .add(field("familyRef", "Family reference", "text", true,
        "Pseudonymous, up to 40 characters, e.g. NH-2027-014. No names, e-mail addresses or phone numbers."))
      .add(field("districtId", "District", "district", true, "One of the two districts of the meeting's panel."))
      .add(field("ffaOpen", "Families First Assessment open", "boolean", true,
        "A case needs an open Families First Assessment.")) // R5
      .add(field("consentToShare", "Family consent to share", "boolean", true,
        "The family agrees to their information being shared with the panel; the time is recorded."))
      .add(field("reasonForBringing", "Reason for bringing", "text", true,
        "What you are stuck with and what you need from partners."))
      .add(field("summaryOfConcerns", "Summary of main concerns", "text", true, "The main concerns, briefly."))
      .add(field("presentingNeeds", "Presenting needs", "needs", true, "One or more of the presenting needs."))
      .add(field("voiceOfChild", "Voice of the child", "text", true,
        "Mandatory, at least " + CaseFields.VOICE_MIN + " characters. Use the prompts.")) // R6
      .add(field("reviewDate", "Review date", "date", false,
        "3 to 6 months after the meeting; 4 months if left empty.")); // R9
    return new JsonObject()
      .put("fields", fields)
      .put("presentingNeeds", PresentingNeed.toJson())
      .put("voiceOfChildPrompts", VOICE_PROMPTS.copy())
      .put("voiceOfChildMinLength", CaseFields.VOICE_MIN)
      .put("deadlineWorkingDays", CaseCalendar.NOTICE_WORKING_DAYS)
      .put("reviewMonths", new JsonObject().put("min", CaseCalendar.REVIEW_MIN_MONTHS)
        .put("default", CaseCalendar.REVIEW_DEFAULT_MONTHS).put("max", CaseCalendar.REVIEW_MAX_MONTHS));
  }

  /** The label is the one error messages use too ({@link FieldLabels}); the one given must be it. */
  private static JsonObject field(String name, String label, String type, boolean requiredToSubmit, String help) {
    if (!label.equals(FieldLabels.label(name))) {
      throw new IllegalStateException(name + ": the template's label is not the field's (FieldLabels)");
    }
    return new JsonObject().put("name", name).put("label", label).put("type", type)
      .put("requiredToSubmit", requiredToSubmit).put("help", help);
  }
}
