package org.ailive.export;

import org.ailive.TestServer;

import java.util.concurrent.TimeUnit;

/** Many actions on the demo panel, made by the database in one statement, for streaming tests and the benchmark. */
public final class Generated {

  private Generated() {
  }

  /** Inserts {@code n} actions (a mix of statuses, due dates and agencies) and one update for every third. */
  public static void actions(TestServer server, int n) throws Exception {
    var pool = server.app.db().pool();
    pool.preparedQuery("""
        INSERT INTO action (case_id, meeting_id, description, owner_agency_id, owner_member_id, due_date,
                            success_measure, status, proposed_by_member_id, confirmed_at, created_at)
        SELECT c.id, m.id,
               'Generated action ' || g || ': contact the family, agree the next step with the school and report'
                 || ' back to the panel with what changed for the children since the last meeting',
               ag.id, CASE WHEN g % 2 = 0 THEN mb.id END, current_date + (g % 120 - 60),
               'The panel hears the outcome at its next meeting',
               (ARRAY['open', 'in_progress', 'closed', 'done_awaiting_agreement'])[1 + g % 4], ch.id,
               now() - (g % 100) * interval '1 day', now() - (g % 100) * interval '1 day'
        FROM generate_series(1, $1) AS g,
             (SELECT id FROM family_case ORDER BY family_ref LIMIT 1) c,
             (SELECT id FROM meeting WHERE status = 'planned' LIMIT 1) m,
             (SELECT id FROM agency WHERE name = 'Police') ag,
             (SELECT id FROM member WHERE email = 'police@demo.ailive.test') mb,
             (SELECT id FROM member WHERE email = 'chair@demo.ailive.test') ch""")
      .execute(io.vertx.sqlclient.Tuple.of(n)).await(5, TimeUnit.MINUTES);
    pool.query("""
        INSERT INTO action_update (action_id, author_member_id, body, created_at)
        SELECT a.id, a.proposed_by_member_id, 'Progress reported: the family has been contacted and is engaging.',
               a.created_at + interval '3 days'
        FROM action a WHERE a.number % 3 = 0""")
      .execute().await(5, TimeUnit.MINUTES);
  }
}
