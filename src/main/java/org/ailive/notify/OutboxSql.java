package org.ailive.notify;

import java.util.List;

/** The SQL of the outbox (table {@code notice}, migration V25). */
final class OutboxSql {

  /**
   * The statuses of a notice's mail, in the order a mail goes through them, then 'none' (not mailed:
   * mail off, the member chose "app only", or a kind that is never mailed). The one list; V26 checks it.
   */
  static final List<String> STATUSES = List.of("pending", "sending", "sent", "failed", "none");
  /** The statuses of notices that are mail: what the officer's outbox lists unless asked for 'none'. */
  static final List<String> MAIL_STATUSES = STATUSES.subList(0, 4);

  private OutboxSql() {
  }

  static final String INSERT = """
    INSERT INTO notice (kind, member_id, to_address, subject, text_body, html_body,
                        attachment_name, attachment_type, attachment, secret, dedupe_key, status, in_app, url)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, kind, subject, url, created_at,
              CASE WHEN in_app THEN (SELECT count(*) FROM notice u
                                     WHERE u.member_id = notice.member_id AND u.in_app AND u.read_at IS NULL) + 1
              END AS unread""";

  /**
   * Takes up to $1 due notices for sending: pending ones whose time has come, and ones another try
   * left 'sending' longer than the lease of $2 seconds (its node stopped mid-send). SKIP LOCKED: two
   * workers never take the same row; the status change commits before anything is sent.
   */
  static final String CLAIM = """
    UPDATE notice n SET status = 'sending', attempts = n.attempts + 1, claimed_at = now()
    FROM (SELECT id FROM notice
          WHERE (status = 'pending' AND next_attempt_at <= now())
             OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2))
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
    WHERE n.id = due.id
    RETURNING n.id, n.kind, n.to_address, n.subject, n.text_body, n.html_body,
              n.attachment_name, n.attachment_type, n.attachment, n.attempts""";

  /**
   * Sent: a body that carried a sign-in secret is cleared, since the link is a credential. The server
   * accepted the address, so a problem recorded against the member for that address is cleared.
   */
  static final String SENT = """
    WITH sent AS (
      UPDATE notice SET status = 'sent', sent_at = now(), claimed_at = NULL, last_error = NULL,
             text_body = CASE WHEN secret THEN '' ELSE text_body END,
             html_body = CASE WHEN secret THEN '' ELSE html_body END
      WHERE id = $1 AND status = 'sending' RETURNING member_id, to_address)
    UPDATE member m SET mail_problem = NULL, mail_problem_at = NULL FROM sent
    WHERE m.id = sent.member_id AND m.email = sent.to_address AND m.mail_problem IS NOT NULL""";

  /** The server refused the address for good: shown against the member while it is still their address. */
  static final String MAIL_PROBLEM = """
    UPDATE member m SET mail_problem = $2, mail_problem_at = now() FROM notice n
    WHERE n.id = $1 AND m.id = n.member_id AND m.email = n.to_address RETURNING m.id, m.full_name""";

  /** Who is told of a refused address: every active officer. */
  static final String OFFICERS = """
    SELECT id, full_name, email FROM member WHERE active AND 'officer' = ANY (roles) ORDER BY full_name""";

  static final String RETRY = """
    UPDATE notice SET status = 'pending', claimed_at = NULL, last_error = $2,
           next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
    WHERE id = $1 AND status = 'sending'""";

  static final String FAIL = """
    UPDATE notice SET status = 'failed', claimed_at = NULL, last_error = $2 WHERE id = $1 AND status = 'sending'""";

  /** Claimed while the worker stops: back to pending, the try not counted. */
  static final String GIVE_BACK = """
    UPDATE notice SET status = 'pending', attempts = attempts - 1, claimed_at = NULL
    WHERE id = $1 AND status = 'sending'""";

  /** Milliseconds until the next notice falls due (a lease of $1 seconds for 'sending'); null if none. */
  static final String NEXT_DUE = """
    SELECT extract(epoch FROM min(CASE WHEN status = 'pending' THEN next_attempt_at
                                       ELSE claimed_at + make_interval(secs => $1) END) - now()) * 1000 AS wait_ms
    FROM notice WHERE status IN ('pending', 'sending')""";

  /** The officer's view: no bodies. $1 the statuses (text[]), $2 how many, newest first. */
  static final String LIST = """
    SELECT n.id, n.kind, n.member_id, m.full_name, n.to_address, n.subject, n.status, n.attempts, n.last_error,
           n.created_at, n.next_attempt_at, n.sent_at
    FROM notice n LEFT JOIN member m ON m.id = n.member_id
    WHERE n.status = ANY ($1::text[])
    ORDER BY n.created_at DESC, n.id LIMIT $2""";

  static final String LIST_ONE = """
    SELECT n.id, n.kind, n.member_id, m.full_name, n.to_address, n.subject, n.status, n.attempts, n.last_error,
           n.created_at, n.next_attempt_at, n.sent_at
    FROM notice n LEFT JOIN member m ON m.id = n.member_id WHERE n.id = $1""";

  static final String RESEND = """
    UPDATE notice SET status = 'pending', attempts = 0, next_attempt_at = now()
    WHERE id = $1 AND status = 'failed' RETURNING kind, to_address""";

  static final String STATUS = "SELECT status FROM notice WHERE id = $1";
}
