package org.ailive.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every kind of notice the service sends, in one place: its code (the template's name under
 * {@code src/main/resources/mail/} and the {@code kind} of its outbox row), the label members see
 * when they choose what they get, whether it is essential (it cannot be turned off: a member needs
 * it to sign in, or the chair needs them in the room) and whether it is ever mailed (else it shows
 * only in the app).
 */
public enum NoticeKind {
  INVITATION("invitation", "Invitations to join", true, true),
  PASSWORD_RESET("password_reset", "Password reset links", true, true),
  CASE_ACCEPTED("case_accepted", "Your case is accepted for a meeting", false, true),
  CASE_LATE("case_late", "Your case was submitted late", false, true),
  CASE_LATE_DECISION("case_late_decision", "A late case needs the chair's decision", false, true),
  CASE_DECLINED("case_declined", "Your late case was declined", false, true),
  CASE_DEFERRED("case_deferred", "Your case was deferred to the next meeting", false, true),
  ACTION_CONFIRMED("action_confirmed", "An action you own was confirmed", false, true),
  ACTION_RETURNED("action_returned", "An action you proposed was returned to you", false, true),
  ACTION_REPORTED_DONE("action_reported_done", "An action was reported done (for the chair)", false, true),
  ACTION_CLOSED("action_closed", "An action you own was closed", false, true),
  ACTION_DROPPED("action_dropped", "An action you own was dropped", false, true),
  ACTION_DIGEST("action_digest", "Weekly list of your actions due soon or overdue", false, true),
  CASE_DEADLINE(ReminderNotices.CASE_DEADLINE, "Reminders that a case of yours is still a draft before its deadline", false, true),
  PACK_OPEN(ReminderNotices.PACK_OPEN, "The pre-meeting pack is open", false, true),
  APOLOGY_UPDATE(ReminderNotices.APOLOGY_UPDATE, "Reminders to send a written update with your apologies", false, true),
  ACTION_STALLED(ReminderNotices.ACTION_STALLED, "Actions with no progress for 2 months (to the chair)", false, true),
  REVIEW_DUE(ReminderNotices.REVIEW_DUE, "Case review dates due", false, true),
  SUMMONS("summons", "Summons: your agency is key for an item of a meeting", true, true),
  SUMMONS_UPDATE("summons_update", "Summons updates: your item's expected time moved", true, true),
  ITEM_STARTING("item_starting", "Your item is starting (by e-mail when you are not in the meeting)", true, true),
  ITEM_STARTING_APP("item_starting_app", "Your item is starting (while you are in the meeting)", true, false),
  MEETING_SCHEDULED("meeting_scheduled", "A meeting of your panel is scheduled", false, true),
  MEETING_SERIES("meeting_series", "A series of meetings of your panel is scheduled", false, true),
  MEETING_MOVED("meeting_moved", "A meeting of your panel moves to another date, time or place", false, true),
  MEETING_CANCELLED("meeting_cancelled", "A meeting of your panel is cancelled", false, true),
  JOIN_LINK("join_link", "Your link to join a meeting", true, true),
  MINUTES_PUBLISHED("minutes_published", "Minutes of your panel's meetings are published", false, true),
  MAIL_PROBLEM("mail_problem", "Members whose address refuses mail (officers)", false, true);

  public final String code;
  public final String label;
  public final boolean essential;
  public final boolean mailed;

  NoticeKind(String code, String label, boolean essential, boolean mailed) {
    this.code = code;
    this.label = label;
    this.essential = essential;
    this.mailed = mailed;
  }

  /**
   * The choices a member may make for this kind: an essential kind only mail; a kind never mailed the
   * app or nothing; the weekly digest mail or nothing, because it carries sign-in-free progress links
   * and so is never shown in the app (the same actions are on "My actions" there).
   */
  public List<NoticeChoice> offered() {
    if (essential) {
      return List.of(NoticeChoice.MAIL);
    }
    if (!mailed) {
      return List.of(NoticeChoice.APP, NoticeChoice.OFF);
    }
    return this == ACTION_DIGEST ? List.of(NoticeChoice.MAIL, NoticeChoice.OFF)
      : List.of(NoticeChoice.MAIL, NoticeChoice.APP, NoticeChoice.OFF);
  }

  public static Optional<NoticeKind> of(String code) {
    return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
  }
}
