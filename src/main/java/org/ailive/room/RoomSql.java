package org.ailive.room;

/** The live room's SQL, kept together: what it loads, what each commit writes, and the log it reads back. */
final class RoomSql {

  private RoomSql() {
  }

  static final String MEETING = """
    SELECT m.id, m.panel_id, p.name AS panel_name, m.location,
           -- A cancelled meeting's room is 'cancelled': every command's status list refuses it.
           CASE WHEN m.cancelled_at IS NOT NULL THEN 'cancelled' ELSE m.status END AS status, m.meeting_date, m.starts_at, m.ends_at,
           m.timer_item_id, m.timer_running, m.timer_started_at, m.timer_used_ms, m.last_seq, m.hands, m.highlight,
           m.closure_proposals, m.observers_see_cases, m.register_confirmed_by, m.register_confirmed_at
    FROM meeting m JOIN panel p ON p.id = m.panel_id WHERE m.id = $1""";

  static final String MEMBER = """
    SELECT m.id, m.full_name, m.agency_id, a.name AS agency, m.roles, false AS on_panel
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id WHERE m.id = $1 AND m.active""";

  /** The agencies an action can be given to: not a retired one (org.ailive.agencies.AgencyChoice). */
  static final String AGENCIES = "SELECT id, name FROM agency WHERE retired_at IS NULL";

  static final String CONTRIBUTIONS = """
    SELECT c.id, c.agenda_item_id, c.case_id, c.author_member_id, m.full_name, c.agency_id, a.name AS agency,
           c.body, c.status, c.created_at, c.edited_at
    FROM contribution c JOIN member m ON m.id = c.author_member_id LEFT JOIN agency a ON a.id = c.agency_id
    WHERE c.meeting_id = $1 ORDER BY c.created_at""";

  static final String CASES = """
    SELECT id, family_ref, presenter_member_id, reason_for_bringing, summary_of_concerns, presenting_needs,
           voice_of_child, version
    FROM family_case WHERE meeting_id = $1""";

  static final String ACTION_COLUMNS = """
    SELECT act.id, act.number, act.case_id, fc.family_ref, act.meeting_id, act.description, act.owner_agency_id,
           ag.name AS owner_agency, act.owner_member_id, om.full_name AS owner_name, act.due_date,
           act.late_due_reason, act.success_measure, act.status, act.returned_reason, act.drop_reason,
           act.proposed_by_member_id, act.confirmed_by_member_id, act.confirmed_at, act.closed_at
    FROM action act
    LEFT JOIN family_case fc ON fc.id = act.case_id
    JOIN agency ag ON ag.id = act.owner_agency_id
    LEFT JOIN member om ON om.id = act.owner_member_id
    """;

  // This meeting's actions, and those still in hand from the panel's earlier meetings: the open ones
  // (R8 follow-up), and the ones proposed or returned there, which stay with their proposer and come
  // to this meeting to be revised and confirmed (a case deferred here brings its proposals so too).
  static final String ACTIONS = ACTION_COLUMNS + """
    WHERE act.meeting_id = $1
       OR (act.status IN %s
           AND act.meeting_id IN (SELECT id FROM meeting WHERE panel_id = $2 AND meeting_date < $3))"""
    .formatted(VolunteeredAction.CARRIED_OVER_SQL);

  static final String ACTION_BY_ID = ACTION_COLUMNS + " WHERE act.id = $1";

  static final String NEXT_MEETING = """
    SELECT id, meeting_date FROM meeting
    WHERE panel_id = $1 AND meeting_date > $2 AND status <> 'closed' AND cancelled_at IS NULL
    ORDER BY meeting_date LIMIT 1""";

  static final String NEXT_ACTION_NUMBER = "SELECT nextval(pg_get_serial_sequence('action', 'number'))";

  static final String UPSERT_CONTRIBUTION = """
    INSERT INTO contribution (id, meeting_id, agenda_item_id, case_id, author_member_id, agency_id, body, status,
                              created_at, edited_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, status = EXCLUDED.status, edited_at = EXCLUDED.edited_at""";

  // Guarded by the version the room last saw: an edit made elsewhere meanwhile is never overwritten.
  static final String UPDATE_CASE = """
    UPDATE family_case SET reason_for_bringing = $3, summary_of_concerns = $4, presenting_needs = $5,
           voice_of_child = $6, version = $7, updated_at = now()
    WHERE id = $1 AND version = $2""";

  static final String UPSERT_ACTION = """
    INSERT INTO action (id, number, case_id, meeting_id, description, owner_agency_id, owner_member_id, due_date,
                        late_due_reason, success_measure, status, returned_reason, proposed_by_member_id,
                        confirmed_by_member_id, confirmed_at, closed_at, drop_reason)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $18)
    ON CONFLICT (id) DO UPDATE SET description = EXCLUDED.description, owner_agency_id = EXCLUDED.owner_agency_id,
      owner_member_id = EXCLUDED.owner_member_id, due_date = EXCLUDED.due_date,
      late_due_reason = EXCLUDED.late_due_reason, success_measure = EXCLUDED.success_measure,
      status = EXCLUDED.status, returned_reason = EXCLUDED.returned_reason,
      confirmed_by_member_id = EXCLUDED.confirmed_by_member_id, confirmed_at = EXCLUDED.confirmed_at,
      closed_at = EXCLUDED.closed_at, drop_reason = EXCLUDED.drop_reason
    WHERE action.status = $17""";

  static final String AGENDA = """
    SELECT ai.id, ai.position, ai.kind, ai.section, ai.district_id, d.name AS district_name, ai.case_id,
           fc.family_ref, ai.title, ai.allotted_seconds, ai.used_seconds, ai.done, ai.disposition,
           ai.disposition_note, ai.deferred_to_meeting_id, fc.presenter_member_id, ai.stand_in_member_id,
           ai.stand_in_named_by, ai.stand_in_named_at
    FROM agenda_item ai
    LEFT JOIN district d ON d.id = ai.district_id
    LEFT JOIN family_case fc ON fc.id = ai.case_id
    WHERE ai.meeting_id = $1 ORDER BY ai.position""";

  static final String ATTENDANCE = """
    SELECT member_id, status, substitute_for_member_id, written_update, marked_by_member_id, marked_at, joined_at,
           left_at, half
    FROM attendance WHERE meeting_id = $1""";

  // Panel members, and anyone else recorded on this meeting's register (substitutes).
  static final String MEMBERS = """
    SELECT m.id, m.full_name, m.agency_id, a.name AS agency, m.roles,
           m.id IN (SELECT member_id FROM panel_member WHERE panel_id = $1 AND left_at IS NULL) AS on_panel
    FROM member m LEFT JOIN agency a ON a.id = m.agency_id
    WHERE m.active AND (m.id IN (SELECT member_id FROM panel_member WHERE panel_id = $1 AND left_at IS NULL)
                        OR m.id IN (SELECT member_id FROM attendance WHERE meeting_id = $2)
                        OR m.id IN (SELECT member_id FROM meeting_guest WHERE meeting_id = $2 AND withdrawn_at IS NULL))""";

  // Who the officer or the chair admitted to this meeting besides its panel, and has not withdrawn.
  static final String GUESTS = """
    SELECT member_id, kind, for_member_id, admitted_by_member_id, admitted_at
    FROM meeting_guest WHERE meeting_id = $1 AND withdrawn_at IS NULL""";

  static final String ADMIT_GUEST = """
    INSERT INTO meeting_guest (meeting_id, member_id, kind, for_member_id, admitted_by_member_id, admitted_at)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (meeting_id, member_id) DO UPDATE SET kind = EXCLUDED.kind, for_member_id = EXCLUDED.for_member_id,
      admitted_by_member_id = EXCLUDED.admitted_by_member_id, admitted_at = EXCLUDED.admitted_at,
      withdrawn_at = NULL""";

  static final String WITHDRAW_GUEST = """
    UPDATE meeting_guest SET withdrawn_at = now() WHERE meeting_id = $1 AND member_id = $2 AND withdrawn_at IS NULL""";

  static final String IDEMPOTENCY_KEYS = """
    SELECT idempotency_key, seq FROM meeting_event WHERE meeting_id = $1 AND idempotency_key IS NOT NULL""";

  static final String INSERT_EVENT = """
    INSERT INTO meeting_event (meeting_id, seq, type, actor_member_id, payload, idempotency_key, at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  static final String UPDATE_MEETING = """
    UPDATE meeting SET status = $2, timer_item_id = $3, timer_running = $4, timer_started_at = $5,
           timer_used_ms = $6, last_seq = $7, hands = $8, highlight = $9, closure_proposals = $10,
           observers_see_cases = $11, register_confirmed_by = $12, register_confirmed_at = $13
    WHERE id = $1""";

  static final String UPSERT_AGENDA_ITEM = """
    INSERT INTO agenda_item (id, meeting_id, position, kind, section, district_id, case_id, title,
                             allotted_seconds, used_seconds, done, disposition, disposition_note,
                             deferred_to_meeting_id, stand_in_member_id, stand_in_named_by, stand_in_named_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
    ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, title = EXCLUDED.title,
      allotted_seconds = EXCLUDED.allotted_seconds, used_seconds = EXCLUDED.used_seconds, done = EXCLUDED.done,
      disposition = EXCLUDED.disposition, disposition_note = EXCLUDED.disposition_note,
      deferred_to_meeting_id = EXCLUDED.deferred_to_meeting_id, stand_in_member_id = EXCLUDED.stand_in_member_id,
      stand_in_named_by = EXCLUDED.stand_in_named_by, stand_in_named_at = EXCLUDED.stand_in_named_at""";

  static final String UPSERT_ATTENDANCE = """
    INSERT INTO attendance (meeting_id, member_id, status, substitute_for_member_id, written_update,
                            marked_by_member_id, marked_at, joined_at, left_at, half)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = EXCLUDED.status,
      substitute_for_member_id = EXCLUDED.substitute_for_member_id, written_update = EXCLUDED.written_update,
      marked_by_member_id = EXCLUDED.marked_by_member_id, marked_at = EXCLUDED.marked_at,
      joined_at = EXCLUDED.joined_at, left_at = EXCLUDED.left_at, half = EXCLUDED.half""";

  static final String EVENTS_AFTER = """
    SELECT e.seq, e.type, e.at, e.payload, e.actor_member_id, m.full_name, a.name AS agency
    FROM meeting_event e
    LEFT JOIN member m ON m.id = e.actor_member_id
    LEFT JOIN agency a ON a.id = m.agency_id
    WHERE e.meeting_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3""";

  // R1: the first district's accepted cases, then the second's, each in order of submission.
  static final String ACCEPTED_CASES = """
    SELECT fc.id, fc.family_ref, fc.district_id, d.name AS district_name, fc.presenter_member_id,
           CASE WHEN fc.district_id = m.first_district_id THEN 'first_district' ELSE 'second_district' END AS section
    FROM family_case fc
    JOIN meeting m ON m.id = fc.meeting_id
    JOIN district d ON d.id = fc.district_id
    WHERE fc.meeting_id = $1 AND fc.status = 'accepted'
    ORDER BY section, fc.submitted_at NULLS LAST, fc.created_at""";
}
