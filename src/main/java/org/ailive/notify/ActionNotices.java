package org.ailive.notify;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * The notices an action's life causes (R7, R8): confirmed (to its owner), returned (to its
 * proposer), reported done (to the chair, who puts its closure to the panel), closed or dropped (to
 * its owner). Each names the action by its number, its family reference and due date, with a link:
 * never its description, the reasons given or any update (free text, read in the app).
 */
public final class ActionNotices {

  public static final String ACTION_CONFIRMED = "action_confirmed";
  public static final String ACTION_RETURNED = "action_returned";
  public static final String ACTION_REPORTED_DONE = "action_reported_done";
  public static final String ACTION_CLOSED = "action_closed";
  public static final String ACTION_DROPPED = "action_dropped";

  /** What mail may say of an action; {@code familyRef} null for one raised under any other business. */
  public record Action(UUID id, Long number, String familyRef, LocalDate dueDate) {
  }

  private static final String MINE = "/my-actions.html";
  private static final String NO_FAMILY = "any other business";

  private ActionNotices() {
  }

  /** {@code cause}: what makes this transition this one (the room event's seq, or the update's id). */
  public static Notice confirmed(Notices.Recipient owner, Action a, String cause) {
    return notice(ACTION_CONFIRMED, owner, a, cause, MINE, null);
  }

  public static Notice returned(Notices.Recipient proposer, Action a, String cause) {
    return notice(ACTION_RETURNED, proposer, a, cause, MINE, null);
  }

  /** To the chair; {@code by} who reported it, {@code agency} theirs (may be null). */
  public static Notice reportedDone(Notices.Recipient chair, Action a, String cause, String by, String agency) {
    String actor = by + (agency == null || agency.isBlank() ? "" : " (" + agency + ")");
    // A long name and agency together stay one short line (MailGuard), so reporting done never fails on it.
    return notice(ACTION_REPORTED_DONE, chair, a, cause, "/actions.html?status=done_awaiting_agreement",
      actor.length() > 120 ? actor.substring(0, 119) + "…" : actor);
  }

  public static Notice closed(Notices.Recipient owner, Action a, String cause) {
    return notice(ACTION_CLOSED, owner, a, cause, MINE, null);
  }

  public static Notice dropped(Notices.Recipient owner, Action a, String cause) {
    return notice(ACTION_DROPPED, owner, a, cause, MINE, null);
  }

  private static Notice notice(String kind, Notices.Recipient to, Action a, String cause, String url, String actor) {
    Map<String, String> fields = new java.util.HashMap<>(Map.of("fullName", to.fullName(),
      "actionNumber", String.valueOf(a.number()), "familyRef", a.familyRef() == null ? NO_FAMILY : a.familyRef(),
      "dueDate", CaseNotices.day(a.dueDate()), "url", url));
    if (actor != null) {
      fields.put("actorName", actor);
    }
    return new Notice(kind, to.memberId(), to.email(), kind + ":" + a.id() + ":" + cause + ":" + to.memberId(),
      fields, false, null);
  }
}
