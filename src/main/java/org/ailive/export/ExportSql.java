package org.ailive.export;

import org.ailive.room.VolunteeredAction;

/** The SQL of exports (the action log, minutes versions), kept together. */
final class ExportSql {

  private ExportSql() {
  }

  /**
   * The action log as council action plans lay it out, by action number. Progress is every update,
   * oldest first, each with its date and author. $1 panel, $2 meeting, $3 owner agency (each null for
   * any), $4 statuses, $5 overdue only, $6 today (Europe/London). Read through a cursor: never all
   * rows at once.
   */
  static final String ACTION_LOG = """
    SELECT a.number, fc.family_ref, a.description, a.success_measure, om.full_name AS owner_name,
           ag.name AS owner_agency, a.due_date, a.status, a.drop_reason, m.meeting_date, dd.code AS panel_code,
           up.progress,
           (a.status IN %1$s AND a.due_date < $6) AS overdue,
           (a.status IN %2$s
            AND (coalesce(up.last_at, a.confirmed_at, a.created_at) AT TIME ZONE 'Europe/London')::date
                + interval '2 months' <= $6) AS full_review
    FROM action a
    JOIN meeting m ON m.id = a.meeting_id
    JOIN panel p ON p.id = m.panel_id
    JOIN double_district dd ON dd.id = p.double_district_id
    JOIN agency ag ON ag.id = a.owner_agency_id
    LEFT JOIN member om ON om.id = a.owner_member_id
    LEFT JOIN family_case fc ON fc.id = a.case_id
    LEFT JOIN LATERAL (
      SELECT max(u.created_at) AS last_at,
             string_agg(to_char(u.created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') || ' '
                        || coalesce(ub.full_name, 'Unknown member') || ': ' || u.body, E'\\n'
                        ORDER BY u.created_at, u.id) AS progress
      FROM action_update u LEFT JOIN member ub ON ub.id = u.author_member_id
      WHERE u.action_id = a.id) up ON true
    WHERE ($1::uuid IS NULL OR m.panel_id = $1::uuid)
      AND ($2::uuid IS NULL OR a.meeting_id = $2::uuid)
      AND ($3::uuid IS NULL OR a.owner_agency_id = $3::uuid)
      AND a.status = ANY ($4::text[])
      AND (NOT $5::boolean OR (a.status IN %1$s AND a.due_date < $6))
    ORDER BY a.number""".formatted(VolunteeredAction.FOLLOWED_UP_SQL, VolunteeredAction.CAN_GO_STALE_SQL);

  static final String PANEL_CODE = """
    SELECT dd.code FROM panel p JOIN double_district dd ON dd.id = p.double_district_id WHERE p.id = $1""";

  /** Every case brought to the meeting, with its shared summary and who presents it. */
  static final String MINUTES_CASES = """
    SELECT fc.id, fc.family_ref, fc.reason_for_bringing, fc.summary_of_concerns, fc.presenting_needs,
           fc.voice_of_child, pm.full_name AS presenter_name, pa.name AS presenter_agency
    FROM family_case fc
    JOIN member pm ON pm.id = fc.presenter_member_id
    LEFT JOIN agency pa ON pa.id = pm.agency_id
    WHERE fc.meeting_id = $1""";

  // Versions are numbered per meeting; the lock keeps two drafts made at once from taking one number.
  static final String LOCK_MINUTES = "SELECT pg_advisory_xact_lock(hashtext('minutes_version:' || $1::uuid::text))";

  static final String LATEST_VERSION = """
    SELECT coalesce(max(version), 0) AS latest, bool_or(status = 'approved') AS any_approved
    FROM minutes_version WHERE meeting_id = $1""";

  private static final String VERSION_COLUMNS = """
    SELECT v.id, v.meeting_id, v.version, v.status, v.last_seq, v.note, v.created_at, v.approved_at,
           v.created_by_member_id, cb.full_name AS created_by_name, v.approved_by_member_id,
           ab.full_name AS approved_by_name
    FROM minutes_version v
    JOIN member cb ON cb.id = v.created_by_member_id
    LEFT JOIN member ab ON ab.id = v.approved_by_member_id
    """;

  static final String INSERT_VERSION = """
    INSERT INTO minutes_version (meeting_id, version, content, last_seq, note, created_by_member_id)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""";

  static final String VERSIONS = VERSION_COLUMNS + " WHERE v.meeting_id = $1 ORDER BY v.version";

  static final String VERSION = VERSION_COLUMNS + " WHERE v.meeting_id = $1 AND v.version = $2";

  static final String VERSION_CONTENT = """
    SELECT content FROM minutes_version WHERE meeting_id = $1 AND version = $2""";

  static final String LATEST_APPROVED = """
    SELECT max(version) AS version FROM minutes_version WHERE meeting_id = $1 AND status = 'approved'""";

  static final String LATEST = "SELECT max(version) AS version FROM minutes_version WHERE meeting_id = $1";

  static final String LOCK_VERSION = """
    SELECT v.version, v.status, (SELECT max(o.version) FROM minutes_version o WHERE o.meeting_id = v.meeting_id) AS latest
    FROM minutes_version v WHERE v.meeting_id = $1 AND v.version = $2 FOR UPDATE""";

  static final String APPROVE = """
    UPDATE minutes_version SET status = 'approved', approved_by_member_id = $3, approved_at = now()
    WHERE meeting_id = $1 AND version = $2 AND status = 'draft'""";
}
