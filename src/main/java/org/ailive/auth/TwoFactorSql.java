package org.ailive.auth;

/** The SQL of two-factor sign-in (V23), kept together. */
final class TwoFactorSql {

  private TwoFactorSql() {
  }

  static final String MEMBER = """
    SELECT m.id, m.full_name, m.agency_id, a.name AS agency, m.roles, m.email, m.must_change_password
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id
    WHERE m.id = $1 AND m.active""";

  static final String STATE = """
    SELECT secret, enrolled_at, last_step,
      (SELECT count(*) FROM member_recovery_code r WHERE r.member_id = $1 AND r.used_at IS NULL) AS codes_left
    FROM member_two_factor WHERE member_id = $1""";

  /** A new pending secret; refused (no row) while one is enrolled. */
  static final String PENDING = """
    INSERT INTO member_two_factor (member_id, secret) VALUES ($1, $2)
    ON CONFLICT (member_id) DO UPDATE SET secret = EXCLUDED.secret, last_step = 0, created_at = now()
      WHERE member_two_factor.enrolled_at IS NULL
    RETURNING member_id""";

  /** Takes a code's step, once: a second use of the same step (or an older one) changes no row. */
  static final String TAKE_STEP = """
    UPDATE member_two_factor SET last_step = $2 WHERE member_id = $1 AND last_step < $2 RETURNING member_id""";

  static final String CONFIRM = """
    UPDATE member_two_factor SET enrolled_at = now(), last_step = $2
    WHERE member_id = $1 AND enrolled_at IS NULL AND last_step < $2 RETURNING enrolled_at""";

  static final String DELETE_CODES = "DELETE FROM member_recovery_code WHERE member_id = $1";

  static final String INSERT_CODE = "INSERT INTO member_recovery_code (member_id, code_hash) VALUES ($1, $2)";

  static final String USE_CODE = """
    UPDATE member_recovery_code SET used_at = now()
    WHERE member_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING member_id""";

  static final String DELETE = "DELETE FROM member_two_factor WHERE member_id = $1";
}
