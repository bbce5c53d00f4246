package org.ailive.members;

/** The SQL of membership: members, invitations, panel membership, and the audit of changes. */
final class MembersSql {

  private MembersSql() {
  }

  /**
   * Members with the panels they sit on, within the panels $1 (a uuid[]; null for every member and
   * panel): those who sit on one of them now, and their chairs and officers.
   */
  static final String LIST = """
    SELECT m.id, m.full_name, m.email, m.agency_id, a.name AS agency, m.roles, m.active,
           m.password_hash IS NOT NULL AS has_password, m.mail_problem, m.mail_problem_at,
           (SELECT max(i.expires_at) FROM invitation i
            WHERE i.member_id = m.id AND i.used_at IS NULL AND i.voided_at IS NULL) AS invitation_expires_at,
           (SELECT max(r.created_at) FROM password_reset r WHERE r.member_id = m.id
              AND r.created_by_member_id IS NULL AND r.used_at IS NULL AND r.voided_at IS NULL) AS reset_requested_at,
           coalesce((SELECT json_agg(pm.panel_id) FROM panel_member pm
                     WHERE pm.member_id = m.id AND pm.left_at IS NULL
                       AND ($1::uuid[] IS NULL OR pm.panel_id = ANY ($1::uuid[]))), '[]') AS panels
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id
    WHERE $1::uuid[] IS NULL
       OR EXISTS (SELECT 1 FROM panel_member pm
                  WHERE pm.member_id = m.id AND pm.left_at IS NULL AND pm.panel_id = ANY ($1::uuid[]))
       OR EXISTS (SELECT 1 FROM panel p WHERE p.id = ANY ($1::uuid[])
                  AND m.id IN (p.chair_member_id, p.officer_member_id))
    ORDER BY m.full_name""";

  static final String BY_ID = """
    SELECT m.id, m.full_name, m.email, m.agency_id, a.name AS agency, m.roles, m.active
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id WHERE m.id = $1""";

  static final String INSERT_MEMBER = """
    INSERT INTO member (full_name, email, agency_id, roles) VALUES ($1, $2, $3, $4) RETURNING id""";

  static final String INSERT_INVITATION = """
    INSERT INTO invitation (member_id, code_hash, created_by_member_id, expires_at) VALUES ($1, $2, $3, $4)""";

  static final String OPEN_INVITATION = """
    SELECT i.id, i.member_id FROM invitation i JOIN member m ON m.id = i.member_id
    WHERE i.code_hash = $1 AND i.used_at IS NULL AND i.voided_at IS NULL AND i.expires_at > now() AND m.active""";

  static final String USE_INVITATION = "UPDATE invitation SET used_at = now() WHERE id = $1 AND used_at IS NULL";

  static final String SET_PASSWORD = "UPDATE member SET password_hash = $2 WHERE id = $1";

  static final String UPDATE_MEMBER = """
    UPDATE member SET full_name = $2, agency_id = $3, roles = $4, active = $5 WHERE id = $1""";

  static final String ADD_TO_PANEL = """
    INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2)
    ON CONFLICT (panel_id, member_id) DO UPDATE SET left_at = NULL, joined_at = now()""";

  static final String REMOVE_FROM_PANEL = """
    UPDATE panel_member SET left_at = now() WHERE panel_id = $1 AND member_id = $2 AND left_at IS NULL""";

  static final String AUDIT_TRAIL = """
    SELECT e.id, e.at, e.member_id, m.full_name, e.action, e.subject, e.detail
    FROM audit_entry e LEFT JOIN member m ON m.id = e.member_id
    WHERE e.at >= $1 AND e.at < $2 AND ($3::text IS NULL OR e.action = $3)
    ORDER BY e.id DESC LIMIT $4""";
}
