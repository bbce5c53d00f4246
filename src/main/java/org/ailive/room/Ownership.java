package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.ApiError;

import java.util.UUID;

/**
 * A room's claim to its meeting: the ownership epoch (table {@code meeting_owner}) it raised when its
 * node took the meeting's lock, before loading the meeting. Every commit checks it in its own
 * transaction, so an owner that was deposed (its node thought dead, or cut off by a network split,
 * while another took the lock) never commits again: its changes are refused as
 * {@code 503 owner_moved}, and its room is unloaded ({@code onDeposed}).
 */
final class Ownership {

  /** Raises the epoch, naming this node; no row when there is no such meeting. */
  private static final String TAKE = """
    INSERT INTO meeting_owner (meeting_id, epoch, node)
    SELECT id, 1, $2 FROM meeting WHERE id = $1
    ON CONFLICT (meeting_id) DO UPDATE SET epoch = meeting_owner.epoch + 1, node = EXCLUDED.node, since = now()
    RETURNING epoch""";
  /**
   * The row lock makes the next owner's raise wait until this commit is over. That wait is bounded:
   * a commit left idle mid-transaction for {@link #IDLE_LIMIT} (its node frozen, or cut off from
   * Postgres) is ended by Postgres, its row lock with it, so the next owner takes the meeting then
   * rather than when (if ever) the frozen node comes back. A live commit's statements follow each
   * other within milliseconds.
   */
  static final String IDLE_LIMIT = "3s";
  private static final String CHECK = "SELECT epoch, set_config('idle_in_transaction_session_timeout', '"
    + IDLE_LIMIT + "', true) FROM meeting_owner WHERE meeting_id = $1 FOR SHARE";

  private final UUID meetingId;
  private final long epoch;
  private final Runnable onDeposed;
  private boolean deposed;

  private Ownership(UUID meetingId, long epoch, Runnable onDeposed) {
    this.meetingId = meetingId;
    this.epoch = epoch;
    this.onDeposed = onDeposed;
  }

  /** Takes the meeting for {@code node} (the lock is already held): the epoch goes up by one. */
  static Future<Ownership> take(Pool pool, UUID meetingId, String node, Runnable onDeposed) {
    // The last owner's commit under way holds the row: wait for it, but not for one whose node was
    // cut off from Postgres mid-transaction (Postgres ends it only when it sees the connection gone);
    // the node then stands by and tries again.
    return pool.withTransaction(conn -> conn.query("SET LOCAL lock_timeout = '10s'").execute()
        .compose(v -> conn.preparedQuery(TAKE).execute(Tuple.of(meetingId, node))))
      .compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiError.notFound("The meeting"))
      : Future.succeededFuture(new Ownership(meetingId, rows.iterator().next().getLong(0), onDeposed)));
  }

  long epoch() {
    return epoch;
  }

  /** In the commit's transaction, first: fails it with {@link #moved()} unless the epoch is still ours. */
  Future<Void> check(SqlConnection conn) {
    return conn.preparedQuery(CHECK).execute(Tuple.of(meetingId)).compose(rows -> {
      if (rows.size() == 1 && rows.iterator().next().getLong(0) == epoch) {
        return Future.<Void>succeededFuture();
      }
      if (!deposed) {
        deposed = true;
        onDeposed.run();
      }
      return Future.failedFuture(moved());
    });
  }

  /** Whether no other node has taken the meeting since (outside any commit; for a clean stop). */
  Future<Boolean> stillOurs(Pool pool) {
    return pool.preparedQuery("SELECT epoch FROM meeting_owner WHERE meeting_id = $1").execute(Tuple.of(meetingId))
      .map(rows -> rows.size() == 1 && rows.iterator().next().getLong(0) == epoch);
  }

  static ApiError moved() {
    return new ApiError(503, "owner_moved", "The meeting moved to another server a moment ago; nothing was changed."
      + " Try again.");
  }

  static boolean isMoved(Throwable err) {
    return err instanceof ApiError e && "owner_moved".equals(e.code());
  }
}
