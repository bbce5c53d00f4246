package org.ailive.notify;

import java.util.List;

/** The SQL of the outbox (table {@code notice}, migration V25). */
final class OutboxSql {

  /** The statuses of a notice, in the order a notice goes through them (the one list; V25 checks it). */
  static final List<String> STATUSES = List.of("pending", "sending", "sent", "failed");

  private OutboxSql() {
  }

  static final String INSERT = """
    INSERT INTO notice (kind, member_id, to_address, subject, text_body, html_body,
                        attachment_name, attachment_type, attachment, secret, dedupe_key)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT (dedupe_key) DO NOTHING""";

  /** The same for a kind shown only in the app: marked sent (with no sent_at) so the worker never mails it. */
  static final String INSERT_APP_ONLY = """
    INSERT INTO notice (kind, member_id, to_address, subject, text_body, html_body,
                        attachment_name, attachment_type, attachment, secret, dedupe_key, status)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'sent')
    ON CONFLICT (dedupe_key) DO NOTHING""";

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

  /** Sent: a body that carried a sign-in secret is cleared, since the link is a credential. */
  static final String SENT = """
    UPDATE notice SET status = 'sent', sent_at = now(), claimed_at = NULL, last_error = NULL,
           text_body = CASE WHEN secret THEN '' ELSE text_body END,
           html_body = CASE WHEN secret THEN '' ELSE html_body END
    WHERE id = $1 AND status = 'sending'""";

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
