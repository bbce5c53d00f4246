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
  /** Join links made for several members at once (issue 18): one summary row; each link has its own created row. */
  JOIN_LINKS_MADE("join_links_made"),
  /** Every live join link of a meeting withdrawn at once: one summary row; each link has its own revoked row. */
  JOIN_LINKS_WITHDRAWN("join_links_withdrawn"),
  MEMBER_INVITED("member_invited"),
  INVITATION_ACCEPTED("invitation_accepted"),
  MEMBER_UPDATED("member_updated"),
  PANEL_MEMBER_ADDED("panel_member_added"),
  PANEL_MEMBER_REMOVED("panel_member_removed"),
  CASE_VIEWED("case_viewed"),
  /** The family page was read (issue 20): the subject is {@code family:<ref>}, the detail the case ids shown, never narrative. */
  FAMILY_VIEWED("family_viewed"),
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
  // Two-factor sign-in (issue 18): the detail never holds the secret or a code.
  /** The member confirmed a code from a new secret: two-factor sign-in is on. */
  TWO_FACTOR_ENROLLED("two_factor_enrolled"),
  /** The member turned it off (a role that does not require it). */
  TWO_FACTOR_DISABLED("two_factor_disabled"),
  /** An officer reset another member's two-factor sign-in; the subject names the member. */
  TWO_FACTOR_RESET("two_factor_reset"),
  RECOVERY_CODES_RENEWED("recovery_codes_renewed"),
  /** A recovery code opened a session (it is spent). */
  RECOVERY_CODE_USED("recovery_code_used"),
  /** A wrong or used code (or recovery code) at the second step of signing in. */
  SECOND_FACTOR_FAILED("second_factor_failed"),
  // Account recovery (issue 18).
  /** The officer made a new invitation for a member without a password; older ones stopped working. */
  MEMBER_REINVITED("member_reinvited"),
  /** A password reset was asked for (no sign-in); the subject names the member, or only the e-mail when none has it. */
  PASSWORD_RESET_REQUESTED("password_reset_requested"),
  /** Asking for a password reset was refused: too many asked for that e-mail or from that address. */
  PASSWORD_RESET_THROTTLED("password_reset_throttled"),
  /** The officer issued a member a password reset link; older ones stopped working. */
  PASSWORD_RESET_ISSUED("password_reset_issued"),
  /** A member set a new password with a reset link; all their sessions ended. */
  PASSWORD_RESET_USED("password_reset_used"),
  // Mail outbox (issue 19).
  /** The officer read the outbox (addresses and subjects, never bodies); the detail counts the rows. */
  OUTBOX_READ("outbox_read"),
  /** The officer sent a failed message again; the detail names its kind and address. */
  OUTBOX_RESENT("outbox_resent"),
  // Council set-up (issue 18): the detail holds names and ids, before and after.
  COUNCIL_RENAMED("council_renamed"),
  SETUP_COMPLETED("setup_completed"),
  PANEL_CREATED("panel_created"),
  PANEL_UPDATED("panel_updated"),
  PANEL_CHAIR_SET("panel_chair_set"),
  AGENCY_CREATED("agency_created"),
  AGENCY_UPDATED("agency_updated"),
  /** Deleting an agency in use retires it instead; its history keeps its name. */
  AGENCY_RETIRED("agency_retired"),
  AGENCY_DELETED("agency_deleted"),
  KEY_AGENCIES_SET("key_agencies_set"),
  // Member import (issue 18): a dry run's and an import's summary (counts, never the file), and each
  // agency an import made (its members get member_invited / member_updated rows as the form's do).
  MEMBERS_IMPORT_CHECKED("members_import_checked"),
  MEMBERS_IMPORTED("members_imported"),
  AGENCY_IMPORTED("agency_imported"),
  // One-time progress links (issue 19): the action's number, never its text or the update's.
  /** The weekly digest gave an owner one-time links for these actions (the detail lists their numbers). */
  PROGRESS_LINKS_ISSUED("progress_links_issued"),
  /** An owner opened a progress link (it shows them the action). */
  PROGRESS_LINK_OPENED("progress_link_opened"),
  /** An owner posted progress with a link; the link is used up. */
  PROGRESS_LINK_USED("progress_link_used"),
  /** A progress link was refused: the detail says why (used, expired, withdrawn, action closed). */
  PROGRESS_LINK_REFUSED("progress_link_refused"),
  /** The officer moved a meeting (date, times or place); the detail holds before and after. */
  MEETING_MOVED("meeting_moved"),
  /** The officer cancelled a meeting. */
  MEETING_CANCELLED("meeting_cancelled"),
  /** The officer made a series of a panel's meetings (issue 20); the detail lists their dates. */
  MEETING_SERIES_CREATED("meeting_series_created");

  private final String stored;

  AuditAction(String stored) {
    this.stored = stored;
  }

  public String stored() {
    return stored;
  }
}
