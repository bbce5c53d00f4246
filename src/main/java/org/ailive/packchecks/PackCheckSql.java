package org.ailive.packchecks;

/** The SQL of the partners' checks and of who has read the pack, kept together. */
final class PackCheckSql {

  private PackCheckSql() {
  }

  /** The case's meeting, held against closing or cancelling while a check is written. */
  static final String MEETING_OF_CASE = """
    SELECT m.id, m.status, m.meeting_date, m.cancelled_at
    FROM family_case fc JOIN meeting m ON m.id = fc.meeting_id
    WHERE fc.id = $1
    FOR SHARE OF m""";

  static final String UPSERT = """
    INSERT INTO pack_check (case_id, agency_id, answer, update_text, answered_by)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (case_id, agency_id) DO UPDATE SET answer = EXCLUDED.answer, update_text = EXCLUDED.update_text,
      answered_by = EXCLUDED.answered_by, answered_at = now(), version = pack_check.version + 1""";

  static final String CHANGE = """
    INSERT INTO pack_check_change (case_id, agency_id, answer, update_text, answered_by)
    VALUES ($1, $2, $3, $4, $5)""";

  /** The answers on these cases ($1 uuid[]), with who gave them. */
  static final String FOR_CASES = """
    SELECT pc.case_id, pc.agency_id, a.name AS agency, pc.answer, pc.update_text, pc.answered_by,
           m.full_name AS answered_by_name, pc.answered_at, pc.version
    FROM pack_check pc
    JOIN agency a ON a.id = pc.agency_id
    JOIN member m ON m.id = pc.answered_by
    WHERE pc.case_id = ANY ($1)
    ORDER BY a.name""";

  /** The members the pack is for: the panel's partners and presenters now on it ($1 the panel). */
  static final String PACK_MEMBERS = """
    SELECT m.id, m.full_name, a.name AS agency
    FROM panel_member pm
    JOIN member m ON m.id = pm.member_id
    LEFT JOIN agency a ON a.id = m.agency_id
    WHERE pm.panel_id = $1 AND pm.left_at IS NULL AND m.active AND m.roles && ARRAY['partner', 'presenter']
    ORDER BY a.name NULLS LAST, m.full_name""";

  /**
   * Who read which of these cases ($1 the case ids as text) in the pack or on its own page: the audit
   * trail's case views (R12), the first and latest of each member's, while the case was on this
   * meeting ($2): a case deferred here keeps its id, and a read of last month's pack is not a read of this one.
   */
  static final String READS = """
    SELECT member_id, subject, min(at) AS first_read, max(at) AS last_read
    FROM audit_entry
    WHERE action = 'case_viewed' AND subject = ANY ($1) AND detail ->> 'via' IN ('pack', 'case')
      AND detail ->> 'meetingId' = $2 AND member_id IS NOT NULL
    GROUP BY member_id, subject""";

  static final String MEETING_PANEL = "SELECT panel_id FROM meeting WHERE id = $1";
}
