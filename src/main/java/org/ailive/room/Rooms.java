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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The directory of live meetings on this node. {@code ailive.rooms.ensure} activates a meeting's
 * owner if no node owns it yet: ownership is a shared-data lock, cluster-wide once Vert.x runs
 * clustered, so exactly one node serves each meeting and the others reach it over the event bus.
 */
public final class Rooms extends VerticleBase {

  private static final long LOCK_WAIT_MS = 200;
  private static final long DRAIN_SECONDS = 10;

  private final Pool pool;
  private final int retentionDays;
  private final Outbox outbox;
  private final Tokens tokens;
  private final Map<UUID, Future<MeetingRoom>> active = new HashMap<>();
  private final List<Lock> locks = new ArrayList<>();

  /**
   * {@code outbox}: where the notices the rooms' changes cause are written ({@link RoomNotices});
   * {@code tokens}: what signs the join links a key-agency summons carries.
   */
  public Rooms(Pool pool, int retentionDays, Outbox outbox, Tokens tokens) {
    this.pool = pool;
    this.retentionDays = retentionDays;
    this.outbox = outbox;
    this.tokens = tokens;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>consumer(Addresses.MEMBERSHIP_CHANGED, msg -> active.values().forEach(f -> {
      if (f.succeeded() && f.result() != null) {
        f.result().reloadInTurn();
      }
    }));
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
    List<Future<Void>> closing = new ArrayList<>();
    active.values().forEach(f -> {
      if (f.succeeded() && f.result() != null) {
        MeetingRoom room = f.result();
        closing.add(room.drained().timeout(DRAIN_SECONDS, TimeUnit.SECONDS)
          .transform(drained -> room.unregister()));
      }
    });
    return Future.join(closing).onComplete(v -> locks.forEach(Lock::release));
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Future<MeetingRoom> ensure(UUID id) {
    Future<MeetingRoom> existing = active.get(id);
    if (existing != null && !existing.failed()) {
      return existing;
    }
    Future<MeetingRoom> activation = activate(id);
    active.put(id, activation);
    return activation.onFailure(err -> active.remove(id));
  }

  /** A null room means another node holds the lock and serves this meeting. */
  private Future<MeetingRoom> activate(UUID id) {
    return vertx.sharedData().getLockWithTimeout(Addresses.ownerLock(id), LOCK_WAIT_MS)
      .transform(locked -> {
        if (locked.failed()) {
          return Future.succeededFuture(null);
        }
        Lock lock = locked.result();
        // Who is connected is the owner's memory; the item-start rule reads it as each commit runs.
        Presence presence = new Presence(vertx, id);
        RoomStore store = new RoomStore(pool, new RoomNotices(outbox,
          List.of(new CaseActionNotices(), new KeyAgencySummons(tokens),
            new ItemStartNotices(presence::memberIds))));
        return store.load(id)
          .compose(loaded -> {
            MeetingRoom room = new MeetingRoom(vertx, store, loaded, retentionDays, presence);
            return room.register().map(v -> room);
          })
          .onSuccess(room -> locks.add(lock))
          .onFailure(err -> lock.release());
      });
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
}
