package org.ailive.reminders;

import org.ailive.protocol.Zone;
import org.ailive.room.VolunteeredAction;

/**
 * The SQL of the reminders, kept together. $1 is always the day being run. Each query reads only
 * what a reminder may carry (names, addresses, dates, family references, action numbers), never a
 * case's or an action's text. Meetings are looked at no more than {@link #AHEAD_DAYS} ahead: every R4
 * and R10 date falls within that of its meeting.
 */
final class RemindersSql {

  static final int AHEAD_DAYS = 31;

  private RemindersSql() {
  }

  /** Whom a reminder goes to: an active member, as {@code <prefix>_id}, {@code _name}, {@code _email}. */
  private static String member(String alias, String prefix) {
    return alias + ".id AS " + prefix + "_id, " + alias + ".full_name AS " + prefix + "_name, "
      + alias + ".email AS " + prefix + "_email";
  }

  /**
   * R4: draft cases for a planned meeting still to come, with their presenter. Here and below, "to
   * come" is after the day run ($1) and after today too: a day caught up after downtime never
   * reminds anyone of a meeting that has happened.
   */
  static final String DRAFTS = """
    SELECT fc.id, fc.family_ref, m.meeting_date, %s
    FROM family_case fc
    JOIN meeting m ON m.id = fc.meeting_id
    JOIN member pr ON pr.id = fc.presenter_member_id
    WHERE fc.status = 'draft' AND m.status = 'planned' AND pr.active
      AND m.cancelled_at IS NULL AND m.meeting_date > $1 AND m.meeting_date > (now() AT TIME ZONE 'Europe/London')::date AND m.meeting_date <= $1 + %d
    ORDER BY m.meeting_date, fc.family_ref, fc.id""".formatted(member("pr", "to"), AHEAD_DAYS);

  /**
   * R4: meetings still to come with something in their pack ($2 the pack's statuses), and each
   * partner and presenter sitting on the panel now (those the pack is for).
   */
  static final String PACK_READERS = """
    SELECT m.id, m.meeting_date, p.name AS panel_name, %s
    FROM meeting m
    JOIN panel p ON p.id = m.panel_id
    JOIN panel_member pm ON pm.panel_id = p.id AND pm.left_at IS NULL
    JOIN member mb ON mb.id = pm.member_id
    WHERE m.status IN ('planned', 'open') AND m.cancelled_at IS NULL AND m.meeting_date > $1 AND m.meeting_date > (now() AT TIME ZONE 'Europe/London')::date AND m.meeting_date <= $1 + %d
      AND mb.active AND mb.roles && ARRAY['partner', 'presenter']::text[]
      AND EXISTS (SELECT 1 FROM family_case fc WHERE fc.meeting_id = m.id AND fc.status = ANY ($2::text[]))
    ORDER BY m.meeting_date, m.id, mb.full_name, mb.id""".formatted(member("mb", "to"), AHEAD_DAYS);

  /** R10: apologies sent for a meeting still to come without a written update. */
  static final String APOLOGIES = """
    SELECT m.id, m.meeting_date, p.name AS panel_name, %s
    FROM attendance a
    JOIN meeting m ON m.id = a.meeting_id
    JOIN panel p ON p.id = m.panel_id
    JOIN member mb ON mb.id = a.member_id
    WHERE a.status = 'apologies' AND mb.active
      AND m.status IN ('planned', 'open') AND m.cancelled_at IS NULL AND m.meeting_date > $1 AND m.meeting_date > (now() AT TIME ZONE 'Europe/London')::date AND m.meeting_date <= $1 + %d
    ORDER BY m.meeting_date, m.id, mb.full_name, mb.id""".formatted(member("mb", "to"), AHEAD_DAYS);

  /**
   * R7: families' actions still being worked on, the day of their last progress (else of their
   * confirmation, else of their raising: FollowedAction#noProgressSince, in London days) and the
   * chair of their panel (the raising meeting's). Only those quiet for at least two months by $1;
   * ActionRag decides.
   */
  static final String QUIET_ACTIONS = """
    SELECT q.* FROM (
      SELECT a.id, a.number, a.status, fc.family_ref, m.panel_id, %s,
             (coalesce((SELECT max(u.created_at) FROM action_update u WHERE u.action_id = a.id), a.confirmed_at,
                       a.created_at) AT TIME ZONE '%s')::date AS since
      FROM action a
      JOIN family_case fc ON fc.id = a.case_id
      JOIN meeting m ON m.id = a.meeting_id
      JOIN panel p ON p.id = m.panel_id
      JOIN member ch ON ch.id = p.chair_member_id
      WHERE a.status IN %s AND ch.active) q
    WHERE q.since <= $1::date - interval '2 months'
    ORDER BY q.number""".formatted(member("ch", "to"), Zone.SQL_NAME, VolunteeredAction.CAN_GO_STALE_SQL);

  /**
   * R9: cases whose review date came within the last $2 days up to $1, with their presenter and
   * their panel's chair (either may be absent or inactive). Never-discussed cases (drafts, declined,
   * withdrawn) and families whose case is closed are reviewed no more (as the follow-up page's
   * agenda suggestions: ActionsSql.REVIEWS_DUE).
   */
  static final String REVIEWS = """
    SELECT fc.id, fc.family_ref, fc.review_date,
           pr.id AS presenter_id, pr.full_name AS presenter_name, pr.email AS presenter_email, pr.active AS presenter_active,
           ch.id AS chair_id, ch.full_name AS chair_name, ch.email AS chair_email, ch.active AS chair_active
    FROM family_case fc
    JOIN panel p ON p.id = fc.panel_id
    JOIN member pr ON pr.id = fc.presenter_member_id
    LEFT JOIN member ch ON ch.id = p.chair_member_id
    WHERE fc.review_date <= $1 AND fc.review_date > $1 - $2::int
      AND fc.status NOT IN ('closed', 'declined', 'draft', 'withdrawn')
      AND NOT EXISTS (SELECT 1 FROM family_case done WHERE done.panel_id = fc.panel_id
                      AND done.family_ref = fc.family_ref AND done.status = 'closed')
    ORDER BY fc.review_date, fc.family_ref, fc.id""";
}
