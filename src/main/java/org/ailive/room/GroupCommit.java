package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import org.ailive.protocol.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A meeting's writes: one transaction at a time, and the changes that queue while one is being
 * written share the next (group commit), so a busy meeting does one durable write per round, not
 * one per change. Each change is answered, through its future, only once its event is committed;
 * the owner then publishes it. If a transaction fails, every change after the last commit is
 * undone and refused, and the owner reloads from the database before the next change.
 */
final class GroupCommit {

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
  /** Changes written in one transaction at most; more wait for the next. */
  private static final int MAX_BATCH = 200;
  /** Changes applied but not yet committed at most; the next waits for the transaction under way. */
  static final int MAX_PENDING = 1000;

  /** What the owner does when changes are committed or undone. */
  interface Owner {
    /** The change's event is committed: the owner remembers and publishes it. */
    void committed(RoomStore.Written written, RoomState next);

    /** Everything after the last commit was undone: the owner goes back to {@code durable}. */
    void undone(RoomState durable);

    /** Whether saving is delayed (the database does not answer), for every screen to know. */
    void storage(boolean delayed);
  }

  /** A change applied in memory, waiting to be committed; it is answered and published after. */
  private record Pending(RoomStore.Written written, RoomState next, Promise<Long> committed) {
  }

  private final RoomStore store;
  private final UUID meetingId;
  private final Owner owner;
  /** The state as committed: what catch-up serves and each transaction starts from. */
  private RoomState durable;
  /** Changes applied and waiting for their transaction, in seq order. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Idempotency keys of pending changes: a repeat is answered when the first is committed. */
  private final Map<String, Future<Long>> pendingKeys = new HashMap<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private boolean writing;
  private boolean stale;

  GroupCommit(RoomStore store, RoomState durable, Owner owner) {
    this.store = store;
    this.meetingId = durable.meetingId();
    this.durable = durable;
    this.owner = owner;
  }

  RoomState durable() {
    return durable;
  }

  /** The database's state replaces ours (after a reload, or a preload read with nothing pending). */
  void reset(RoomState fresh) {
    durable = fresh;
    stale = false;
  }

  /** What the database holds may differ from our copy: the owner reloads before the next change. */
  void markStale() {
    stale = true;
  }

  /** A transaction (or a reload) failed, and what the database holds may differ from our copy. */
  boolean stale() {
    return stale;
  }

  boolean full() {
    return pending.size() >= MAX_PENDING;
  }

  /** The commit of a pending change with this key, if one is waiting. */
  Future<Long> pendingWith(String key) {
    return pendingKeys.get(key);
  }

  /** Queues a change applied in memory; the future completes with its seq once it is committed. */
  Future<Long> add(RoomStore.Written written, RoomState next) {
    Promise<Long> committed = Promise.promise();
    pending.addLast(new Pending(written, next, committed));
    if (written.key() != null) {
      pendingKeys.put(written.key(), committed.future());
    }
    write();
    return committed.future();
  }

  /** Resolves once no change is waiting to be committed. */
  Future<Void> idle() {
    if (!writing && pending.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    idleWaiters.add(p);
    return p.future();
  }

  /** One transaction at a time per meeting; what queued meanwhile goes in the next one, together. */
  private void write() {
    if (writing || pending.isEmpty()) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(pending.removeFirst());
    }
    RoomState before = durable;
    RoomState after = batch.get(batch.size() - 1).next();
    writing = true;
    store.commit(before, after, batch.stream().map(Pending::written).toList()).onComplete(done -> {
      if (done.failed() && batch.size() > 1 && !isOutage(done.cause()) && !Ownership.isMoved(done.cause())) {
        // One change broke the transaction: each again on its own, so only that one is refused.
        replay(batch, 0);
        return;
      }
      if (done.succeeded()) {
        committed(batch, after);
      } else {
        undo(batch.get(0), batch.subList(1, batch.size()), done.cause());
      }
      wrote();
    });
  }

  /**
   * Commits a failed batch's changes one transaction each, in order: those before the change at
   * fault are saved; it is refused with its own reason; those after it (applied on top of it) are
   * refused as retryable, and their clients resend them.
   */
  private void replay(List<Pending> batch, int i) {
    Pending p = batch.get(i);
    store.commit(durable, p.next(), List.of(p.written())).onComplete(done -> {
      if (done.succeeded()) {
        committed(List.of(p), p.next());
        if (i + 1 < batch.size()) {
          replay(batch, i + 1);
          return;
        }
      } else {
        undo(p, batch.subList(i + 1, batch.size()), done.cause());
      }
      wrote();
    });
  }

  /** A transaction is over: the next one starts, or whoever waits for the room to be idle goes on. */
  private void wrote() {
    writing = false;
    write();
    if (!writing && pending.isEmpty()) {
      List<Promise<Void>> waiting = List.copyOf(idleWaiters);
      idleWaiters.clear();
      waiting.forEach(Promise::complete);
    }
  }

  private void committed(List<Pending> batch, RoomState after) {
    owner.storage(false);
    durable = after;
    for (Pending p : batch) {
      if (p.written().key() != null) {
        pendingKeys.remove(p.written().key());
      }
      owner.committed(p.written(), p.next());
      p.committed().complete(p.written().event().getLong("seq"));
    }
  }

  /**
   * The transaction of {@code failed} (and of {@code with}, written in the same one) failed: all
   * changes after the last commit are undone. In an outage every one of them gets the outage's
   * retryable answer; otherwise the failed change gets its own reason and the others, which were
   * applied on top of it, a retryable 503.
   */
  private void undo(Pending failed, List<Pending> with, Throwable err) {
    // The commit may have landed even though we saw an error (or the database holds something
    // newer than our copy): the owner reloads before the next change.
    stale = true;
    JsonObject event = failed.written().event();
    log.warn("Meeting {}: could not save event {}: {}", meetingId, event.getLong("seq"), err.getMessage());
    boolean outage = !(err instanceof ApiError) && isOutage(err);
    if (outage) {
      owner.storage(true);
    }
    List<Pending> refused = new ArrayList<>(with);
    refused.addAll(pending);
    pending.clear();
    owner.undone(durable);
    refuse(failed, err);
    for (Pending p : refused) {
      // A deposed owner refuses all it holds as it refused the first: the client resends to the next owner.
      refuse(p, outage || Ownership.isMoved(err) ? err : busy());
    }
  }

  private void refuse(Pending p, Throwable err) {
    if (p.written().key() != null) {
      pendingKeys.remove(p.written().key());
    }
    p.committed().fail(err);
  }

  static ApiError busy() {
    return new ApiError(503, "busy", "The meeting is busy; try again in a moment.");
  }

  /** The database did not answer (as opposed to answering with an error about this change). */
  static boolean isOutage(Throwable err) {
    if (!(err instanceof PgException pg) || pg.getSqlState() == null) {
      return true;
    }
    return pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57");
  }
}
