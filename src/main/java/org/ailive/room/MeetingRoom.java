package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;
import org.ailive.protocol.Addresses;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;
import org.ailive.protocol.Zone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one owner of a live meeting's state, reached at {@code ailive.meeting.<id>.cmd}. Changes are
 * applied strictly one after another, as their rows in the {@link CommandTable} say; each event is
 * committed to Postgres with the state it leads to ({@link GroupCommit}), then published on
 * {@code ailive.meeting.<id>.events}, then acknowledged. A command repeated with the same
 * idempotency key is acknowledged again without being applied twice. Catch-up, presence and the
 * audit of case views have their own classes ({@link CatchUp}, {@link Presence}, {@link CaseViews}).
 */
public final class MeetingRoom implements GroupCommit.Owner {

  private static final int MAX_QUEUE = 1000;
  private static final CommandTable.Row SYNC = CommandTable.find("sync").orElseThrow();

  private final Vertx vertx;
  private final RoomStore store;
  private final UUID meetingId;
  private final int retentionDays;
  /** Idempotency keys of committed changes and their seqs. */
  private final Map<String, Long> keys;
  private final GroupCommit commits;
  private final CatchUp catchUp;
  private final Presence presence;
  private final CaseViews caseViews;
  /** The state with every accepted change applied, including those still being written. */
  private RoomState state;
  private boolean reloadUnseen; // reloaded from the database since the screens last got the whole agenda
  private boolean savingDelayed;
  private Future<Void> tail = Future.succeededFuture();
  private int queued;
  /** Reloads asked for and not yet done: reads and commands wait for them. */
  private int reloading;
  private MessageConsumer<JsonObject> consumer;

  MeetingRoom(Vertx vertx, RoomStore store, RoomStore.Loaded loaded, int retentionDays, Presence presence) {
    this.vertx = vertx;
    this.store = store;
    this.retentionDays = retentionDays;
    this.state = loaded.state();
    this.meetingId = state.meetingId();
    this.keys = new HashMap<>(loaded.idempotencyKeys());
    this.commits = new GroupCommit(store, state, this);
    this.catchUp = new CatchUp(store, meetingId);
    this.presence = presence;
    this.caseViews = new CaseViews(store, meetingId, retentionDays);
  }

  Future<Void> register() {
    consumer = vertx.eventBus().consumer(Addresses.commands(meetingId), this::receive);
    return consumer.completion();
  }

  /** The last seq committed. */
  long lastSeq() {
    return commits.durable().lastSeq();
  }

  Future<Void> unregister() {
    presence.stop();
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void receive(Message<JsonObject> msg) {
    Identity who;
    String type;
    try {
      who = RoomHeaders.identity(msg.headers());
      if (!(msg.body() instanceof JsonObject)) {
        throw ApiError.badRequest("bad_json", "A command is a JSON object.");
      }
      type = Json.text(msg.body(), "type", 40, true);
      if (RoomHeaders.isInternal(msg.headers()) != type.startsWith("presence.")) {
        throw unknown(type);
      }
    } catch (ApiError e) {
      fail(msg, e);
      return;
    } catch (RuntimeException e) {
      fail(msg, ApiError.badRequest("bad_command", "The command is malformed."));
      return;
    }
    if (reloading > 0) {
      // Who may enter is being reloaded (a membership change, a purge): decide on the new state.
      tail.onComplete(reloaded -> admit(msg, who, type));
    } else {
      admit(msg, who, type);
    }
  }

  private void admit(Message<JsonObject> msg, Identity who, String type) {
    if (RoomAccess.mayEnter(who, state)) {
      dispatch(msg, who, type);
    } else {
      recheck(msg, who, type);
    }
  }

  /**
   * The room's copy of who sits where may be a moment behind the database (a member added to the
   * panel a moment ago): a refusal is decided by the database, and a yes reloads the room first.
   */
  private void recheck(Message<JsonObject> msg, Identity who, String type) {
    store.seat(meetingId, who.memberId()).onComplete(seat -> {
      if (seat.failed()) {
        // Not a refusal: the database did not answer, so nobody knows yet. Retryable, like a change.
        fail(msg, new ApiError(503, "storage_unavailable", "Checking your access is delayed; try again."));
        return;
      }
      if (!RoomAccess.mayEnter(who, meetingId, seat.result())) {
        fail(msg, ApiError.forbidden("You are not a member of this meeting's panel."));
        return;
      }
      reloadInTurn();
      tail.onComplete(reloaded -> dispatch(msg, who, type));
    });
  }

  private void dispatch(Message<JsonObject> msg, Identity who, String type) {
    switch (type) {
      case "sync" -> sync(msg, who);
      case "time" -> msg.reply(new JsonObject().put("ok", true).put("serverTime", System.currentTimeMillis()));
      default -> enqueue(msg, who, type);
    }
  }

  private static ApiError unknown(String type) {
    return ApiError.badRequest("unknown_command", "Unknown command type '" + type + "'.");
  }

  /** Changes wait their turn; the queue is bounded so a flood cannot grow memory without limit. */
  private void enqueue(Message<JsonObject> msg, Identity who, String type) {
    if (queued >= MAX_QUEUE) {
      fail(msg, GroupCommit.busy());
      return;
    }
    queued++;
    tail = tail.transform(ignored -> process(msg, who, type).onComplete(done -> queued--));
  }

  private Future<Void> process(Message<JsonObject> msg, Identity who, String type) {
    Future<Void> ready = commits.stale() ? reloadedIfStale() : Future.succeededFuture();
    return ready.compose(v -> switch (type) {
      case "presence.join" -> join(msg, who);
      case "presence.leave" -> leave(msg, who);
      default -> change(msg, who, type);
    }).recover(err -> {
      failChange(msg, err);
      return Future.succeededFuture();
    });
  }

  private static void failChange(Message<?> msg, Throwable err) {
    fail(msg, err instanceof ApiError e ? e : GroupCommit.isOutage(err)
      ? new ApiError(503, "storage_unavailable", "Saving is delayed; nothing was changed. Try again.")
      : new ApiError(500, "internal_error", "The change could not be saved; nothing was changed."));
  }

  /**
   * A change, as its row says: observers, role and meeting status checked, then what it needs read
   * from the database, then applied. A row that commits alone runs after every earlier change is
   * committed, and the next waits for its commit; others are applied at once and committed together.
   */
  private Future<Void> change(Message<JsonObject> msg, Identity who, String type) {
    CommandTable.Row row = CommandTable.find(type).filter(CommandTable.Row::isChange)
      .orElseThrow(() -> unknown(type));
    row.admitObserver(who);
    String key = Json.text(msg.body(), "key", 100, true);
    Long done = keys.get(key);
    if (done != null) {
      msg.reply(ack(done).put("duplicate", true));
      return Future.succeededFuture();
    }
    Future<Long> first = commits.pendingWith(key);
    if (first != null) {
      first.onSuccess(seq -> msg.reply(ack(seq).put("duplicate", true))).onFailure(err -> failChange(msg, err));
      return Future.succeededFuture();
    }
    Future<Void> ready = row.alone() || commits.full() ? reloadedIfStale() : Future.succeededFuture();
    return ready.compose(v -> {
        row.admit(state, who);
        return Preloads.read(row.preload(), new Command(type, row.fieldsOf(msg.body()), who, key), state, store,
          this::refreshed);
      })
      .compose(command -> {
        if (commits.stale()) {
          // A transaction failed while this one was being prepared: the room reloads first.
          throw GroupCommit.busy();
        }
        Instant now = Instant.now();
        Outcome outcome = row.handler().apply(state, command, now);
        Future<Long> committed = commit(outcome, who, key, now);
        Future<Long> answered = outcome.recordsConnected()
          ? committed.compose(seq -> recordConnected().map(seq)) : committed;
        answered.onSuccess(seq -> msg.reply(ack(seq))).onFailure(err -> failChange(msg, err));
        return row.alone() ? answered.<Void>mapEmpty().otherwiseEmpty() : Future.<Void>succeededFuture();
      });
  }

  /** The database's copy of part of the state, read while nothing was pending, becomes ours. */
  private void refreshed(RoomState fresh) {
    reloadUnseen |= !fresh.focusJson().equals(state.focusJson()) || !fresh.agendaJson().equals(state.agendaJson());
    state = fresh;
    commits.reset(fresh);
  }

  /** Applies the outcome to the room's state at once; the seq completes once the event is committed. */
  private Future<Long> commit(Outcome outcome, Identity who, String key, Instant now) {
    long seq = state.lastSeq() + 1;
    RoomState next = outcome.next().withSeq(seq);
    // What changed, not the whole agenda (R5 flags among it); the whole once after a reload.
    if (EventParts.trim(outcome, state, next, reloadUnseen)) {
      reloadUnseen = false;
    }
    JsonObject event = RoomStore.event(seq, outcome.eventType(), now,
      who == null ? null : RoomStore.actorJson(who.memberId(), who.fullName(), who.agency()), outcome.payload());
    state = next;
    return commits.add(new RoomStore.Written(event, who == null ? null : who.memberId(), key), next);
  }

  @Override
  public void committed(RoomStore.Written written, RoomState next) {
    JsonObject event = written.event();
    catchUp.remember(event);
    if (written.key() != null) {
      keys.put(written.key(), event.getLong("seq"));
    }
    // The flag lets the bridge withhold case details from observers' sockets (see Redaction).
    vertx.eventBus().publish(Addresses.events(meetingId), EventParts.published(event, next.observersSeeCases()));
    caseViews.focus(next, presence.members());
    UUID movedTo = ItemCommands.movedTo(event);
    if (movedTo != null) {
      // A case deferred to the next meeting: that meeting's room, if loaded, shows it at once.
      vertx.eventBus().publish(Addresses.ROOMS_RELOAD, new JsonObject().put("meetingIds",
        new io.vertx.core.json.JsonArray().add(movedTo.toString())));
    }
  }

  @Override
  public void undone(RoomState durable) {
    state = durable;
  }

  /**
   * Tells every screen when saving is delayed (the database does not answer) and when it works
   * again, so partners know their change is not yet saved; a not-numbered notice on the events address.
   */
  @Override
  public void storage(boolean delayed) {
    if (delayed != savingDelayed) {
      savingDelayed = delayed;
      vertx.eventBus().publish(Addresses.events(meetingId), new JsonObject().put("type", "storage")
        .put("status", delayed ? "delayed" : "ok").put("serverTime", System.currentTimeMillis()));
    }
  }

  /** Once nothing is being committed: reloaded from the database if a transaction failed. */
  private Future<Void> reloadedIfStale() {
    return commits.idle().compose(v -> commits.stale() ? reload() : Future.succeededFuture());
  }

  /**
   * Reloads the room from the database in turn with the changes: so access follows membership, and
   * nothing purged is served from memory.
   */
  void reloadInTurn() {
    reloading++;
    tail = tail.transform(ignored -> commits.idle().compose(v -> reload()).recover(err -> {
      commits.markStale();
      return Future.succeededFuture();
    })).onComplete(done -> reloading--);
  }

  /** Resolves once every change accepted so far has been answered: for a clean shutdown. */
  Future<Void> drained() {
    return tail.transform(v -> commits.idle());
  }

  private Future<Void> reload() {
    return store.load(meetingId).onFailure(err -> storage(true)).map(loaded -> {
      storage(false);
      state = loaded.state();
      commits.reset(state);
      reloadUnseen = true;
      keys.putAll(loaded.idempotencyKeys());
      catchUp.forget();
      return null;
    });
  }

  /** Catch-up: what the client missed after its last seq, and the whole picture when asked. */
  private void sync(Message<JsonObject> msg, Identity who) {
    long after;
    boolean withState;
    boolean withPresence;
    try {
      JsonObject body = SYNC.fieldsOf(msg.body());
      after = Optional.ofNullable(Json.integer(body, "after", 0, Integer.MAX_VALUE, false)).orElse(0);
      withState = Boolean.TRUE.equals(Json.bool(body, "state", false));
      withPresence = Boolean.TRUE.equals(Json.bool(body, "presence", false));
    } catch (ApiError e) {
      fail(msg, e);
      return;
    }
    RoomState snapshot = commits.durable();
    catchUp.reply(after, snapshot, savingDelayed)
      .onSuccess(reply -> {
        if (withState) {
          reply.put("state", catchUp.snapshot(snapshot).put("presence", presence.json()));
        } else if (withPresence) {
          reply.put("presence", presence.json());
        }
        if (!Redaction.seesEverything(who)) {
          reply.put("events", Redaction.currentContributions(reply.getJsonArray("events"), snapshot));
        }
        boolean hide = Redaction.hidesFrom(who, snapshot.observersSeeCases(), snapshot.status(),
          snapshot.meetingDate(), retentionDays, Zone.today());
        msg.reply(hide ? Redaction.redact(reply) : reply);
        caseViews.caughtUp(who, snapshot, withState, reply.getJsonArray("events"));
      })
      .onFailure(err -> fail(msg, new ApiError(503, "storage_unavailable", "Catching up is delayed; try again.")));
  }

  private Future<Void> join(Message<JsonObject> msg, Identity who) {
    String socket = Json.text(msg.body(), "socket", 100, true);
    boolean arrived = presence.join(who, socket);
    caseViews.focus(commits.durable(), List.of(who));
    Outcome auto = arrived && Set.of("open", "live").contains(state.status())
      ? AttendanceCommands.joined(state, who, Instant.now()) : null;
    Future<?> recorded = auto == null ? Future.succeededFuture() : commit(auto, who, null, Instant.now());
    // Answered once the attendance is committed, without holding up the changes behind it; a room
    // that has just lost its meeting to another node says so, and the join is tried there.
    recorded.onComplete(done -> {
      if (done.failed() && Ownership.isMoved(done.cause())) {
        fail(msg, Ownership.moved());
      } else {
        msg.reply(new JsonObject().put("ok", true)
          .put("lastSeq", commits.durable().lastSeq()).put("serverTime", System.currentTimeMillis()));
      }
    });
    return Future.succeededFuture();
  }

  /**
   * Whoever was already connected when the meeting opened or started has joined it now, as the
   * register records (the time, not how they attend: their screen asks them that).
   */
  private Future<Void> recordConnected() {
    List<Future<Long>> marks = new ArrayList<>();
    for (Identity who : presence.members()) {
      Outcome auto = AttendanceCommands.joined(state, who, Instant.now());
      if (auto != null) {
        marks.add(commit(auto, who, null, Instant.now()));
      }
    }
    return Future.all(marks).mapEmpty();
  }

  /** A member's last connection closing while the meeting is open or live: the register keeps the time. */
  private Future<Void> leave(Message<JsonObject> msg, Identity who) {
    boolean gone = presence.leave(who, Json.text(msg.body(), "socket", 100, true));
    Outcome auto = gone && Set.of("open", "live").contains(state.status())
      ? AttendanceCommands.left(state, who, Instant.now()) : null;
    if (auto != null) {
      commit(auto, who, null, Instant.now());
    }
    msg.reply(new JsonObject().put("ok", true));
    return Future.succeededFuture();
  }

  private static JsonObject ack(long seq) {
    return new JsonObject().put("ok", true).put("seq", seq).put("serverTime", System.currentTimeMillis());
  }

  private static void fail(Message<?> msg, Throwable err) {
    ApiError e = ApiError.from(err, 500);
    msg.fail(e.status(), e.toJson().encode());
  }
}
