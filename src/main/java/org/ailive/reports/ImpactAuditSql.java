package org.ailive.reports;

import org.ailive.protocol.Zone;

/**
 * The SQL of the bi-monthly impact audit (R12). A case was discussed in the period when one of its
 * agenda items was done as "discussed" at a meeting held ($1 from, $2 to, inclusive) of the panels $3
 * (a uuid[]; null for every panel), the same held meetings as the other reports count.
 */
final class ImpactAuditSql {

  private ImpactAuditSql() {
  }

  /**
   * Each case discussed in the period, named by its pseudonymous family reference (never its
   * narrative), with the dates it was discussed and the time its items were planned and got.
   */
  static final String CASES = """
    SELECT fc.id, fc.panel_id, fc.family_ref, d.name AS district, fc.status, fc.outcome, fc.need_met, fc.review_date,
           array_agg(DISTINCT m.meeting_date ORDER BY m.meeting_date) AS discussed_on,
           sum(ai.allotted_seconds)::int AS planned, sum(ai.used_seconds)::int AS used
    FROM agenda_item ai
    JOIN meeting m ON m.id = ai.meeting_id
    JOIN family_case fc ON fc.id = ai.case_id
    LEFT JOIN district d ON d.id = fc.district_id
    WHERE ai.kind = 'case' AND ai.disposition = 'discussed'
      AND m.status IN ('live', 'closed') AND m.meeting_date BETWEEN $1 AND $2
      AND ($3::uuid[] IS NULL OR m.panel_id = ANY ($3::uuid[]))
    GROUP BY fc.id, d.name
    ORDER BY min(m.meeting_date), fc.family_ref, fc.id""";

  /**
   * The agreed actions ($2: the statuses an action has once the chair confirmed it) of the cases $1,
   * by number: who owns them, when they were due and the day (London) they were closed. Never the
   * description, which is case narrative.
   */
  static final String ACTIONS = """
    SELECT a.case_id, a.number, ag.name AS owner_agency, a.due_date, a.status,
           (a.closed_at AT TIME ZONE '%s')::date AS closed_on
    FROM action a JOIN agency ag ON ag.id = a.owner_agency_id
    WHERE a.case_id = ANY ($1::uuid[]) AND a.status = ANY ($2::text[])
    ORDER BY a.number""".formatted(Zone.SQL_NAME);
}
