package org.ailive.actions;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.room.VolunteeredAction;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Agreed actions (open to closed or dropped; not those still proposed or returned) found for the
 * family page and the search box (issue 20), each only if the caller may read it ({@link ActionAccess}).
 */
public final class ActionLookup {

  private static final String[] AGREED = VolunteeredAction.AGREED.toArray(new String[0]);

  private final Pool pool;

  public ActionLookup(Pool pool) {
    this.pool = pool;
  }

  /** The readable actions of these cases, by number. */
  public Future<List<FollowedAction>> ofCases(Identity who, List<UUID> caseIds) {
    if (caseIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple params = Tuple.tuple().addValue(who.memberId()).addArrayOfUUID(caseIds.toArray(new UUID[0]))
      .addArrayOfString(AGREED);
    return pool.preparedQuery(ActionsSql.OF_CASES).execute(params).map(rows -> readable(who, rows));
  }

  /** The action with this number, if there is one and the caller may read it. */
  public Future<List<FollowedAction>> numbered(Identity who, long number) {
    Tuple params = Tuple.tuple().addValue(who.memberId()).addValue(number).addArrayOfString(AGREED);
    return pool.preparedQuery(ActionsSql.BY_NUMBER).execute(params).map(rows -> readable(who, rows));
  }

  private static List<FollowedAction> readable(Identity who, RowSet<Row> rows) {
    List<FollowedAction> out = new ArrayList<>();
    rows.forEach(r -> {
      FollowedAction a = FollowedAction.from(r);
      if (ActionAccess.canRead(who, a.seat())) {
        out.add(a);
      }
    });
    return out;
  }
}
