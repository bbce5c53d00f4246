package org.ailive.reports;

import org.ailive.room.CaseStatus;

import org.ailive.auth.PanelReach;
import org.ailive.protocol.Zone;
import org.ailive.room.AttendanceMark;

/**
 * The SQL of the reports (R3, R11), kept together. Every report reads a period of meeting dates
 * ($1 from, $2 to, inclusive) and the panels it covers ($3, a uuid[]; null for every panel).
 */
final class ReportsSql {

  private ReportsSql() {
  }

  static final String PANELS = """
    SELECT p.id, dd.code, p.name FROM panel p JOIN double_district dd ON dd.id = p.double_district_id
    WHERE ($1::uuid[] IS NULL OR p.id = ANY ($1::uuid[])) ORDER BY dd.code""";

  static final String AGENCIES = "SELECT id, name, attendance FROM agency ORDER BY name";

  /** Meetings that went ahead (started) in the period: what attendance is measured against. */
  private static final String HELD = """
    SELECT m.id, m.panel_id FROM meeting m
    WHERE m.status IN ('live', 'closed') AND m.meeting_date BETWEEN $1 AND $2
      AND ($3::uuid[] IS NULL OR m.panel_id = ANY ($3::uuid[]))""";

  /** Meetings of the period that were cancelled (issue 20): never among those held. */
  static final String CANCELLED = """
    SELECT m.id, m.panel_id, dd.code, p.name, m.meeting_date, m.series_id IS NOT NULL AS in_series,
           (m.cancelled_at AT TIME ZONE '%s')::date AS cancelled_on
    FROM meeting m JOIN panel p ON p.id = m.panel_id JOIN double_district dd ON dd.id = p.double_district_id
    WHERE m.cancelled_at IS NOT NULL AND m.meeting_date BETWEEN $1 AND $2
      AND ($3::uuid[] IS NULL OR m.panel_id = ANY ($3::uuid[]))
    ORDER BY m.meeting_date, dd.code, m.id""".formatted(Zone.SQL_NAME);

  static final String MEETINGS_HELD = "SELECT panel_id, count(*) AS meetings FROM (" + HELD + ") held GROUP BY panel_id";

  /** Agencies whose partners sit on each panel: listed on that panel's report even if never there. */
  static final String PANEL_PARTNER_AGENCIES = """
    SELECT DISTINCT pm.panel_id, mb.agency_id
    FROM panel_member pm JOIN member mb ON mb.id = pm.member_id
    WHERE pm.left_at IS NULL AND mb.active AND mb.agency_id IS NOT NULL AND 'partner' = ANY (mb.roles)
      AND ($1::uuid[] IS NULL OR pm.panel_id = ANY ($1::uuid[]))""";

  /**
   * For each panel and agency, how many meetings it was at by its best mark, ranked in the order of
   * {@link AttendanceMark#LABELS}: in the room (1), remote (2), substitute (3), apologies with an
   * update (4), apologies (5), absent or never marked (6). A substitute counts for the agency of the
   * member they stand in for, so a member whose substitute came is represented, not absent.
   */
  static final String ATTENDANCE = """
    WITH held AS (%s),
    best AS (
      SELECT a.meeting_id, coalesce(sf.agency_id, mb.agency_id) AS agency_id,
             min(%s) AS rank
      FROM attendance a
      JOIN held ON held.id = a.meeting_id
      JOIN member mb ON mb.id = a.member_id
      LEFT JOIN member sf ON sf.id = a.substitute_for_member_id
      GROUP BY 1, 2)
    SELECT held.panel_id, best.agency_id, best.rank, count(*) AS meetings
    FROM best JOIN held ON held.id = best.meeting_id
    WHERE best.agency_id IS NOT NULL
    GROUP BY held.panel_id, best.agency_id, best.rank""".formatted(HELD, AttendanceMark.rankSql("a.status"));

  /**
   * For each month of the period with a meeting held: how many meetings, and for each agency at how
   * many of them it attended (in the room, remote, or a substitute for one of its members). A month
   * whose meetings no agency attended has one row with a null agency.
   */
  static final String ATTENDANCE_BY_MONTH = """
    WITH held AS (
      SELECT m.id, to_char(m.meeting_date, 'YYYY-MM') AS month FROM meeting m
      WHERE m.status IN ('live', 'closed') AND m.meeting_date BETWEEN $1 AND $2
        AND ($3::uuid[] IS NULL OR m.panel_id = ANY ($3::uuid[]))),
    came AS (
      SELECT DISTINCT a.meeting_id, coalesce(sf.agency_id, mb.agency_id) AS agency_id
      FROM attendance a
      JOIN held ON held.id = a.meeting_id
      JOIN member mb ON mb.id = a.member_id
      LEFT JOIN member sf ON sf.id = a.substitute_for_member_id
      WHERE a.status IN %s)
    SELECT h.month, h.meetings, c.agency_id, coalesce(c.attended, 0) AS attended
    FROM (SELECT month, count(*) AS meetings FROM held GROUP BY month) h
    LEFT JOIN (SELECT held.month, came.agency_id, count(*) AS attended
               FROM came JOIN held ON held.id = came.meeting_id
               WHERE came.agency_id IS NOT NULL GROUP BY 1, 2) c ON c.month = h.month
    ORDER BY h.month""".formatted(AttendanceMark.ATTENDED_SQL);

  /** Cases brought to a meeting in the period (not drafts, declined or still waiting to be accepted). */
  private static final String CASES = """
    FROM family_case fc JOIN meeting m ON m.id = fc.meeting_id
    WHERE m.meeting_date BETWEEN $1 AND $2 AND ($3::uuid[] IS NULL OR fc.panel_id = ANY ($3::uuid[]))
      AND fc.status IN %s""".formatted(CaseStatus.TAKEN_SQL);

  static final String CASE_COUNTS = "SELECT fc.panel_id, count(*) AS cases " + CASES + " GROUP BY fc.panel_id";

  static final String NEEDS = """
    SELECT fc.panel_id, n.need, count(DISTINCT fc.id) AS cases
    FROM family_case fc JOIN meeting m ON m.id = fc.meeting_id
    CROSS JOIN LATERAL unnest(fc.presenting_needs) AS n(need)
    WHERE m.meeting_date BETWEEN $1 AND $2 AND ($3::uuid[] IS NULL OR fc.panel_id = ANY ($3::uuid[]))
      AND fc.status IN %s
    GROUP BY fc.panel_id, n.need""".formatted(CaseStatus.TAKEN_SQL);

  /** R11 step-up outcomes by calendar quarter of the meeting; a case without one is 'not_recorded'. */
  static final String OUTCOMES = """
    SELECT fc.panel_id, extract(year FROM m.meeting_date)::int AS year,
           extract(quarter FROM m.meeting_date)::int AS quarter,
           coalesce(fc.outcome, 'not_recorded') AS outcome, count(*) AS cases
    """ + CASES + " GROUP BY 1, 2, 3, 4";

  /**
   * Every agenda item of the meetings held in the period ($1 from, $2 to, $3 panels), or of one
   * meeting ($4, whatever its date and status), in agenda order; never outside the panels $3.
   */
  static final String TIMING = """
    SELECT m.id AS meeting_id, m.meeting_date, m.status, dd.code AS panel_code, p.name AS panel_name,
           ai.position, ai.kind, ai.title, d.name AS district, ai.allotted_seconds, ai.used_seconds, ai.done
    FROM agenda_item ai
    JOIN meeting m ON m.id = ai.meeting_id
    JOIN panel p ON p.id = m.panel_id
    JOIN double_district dd ON dd.id = p.double_district_id
    LEFT JOIN district d ON d.id = ai.district_id
    WHERE ($3::uuid[] IS NULL OR m.panel_id = ANY ($3::uuid[]))
      AND CASE WHEN $4::uuid IS NOT NULL THEN m.id = $4::uuid
               ELSE m.status IN ('live', 'closed') AND m.meeting_date BETWEEN $1 AND $2 END
    ORDER BY m.meeting_date, dd.code, m.id, ai.position""";

  /** The case ($1) locked, and where the caller ($2) sits on its panel. */
  static final String LOCK_CASE = "SELECT fc.status, fc.outcome, fc.need_met, fc.family_ref, " + PanelReach.seatColumns("p", "$2")
    + " FROM family_case fc JOIN panel p ON p.id = fc.panel_id WHERE fc.id = $1 FOR UPDATE OF fc";

  // Not a summary edit: the case's version (which guards live edits of the summary) stays as it is.
  static final String SET_OUTCOME = """
    UPDATE family_case SET outcome = coalesce($2, outcome), need_met = coalesce($3, need_met), updated_at = now()
    WHERE id = $1""";

  static final String OPEN_ACTIONS = """
    SELECT count(*) AS n FROM action WHERE case_id = $1 AND status NOT IN ('closed', 'dropped')""";

  /** R11 referrals: the cases brought in the period ({@link #CASES}) by the presenter's agency. */
  static final String REFERRALS_BY_AGENCY = """
    SELECT ag.id AS agency_id, ag.name AS agency, count(*) AS cases
    FROM (SELECT fc.presenter_member_id %s) c
    JOIN member mb ON mb.id = c.presenter_member_id LEFT JOIN agency ag ON ag.id = mb.agency_id
    GROUP BY ag.id, ag.name ORDER BY count(*) DESC, ag.name""".formatted(CASES);

  /** R11 referrals per district of the panels covered, every district listed (none referred is 0). */
  static final String REFERRALS_BY_DISTRICT = """
    SELECT dd.code, d.name AS district, count(c.district_id) AS cases
    FROM district d JOIN double_district dd ON dd.id = d.double_district_id
    LEFT JOIN (SELECT fc.district_id %s) c ON c.district_id = d.id
    WHERE EXISTS (SELECT 1 FROM panel p WHERE p.double_district_id = dd.id
                  AND ($3::uuid[] IS NULL OR p.id = ANY ($3::uuid[])))
    GROUP BY dd.code, d.name ORDER BY dd.code, d.name""".formatted(CASES);
}
