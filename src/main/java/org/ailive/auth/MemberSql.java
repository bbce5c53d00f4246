package org.ailive.auth;

/** The SQL of identity and sign-in, kept together. */
final class MemberSql {

  private MemberSql() {
  }

  static final String BY_EMAIL = """
    SELECT m.id, m.full_name, m.agency_id, a.name AS agency, m.roles, m.password_hash, m.must_change_password
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id
    WHERE lower(m.email) = lower($1) AND m.active""";

  static final String BY_ID = """
    SELECT m.id, m.full_name, m.agency_id, a.name AS agency, m.roles, m.password_hash
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id
    WHERE m.id = $1 AND m.active""";

  static final String COUNT_OFFICERS = "SELECT count(*) FROM member WHERE 'officer' = ANY(roles) AND active";

  static final String INSERT_OFFICER = """
    INSERT INTO member (full_name, email, roles, password_hash, must_change_password)
    VALUES ('Project Officer', $1, ARRAY['officer'], $2, $3) RETURNING id""";

  static final String CHANGE_PASSWORD = """
    UPDATE member SET password_hash = $2, must_change_password = false WHERE id = $1 AND active""";

}
