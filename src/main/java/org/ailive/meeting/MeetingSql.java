package org.ailive.meeting;

/** The SQL of meetings and panels, kept together. */
final class MeetingSql {

  private MeetingSql() {
  }

  static final String SELECT = """
    SELECT m.id, m.panel_id, p.name AS panel_name, m.meeting_date, m.starts_at, m.ends_at, m.location,
           m.status, m.first_district_id, fd.name AS first_district, m.ics_sequence, m.cancelled_at, m.call_url, m.series_id,
           (SELECT d.id FROM district d WHERE d.double_district_id = p.double_district_id
              AND d.id <> m.first_district_id ORDER BY d.name LIMIT 1) AS second_district_id,
           (SELECT d.name FROM district d WHERE d.double_district_id = p.double_district_id
              AND d.id <> m.first_district_id ORDER BY d.name LIMIT 1) AS second_district
    FROM meeting m
    JOIN panel p ON p.id = m.panel_id
    JOIN district fd ON fd.id = m.first_district_id
    """;

  static final String BY_ID = SELECT + " WHERE m.id = $1";

  static final String ALL = SELECT + " ORDER BY m.meeting_date DESC, p.name";

  // The meetings of the member's panels, and those they are admitted to as a substitute or guest.
  static final String FOR_MEMBER = SELECT + """
     WHERE EXISTS (SELECT 1 FROM panel_member pm
                   WHERE pm.panel_id = m.panel_id AND pm.member_id = $1 AND pm.left_at IS NULL)
        OR (m.status <> 'closed' AND EXISTS (SELECT 1 FROM meeting_guest g
                   WHERE g.meeting_id = m.id AND g.member_id = $1 AND g.withdrawn_at IS NULL))
     ORDER BY m.meeting_date DESC, p.name""";

  /** The panel's districts by name, each with the panel's choice of who goes first at its first meeting. */
  static final String PANEL_DISTRICTS = """
    SELECT d.id, d.name, p.first_district_id FROM panel p JOIN district d ON d.double_district_id = p.double_district_id
    WHERE p.id = $1 ORDER BY d.name""";

  /** R2: the district that went first at the panel's last meeting before this date (a cancelled one had no turn). */
  static final String PREVIOUS_FIRST_DISTRICT = """
    SELECT first_district_id FROM meeting WHERE panel_id = $1 AND meeting_date < $2 AND cancelled_at IS NULL
    ORDER BY meeting_date DESC LIMIT 1""";

  /** Every meeting of the panel, in date order: the series' dates taken and its R2 rotation read them. */
  static final String PANEL_MEETINGS = """
    SELECT id, meeting_date, first_district_id, cancelled_at IS NOT NULL AS cancelled, status, series_id,
      EXISTS (SELECT 1 FROM agenda_item i WHERE i.meeting_id = meeting.id) AS has_agenda
    FROM meeting WHERE panel_id = $1 ORDER BY meeting_date""";

  /** The panel, locked: two series (or a series and a meeting) made at once cannot both take a date. */
  static final String LOCK_PANEL = "SELECT id FROM panel WHERE id = $1 FOR UPDATE";

  static final String INSERT_SERIES = """
    INSERT INTO meeting_series (panel_id, week, weekday, starts_at, ends_at, location, from_date, meeting_count,
                                until_date, created_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, created_at""";

  static final String INSERT_IN_SERIES = """
    INSERT INTO meeting (panel_id, meeting_date, starts_at, ends_at, location, first_district_id, series_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""";

  /** The panel's series, newest first, each with its meetings as they now stand. */
  static final String SERIES_OF_PANEL = """
    SELECT s.id, s.week, s.weekday, s.starts_at, s.ends_at, s.location, s.from_date, s.meeting_count, s.until_date,
           s.created_at, cb.full_name AS created_by,
           coalesce((SELECT json_agg(json_build_object('id', m.id, 'meetingDate', m.meeting_date, 'status', m.status,
                      'cancelled', m.cancelled_at IS NOT NULL, 'firstDistrictId', m.first_district_id,
                      'firstDistrict', d.name) ORDER BY m.meeting_date)
                     FROM meeting m JOIN district d ON d.id = m.first_district_id WHERE m.series_id = s.id), '[]') AS meetings
    FROM meeting_series s JOIN member cb ON cb.id = s.created_by
    WHERE s.panel_id = $1 ORDER BY s.created_at DESC, s.id""";

  /** R2 again after a cancel: a later meeting of a series takes its new first district ($2). */
  static final String SET_FIRST_DISTRICT = "UPDATE meeting SET first_district_id = $2 WHERE id = $1";

  static final String INSERT = """
    INSERT INTO meeting (panel_id, meeting_date, starts_at, ends_at, location, first_district_id, call_url)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""";

  /** R13: the meeting's call link set ($2) or cleared (null); not once it has closed. */
  static final String SET_CALL_URL = """
    UPDATE meeting SET call_url = $2 WHERE id = $1 AND status <> 'closed' RETURNING id""";

  /** Who hears of the meeting's changes: the panel's current members and its chair, active ones only. */
  static final String PANEL_RECIPIENTS = """
    SELECT m.id, m.full_name, m.email FROM member m
    WHERE m.active AND (m.id IN (SELECT pm.member_id FROM panel_member pm WHERE pm.panel_id = $1 AND pm.left_at IS NULL)
                        OR m.id = (SELECT p.chair_member_id FROM panel p WHERE p.id = $1))
    ORDER BY m.full_name, m.id""";

  /** A move: $2 date, $3 start, $4 end, $5 place; the calendar entry's sequence goes up. Locked first. */
  static final String MOVE = """
    UPDATE meeting SET meeting_date = $2, starts_at = $3, ends_at = $4, location = $5, ics_sequence = ics_sequence + 1
    WHERE id = $1""";

  static final String CANCEL = """
    UPDATE meeting SET cancelled_at = now(), cancelled_by = $2, ics_sequence = ics_sequence + 1 WHERE id = $1""";

  static final String LOCK = "SELECT id FROM meeting WHERE id = $1 FOR UPDATE";

  /** The agencies offered for new members and actions: a retired one is not (AgencyChoice). */
  static final String AGENCIES = "SELECT id, name, attendance FROM agency WHERE retired_at IS NULL ORDER BY name";

  /** Panels, within $1 (a uuid[]; null for every panel). */
  static final String PANELS = """
    SELECT p.id, p.name, dd.code, dd.name AS double_district,
           coalesce(json_agg(json_build_object('id', d.id, 'name', d.name) ORDER BY d.name), '[]') AS districts
    FROM panel p JOIN double_district dd ON dd.id = p.double_district_id
    JOIN district d ON d.double_district_id = dd.id
    WHERE $1::uuid[] IS NULL OR p.id = ANY ($1::uuid[])
    GROUP BY p.id, dd.code, dd.name ORDER BY p.name""";
}
