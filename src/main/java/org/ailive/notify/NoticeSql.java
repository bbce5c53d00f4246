package org.ailive.notify;

/**
 * The SQL of the in-app notice centre (table {@code notice} with {@code in_app}, and
 * {@code notice_preference}, migration V26). Every read and change of a member's notices names
 * the member ({@code member_id = $1}): the one access check, so a member reaches only their own.
 */
final class NoticeSql {

  private NoticeSql() {
  }

  static final String CHOICE = "SELECT choice FROM notice_preference WHERE member_id = $1 AND kind = $2";

  /** The member's in-app notices, newest first; $2 how many, $3 the notice to start after (null: the newest). */
  static final String LIST = """
    SELECT id, kind, subject, url, created_at, read_at FROM notice
    WHERE member_id = $1 AND in_app
      AND ($3::uuid IS NULL OR (created_at, id) < (SELECT b.created_at, b.id FROM notice b
                                                   WHERE b.id = $3::uuid AND b.member_id = $1))
    ORDER BY created_at DESC, id DESC LIMIT $2""";

  static final String UNREAD = "SELECT count(*) AS unread FROM notice WHERE member_id = $1 AND in_app AND read_at IS NULL";

  static final String READ_ONE = """
    UPDATE notice SET read_at = coalesce(read_at, now()) WHERE member_id = $1 AND in_app AND id = $2
    RETURNING id, kind, subject, url, created_at, read_at""";

  static final String READ_ALL = """
    UPDATE notice SET read_at = now() WHERE member_id = $1 AND in_app AND read_at IS NULL""";

  static final String PREFERENCES = "SELECT kind, choice FROM notice_preference WHERE member_id = $1";

  static final String SET_PREFERENCE = """
    INSERT INTO notice_preference (member_id, kind, choice) VALUES ($1, $2, $3)
    ON CONFLICT (member_id, kind) DO UPDATE SET choice = EXCLUDED.choice, updated_at = now()""";
}
