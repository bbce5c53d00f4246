package org.ailive.room;

/** The SQL of the key-agency summons (table {@code summons}, migration V31; links in {@code join_link}). */
final class SummonsSql {

  private SummonsSql() {
  }

  /**
   * For the needs $2, the agencies that attend when relevant and are key for one of them, each with
   * its members on panel $1 (not observers only); an agency without one comes once with no member.
   * A need's row without an agency means every county-wide agency: those are expected anyway.
   */
  static final String RECIPIENTS = """
    SELECT DISTINCT k.need, a.id AS agency_id, a.name AS agency, m.id AS member_id, m.full_name, m.email, m.roles
    FROM need_key_agency k
    JOIN agency a ON a.id = k.agency_id
    LEFT JOIN (member m JOIN panel_member pm ON pm.member_id = m.id AND pm.panel_id = $1 AND pm.left_at IS NULL)
      ON m.agency_id = a.id AND m.active AND NOT (m.roles <@ ARRAY['observer']::text[])
    WHERE k.need = ANY ($2) AND a.attendance = 'when_relevant' AND a.retired_at IS NULL""";

  static final String TOLD = """
    SELECT item_id, member_id, agency_id, expected_at, updates, updated_at FROM summons WHERE meeting_id = $1""";

  static final String INSERT = """
    INSERT INTO summons (meeting_id, item_id, member_id, agency_id, expected_at, summoned_at)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""";

  static final String UPDATED = """
    UPDATE summons SET expected_at = $4, updates = updates + 1, updated_at = $5
    WHERE meeting_id = $1 AND item_id = $2 AND member_id = $3""";

  /** Members of $2 who hold a live join link for meeting $1 already. */
  static final String LIVE_LINKS = """
    SELECT DISTINCT member_id FROM join_link
    WHERE meeting_id = $1 AND member_id = ANY ($2) AND revoked_at IS NULL AND expires_at > now()""";

  static final String INSERT_LINK = """
    INSERT INTO join_link (id, meeting_id, member_id, created_by_member_id, expires_at) VALUES ($1, $2, $3, $4, $5)""";

  /** Who was summoned for item $2 of meeting $1, is still on its panel and has not yet been told it started. */
  static final String STARTING = """
    SELECT s.member_id, a.name AS agency, m.full_name, m.email
    FROM summons s JOIN member m ON m.id = s.member_id AND m.active JOIN agency a ON a.id = s.agency_id
    JOIN meeting mt ON mt.id = s.meeting_id
    JOIN panel_member pm ON pm.panel_id = mt.panel_id AND pm.member_id = s.member_id AND pm.left_at IS NULL
    WHERE s.meeting_id = $1 AND s.item_id = $2 AND s.started_at IS NULL
    ORDER BY m.full_name""";

  static final String STARTED = """
    UPDATE summons SET started_at = $3 WHERE meeting_id = $1 AND item_id = $2 AND started_at IS NULL""";
}
