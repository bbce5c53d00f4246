package org.ailive.cases;

import org.ailive.auth.PanelReach;

/** The SQL of cases, key agencies and case views, kept together. */
final class CaseSql {

  private CaseSql() {
  }

  // $1 is always the caller: whether they sit on the case's panel decides what they may read.
  private static final String SELECT = """
    SELECT fc.id, fc.family_ref, fc.panel_id, fc.district_id, d.name AS district_name, fc.meeting_id,
           m.meeting_date, m.status AS meeting_status, fc.presenter_member_id, pr.full_name AS presenter_name,
           pa.name AS presenter_agency, fc.ffa_open, fc.consent_to_share, fc.consent_recorded_at,
           fc.reason_for_bringing, fc.summary_of_concerns, fc.presenting_needs, fc.voice_of_child, fc.review_date,
           fc.status, fc.submitted_late, fc.version, fc.submitted_at, fc.accepted_by_member_id,
           fc.declined_by_member_id, fc.declined_reason, fc.created_at, fc.updated_at, fc.outcome, fc.need_met,
           fc.withdrawn_reason, (SELECT meeting_date FROM meeting WHERE id = fc.deferred_from_meeting_id) AS deferred_from,
           ARRAY(SELECT pd.id FROM district pd WHERE pd.double_district_id = p.double_district_id) AS panel_districts,
           %s
    FROM family_case fc
    JOIN panel p ON p.id = fc.panel_id
    JOIN district d ON d.id = fc.district_id
    JOIN member pr ON pr.id = fc.presenter_member_id
    LEFT JOIN agency pa ON pa.id = pr.agency_id
    LEFT JOIN meeting m ON m.id = fc.meeting_id
    """.formatted(PanelReach.seatColumns("p", "$1"));

  static final String BY_ID = SELECT + " WHERE fc.id = $2";

  // R1 order, as the agenda will be: the first district's cases, then the second's, by submission.
  static final String FOR_MEETING = SELECT + """
     WHERE fc.meeting_id = $2
     ORDER BY fc.district_id <> m.first_district_id, fc.submitted_at NULLS LAST, fc.created_at""";

  static final String BY_PRESENTER = SELECT + """
     WHERE fc.presenter_member_id = $1
     ORDER BY m.meeting_date DESC NULLS LAST, fc.created_at DESC""";

  // A family's cases on every panel, newest meeting first (issue 20); who may read each is CaseAccess's call.
  static final String BY_FAMILY = SELECT + """
     WHERE fc.family_ref = $2
     ORDER BY m.meeting_date DESC NULLS LAST, fc.created_at DESC""";

  // Candidates for the search box: cases whose reference contains $2 (a LIKE pattern, escaped), on
  // the panels the caller ($1) chairs or sits on, or their own ($4: the officer's reach, every panel).
  // Only a first cut, so the limit is not spent on other panels: CaseAccess still decides each one.
  static final String FAMILY_LIKE = SELECT + """
     WHERE fc.family_ref ILIKE $2 ESCAPE '\\'
       AND ($4::boolean OR fc.presenter_member_id = $1 OR %s)
     ORDER BY fc.family_ref, m.meeting_date DESC NULLS LAST
     LIMIT $3""".formatted(PanelReach.chairsOrSitsOnSql("p", "$1"));

  static final String SEAT = "SELECT " + PanelReach.seatColumns("p", "$1") + " FROM panel p WHERE p.id = $2";

  static final String PRESENTER_ON_PANEL = """
    SELECT 1 FROM member m JOIN panel_member pm ON pm.member_id = m.id
    WHERE m.id = $1 AND pm.panel_id = $2 AND pm.left_at IS NULL AND m.active AND 'presenter' = ANY (m.roles)""";

  // Consent is timestamped when it is given and forgotten when it is withdrawn.
  static final String INSERT = """
    INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,
                             consent_to_share, consent_recorded_at, reason_for_bringing, summary_of_concerns,
                             presenting_needs, voice_of_child, review_date)
    VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 THEN now() END, $8, $9, $10, $11, $12)
    RETURNING id""";

  // Every write is guarded by the version it was decided on, so a concurrent change is never lost.
  static final String UPDATE = """
    UPDATE family_case SET family_ref = $3, district_id = $4, ffa_open = $5,
           consent_recorded_at = CASE WHEN NOT $6 THEN NULL WHEN consent_to_share THEN consent_recorded_at
                                      ELSE now() END,
           consent_to_share = $6, reason_for_bringing = $7, summary_of_concerns = $8, presenting_needs = $9,
           voice_of_child = $10, review_date = $11, version = version + 1, updated_at = now()
    WHERE id = $1 AND version = $2""";

  static final String SUBMIT = """
    UPDATE family_case SET status = $3, submitted_late = $4, review_date = $5, submitted_at = now(),
           version = version + 1, updated_at = now()
    WHERE id = $1 AND version = $2""";

  static final String ACCEPT = """
    UPDATE family_case SET status = 'accepted', accepted_by_member_id = $3, version = version + 1, updated_at = now()
    WHERE id = $1 AND version = $2""";

  static final String DECLINE = """
    UPDATE family_case SET status = 'declined', declined_by_member_id = $3, declined_reason = $4,
           version = version + 1, updated_at = now()
    WHERE id = $1 AND version = $2""";

  // A need's row without an agency stands for every county-wide agency; a retired agency is no longer key.
  static final String KEY_AGENCIES = """
    SELECT DISTINCT k.need, a.id AS agency_id, a.name AS agency
    FROM need_key_agency k
    JOIN agency a ON a.id = k.agency_id OR (k.agency_id IS NULL AND a.attendance = 'county_wide')
    WHERE k.need = ANY ($1) AND a.retired_at IS NULL
    ORDER BY k.need, a.name""";

  // Everyone who could speak for an agency at the meeting: its panel members, and whoever the
  // register records (substitutes stand in for the agency of the member they replace).
  static final String PEOPLE_AT_MEETING = """
    SELECT m.id, m.full_name, m.agency_id, sf.agency_id AS for_agency_id, at.status, at.substitute_for_member_id,
           coalesce(length(at.written_update), 0) > 0 AS has_update, pm.member_id IS NOT NULL AS panel_member
    FROM member m
    LEFT JOIN attendance at ON at.meeting_id = $1 AND at.member_id = m.id
    LEFT JOIN member sf ON sf.id = at.substitute_for_member_id
    LEFT JOIN panel_member pm ON pm.panel_id = $2 AND pm.member_id = m.id AND pm.left_at IS NULL
    WHERE pm.member_id IS NOT NULL OR at.member_id IS NOT NULL
    ORDER BY m.full_name""";
}
