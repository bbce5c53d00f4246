package org.ailive.audit;

/**
 * What an audit entry says was done (R12). Each name is the exact text stored in
 * {@code audit_entry.action}, which the audit trail filters on and existing rows already hold: never
 * rename one.
 */
public enum AuditAction {
  SIGN_IN("sign_in"),
  SIGN_IN_FAILED("sign_in_failed"),
  /** No longer written (sign-in slows down instead of locking): older rows keep it. */
  SIGN_IN_LOCKED("sign_in_locked"),
  SIGN_IN_THROTTLED("sign_in_throttled"),
  SIGN_OUT("sign_out"),
  SIGN_OUT_EVERYWHERE("sign_out_everywhere"),
  PASSWORD_CHANGED("password_changed"),
  JOIN_LINK_CREATED("join_link_created"),
  JOIN_LINK_REVOKED("join_link_revoked"),
  JOIN_LINK_USED("join_link_used"),
  MEMBER_INVITED("member_invited"),
  INVITATION_ACCEPTED("invitation_accepted"),
  MEMBER_UPDATED("member_updated"),
  PANEL_MEMBER_ADDED("panel_member_added"),
  PANEL_MEMBER_REMOVED("panel_member_removed"),
  CASE_VIEWED("case_viewed"),
  CASE_OUTCOME("case_outcome"),
  ACTION_PROGRESS("action_progress"),
  ACTION_DROPPED("action_dropped"),
  ACTION_REVISED("action_revised"),
  ACTION_WITHDRAWN("action_withdrawn"),
  /** A file or a minutes version that left the service; the subject says which. */
  EXPORT("export"),
  MINUTES_APPROVED("minutes_approved"),
  /** The officer or chair saved an item's summary and decisions; the detail names the item, never the text. */
  MINUTES_EDITED("minutes_edited"),
  /** The chair published an approved version to the panel. */
  MINUTES_PUBLISHED("minutes_published"),
  /** A member of the panel read the published minutes in the app. */
  MINUTES_READ("minutes_read"),
  /** A session renewed ({@code POST /api/auth/refresh}). */
  TOKEN_REFRESHED("token_refreshed"),
  /** A join link that did not open a session: bad, expired or revoked. */
  JOIN_LINK_REFUSED("join_link_refused"),
  /** The officer read the audit trail (its CSV is an {@link #EXPORT}). */
  AUDIT_READ("audit_read"),
  /** A list of members with their e-mail addresses ({@code GET /api/members}). */
  MEMBERS_LISTED("members_listed"),
  /** The retention job replaced a closed meeting's narrative with a stub; the detail counts what, never the text. */
  RETENTION_PURGED("retention_purged"),
  // Member import (issue 18): a dry run's and an import's summary (counts, never the file), and each
  // agency an import made (its members get member_invited / member_updated rows as the form's do).
  MEMBERS_IMPORT_CHECKED("members_import_checked"),
  MEMBERS_IMPORTED("members_imported"),
  AGENCY_IMPORTED("agency_imported");

  private final String stored;

  AuditAction(String stored) {
    this.stored = stored;
  }

  public String stored() {
    return stored;
  }
}
