package org.ailive.admin;

/** The SQL of council set-up: the council row, panels with their districts, agencies, key agencies. */
final class AdminSql {

  private AdminSql() {
  }

  static final String COUNCIL = """
    SELECT name, version, key_agencies_version, setup_completed_at IS NOT NULL AS complete FROM council""";

  static final String COUNCIL_FOR_UPDATE = COUNCIL + " FOR UPDATE";

  static final String COUNTS = """
    SELECT (SELECT count(*) FROM panel) AS panels,
           (SELECT count(*) FROM agency WHERE retired_at IS NULL) AS agencies,
           (SELECT count(DISTINCT k.need) FROM need_key_agency k LEFT JOIN agency a ON a.id = k.agency_id
            WHERE k.agency_id IS NULL OR a.retired_at IS NULL) AS key_agency_needs,
           (SELECT count(*) FROM panel WHERE chair_member_id IS NOT NULL) AS panels_with_chair""";

  static final String RENAME_COUNCIL = "UPDATE council SET name = $1, version = version + 1 RETURNING name, version";

  static final String COMPLETE_SETUP = """
    UPDATE council SET setup_completed_at = coalesce(setup_completed_at, now())""";

  /** Panels with their two districts and chair, all of them ($1 null) or one. */
  static final String PANELS = """
    SELECT p.id, p.name, dd.code, p.version, p.first_district_id, p.chair_member_id, cm.full_name AS chair_name,
           p.double_district_id,
           (SELECT json_agg(json_build_object('id', d.id, 'name', d.name) ORDER BY d.name)
            FROM district d WHERE d.double_district_id = dd.id) AS districts,
           (SELECT count(*) FROM meeting m WHERE m.panel_id = p.id) AS meetings
    FROM panel p JOIN double_district dd ON dd.id = p.double_district_id
    LEFT JOIN member cm ON cm.id = p.chair_member_id
    WHERE $1::uuid IS NULL OR p.id = $1
    ORDER BY p.name""";

  static final String LOCK_PANEL = "SELECT version FROM panel WHERE id = $1 FOR UPDATE";

  static final String INSERT_DOUBLE_DISTRICT = "INSERT INTO double_district (code, name) VALUES ($1, $2) RETURNING id";

  static final String INSERT_DISTRICT = "INSERT INTO district (double_district_id, name) VALUES ($1, $2) RETURNING id";

  static final String INSERT_PANEL = """
    INSERT INTO panel (double_district_id, name, first_district_id) VALUES ($1, $2, $3) RETURNING id""";

  static final String UPDATE_PANEL = """
    UPDATE panel SET name = $2, first_district_id = $3, version = version + 1 WHERE id = $1
    RETURNING double_district_id""";

  static final String RENAME_DOUBLE_DISTRICT = "UPDATE double_district SET name = $2 WHERE id = $1";

  // Two steps so the pair can swap names without tripping UNIQUE (double_district_id, name).
  static final String PARK_DISTRICT_NAME = "UPDATE district SET name = id::text WHERE id = $1";

  static final String RENAME_DISTRICT = "UPDATE district SET name = $2 WHERE id = $1";

  static final String AGENCIES = """
    SELECT a.id, a.name, a.attendance, a.retired_at IS NOT NULL AS retired, a.version,
           (SELECT count(*) FROM member m WHERE m.agency_id = a.id) AS members,
           (SELECT count(*) FROM action x WHERE x.owner_agency_id = a.id) AS actions
    FROM agency a WHERE $1::uuid IS NULL OR a.id = $1
    ORDER BY lower(a.name)""";

  static final String LOCK_AGENCY = "SELECT version FROM agency WHERE id = $1 FOR UPDATE";

  static final String INSERT_AGENCY = "INSERT INTO agency (name, attendance) VALUES ($1, $2) RETURNING id";

  static final String UPDATE_AGENCY = """
    UPDATE agency SET name = $2, attendance = $3,
           retired_at = CASE WHEN $4 THEN coalesce(retired_at, now()) END, version = version + 1
    WHERE id = $1""";

  /** Whatever points at the agency: then it is retired, never deleted. */
  static final String AGENCY_IN_USE = """
    SELECT EXISTS (SELECT 1 FROM member WHERE agency_id = $1)
        OR EXISTS (SELECT 1 FROM action WHERE owner_agency_id = $1)
        OR EXISTS (SELECT 1 FROM contribution WHERE agency_id = $1)
        OR EXISTS (SELECT 1 FROM need_key_agency WHERE agency_id = $1) AS in_use""";

  static final String DELETE_AGENCY = "DELETE FROM agency WHERE id = $1";

  static final String RETIRE_AGENCY = """
    UPDATE agency SET retired_at = coalesce(retired_at, now()), version = version + 1 WHERE id = $1""";

  /** Key agencies of every need; a row without an agency stands for every county-wide agency. */
  static final String KEY_AGENCIES = """
    SELECT k.need, k.agency_id FROM need_key_agency k LEFT JOIN agency a ON a.id = k.agency_id
    WHERE k.agency_id IS NULL OR a.retired_at IS NULL
    ORDER BY k.need, lower(a.name)""";

  static final String AGENCY_STATES = "SELECT id, name, retired_at IS NOT NULL AS retired FROM agency WHERE id = ANY ($1)";

  static final String CLEAR_NEED = "DELETE FROM need_key_agency WHERE need = $1";

  static final String INSERT_NEED_AGENCY = "INSERT INTO need_key_agency (need, agency_id) VALUES ($1, $2)";

  static final String BUMP_KEY_AGENCIES = """
    UPDATE council SET key_agencies_version = key_agencies_version + 1 RETURNING key_agencies_version""";
}
