package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import org.ailive.notify.Outbox;

import java.util.List;

/**
 * The notices a room's committed changes cause, written in the same transaction as the events
 * ({@link RoomStore#commit}), so a change and its notices commit together or not at all. Each rule
 * looks at the events and the state before and after, and enqueues what it must; a rule with
 * nothing to say must cost nothing (a glance at the event types), since every commit passes here.
 */
final class RoomNotices {

  /** One kind of consequence: the notices some events cause. */
  interface Rule {
    Future<Void> write(SqlConnection conn, Outbox outbox, RoomState before, RoomState after,
                       List<RoomStore.Written> events);
  }

  private final Outbox outbox;
  private final List<Rule> rules;

  RoomNotices(Outbox outbox) {
    this(outbox, List.of());
  }

  RoomNotices(Outbox outbox, List<Rule> rules) {
    this.outbox = outbox;
    this.rules = rules;
  }

  Future<Void> write(SqlConnection conn, RoomState before, RoomState after, List<RoomStore.Written> events) {
    if (outbox == null || rules.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (Rule rule : rules) {
      chain = chain.compose(v -> rule.write(conn, outbox, before, after, events));
    }
    return chain;
  }
}
