package org.ailive.actions;

import org.ailive.auth.PanelReach;
import org.ailive.room.VolunteeredAction;

/** The SQL of action follow-up, kept together. Where a query has a caller, it is always $1. */
final class ActionsSql {

  private ActionsSql() {
  }

  /** The caller sits on the action's panel now ({@code p} its panel row). */
  private static final String ON_PANEL = PanelReach.sitsOnSql("p.id", "$1");

  // The panel is the raising meeting's: an action raised under AOB has no case.
  private static final String SELECT = """
    SELECT a.id, a.number, a.case_id, fc.family_ref, a.meeting_id, m.meeting_date, m.panel_id, p.chair_member_id,
           a.description, a.owner_agency_id, ag.name AS owner_agency, a.owner_member_id, om.full_name AS owner_name,
           a.due_date, a.success_measure, a.status, a.drop_reason, a.confirmed_at, a.closed_at, a.created_at,
           a.proposed_by_member_id, a.returned_reason,
           (SELECT max(u.created_at) FROM action_update u WHERE u.action_id = a.id) AS last_progress_at,
           %s AS caller_on_panel
    FROM action a
    JOIN meeting m ON m.id = a.meeting_id
    JOIN panel p ON p.id = m.panel_id
    JOIN agency ag ON ag.id = a.owner_agency_id
    LEFT JOIN member om ON om.id = a.owner_member_id
    LEFT JOIN family_case fc ON fc.id = a.case_id
    """.formatted(ON_PANEL);

  static final String BY_ID = SELECT + " WHERE a.id = $2";

  /** The agreed actions ($3 statuses) of cases $2, for the family page (issue 20). */
  static final String OF_CASES = SELECT + """
     WHERE a.case_id = ANY ($2::uuid[]) AND a.status = ANY ($3::text[])
     ORDER BY a.number NULLS LAST, a.created_at""";

  /** The agreed action ($3 statuses) numbered $2, for the search box. */
  static final String BY_NUMBER = SELECT + " WHERE a.number = $2 AND a.status = ANY ($3::text[])";

  /** $2 sees every panel, $3 mine, $4 caller's agency, $5 panel, $6 meeting, $7 owner agency, $8 statuses. */
  static final String LIST = SELECT + """
     WHERE ($2::boolean OR %s)
       AND (NOT $3::boolean OR a.owner_member_id = $1 OR a.owner_agency_id = $4::uuid
            OR (a.proposed_by_member_id = $1 AND a.status IN ('proposed', 'returned')))
       AND ($5::uuid IS NULL OR m.panel_id = $5::uuid)
       AND ($6::uuid IS NULL OR a.meeting_id = $6::uuid)
       AND ($7::uuid IS NULL OR a.owner_agency_id = $7::uuid)
       AND a.status = ANY ($8::text[])
     ORDER BY a.due_date, a.number""".formatted(PanelReach.chairsOrSitsOnSql("p", "$1"));

  /** R8: what a meeting ($3 its date) of panel $2 reviews, raised at the panel's earlier meetings. */
  static final String FOLLOW_UP = SELECT + """
     WHERE m.panel_id = $2 AND m.meeting_date < $3 AND a.status IN %s
     ORDER BY fc.family_ref NULLS LAST, a.number""".formatted(VolunteeredAction.FOLLOWED_UP_SQL);

  /** R7 candidates of panel $2: families' actions that can go stale. */
  static final String STALE_CANDIDATES = SELECT + """
     WHERE m.panel_id = $2 AND a.case_id IS NOT NULL AND a.status IN %s
     ORDER BY fc.family_ref, a.number""".formatted(VolunteeredAction.CAN_GO_STALE_SQL);

  static final String UPDATES = """
    SELECT u.id, u.author_member_id, mb.full_name AS author_name, mb.agency_id, ag.name AS agency,
           u.body, u.status_after, u.created_at
    FROM action_update u
    JOIN member mb ON mb.id = u.author_member_id
    LEFT JOIN agency ag ON ag.id = mb.agency_id
    WHERE u.action_id = $1 ORDER BY u.created_at, u.id""";

  // Progress and drop read the status under this lock so a concurrent drop or close cannot interleave.
  static final String LOCK_STATUS = "SELECT status FROM action WHERE id = $1 FOR UPDATE";

  static final String INSERT_UPDATE = """
    INSERT INTO action_update (action_id, author_member_id, body, status_after) VALUES ($1, $2, $3, $4)
    RETURNING id""";

  // Between meetings, the proposer revises a returned action: it is proposed again, for the chair to
  // confirm at the next meeting. Guarded by the status read under the lock.
  static final String REVISE = """
    UPDATE action SET description = $2, owner_agency_id = $3, owner_member_id = $4, due_date = $5,
           success_measure = $6, status = 'proposed'
    WHERE id = $1 AND status = 'returned'""";

  // The panel's meetings whose rooms may hold its proposed and returned actions (reloaded after a
  // change between meetings, so a room never confirms from a stale copy).
  static final String PANEL_ROOMS = """
    SELECT id::text AS id FROM meeting WHERE panel_id = $1 AND status IN ('planned', 'open', 'live')""";

  static final String WITHDRAW = """
    UPDATE action SET status = 'dropped', drop_reason = $2 WHERE id = $1 AND status IN ('proposed', 'returned')""";

  static final String OWNER_OF_AGENCY = """
    SELECT (SELECT count(*) FROM agency WHERE id = $1) AS agency,
           (SELECT count(*) FROM member WHERE id = $2 AND agency_id = $1 AND active) AS member""";

  static final String SET_STATUS = "UPDATE action SET status = $2 WHERE id = $1";

  static final String DROP = "UPDATE action SET status = 'dropped', drop_reason = $2 WHERE id = $1";

  static final String MEETING = """
    SELECT m.id, m.panel_id, m.meeting_date, %s
    FROM meeting m JOIN panel p ON p.id = m.panel_id WHERE m.id = $2""".formatted(PanelReach.seatColumns("p", "$1"));

  static final String FAMILIES_ON_AGENDA = "SELECT DISTINCT family_ref FROM family_case WHERE meeting_id = $1";

  /** The panel, its next planned meeting on or after $3 (today) and whether the caller sits on it. */
  static final String PANEL = """
    SELECT p.id,
           (SELECT min(nm.meeting_date) FROM meeting nm
            WHERE nm.panel_id = p.id AND nm.status = 'planned' AND nm.cancelled_at IS NULL
              AND nm.meeting_date >= $3) AS next_meeting_date,
           %s
    FROM panel p WHERE p.id = $2""".formatted(PanelReach.seatColumns("p", "$1"));

  /**
   * R9: cases of panel $1 due for review by $2; drafts, declined and withdrawn cases were never
   * discussed, and a family whose case is closed (need met, actions closed) is reviewed no more.
   */
  static final String REVIEWS_DUE = """
    SELECT id, family_ref, review_date FROM family_case
    WHERE panel_id = $1 AND review_date <= $2 AND status NOT IN ('closed', 'declined', 'draft', 'withdrawn')
      AND family_ref NOT IN (SELECT family_ref FROM family_case WHERE panel_id = $1 AND status = 'closed')
    ORDER BY family_ref, review_date""";
}
