package org.ailive.actions;

import org.ailive.auth.PanelReach;
import org.ailive.room.ActionRag;
import org.ailive.room.VolunteeredAction;

/** The SQL of the weekly digest and its one-time progress links (table {@code progress_link}, V28). */
final class ProgressLinkSql {

  private ProgressLinkSql() {
  }

  /**
   * The actions the digest of day $1 lists: still being worked on (open or in progress; one reported
   * done waits for the chair, not its owner), due within 14 days or overdue, owned by an active
   * member who still sits on the action's panel (else their link could not post). Owner by owner,
   * most urgent first.
   */
  static final String DUE = """
    SELECT a.id, a.number, fc.family_ref, a.due_date, m.id AS member_id, m.full_name, m.email
    FROM action a
    JOIN meeting mt ON mt.id = a.meeting_id
    JOIN member m ON m.id = a.owner_member_id AND m.active
    LEFT JOIN family_case fc ON fc.id = a.case_id
    WHERE a.status IN %s AND a.due_date <= $1::date + %d AND %s
    ORDER BY m.id, a.due_date, a.number""".formatted(VolunteeredAction.CAN_GO_STALE_SQL, ActionRag.DUE_SOON_DAYS,
    PanelReach.sitsOnSql("mt.panel_id", "m.id"));

  /** Which of the digests $1 (dedupe keys) are already in the outbox: those owners are done this week. */
  static final String ALREADY_SENT = "SELECT dedupe_key FROM notice WHERE dedupe_key = ANY ($1::text[])";

  /** A newer link for the same action and owner replaces the older one. */
  static final String REPLACE = """
    UPDATE progress_link SET withdrawn_at = now(), withdrawn_why = 'replaced'
    WHERE member_id = $1 AND action_id = ANY ($2::uuid[]) AND used_at IS NULL AND withdrawn_at IS NULL""";

  static final String INSERT = """
    INSERT INTO progress_link (action_id, member_id, code_hash, expires_at) VALUES ($1, $2, $3, $4)""";

  /** The link by its code's hash, and what the service needs to judge it. */
  static final String BY_HASH = """
    SELECT l.id, l.action_id, l.member_id, l.expires_at, l.expires_at > now() AS live, l.used_at, l.withdrawn_why,
           a.status, a.number, a.owner_member_id, m.active
    FROM progress_link l JOIN action a ON a.id = l.action_id JOIN member m ON m.id = l.member_id
    WHERE l.code_hash = $1""";

  /** Used up, once: a second use at the same moment finds no row. */
  static final String USE = """
    UPDATE progress_link SET used_at = now()
    WHERE id = $1 AND used_at IS NULL AND withdrawn_at IS NULL AND expires_at > now()""";

  /** The link's owner, as the app's access check reads a caller. */
  static final String OWNER = """
    SELECT m.id, m.full_name, m.email, m.agency_id, ag.name AS agency, m.roles
    FROM member m LEFT JOIN agency ag ON ag.id = m.agency_id WHERE m.id = $1 AND m.active""";
}
