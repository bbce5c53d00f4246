package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The presenting needs of DOMAIN.md, most frequent first, as the review counted them. The codes are
 * stored on cases and in {@code need_key_agency}; the labels are what people read.
 */
public enum PresentingNeed {
  ATTENDANCE_SCHOOL("Attendance/school concern"),
  OTHER_PARENTING("Other parenting issue"),
  UNDER_FIVES("Children under 5"),
  PARENTAL_MENTAL_HEALTH("Parental mental health"),
  YP_MENTAL_HEALTH("Young person's mental health"),
  NEGLECT("Neglect"),
  PARENTAL_NON_ENGAGEMENT("Parental non-engagement"),
  DOMESTIC_ABUSE("Domestic abuse"),
  ILL_HEALTH("Ill health"),
  HOUSING_RENT_ARREARS("Housing and rent arrears"),
  FAMILY_BREAKDOWN_TEEN("Risk of family breakdown, teenager"),
  PARENTAL_SUBSTANCE_MISUSE("Parental substance misuse"),
  ANTISOCIAL_BEHAVIOUR("Anti-social behaviour"),
  YOUNG_CARER("Young carer"),
  YP_SUBSTANCE_MISUSE("Young person's substance misuse");

  private final String label;

  PresentingNeed(String label) {
    this.label = label;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  public static Optional<PresentingNeed> of(String code) {
    return Arrays.stream(values()).filter(n -> n.code().equals(code)).findFirst();
  }

  /** The label for a stored code, or the code itself if a later version dropped it. */
  public static String labelOf(String code) {
    return of(code).map(PresentingNeed::label).orElse(code);
  }

  public static JsonArray toJson() {
    JsonArray out = new JsonArray();
    for (PresentingNeed need : values()) {
      out.add(new JsonObject().put("code", need.code()).put("label", need.label()));
    }
    return out;
  }
}
