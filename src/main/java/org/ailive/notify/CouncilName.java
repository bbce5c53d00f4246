package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * The council's name as mail shows it, from the council table the officer fills in at set-up (issue
 * 18); until a name is set, mail says "A&I Live".
 */
final class CouncilName {

  static final String FALLBACK = "A&I Live";

  private CouncilName() {
  }

  /** The stored name, or null when none is set. */
  static Future<String> lookup(SqlClient conn) {
    return conn.query("SELECT name FROM council").execute()
      .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("name") : null);
  }

  static Future<String> orFallback(SqlClient conn) {
    return lookup(conn).map(name -> name == null || name.isBlank() ? FALLBACK : name);
  }
}
