package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.sqlclient.Pool;
import org.ailive.auth.Identity;
import org.ailive.auth.Tokens;
import org.ailive.notify.Outbox;
import org.ailive.protocol.Addresses;
import org.ailive.protocol.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The directory of live meetings on this node. {@code ailive.rooms.ensure} activates a meeting's
 * owner if no node owns it yet: ownership is a shared-data lock, cluster-wide once Vert.x runs
 * clustered, so exactly one node serves each meeting and the others reach it over the event bus.
 * A node that finds the lock held stands by: it keeps asking for the lock, so when the owner's
 * node dies (or stops) it takes the meeting within seconds, raises its ownership epoch
 * ({@link Ownership}) and reloads it from Postgres; then it tells every node
 * ({@link Addresses#ROOMS_OWNER}) so their sockets in the meeting join the new owner. It asks only
 * while it may take meetings ({@code mayTake}: in a cluster, while it sees a quorum), so a node cut
 * off from most of the cluster never takes a meeting back from the majority's owner.
 */
public final class Rooms extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(Rooms.class);
  private static final long LOCK_WAIT_MS = 200;
  /** A standby node asks for the lock of a meeting served elsewhere this often. */
  static final long STANDBY_MS = 1_000;
  private static final long STANDBY_LOCK_WAIT_MS = 10;
  /**
   * How long after this node last asked for a meeting it still stands by for it: longer than any
   * socket lives (a listener ends with its token, at most {@code sessionMaxHours}), and asking again
   * (every new socket does) starts the day again.
   */
  private static final long STANDBY_FOR_MS = 24 * 3600 * 1000L;
  private static final long DRAIN_SECONDS = 10;

  private final Pool pool;
  private final int retentionDays;
  private final Outbox outbox;
  private final Tokens tokens;
  private final String node;
  private final BooleanSupplier mayTake;
  private final Map<UUID, Future<MeetingRoom>> active = new HashMap<>();
  /** Each meeting this node owns: its lock, and the epoch its room raised when it took it. */
  private final Map<UUID, Held> held = new HashMap<>();
  /** Meetings served by another node that this one is ready to take. */
  private final Set<UUID> standby = new HashSet<>();
  /** When this node last asked for each meeting (a socket or request of its own). */
  private final Map<UUID, Long> wanted = new HashMap<>();
  private boolean stopping;

  /**
   * {@code outbox}: where the notices the rooms' changes cause are written ({@link RoomNotices});
   * {@code tokens}: what signs the join links a key-agency summons carries; {@code node}: this
   * node's name, as {@code meeting_owner} records who owns a meeting; {@code mayTake}: whether this
   * node may take a meeting now (in a cluster: while it sees a quorum of its members), asked before
   * each request for a meeting's lock. A node that may not stands by and asks again.
   */
  public Rooms(Pool pool, int retentionDays, Outbox outbox, Tokens tokens, String node, BooleanSupplier mayTake) {
    this.pool = pool;
    this.retentionDays = retentionDays;
    this.outbox = outbox;
    this.tokens = tokens;
    this.node = node;
    this.mayTake = mayTake;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>consumer(Addresses.MEMBERSHIP_CHANGED, msg -> active.values().forEach(f -> {
      if (f.succeeded() && f.result() != null) {
        f.result().reloadInTurn();
      }
    }));
    // Another node took a meeting this node still serves (it was frozen or cut off): stop serving it
    // now, not at its next commit, so no stale answer (sync, presence) is given meanwhile.
    vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_OWNER, msg -> {
      UUID id = parse(msg.body().getString("meetingId", ""));
      Held mine = id == null ? null : held.get(id);
      if (mine != null && msg.body().getLong("epoch", 0L) > mine.ownership().epoch()) {
        deposed(id, mine.ownership());
      }
    });
    // A room never serves from memory what the database no longer holds (a purged meeting's narrative).
    vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_RELOAD, msg -> {
      JsonArray ids = msg.body() == null ? null : msg.body().getJsonArray("meetingIds");
      if (ids == null) {
        return;
      }
      for (Object id : ids) {
        Future<MeetingRoom> f = id instanceof String s ? active.get(parse(s)) : null;
        if (f != null && f.succeeded() && f.result() != null) {
          f.result().reloadInTurn();
        }
      }
    });
    return vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_ENSURE, msg -> {
      UUID id;
      try {
        id = UUID.fromString(msg.body().getString("meetingId"));
      } catch (RuntimeException e) {
        msg.fail(400, ApiError.invalid("meetingId", "must be a UUID").toJson().encode());
        return;
      }
      ensure(id).onSuccess(room -> msg.reply(new JsonObject().put("ok", true)))
        .onFailure(err -> {
          ApiError e = err instanceof ApiError a ? a : new ApiError(503, "room_unavailable",
            "The meeting room could not be opened; try again.");
          msg.fail(e.status(), e.toJson().encode());
        });
    }).completion();
  }

  /**
   * A clean stop: every change already accepted is answered (committed or refused) before the room
   * stops listening and its ownership lock goes, so a rolling restart loses nothing acknowledged.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    List<Future<Void>> closing = new ArrayList<>();
    active.values().forEach(f -> {
      if (f.succeeded() && f.result() != null) {
        MeetingRoom room = f.result();
        closing.add(room.drained().timeout(DRAIN_SECONDS, TimeUnit.SECONDS)
          .transform(drained -> room.unregister()));
      }
    });
    return Future.join(closing).compose(v -> releaseOwnLocks());
  }

  /**
   * Lets go of the locks of the meetings this node still owns. A lock whose meeting another node has
   * taken meanwhile is only dropped: Hazelcast's release unlocks the key whoever holds it, so it
   * would free the new owner's lock and send the meeting round the nodes.
   */
  private Future<Void> releaseOwnLocks() {
    List<Future<Void>> releases = new ArrayList<>();
    held.values().forEach(mine -> {
      releases.add(mine.ownership().stillOurs(pool)
        .map(ours -> {
          if (ours) {
            mine.lock().release();
          }
          return (Void) null;
        })
        .otherwise((Void) null));
    });
    return Future.join(releases).mapEmpty();
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Future<MeetingRoom> ensure(UUID id) {
    wanted.put(id, System.currentTimeMillis());
    Future<MeetingRoom> existing = active.get(id);
    if (existing != null && !existing.failed()) {
      return existing;
    }
    Future<MeetingRoom> activation = activate(id);
    active.put(id, activation);
    return activation.onFailure(err -> active.remove(id));
  }

  /** A null room means another node holds the lock and serves this meeting: this one stands by. */
  private Future<MeetingRoom> activate(UUID id) {
    if (!mayTake.getAsBoolean()) {
      standBy(id);
      return Future.succeededFuture(null);
    }
    return vertx.sharedData().getLockWithTimeout(Addresses.ownerLock(id), LOCK_WAIT_MS)
      .transform(locked -> {
        if (locked.failed()) {
          standBy(id);
          return Future.succeededFuture(null);
        }
        return open(id, locked.result());
      });
  }

  /**
   * Asks for the lock of a meeting another node serves every {@link #STANDBY_MS}, until this node
   * has it (the owner died, stopped, or gave the meeting up), stops, or has not asked for the
   * meeting for {@link #STANDBY_FOR_MS}.
   */
  private void standBy(UUID id) {
    if (stopping || !standby.add(id)) {
      return;
    }
    vertx.setTimer(STANDBY_MS, t -> {
      if (stopping) {
        return;
      }
      Future<MeetingRoom> mine = active.get(id);
      if (mine != null && (!mine.isComplete() || mine.succeeded() && mine.result() != null)) {
        // Taken meanwhile by this node (asked for again after it was deposed).
        standby.remove(id);
        return;
      }
      if (System.currentTimeMillis() - wanted.getOrDefault(id, 0L) > STANDBY_FOR_MS) {
        // Nobody here has asked for it for a day: no socket of this node can still be in it.
        standby.remove(id);
        wanted.remove(id);
        Future<MeetingRoom> served = active.get(id);
        if (served != null && served.succeeded() && served.result() == null) {
          active.remove(id);
        }
        return;
      }
      if (!mayTake.getAsBoolean()) {
        standby.remove(id);
        standBy(id);
        return;
      }
      // Hardly waiting: the lock is asked for on a worker thread, once a second per meeting.
      vertx.sharedData().getLockWithTimeout(Addresses.ownerLock(id), STANDBY_LOCK_WAIT_MS).onComplete(locked -> {
        standby.remove(id);
        if (locked.failed()) {
          standBy(id);
        } else if (stopping) {
          locked.result().release();
        } else {
          Future<MeetingRoom> taking = open(id, locked.result());
          active.put(id, taking);
          taking.onSuccess(room -> log.info("Meeting {}: taken over by this node, from seq {}", id, room.lastSeq()));
          taking.onFailure(err -> {
            active.remove(id);
            standBy(id);
          });
        }
      });
    });
  }

  /**
   * With the lock held: the epoch goes up (waiting for a commit of the last owner under way), then
   * the meeting is loaded, so the new owner starts from everything that was committed.
   */
  private Future<MeetingRoom> open(UUID id, Lock lock) {
    if (!mayTake.getAsBoolean()) {
      // Asked for while this node could take meetings, granted once it could not: cut off, its request
      // waited until its half dropped the others and gave it the lock. Let it go there (ours alone).
      log.info("Meeting {}: lock granted without a quorum, let go", id);
      lock.release();
      return Future.failedFuture(new IllegalStateException("no quorum")); // answered 503 room_unavailable
    }
    // Who is connected is the owner's memory; the item-start rule reads it as each commit runs.
    Presence presence = new Presence(vertx, id);
    List<Ownership> taken = new ArrayList<>(1);
    return Ownership.take(pool, id, node, () -> context.runOnContext(v -> deposed(id, taken.get(0))))
      .compose(ownership -> {
        taken.add(ownership);
        RoomStore store = new RoomStore(pool, new RoomNotices(outbox,
          List.of(new CaseActionNotices(), new KeyAgencySummons(tokens),
            new ItemStartNotices(presence::memberIds))), ownership);
        return store.load(id)
          .compose(loaded -> {
            MeetingRoom room = new MeetingRoom(vertx, store, loaded, retentionDays, presence);
            return room.register().map(v -> room);
          })
          .onSuccess(room -> {
            held.put(id, new Held(lock, ownership));
            vertx.eventBus().publish(Addresses.ROOMS_OWNER, new JsonObject().put("meetingId", id.toString())
              .put("epoch", ownership.epoch()).put("lastSeq", room.lastSeq()));
          });
      })
      .onFailure(err -> lock.release());
  }

  /**
   * Another node took the meeting (this one was thought dead or cut off): the room stops taking
   * commands; this node stands by again.
   */
  private void deposed(UUID id, Ownership which) {
    Held mine = held.get(id);
    if (mine == null ? which != null : mine.ownership() != which) {
      return; // already stepped down for it, or this node has taken the meeting again since
    }
    Future<MeetingRoom> f = active.remove(id);
    // In a cluster the lock is dropped, never released: the cluster has given it to the new owner, and
    // Hazelcast's release unlocks it whoever holds it. On one node nobody else can hold it, so it goes.
    held.remove(id);
    if (mine != null && !vertx.isClustered()) {
      mine.lock().release();
    }
    if (f != null && f.succeeded() && f.result() != null) {
      f.result().unregister();
    }
    standBy(id);
  }

  /** Makes sure the meeting has an owner somewhere, then sends it a command as this member. */
  public static Future<JsonObject> request(Vertx vertx, UUID meetingId, JsonObject command, Identity who) {
    return ensure(vertx, meetingId).compose(v -> vertx.eventBus()
      .<JsonObject>request(Addresses.commands(meetingId), command, RoomHeaders.of(who, false))
      .map(reply -> reply.body()));
  }

  public static Future<Void> ensure(Vertx vertx, UUID meetingId) {
    return vertx.eventBus().request(Addresses.ROOMS_ENSURE, new JsonObject().put("meetingId", meetingId.toString()),
      new DeliveryOptions().setSendTimeout(10_000)).mapEmpty();
  }

  /** A meeting this node owns: the cluster's lock on it and the room's ownership epoch. */
  private record Held(Lock lock, Ownership ownership) {
  }
}
