package org.ailive.agencies;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.ApiError;

import java.util.UUID;

/**
 * The one rule for choosing an agency for something new (a member, an action's owner, a key agency):
 * a retired agency is not offered, and naming one is {@code 422 agency_retired}. What already points
 * at a retired agency keeps it, and its name, wherever it is shown.
 */
public final class AgencyChoice {

  private static final String STATE = "SELECT name, retired_at IS NOT NULL AS retired FROM agency WHERE id = $1";

  private AgencyChoice() {
  }

  /**
   * Succeeds unless the agency is retired. An unknown id succeeds here: the caller's own check (or
   * the foreign key) answers that as it always has.
   */
  public static Future<Void> refuseRetired(SqlClient client, UUID agencyId, String field) {
    if (agencyId == null) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(STATE).execute(Tuple.of(agencyId)).compose(rows -> {
      Row r = rows.iterator().hasNext() ? rows.iterator().next() : null;
      return r != null && r.getBoolean("retired") ? Future.failedFuture(retired(field, r.getString("name")))
        : Future.succeededFuture();
    });
  }

  public static ApiError retired(String field, String name) {
    return new ApiError(422, "agency_retired", name + " is retired, so it cannot be chosen for anything new:"
      + " choose another agency, or reinstate it in the council's settings.").with("field", field);
  }
}
