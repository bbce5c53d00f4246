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
  /** A file or a minutes version that left the service; the subject says which. */
  EXPORT("export"),
  MINUTES_APPROVED("minutes_approved");

  private final String stored;

  AuditAction(String stored) {
    this.stored = stored;
  }

  public String stored() {
    return stored;
  }
}
