package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * A rule's notices inside a savepoint of the commit's transaction: if writing them fails (a bad
 * address, a template's refusal, a constraint), only they are undone and the room's change still
 * commits, so a notice can never stop a meeting opening or the chair's timer. The log names the rule
 * and the kind of failure, never what the notice held.
 */
final class SavepointRule {

  private static final Logger log = LoggerFactory.getLogger(SavepointRule.class);

  private SavepointRule() {
  }

  static Future<Void> run(SqlConnection conn, String name, Supplier<Future<Void>> work) {
    return conn.query("SAVEPOINT " + name).execute()
      .compose(v -> work.get())
      .compose(v -> conn.query("RELEASE SAVEPOINT " + name).execute().<Void>mapEmpty(), err -> {
        log.warn("Room notices '{}' not written, the change itself is kept: {}", name, err.getClass().getSimpleName());
        return conn.query("ROLLBACK TO SAVEPOINT " + name).execute().mapEmpty();
      });
  }
}
