package org.ailive.export;

import org.ailive.room.VolunteeredAction;

/** The SQL of the action log export. */
final class ExportSql {

  private ExportSql() {
  }

  /**
   * The action log as council action plans lay it out, by action number. Progress is every update,
   * oldest first, each with its date and author; the flags and the RAG rating are worked out from
   * the row by {@link org.ailive.room.ActionRag}, not here. $1 panel, $2 meeting, $3 owner agency (each null for
   * any), $4 statuses, $5 overdue only, $6 today (Europe/London), $7 the panels the caller runs (null:
   * every panel). Read through a cursor: never all rows at once.
   */
  static final String ACTION_LOG = """
    SELECT a.number, fc.family_ref, a.description, a.success_measure, om.full_name AS owner_name,
           ag.name AS owner_agency, a.due_date, a.status, a.drop_reason, m.meeting_date, dd.code AS panel_code,
           up.progress,
           (coalesce(up.last_at, a.confirmed_at, a.created_at) AT TIME ZONE 'Europe/London')::date
             AS no_progress_since
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
      AND ($7::uuid[] IS NULL OR m.panel_id = ANY ($7::uuid[]))
    ORDER BY a.number""".formatted(VolunteeredAction.FOLLOWED_UP_SQL);
}
