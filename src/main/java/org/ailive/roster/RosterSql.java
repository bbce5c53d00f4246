package org.ailive.roster;

/** The SQL of the members import: what a file is checked against, and what applying it writes. */
final class RosterSql {

  private RosterSql() {
  }

  /** Every agency, retired ones flagged: a retired agency is not offered for new members. */
  static final String AGENCIES = """
    SELECT a.id, a.name, a.attendance, a.retired_at IS NOT NULL AS retired FROM agency a ORDER BY a.name""";

  static final String PANELS = """
    SELECT p.id, dd.code FROM panel p JOIN double_district dd ON dd.id = p.double_district_id ORDER BY dd.code""";

  /** The members the file names ($1: lower-case e-mails), with the panels they sit on now. */
  static final String MEMBERS = """
    SELECT m.id, lower(m.email) AS email, m.full_name, m.agency_id, m.roles, m.active,
           coalesce(array(SELECT pm.panel_id FROM panel_member pm
                          WHERE pm.member_id = m.id AND pm.left_at IS NULL), '{}') AS panels
    FROM member m WHERE lower(m.email) = ANY ($1::text[])""";

  static final String INSERT_AGENCY = "INSERT INTO agency (name, attendance) VALUES ($1, $2) RETURNING id";

  static final String UPDATE_MEMBER = "UPDATE member SET full_name = $2, agency_id = $3, roles = $4 WHERE id = $1";

  static final String ADD_TO_PANEL = """
    INSERT INTO panel_member (panel_id, member_id) VALUES ($1, $2)
    ON CONFLICT (panel_id, member_id) DO UPDATE SET left_at = NULL, joined_at = now()""";

  /** The first agency and panel, for the template's example row. */
  static final String EXAMPLE = """
    SELECT (SELECT name FROM agency a WHERE a.retired_at IS NULL
            ORDER BY name LIMIT 1) AS agency,
           (SELECT attendance FROM agency a WHERE a.retired_at IS NULL
            ORDER BY name LIMIT 1) AS attendance,
           (SELECT dd.code FROM panel p JOIN double_district dd ON dd.id = p.double_district_id
            ORDER BY dd.code LIMIT 1) AS panel""";
}
