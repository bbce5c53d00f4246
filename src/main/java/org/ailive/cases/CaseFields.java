package org.ailive.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;
import org.ailive.room.LiveCaseSummary;
import org.ailive.room.PresentingNeed;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a presenter writes on a case (R5, R6, R9). A draft may hold anything well formed; submission
 * needs all of it ({@link #requireSubmittable}). Every failure is a 400 naming the field.
 */
record CaseFields(String familyRef, UUID districtId, boolean ffaOpen, boolean consentToShare,
                  String reasonForBringing, String summaryOfConcerns, List<String> presentingNeeds,
                  String voiceOfChild, LocalDate reviewDate) {

  static final int FAMILY_REF_MAX = 40;
  static final int TEXT_MAX = LiveCaseSummary.MAX_TEXT;
  /** Short enough for a two-year-old's observed behaviour, long enough to rule out "n/a" or "see above". */
  static final int VOICE_MIN = 40;

  // A run of digits and the separators people type in phone numbers.
  private static final Pattern NUMBER_RUN = Pattern.compile("\\+?[0-9][0-9 ().-]*[0-9]");

  static CaseFields blank(String familyRef, UUID districtId) {
    return new CaseFields(familyRef, districtId, false, false, "", "", List.of(), "", null);
  }

  /** This case with every field the body carries replaced; absent fields are kept. */
  CaseFields merge(JsonObject body) {
    return new CaseFields(
      body.containsKey("familyRef") ? familyRef(body) : familyRef,
      body.containsKey("districtId") ? Json.uuid(body, "districtId", true) : districtId,
      body.containsKey("ffaOpen") ? bool(body, "ffaOpen") : ffaOpen,
      body.containsKey("consentToShare") ? bool(body, "consentToShare") : consentToShare,
      body.containsKey("reasonForBringing") ? text(body, "reasonForBringing") : reasonForBringing,
      body.containsKey("summaryOfConcerns") ? text(body, "summaryOfConcerns") : summaryOfConcerns,
      body.containsKey("presentingNeeds") ? needs(body) : presentingNeeds,
      body.containsKey("voiceOfChild") ? text(body, "voiceOfChild") : voiceOfChild,
      body.containsKey("reviewDate") ? Json.date(body, "reviewDate", false) : reviewDate);
  }

  /** The district must be one of the two the meeting's panel serves (R1). */
  CaseFields checkDistrict(List<UUID> panelDistricts) {
    if (!panelDistricts.contains(districtId)) {
      throw ApiError.invalid("districtId", "must be one of the two districts of the meeting's panel");
    }
    return this;
  }

  /** R9: 3-6 months after the meeting the case is presented at. */
  CaseFields checkReviewDate(LocalDate meetingDate) {
    if (reviewDate != null && meetingDate != null
      && (reviewDate.isBefore(meetingDate.plusMonths(CaseCalendar.REVIEW_MIN_MONTHS))
      || reviewDate.isAfter(meetingDate.plusMonths(CaseCalendar.REVIEW_MAX_MONTHS)))) {
      throw ApiError.invalid("reviewDate", "must be 3 to 6 months after the meeting (between "
        + meetingDate.plusMonths(CaseCalendar.REVIEW_MIN_MONTHS) + " and "
        + meetingDate.plusMonths(CaseCalendar.REVIEW_MAX_MONTHS) + ")");
    }
    return this;
  }

  CaseFields withDefaultReviewDate(LocalDate meetingDate) {
    return reviewDate != null ? this : new CaseFields(familyRef, districtId, ffaOpen, consentToShare,
      reasonForBringing, summaryOfConcerns, presentingNeeds, voiceOfChild,
      meetingDate.plusMonths(CaseCalendar.REVIEW_DEFAULT_MONTHS));
  }

  /** R5 and R6: what a case needs before partners read it. The first gap found is the answer. */
  CaseFields requireSubmittable() {
    if (!ffaOpen) {
      throw ApiError.invalid("ffaOpen", "must be true: a case needs an open Families First Assessment"); // R5
    }
    if (!consentToShare) {
      throw ApiError.invalid("consentToShare", "must be true: record the family's consent to share before submitting");
    }
    if (reasonForBringing.isBlank()) {
      throw ApiError.invalid("reasonForBringing", "must not be blank");
    }
    if (summaryOfConcerns.isBlank()) {
      throw ApiError.invalid("summaryOfConcerns", "must not be blank");
    }
    if (presentingNeeds.isEmpty()) {
      throw ApiError.invalid("presentingNeeds", "must name at least one presenting need");
    }
    if (voiceOfChild.strip().length() < VOICE_MIN) {
      throw ApiError.invalid("voiceOfChild", "is mandatory: at least " + VOICE_MIN + " characters of what the child"
        + " says, in their own words, or what their behaviour tells us (the form has prompts)"); // R6
    }
    return this;
  }

  /** Pseudonymous only (R12): anything that looks like an e-mail address or a phone number is refused. */
  private static String familyRef(JsonObject body) {
    String ref = Json.text(body, "familyRef", FAMILY_REF_MAX, true).strip();
    if (ref.contains("@")) {
      throw ApiError.invalid("familyRef", "looks like an e-mail address: use the pseudonymous family reference,"
        + " e.g. NH-2027-014, never contact details");
    }
    Matcher run = NUMBER_RUN.matcher(ref);
    while (run.find()) {
      String digits = run.group().replaceAll("[^0-9]", "");
      if (digits.length() >= 10 && (digits.startsWith("0") || run.group().startsWith("+"))) {
        throw ApiError.invalid("familyRef", "looks like a phone number: use the pseudonymous family reference,"
          + " e.g. NH-2027-014, never contact details");
      }
    }
    return ref;
  }

  private static String text(JsonObject body, String field) {
    String value = Json.text(body, field, TEXT_MAX, false);
    return value == null ? "" : value;
  }

  private static boolean bool(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof Boolean value)) {
      throw ApiError.invalid(field, "must be true or false");
    }
    return value;
  }

  private static List<String> needs(JsonObject body) {
    Object value = body.getValue("presentingNeeds");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > PresentingNeed.values().length) {
      throw ApiError.invalid("presentingNeeds", "must be a list of presenting-need codes");
    }
    LinkedHashSet<String> codes = new LinkedHashSet<>();
    for (Object code : array) {
      if (!(code instanceof String s) || PresentingNeed.of(s).isEmpty()) {
        throw ApiError.invalid("presentingNeeds", "has an unknown code '" + code
          + "' (the codes are listed by GET /api/cases/template)");
      }
      codes.add(s);
    }
    return List.copyOf(codes);
  }
}
