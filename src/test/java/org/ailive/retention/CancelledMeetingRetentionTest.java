package org.ailive.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ailive.LiveMeeting;
import org.ailive.protocol.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A meeting that was cancelled never closes, yet its cases were submitted and partners may have
 * recorded what they hold about the family before it was called off: that narrative goes after the
 * retention period like a closed meeting's.
 */
class CancelledMeetingRetentionTest {

  static final String SECRET = "CANCELLED-SECRET";
  static LiveMeeting m;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  @Test
  void aCancelledMeetingOlderThanTheLimitKeepsNoNarrative() throws Exception {
    JsonObject live = m.server.query("SELECT panel_id, first_district_id FROM meeting WHERE id = $1",
      UUID.fromString(m.meetingId)).getJsonObject(0);
    UUID cancelled = UUID.fromString(String.valueOf(m.server.query("""
      INSERT INTO meeting (panel_id, meeting_date, first_district_id, status, cancelled_at)
      VALUES ($1, current_date - interval '25 months', $2, 'planned', now() - interval '25 months') RETURNING id""",
      UUID.fromString(live.getString("panel_id")), UUID.fromString(live.getString("first_district_id")))
      .getJsonObject(0).getValue("id")));
    UUID caseId = UUID.fromString(String.valueOf(m.server.query("""
      INSERT INTO family_case (family_ref, panel_id, district_id, meeting_id, presenter_member_id, ffa_open,
        consent_to_share, consent_recorded_at, reason_for_bringing, summary_of_concerns, presenting_needs,
        voice_of_child, status, submitted_at)
      SELECT 'RC-2024-001', m.panel_id, m.first_district_id, m.id,
        (SELECT id FROM member WHERE email = 'presenter-families-first@demo.ailive.test'), true, true, now(),
        $2 || ' reason', $2 || ' concerns', ARRAY['neglect'], $2 || ' voice', 'submitted', m.meeting_date - 10
      FROM meeting m WHERE m.id = $1 RETURNING id""", cancelled, SECRET).getJsonObject(0).getValue("id")));
    m.server.query("""
      WITH p AS (SELECT id, agency_id FROM member WHERE email = 'police@demo.ailive.test'),
           ins AS (INSERT INTO pack_check (case_id, agency_id, answer, update_text, answered_by)
                   SELECT $1, p.agency_id, 'known', $2, p.id FROM p)
      INSERT INTO pack_check_change (case_id, agency_id, answer, update_text, answered_by)
      SELECT $1, p.agency_id, 'known', $2, p.id FROM p""", caseId, SECRET + " pack check");

    List<UUID> purged = new Retention(m.server.app.db().pool(), 24, true).run(m.server.vertx, Zone.today())
      .await(60, TimeUnit.SECONDS);

    assertTrue(purged.contains(cancelled), "the cancelled meeting is purged too: " + purged);
    JsonObject c = m.server.query("SELECT reason_for_bringing, summary_of_concerns, voice_of_child FROM family_case"
      + " WHERE id = $1", caseId).getJsonObject(0);
    c.forEach(field -> assertEquals(Retention.STUB, field.getValue(), field.getKey()));
    assertEquals(0, m.count("SELECT count(*) AS n FROM pack_check WHERE update_text LIKE $1", "%" + SECRET + "%"));
    assertEquals(0, m.count("SELECT count(*) AS n FROM pack_check_change WHERE update_text LIKE $1", "%" + SECRET + "%"));
    assertEquals(1, m.count("SELECT count(*) AS n FROM meeting WHERE id = $1 AND cancelled_at IS NOT NULL"
      + " AND status = 'planned'", cancelled), "it stays a cancelled meeting");
  }
}
