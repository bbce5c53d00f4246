package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;

/**
 * The red/amber/green rating the councils' own action plans give each action, and the dates it
 * turns on: red when it is overdue or has had no progress for two months (R7); amber when it is due
 * within 14 days; green when it is on track. An action that is not being followed up (a proposal,
 * one returned to its proposer, closed or dropped) has no rating. The one home of these rules: the
 * action log page, "my actions" and the CSV and XLSX exports all ask here.
 *
 * @param rating {@code red}, {@code amber} or {@code green}
 * @param reason why, in words people read (the rating is never shown by colour alone)
 */
public record ActionRag(String rating, String reason) {

  public static final int DUE_SOON_DAYS = 14;
  public static final int STALE_MONTHS = 2;

  static final String OVERDUE = "Overdue";
  static final String NO_PROGRESS = "No progress for " + STALE_MONTHS + " months";
  static final String DUE_SOON = "Due within " + DUE_SOON_DAYS + " days";
  static final String ON_TRACK = "On track";

  /** Followed up and past its due date. Proposals are not commitments yet, so they are never overdue. */
  public static boolean overdue(String status, LocalDate due, LocalDate today) {
    return VolunteeredAction.FOLLOWED_UP.contains(status) && due.isBefore(today);
  }

  /** Followed up and due today or within the next 14 days. */
  public static boolean dueSoon(String status, LocalDate due, LocalDate today) {
    return VolunteeredAction.FOLLOWED_UP.contains(status) && !due.isBefore(today)
      && !due.isAfter(today.plusDays(DUE_SOON_DAYS));
  }

  /** R7: still being worked on with no progress for two months; the clock restarts at each update. */
  public static boolean stale(String status, LocalDate noProgressSince, LocalDate today) {
    return VolunteeredAction.CAN_GO_STALE.contains(status) && !noProgressSince.plusMonths(STALE_MONTHS).isAfter(today);
  }

  /**
   * @param noProgressSince the day of the last update, else of the confirmation
   * @return the rating, or null for an action that is not being followed up
   */
  public static ActionRag of(String status, LocalDate due, LocalDate noProgressSince, LocalDate today) {
    if (!VolunteeredAction.FOLLOWED_UP.contains(status)) {
      return null;
    }
    if (overdue(status, due, today)) {
      return new ActionRag("red", OVERDUE);
    }
    if (stale(status, noProgressSince, today)) {
      return new ActionRag("red", NO_PROGRESS);
    }
    if (dueSoon(status, due, today)) {
      return new ActionRag("amber", DUE_SOON);
    }
    return new ActionRag("green", ON_TRACK);
  }

  /** {@code Red}, {@code Amber}, {@code Green}. */
  public String label() {
    return Character.toUpperCase(rating.charAt(0)) + rating.substring(1);
  }

  /** As a spreadsheet cell says it: {@code Red: Overdue}. */
  public String text() {
    return label() + ": " + reason;
  }

  public JsonObject toJson() {
    return new JsonObject().put("rating", rating).put("label", label()).put("reason", reason);
  }
}
