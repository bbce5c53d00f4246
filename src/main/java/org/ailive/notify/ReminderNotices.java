package org.ailive.notify;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The reminders the daily run sends (issue 19 item 3; org.ailive.reminders decides who and when),
 * one factory each. Each key names its cause and its date (the day, the deadline, the meeting's date,
 * the review date or the day progress stopped), so a day run twice, or caught up after downtime,
 * sends each reminder once; a meeting moved to another date, or an action that stalls again after
 * progress, is a new cause. No field can hold narrative: a case is its family reference, an action
 * its number.
 */
public final class ReminderNotices {

  public static final String CASE_DEADLINE = "case_deadline";
  public static final String PACK_OPEN = "pack_open";
  public static final String APOLOGY_UPDATE = "apology_update";
  public static final String ACTION_STALLED = "action_stalled";
  public static final String REVIEW_DUE = "review_due";

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

  private ReminderNotices() {
  }

  /** R4: the presenter's case for a meeting is still a draft as its deadline nears ({@code day} the reminder's day). */
  public static Notice caseDeadline(Notices.Recipient presenter, UUID caseId, String familyRef, LocalDate meetingDate,
                                    LocalDate deadline, LocalDate day) {
    return notice(CASE_DEADLINE, presenter, caseId + ":" + day, Map.of("familyRef", familyRef,
      "meetingDate", day(meetingDate), "deadlineDate", day(deadline), "url", "/case-form.html?case=" + caseId));
  }

  /** R4: the meeting's papers are open to the panel, 5 working days before. */
  public static Notice packOpen(Notices.Recipient member, UUID meetingId, String panelName, LocalDate meetingDate) {
    return notice(PACK_OPEN, member, meetingId + ":" + meetingDate, Map.of("panelName", panelName,
      "meetingDate", day(meetingDate), "url", "/pack.html?meeting=" + meetingId));
  }

  /**
   * R10: the member sent apologies without the written update that should come with them; {@code
   * stage} is {@code first} (when the pack opens) or {@code eve} (the working day before).
   */
  public static Notice apologyUpdate(Notices.Recipient member, UUID meetingId, String panelName, LocalDate meetingDate,
                                     String stage) {
    return notice(APOLOGY_UPDATE, member, meetingId + ":" + meetingDate + ":" + stage, Map.of("panelName", panelName,
      "meetingDate", day(meetingDate), "url", "/apologies.html?meeting=" + meetingId));
  }

  /** R7, to the panel's chair: an action has had no progress since {@code since}, two months or more. */
  public static Notice actionStalled(Notices.Recipient chair, UUID actionId, long number, String familyRef,
                                     UUID panelId, LocalDate since) {
    return notice(ACTION_STALLED, chair, actionId + ":" + since, Map.of("actionNumber", String.valueOf(number),
      "familyRef", familyRef, "sinceDate", day(since), "url", "/actions.html?panelId=" + panelId + "#action-" + actionId));
  }

  /** R9: a case's review date has come; {@code url} the page the recipient acts on. */
  public static Notice reviewDue(Notices.Recipient member, UUID caseId, String familyRef, LocalDate reviewDate,
                                 String url) {
    return notice(REVIEW_DUE, member, caseId + ":" + reviewDate, Map.of("familyRef", familyRef,
      "reviewDate", day(reviewDate), "url", url));
  }

  /** "Wednesday 6 January 2027". */
  public static String day(LocalDate date) {
    return DAY.format(date);
  }

  /** The key is {@code kind:cause:member:date…} in the order the contract gives (cause, recipient, then when). */
  private static Notice notice(String kind, Notices.Recipient to, String causeAndWhen, Map<String, String> fields) {
    int colon = causeAndWhen.indexOf(':');
    String key = kind + ":" + causeAndWhen.substring(0, colon) + ":" + to.memberId() + causeAndWhen.substring(colon);
    Map<String, String> all = new HashMap<>(fields);
    all.put("fullName", to.fullName());
    return new Notice(kind, to.memberId(), to.email(), key, all, false, null);
  }
}
