package org.ailive.family;

import org.ailive.auth.PanelReach;

/** The SQL of the family page and the search box that is not a case's or an action's, kept together. */
final class FamilySql {

  private FamilySql() {
  }

  static final String PANEL_NAMES = "SELECT id, name FROM panel WHERE id = ANY ($1::uuid[])";

  /**
   * Active members whose name contains $2 (a LIKE pattern, escaped with {@code \}), within the
   * caller's ($1) reach: everyone for the officer ($3), else the members of the panels the caller
   * chairs or sits on, and those panels' chairs. $4 caps the list.
   */
  static final String MEMBERS_LIKE = """
    SELECT m.id, m.full_name, a.name AS agency
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id
    WHERE m.active AND m.full_name ILIKE $2 ESCAPE '\\'
      AND ($3::boolean OR EXISTS (SELECT 1 FROM panel p WHERE %s AND %s))
    ORDER BY m.full_name, m.id
    LIMIT $4""".formatted(PanelReach.chairsOrSitsOnSql("p", "$1"), PanelReach.chairsOrSitsOnSql("p", "m.id"));
}
