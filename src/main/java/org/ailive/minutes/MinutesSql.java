package org.ailive.minutes;

/** The SQL of the minutes: the cases they summarise and the numbered, approvable versions. */
final class MinutesSql {

  private MinutesSql() {
  }

  /** Every case brought to the meeting, with its shared summary and who presents it (a stand-in for its presenter, R5). */
  static final String CASES = """
    SELECT fc.id, fc.family_ref, fc.reason_for_bringing, fc.summary_of_concerns, fc.presenting_needs,
           fc.voice_of_child, pm.full_name AS presenter_name, pa.name AS presenter_agency,
           sm.full_name AS stand_in_name
    FROM family_case fc
    JOIN member pm ON pm.id = fc.presenter_member_id
    LEFT JOIN agency pa ON pa.id = pm.agency_id
    LEFT JOIN agenda_item ai ON ai.case_id = fc.id AND ai.meeting_id = fc.meeting_id
    LEFT JOIN member sm ON sm.id = ai.stand_in_member_id
    WHERE fc.meeting_id = $1""";

  // Versions are numbered per meeting; the lock keeps two drafts made at once from taking one number.
  static final String LOCK_MINUTES = "SELECT pg_advisory_xact_lock(hashtext('minutes_version:' || $1::uuid::text))";

  static final String LATEST_VERSION = """
    SELECT coalesce(max(version), 0) AS latest, bool_or(status = 'approved') AS any_approved
    FROM minutes_version WHERE meeting_id = $1""";

  private static final String VERSION_COLUMNS = """
    SELECT v.id, v.meeting_id, v.version, v.status, v.last_seq, v.note, v.created_at, v.approved_at,
           v.created_by_member_id, cb.full_name AS created_by_name, v.approved_by_member_id,
           ab.full_name AS approved_by_name,
           EXISTS (SELECT 1 FROM minutes_publication mp WHERE mp.meeting_id = v.meeting_id AND mp.version = v.version)
             AS published
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

  static final String EDITS = """
    SELECT e.item_id, e.summary, e.decisions, e.updated_at, m.full_name AS updated_by_name
    FROM minutes_edit e JOIN member m ON m.id = e.updated_by_member_id WHERE e.meeting_id = $1""";

  static final String SAVE_EDIT = """
    INSERT INTO minutes_edit (meeting_id, item_id, summary, decisions, updated_by_member_id)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (meeting_id, item_id) DO UPDATE SET summary = EXCLUDED.summary, decisions = EXCLUDED.decisions,
      updated_by_member_id = EXCLUDED.updated_by_member_id, updated_at = now()
    RETURNING updated_at""";

  static final String SEAT = "SELECT " + org.ailive.auth.PanelReach.seatColumns("p", "$1")
    + " FROM panel p WHERE p.id = $2";

  /**
   * Whom published minutes are mailed to (issue 19): who may read them ({@link MinutesPublished#readRefusal}),
   * i.e. the panel's current partners and presenters who are not observers only, and its chair; not $2,
   * who published them.
   */
  static final String READERS = """
    SELECT m.id, m.full_name, m.email FROM member m
    WHERE m.active AND m.id <> $2
      AND (m.id = (SELECT p.chair_member_id FROM panel p WHERE p.id = $1)
           OR (m.roles && ARRAY['partner', 'presenter']::text[]
               AND EXISTS (SELECT 1 FROM panel_member pm WHERE pm.panel_id = $1 AND pm.member_id = m.id AND pm.left_at IS NULL)))
    ORDER BY m.full_name, m.id""";

  static final String PUBLISH = """
    INSERT INTO minutes_publication (meeting_id, version, published_by_member_id) VALUES ($1, $2, $3)
    ON CONFLICT (meeting_id) DO UPDATE SET version = EXCLUDED.version,
      published_by_member_id = EXCLUDED.published_by_member_id, published_at = now()""";

  static final String PUBLISHED = """
    SELECT p.version, p.published_at, m.full_name AS published_by_name
    FROM minutes_publication p JOIN member m ON m.id = p.published_by_member_id WHERE p.meeting_id = $1""";
}
