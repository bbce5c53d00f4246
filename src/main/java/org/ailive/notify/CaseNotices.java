package org.ailive.notify;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The notices a case's status causes (R4, R9): accepted for a meeting, submitted late (to its
 * presenter, and to the chair who decides), declined, deferred to the next meeting. Each names the
 * case by its family reference and its meeting's date, with a link to it: never its narrative, nor
 * the chair's reason for declining it (free text, read in the app).
 */
public final class CaseNotices {

  public static final String CASE_ACCEPTED = "case_accepted";
  public static final String CASE_LATE = "case_late";
  public static final String CASE_LATE_DECISION = "case_late_decision";
  public static final String CASE_DECLINED = "case_declined";
  public static final String CASE_DEFERRED = "case_deferred";

  /** The case as mail may name it: its id, family reference and the date of its meeting. */
  public record Case(UUID id, String familyRef, UUID meetingId, LocalDate meetingDate) {
  }

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

  private CaseNotices() {
  }

  /** To its presenter: the case is on the agenda of its meeting ({@code version}: the case's, after the change). */
  public static Notice accepted(Notices.Recipient presenter, Case c, int version) {
    return notice(CASE_ACCEPTED, presenter, c, "v" + version, caseUrl(c));
  }

  /** To its presenter: submitted after the deadline, it waits for the chair's decision. */
  public static Notice late(Notices.Recipient presenter, Case c, int version) {
    return notice(CASE_LATE, presenter, c, "v" + version, caseUrl(c));
  }

  /** To the panel's chair: a late case waits for them to accept or decline it (R4). */
  public static Notice lateForDecision(Notices.Recipient chair, Case c, int version) {
    return notice(CASE_LATE_DECISION, chair, c, "v" + version, "/meeting-prep.html?meeting=" + c.meetingId());
  }

  /** To its presenter: the chair declined the late case; the reason is in the app. */
  public static Notice declined(Notices.Recipient presenter, Case c, int version) {
    return notice(CASE_DECLINED, presenter, c, "v" + version, caseUrl(c));
  }

  /**
   * To its presenter: the meeting deferred the case to the panel's next one ({@code c}'s meeting is
   * the one it moved to). A case moves forward once from each meeting, so the new meeting is the cause.
   */
  public static Notice deferred(Notices.Recipient presenter, Case c) {
    return notice(CASE_DEFERRED, presenter, c, "to" + c.meetingId(), caseUrl(c));
  }

  private static Notice notice(String kind, Notices.Recipient to, Case c, String cause, String url) {
    return new Notice(kind, to.memberId(), to.email(), kind + ":" + c.id() + ":" + cause + ":" + to.memberId(),
      Map.of("fullName", to.fullName(), "familyRef", c.familyRef(), "meetingDate", day(c.meetingDate()), "url", url),
      false, null);
  }

  private static String caseUrl(Case c) {
    return "/case-form.html?case=" + c.id();
  }

  /** "Wednesday 9 December 2026". */
  static String day(LocalDate date) {
    return DAY.format(date);
  }
}
