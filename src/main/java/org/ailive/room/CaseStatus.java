package org.ailive.room;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every status a case goes through (R9) and the words people read for it, in one place: a draft is
 * submitted (on time: accepted; late: the chair accepts or declines it); the meeting discusses it
 * (its item done), defers it to the panel's next meeting (it is accepted there) or withdraws it;
 * once its need was met at review and its actions are closed, it is closed. The database's check
 * constraint lists the same words (V18); webroot/js/ui.js (CASE_STATUS_LABELS) shows the pages' labels.
 */
public final class CaseStatus {

  public static final Map<String, String> LABELS = labels();

  public static final List<String> ALL = List.copyOf(LABELS.keySet());

  /** Cases the panel took: brought to a meeting and kept (they have an outcome, they are in the pack). */
  public static final List<String> TAKEN = List.of("accepted", "discussed", "closed");

  /** Cases in a meeting's pack (submitted on time or late, and every status after). */
  public static final List<String> IN_PACK = List.of("submitted", "late", "accepted", "discussed", "withdrawn",
    "closed");

  /** {@link #TAKEN} as SQL text, e.g. ('accepted', 'discussed', 'closed'): fixed words, never input. */
  public static final String TAKEN_SQL = StatusList.sql(TAKEN);

  /**
   * R9: a case whose need was met at review and whose actions are all closed (or dropped) is
   * closed. Run wherever either changes: the outcome page, an action closed or dropped. $1: the case.
   */
  public static final String CLOSE_IF_DONE = """
    UPDATE family_case SET status = 'closed', updated_at = now()
    WHERE id = $1 AND need_met AND status = 'discussed'
      AND NOT EXISTS (SELECT 1 FROM action WHERE case_id = $1 AND status NOT IN ('closed', 'dropped'))
    RETURNING status""";

  private CaseStatus() {
  }

  private static Map<String, String> labels() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("draft", "Draft");
    out.put("submitted", "Submitted");
    out.put("late", "Late: needs the chair’s acceptance");
    out.put("accepted", "Accepted");
    out.put("declined", "Declined");
    out.put("discussed", "Discussed");
    out.put("withdrawn", "Withdrawn");
    out.put("closed", "Closed");
    return Collections.unmodifiableMap(out);
  }

  public static String label(String status) {
    return LABELS.getOrDefault(status, status);
  }
}
