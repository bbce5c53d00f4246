package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.ApiError;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a token's member exists and is active. A validly signed token can name a member this
 * database never had (a restored backup, a key shared with another deployment), so each member is
 * asked of the database once per node and then remembered, boundedly. Remembering is safe because
 * deactivation also sets the member's cut-off ({@link Revocations}), which ends their tokens on
 * its own; a cut-off forgets the member here too, so the next request asks again. An answer older
 * than {@link #REMEMBER_FOR_MS} is asked again, so a member deactivated behind the service's back
 * (in SQL, a restore) is refused soon after.
 */
final class ActiveMembers {

  static final int REMEMBERED = 20_000;
  static final long REMEMBER_FOR_MS = 60_000;
  private static final String ACTIVE = "SELECT active FROM member WHERE id = $1";

  private final Pool pool;
  /** Members found active, with when that was asked, most recently used last; a member not found is never remembered. */
  private final Map<UUID, Long> active = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Long> eldest) {
      return size() > REMEMBERED;
    }
  });

  private final Set<UUID> checking = ConcurrentHashMap.newKeySet();

  ActiveMembers(Pool pool) {
    this.pool = pool;
  }

  Future<Boolean> isActive(UUID memberId) {
    Long askedAt = active.get(memberId);
    if (askedAt != null) {
      // Known: answered at once; once the answer is old it is asked again behind the request, so
      // a slow or stopped database delays nobody (while it does not answer, the last answer stands).
      if (System.currentTimeMillis() - askedAt >= REMEMBER_FOR_MS && checking.add(memberId)) {
        ask(memberId).onComplete(done -> checking.remove(memberId));
      }
      return Future.succeededFuture(true);
    }
    return ask(memberId).recover(err -> Future.failedFuture(new ApiError(503, "storage_unavailable",
      "Your sign-in cannot be checked just now; nothing was changed. Try again.")));
  }

  private Future<Boolean> ask(UUID memberId) {
    long now = System.currentTimeMillis();
    return pool.preparedQuery(ACTIVE).execute(Tuple.of(memberId)).map(rows -> {
      boolean found = rows.iterator().hasNext() && Boolean.TRUE.equals(rows.iterator().next().getBoolean("active"));
      if (found) {
        active.put(memberId, now);
      } else {
        active.remove(memberId);
      }
      return found;
    });
  }

  void forget(UUID memberId) {
    active.remove(memberId);
  }
}
