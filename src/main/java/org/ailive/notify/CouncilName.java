package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * The council's name as mail shows it. The one place to look it up: until the council table (issue
 * 18, migration V20) is there, no name is stored and mail says "A&I Live".
 */
final class CouncilName {

  static final String FALLBACK = "A&I Live";

  private CouncilName() {
  }

  /** The stored name, or null when none is set. After V20: {@code SELECT name FROM council}. */
  static Future<String> lookup(SqlClient conn) {
    return Future.succeededFuture(null);
  }

  static Future<String> orFallback(SqlClient conn) {
    return lookup(conn).map(name -> name == null || name.isBlank() ? FALLBACK : name);
  }
}
