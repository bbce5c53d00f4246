package org.ailive.retention;

/**
 * The SQL of the retention job, kept together: which meetings are due, and for one meeting ($1)
 * each place its families' narrative is kept, replaced by the stub ($2). Text that is empty stays
 * empty; a statement's row count is what it replaced.
 */
final class RetentionSql {

  private RetentionSql() {
  }

  /**
   * Not purged yet, or given something since: an event (the room's last seq moved), or a progress
   * report on one of its actions.
   */
  private static final String NOT_PURGED = """
    (m.narrative_purged_at IS NULL OR m.last_seq > m.narrative_purged_seq
     OR EXISTS (SELECT 1 FROM action a JOIN action_update u ON u.action_id = a.id
                WHERE a.meeting_id = m.id AND u.created_at > m.narrative_purged_at))""";

  /** Closed meetings held (and cancelled ones that were to be held) before $1 (today less the retention period) whose narrative is still there. */
  static final String DUE = """
    SELECT m.id FROM meeting m
    WHERE (m.status = 'closed' OR m.cancelled_at IS NOT NULL) AND m.meeting_date < $1 AND %s
    ORDER BY m.meeting_date, m.id""".formatted(NOT_PURGED);

  /** The meeting, if still due; another run (another node) holding it skips it. */
  static final String LOCK_MEETING = """
    SELECT m.id FROM meeting m WHERE m.id = $1 AND (m.status = 'closed' OR m.cancelled_at IS NOT NULL) AND %s
    FOR UPDATE SKIP LOCKED""".formatted(NOT_PURGED);

  /** Lets this transaction, and only it, rewrite event payloads and minutes content (V13's triggers). */
  static final String ALLOW = "SET LOCAL ailive.retention = 'on'";

  static final String CASES = """
    UPDATE family_case SET
      reason_for_bringing = CASE WHEN reason_for_bringing = '' THEN '' ELSE $2 END,
      summary_of_concerns = CASE WHEN summary_of_concerns = '' THEN '' ELSE $2 END,
      voice_of_child = CASE WHEN voice_of_child = '' THEN '' ELSE $2 END,
      declined_reason = CASE WHEN declined_reason IS NULL THEN NULL ELSE $2 END,
      withdrawn_reason = CASE WHEN withdrawn_reason IS NULL THEN NULL ELSE $2 END,
      updated_at = now()
    WHERE meeting_id = $1
      AND (reason_for_bringing NOT IN ('', $2) OR summary_of_concerns NOT IN ('', $2)
           OR voice_of_child NOT IN ('', $2) OR declined_reason <> $2 OR withdrawn_reason <> $2)""";

  /** The partners' checks before the meeting (issue 20): an update on a case is what an agency holds about the family. */
  static final String PACK_CHECKS = """
    UPDATE pack_check SET update_text = $2
    WHERE case_id IN (SELECT id FROM family_case WHERE meeting_id = $1) AND update_text <> $2""";

  static final String PACK_CHECK_CHANGES = """
    UPDATE pack_check_change SET update_text = $2
    WHERE case_id IN (SELECT id FROM family_case WHERE meeting_id = $1) AND update_text <> $2""";

  static final String CONTRIBUTIONS = "UPDATE contribution SET body = $2 WHERE meeting_id = $1 AND body <> $2";

  static final String WRITTEN_UPDATES = """
    UPDATE attendance SET written_update = $2 WHERE meeting_id = $1 AND written_update <> $2""";

  static final String ACTION_REASONS = """
    UPDATE action SET
      drop_reason = CASE WHEN drop_reason IS NULL THEN NULL ELSE $2 END,
      returned_reason = CASE WHEN returned_reason IS NULL THEN NULL ELSE $2 END,
      late_due_reason = CASE WHEN late_due_reason IS NULL THEN NULL ELSE $2 END
    WHERE meeting_id = $1 AND (drop_reason <> $2 OR returned_reason <> $2 OR late_due_reason <> $2)""";

  /** Progress reports on the meeting's actions (a drop's reason is its last one). */
  static final String ACTION_UPDATES = """
    UPDATE action_update SET body = $2
    WHERE action_id IN (SELECT id FROM action WHERE meeting_id = $1) AND body <> $2""";

  /** The officer's and chair's summaries and decisions in the minutes (issue 17): free text about families. */
  static final String MINUTES_EDITS = """
    UPDATE minutes_edit SET summary = CASE WHEN summary IS NULL THEN NULL ELSE $2 END,
                            decisions = CASE WHEN decisions IS NULL THEN NULL ELSE $2 END
    WHERE meeting_id = $1 AND (summary <> $2 OR decisions <> $2)""";

  /**
   * Items added during the meeting: their titles are free text (cases and AOB have fixed ones); and
   * why an item was withdrawn.
   */
  static final String ITEM_TITLES = """
    UPDATE agenda_item SET title = CASE WHEN kind = 'other' THEN $2 ELSE title END,
           disposition_note = CASE WHEN disposition_note IS NULL THEN NULL ELSE $2 END
    WHERE meeting_id = $1 AND ((kind = 'other' AND title <> $2) OR disposition_note <> $2)""";

  static final String EVENTS = "SELECT seq, payload FROM meeting_event WHERE meeting_id = $1 ORDER BY seq";

  static final String SET_PAYLOAD = "UPDATE meeting_event SET payload = $3 WHERE meeting_id = $1 AND seq = $2";

  /** Minutes versions to purge: the drafts, and the approved ones too unless they are kept ($2 false). */
  static final String MINUTES = """
    SELECT id, status, content FROM minutes_version
    WHERE meeting_id = $1 AND (status = 'draft' OR NOT $2::boolean) ORDER BY version""";

  static final String SET_MINUTES = "UPDATE minutes_version SET content = $2 WHERE id = $1";

  static final String APPROVED_KEPT = """
    SELECT count(*) AS n FROM minutes_version WHERE meeting_id = $1 AND status = 'approved' AND $2::boolean""";

  static final String DONE = "UPDATE meeting SET narrative_purged_at = now(), narrative_purged_seq = last_seq WHERE id = $1";
}
