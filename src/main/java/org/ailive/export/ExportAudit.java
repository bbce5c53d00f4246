package org.ailive.export;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Every file that leaves the service is recorded (R12): who, when, what ({@code subject}) and the
 * filters and row count ({@code detail}), as an {@code audit_entry} with action {@code export}.
 */
public final class ExportAudit {

  private ExportAudit() {
  }

  public static Future<Void> record(SqlClient client, UUID memberId, String subject, JsonObject detail) {
    return client.preparedQuery(ExportSql.AUDIT).execute(Tuple.of(memberId, subject, detail)).mapEmpty();
  }
}
