package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import org.ailive.auth.Identity;
import org.ailive.cases.CaseRedaction;
import org.ailive.web.ApiError;
import org.ailive.web.Failures;
import org.ailive.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The one owner of a live meeting's state, reached at {@code ailive.meeting.<id>.cmd}. Changes are
 * applied strictly one after another; each event is committed to Postgres with the state it leads
 * to, then published on {@code ailive.meeting.<id>.events}, then acknowledged. Changes that arrive
 * while a transaction is being written are committed together in the next one (group commit), so
 * a busy meeting does one durable write per round, not one per change. A command repeated with the
 * same idempotency key is acknowledged again without being applied twice.
 */
public final class MeetingRoom {

  private static final Logger log = LoggerFactory.getLogger(MeetingRoom.class);
  private static final int MAX_QUEUE = 1000;
  /** Changes written in one transaction at most; more wait for the next. */
  private static final int MAX_BATCH = 200;
  /** Changes applied but not yet committed at most; the next waits for the transaction under way. */
  private static final int MAX_PENDING = 1000;
  private static final int MAX_CATCH_UP = 500;
  /** A catch-up page stays small enough for any socket and phone; {@code more} says there is more. */
  private static final int MAX_CATCH_UP_BYTES = 192 * 1024;
  static final long PRESENCE_EVERY_MS = 250;

  private final Vertx vertx;
  private final RoomStore store;
  private final UUID meetingId;
  private final Map<String, Long> keys;
  private final Map<UUID, Presence> presence = new LinkedHashMap<>();
  private final int retentionDays;
  /** The state with every accepted change applied, including those still being written. */
  private RoomState state;
  /** The state as committed: what catch-up serves and each transaction starts from. */
  private RoomState durable;
  /** Changes applied to {@link #state} and waiting for their transaction, in seq order. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Idempotency keys of pending changes: a repeat is answered when the first is committed. */
  private final Map<String, Future<Long>> pendingKeys = new HashMap<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private boolean writing;
  private boolean stale;
  private boolean savingDelayed;
  private Future<Void> tail = Future.succeededFuture();
  private int queued;
  private MessageConsumer<JsonObject> consumer;
  private long lastPresenceAt;
  private long presenceTimer = -1;
  private JsonArray presenceCache;
  private JsonObject snapshotCache;
  private RoomState snapshotCacheState;
  private long snapshotCacheAt;
  /**
   * The latest committed events, in order and without gaps, so a reconnecting screen (usually a
   * few events behind) catches up without a database read; older gaps are read from the log.
   */
  private final ArrayDeque<JsonObject> recent = new ArrayDeque<>();

  private record Presence(Identity who, Set<String> sockets) {
  }

  /** A change applied in memory, waiting to be committed; it is answered and published after. */
  private record Pending(RoomStore.Written written, RoomState next, Promise<Long> committed) {
  }

  MeetingRoom(Vertx vertx, RoomStore store, RoomStore.Loaded loaded, int retentionDays) {
    this.vertx = vertx;
    this.store = store;
    this.retentionDays = retentionDays;
    this.state = loaded.state();
    this.durable = state;
    this.meetingId = state.meetingId();
    this.keys = new HashMap<>(loaded.idempotencyKeys());
  }

  public static String commandAddress(UUID meetingId) {
    return "ailive.meeting." + meetingId + ".cmd";
  }

  public static String eventsAddress(UUID meetingId) {
    return "ailive.meeting." + meetingId + ".events";
  }

  public static String presenceAddress(UUID meetingId) {
    return "ailive.meeting." + meetingId + ".presence";
  }

  Future<Void> register() {
    consumer = vertx.eventBus().consumer(commandAddress(meetingId), this::receive);
    return consumer.completion();
  }

  Future<Void> unregister() {
    if (presenceTimer >= 0) {
      vertx.cancelTimer(presenceTimer);
      presenceTimer = -1;
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void receive(Message<JsonObject> msg) {
    Identity who;
    String type;
    try {
      who = Headers.identity(msg.headers());
      if (!(msg.body() instanceof JsonObject)) {
        throw ApiError.badRequest("bad_json", "A command is a JSON object.");
      }
      type = Json.text(msg.body(), "type", 40, true);
      if (Headers.isInternal(msg.headers()) != type.startsWith("presence.")) {
        throw ApiError.badRequest("unknown_command", "Unknown command type '" + type + "'.");
      }
      if (!RoomCommands.canAccess(state, who)) {
        throw ApiError.forbidden("You are not a member of this meeting's panel.");
      }
    } catch (ApiError e) {
      fail(msg, e);
      return;
    } catch (RuntimeException e) {
      fail(msg, ApiError.badRequest("bad_command", "The command is malformed."));
      return;
    }
    switch (type) {
      case "sync" -> sync(msg, who);
      case "time" -> msg.reply(new JsonObject().put("ok", true).put("serverTime", System.currentTimeMillis()));
      default -> enqueue(msg, who, type);
    }
  }

  /** Changes wait their turn; the queue is bounded so a flood cannot grow memory without limit. */
  private void enqueue(Message<JsonObject> msg, Identity who, String type) {
    if (queued >= MAX_QUEUE) {
      fail(msg, busy());
      return;
    }
    queued++;
    tail = tail.transform(ignored -> process(msg, who, type).onComplete(done -> queued--));
  }

  private Future<Void> process(Message<JsonObject> msg, Identity who, String type) {
    Future<Void> ready = stale ? reloadedIfStale() : Future.succeededFuture();
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
    fail(msg, err instanceof ApiError e ? e : isOutage(err)
      ? new ApiError(503, "storage_unavailable", "Saving is delayed; nothing was changed. Try again.")
      : new ApiError(500, "internal_error", "The change could not be saved; nothing was changed."));
  }

  /**
   * Changes that read rows outside the room or may conflict with writes made outside the meeting
   * (case edits, changes to existing actions) run alone: after every earlier change is committed,
   * and the next waits for their commit. Other changes are applied at once and committed together.
   */
  private static boolean runsAlone(String type) {
    return type.startsWith("case.") || type.startsWith("action.") && !"action.propose".equals(type)
      || Set.of("agenda.build", "meeting.open", "meeting.start").contains(type);
  }

  /** The database did not answer (as opposed to answering with an error about this change). */
  private static boolean isOutage(Throwable err) {
    if (!(err instanceof PgException pg) || pg.getSqlState() == null) {
      return true;
    }
    return pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57");
  }

  private Future<Void> change(Message<JsonObject> msg, Identity who, String type) {
    if (!RoomCommands.CHANGES.contains(type)) {
      throw ApiError.badRequest("unknown_command", "Unknown command type '" + type + "'.");
    }
    if (who.roles().equals(Set.of("observer"))) {
      throw ApiError.forbidden("Observers follow the meeting but do not change it.");
    }
    String key = Json.text(msg.body(), "key", 100, true);
    Long done = keys.get(key);
    if (done != null) {
      msg.reply(ack(done).put("duplicate", true));
      return Future.succeededFuture();
    }
    Future<Long> first = pendingKeys.get(key);
    if (first != null) {
      first.onSuccess(seq -> msg.reply(ack(seq).put("duplicate", true))).onFailure(err -> failChange(msg, err));
      return Future.succeededFuture();
    }
    boolean alone = runsAlone(type);
    Future<Void> ready = alone || pending.size() >= MAX_PENDING
      ? reloadedIfStale() : Future.succeededFuture();
    return ready.compose(v -> prepare(new RoomCommands.Command(type, msg.body(), who, key)))
      .compose(command -> {
        if (stale) {
          // A transaction failed while this one was being prepared: the room reloads first.
          throw busy();
        }
        Instant now = Instant.now();
        Future<Long> committed = commit(RoomCommands.apply(state, command, now), who, key, now);
        Future<Long> answered = "meeting.open".equals(type) || "meeting.start".equals(type)
          ? committed.compose(seq -> markConnectedRemote().map(seq)) : committed;
        answered.onSuccess(seq -> msg.reply(ack(seq))).onFailure(err -> failChange(msg, err));
        return alone ? answered.<Void>mapEmpty().otherwiseEmpty() : Future.<Void>succeededFuture();
      });
  }

  /**
   * Reads what a command needs from the database before it is applied, so applying stays pure:
   * accepted cases for the agenda, a number for a new action, an action's current row (its owner
   * may have posted progress outside the meeting).
   */
  private Future<RoomCommands.Command> prepare(RoomCommands.Command c) {
    if ("agenda.build".equals(c.type())) {
      int caseSeconds = RoomCommands.caseMinutes(c) * 60;
      return store.acceptedCases(meetingId, caseSeconds).compose(cases -> store.caseSummaries(meetingId)
        .map(summaries -> {
          RoomState.Change fresh = state.change();
          summaries.values().forEach(fresh::caseSummary);
          state = fresh.build();
          durable = state;
          return new RoomCommands.Command(c.type(), c.body(), c.who(), c.key(),
            new RoomCommands.Preloaded(cases, null, null));
        }));
    }
    if ("attendance.mark".equals(c.type()) && c.body().getValue("memberId") instanceof String id
      && c.body().getValue("substituteForMemberId") != null) {
      UUID memberId = Json.uuid(id, "memberId");
      if (!state.members().containsKey(memberId)) {
        // Looked up only: they join the room's members with the mark itself, once it is authorised.
        return store.member(memberId).map(member -> new RoomCommands.Command(c.type(), c.body(), c.who(), c.key(),
          new RoomCommands.Preloaded(java.util.List.of(), null, member)));
      }
    }
    if ("action.propose".equals(c.type())) {
      return store.nextActionNumber().map(number -> new RoomCommands.Command(c.type(), c.body(), c.who(), c.key(),
        new RoomCommands.Preloaded(java.util.List.of(), number, null)));
    }
    if (c.type().startsWith("action.") && c.body().getValue("actionId") instanceof String id) {
      UUID actionId = Json.uuid(id, "actionId");
      if (state.actions().containsKey(actionId)) {
        return store.action(actionId).map(current -> {
          if (current != null) {
            state = state.change().action(current).build();
            durable = state;
          }
          return c;
        });
      }
    }
    return Future.succeededFuture(c);
  }

  /**
   * Applies the outcome to the room's state at once and queues its event for the next transaction.
   * The returned seq completes once the event is committed; only then is it published (and the
   * caller answers). If a transaction fails, every change after the last commit is undone and
   * refused, and the room reloads from the database before the next change.
   */
  private Future<Long> commit(RoomCommands.Outcome outcome, Identity who, String key, Instant now) {
    long seq = state.lastSeq() + 1;
    RoomState next = outcome.next().withSeq(seq);
    JsonObject event = RoomStore.event(seq, outcome.eventType(), now,
      who == null ? null : RoomStore.actorJson(who.memberId(), who.fullName(), who.agency()), outcome.payload());
    state = next;
    Promise<Long> committed = Promise.promise();
    pending.addLast(new Pending(new RoomStore.Written(event, who == null ? null : who.memberId(), key), next, committed));
    if (key != null) {
      pendingKeys.put(key, committed.future());
    }
    write();
    return committed.future();
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
      if (done.failed() && batch.size() > 1 && !isOutage(done.cause())) {
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

  private static ApiError busy() {
    return new ApiError(503, "busy", "The meeting is busy; try again in a moment.");
  }

  private void committed(List<Pending> batch, RoomState after) {
    storage(false);
    durable = after;
    for (Pending p : batch) {
      JsonObject event = p.written().event();
      long seq = event.getLong("seq");
      remember(event);
      if (p.written().key() != null) {
        keys.put(p.written().key(), seq);
        pendingKeys.remove(p.written().key());
      }
      // The flag lets the bridge withhold case details from observers' sockets (see LiveBridge).
      vertx.eventBus().publish(eventsAddress(meetingId), event.copy().put("serverTime", System.currentTimeMillis())
        .put("observersSeeCases", p.next().observersSeeCases()));
      p.committed().complete(seq);
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
    // newer than our copy): reload before the next change.
    stale = true;
    log.warn("Meeting {}: could not save event {}: {}", meetingId, failed.written().event().getLong("seq"),
      err.getMessage());
    boolean outage = !(err instanceof ApiError) && isOutage(err);
    if (outage) {
      storage(true);
    }
    List<Pending> refused = new ArrayList<>(with);
    refused.addAll(pending);
    pending.clear();
    state = durable;
    refuse(failed, err);
    for (Pending p : refused) {
      refuse(p, outage ? err : busy());
    }
  }

  private void refuse(Pending p, Throwable err) {
    if (p.written().key() != null) {
      pendingKeys.remove(p.written().key());
    }
    p.committed().fail(err);
  }

  /** Once nothing is being committed: reloaded from the database if a transaction failed. */
  private Future<Void> reloadedIfStale() {
    return idle().compose(v -> stale ? reload() : Future.succeededFuture());
  }

  /** Resolves once no change is waiting to be committed. */
  private Future<Void> idle() {
    if (!writing && pending.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    idleWaiters.add(p);
    return p.future();
  }

  /**
   * Tells every screen when saving is delayed (the database does not answer) and when it works
   * again, so partners know their change is not yet saved; a not-numbered notice on the events address.
   */
  private void storage(boolean delayed) {
    if (delayed != savingDelayed) {
      savingDelayed = delayed;
      vertx.eventBus().publish(eventsAddress(meetingId), new JsonObject().put("type", "storage")
        .put("status", delayed ? "delayed" : "ok").put("serverTime", System.currentTimeMillis()));
    }
  }

  /** Reloads the room (who is on the panel) in turn with the changes, so access follows membership. */
  void reloadMembers() {
    tail = tail.transform(ignored -> idle().compose(v -> reload()).recover(err -> {
      stale = true;
      return Future.succeededFuture();
    }));
  }

  /** Resolves once every change accepted so far has been answered: for a clean shutdown. */
  Future<Void> drained() {
    return tail.transform(v -> idle());
  }

  private Future<Void> reload() {
    return store.load(meetingId).onFailure(err -> storage(true)).map(loaded -> {
      storage(false);
      state = loaded.state();
      durable = state;
      keys.putAll(loaded.idempotencyKeys());
      recent.clear();
      stale = false;
      return null;
    });
  }

  /** Catch-up: what the client missed after its last seq, and the whole picture when asked. */
  private void sync(Message<JsonObject> msg, Identity who) {
    long after;
    try {
      after = msg.body().containsKey("after") ? Json.integer(msg.body(), "after", 0, Integer.MAX_VALUE, true) : 0;
    } catch (ApiError e) {
      fail(msg, e);
      return;
    }
    RoomState snapshot = durable;
    boolean withState = Boolean.TRUE.equals(msg.body().getValue("state"));
    boolean withPresence = Boolean.TRUE.equals(msg.body().getValue("presence"));
    eventsAfter(after, snapshot.lastSeq())
      .onSuccess(events -> {
        // Events committed after the snapshot was taken arrive live; the client ignores duplicates by seq.
        JsonArray upToSnapshot = new JsonArray();
        int bytes = 0;
        for (Object e : events) {
          JsonObject event = (JsonObject) e;
          bytes += event.encode().length();
          if (event.getLong("seq") > snapshot.lastSeq() || (bytes > MAX_CATCH_UP_BYTES && !upToSnapshot.isEmpty())) {
            break;
          }
          upToSnapshot.add(event);
        }
        long lastSent = upToSnapshot.isEmpty() ? after : upToSnapshot.getJsonObject(upToSnapshot.size() - 1).getLong("seq");
        JsonObject reply = new JsonObject().put("ok", true).put("serverTime", System.currentTimeMillis())
          .put("storage", savingDelayed ? "delayed" : "ok").put("lastSeq", snapshot.lastSeq()).put("events", upToSnapshot).put("more", lastSent < snapshot.lastSeq());
        if (withState) {
          reply.put("state", snapshotJson(snapshot).put("presence", presenceJson()));
        } else if (withPresence) {
          reply.put("presence", presenceJson());
        }
        boolean hide = CaseRedaction.hidesFrom(who, snapshot.observersSeeCases(), snapshot.status(),
          snapshot.meetingDate(), retentionDays, LocalDate.now(RoomState.ZONE));
        msg.reply(hide ? CaseRedaction.redact(reply) : reply);
      })
      .onFailure(err -> fail(msg, new ApiError(503, "storage_unavailable", "Catching up is delayed; try again.")));
  }

  private void remember(JsonObject event) {
    if (!recent.isEmpty() && recent.peekLast().getLong("seq") != event.getLong("seq") - 1) {
      recent.clear();
    }
    recent.addLast(event);
    while (recent.size() > MAX_CATCH_UP) {
      recent.removeFirst();
    }
  }

  /** Up to a page of the events after {@code after}: from memory when it holds them all, else from the log. */
  private Future<JsonArray> eventsAfter(long after, long last) {
    if (after >= last) {
      return Future.succeededFuture(new JsonArray());
    }
    if (!recent.isEmpty() && recent.peekFirst().getLong("seq") <= after + 1 && recent.peekLast().getLong("seq") == last) {
      JsonArray out = new JsonArray();
      for (JsonObject e : recent) {
        if (e.getLong("seq") > after) {
          out.add(e);
        }
      }
      return Future.succeededFuture(out);
    }
    return store.eventsAfter(meetingId, after, MAX_CATCH_UP);
  }

  private Future<Void> join(Message<JsonObject> msg, Identity who) {
    String socket = Json.text(msg.body(), "socket", 100, true);
    Presence p = presence.computeIfAbsent(who.memberId(), id -> new Presence(who, new TreeSet<>()));
    boolean firstConnection = p.sockets().isEmpty();
    p.sockets().add(socket);
    publishPresence();
    RoomCommands.Outcome auto = firstConnection && Set.of("open", "live").contains(state.status())
      ? RoomCommands.remoteJoin(state, who, Instant.now()) : null;
    Future<?> recorded = auto == null ? Future.succeededFuture() : commit(auto, who, null, Instant.now());
    // Answered once the attendance is committed, without holding up the changes behind it.
    recorded.onComplete(ignored -> msg.reply(new JsonObject().put("ok", true).put("lastSeq", durable.lastSeq())
      .put("serverTime", System.currentTimeMillis())));
    return Future.succeededFuture();
  }

  /**
   * Whoever was already connected when the meeting opened or started is attending remotely, as if
   * they had joined now: nobody ticks a box, and the register and reports are right.
   */
  private Future<Void> markConnectedRemote() {
    List<Future<Long>> marks = new ArrayList<>();
    for (Presence p : List.copyOf(presence.values())) {
      RoomCommands.Outcome auto = RoomCommands.remoteJoin(state, p.who(), Instant.now());
      if (auto != null) {
        marks.add(commit(auto, p.who(), null, Instant.now()));
      }
    }
    return Future.all(marks).mapEmpty();
  }

  private Future<Void> leave(Message<JsonObject> msg, Identity who) {
    String socket = Json.text(msg.body(), "socket", 100, true);
    Presence p = presence.get(who.memberId());
    if (p != null && p.sockets().remove(socket) && p.sockets().isEmpty()) {
      presence.remove(who.memberId());
    }
    publishPresence();
    msg.reply(new JsonObject().put("ok", true));
    return Future.succeededFuture();
  }

  /**
   * Who is here, at most every {@link #PRESENCE_EVERY_MS}: a single join shows at once, and when
   * many join together (a meeting opening, everyone reconnecting after a restart) they are sent as
   * one list rather than one whole list per join to everyone.
   */
  private void publishPresence() {
    presenceCache = null;
    if (presenceTimer >= 0) {
      return;
    }
    long wait = lastPresenceAt + PRESENCE_EVERY_MS - System.currentTimeMillis();
    if (wait <= 0) {
      sendPresence();
    } else {
      presenceTimer = vertx.setTimer(wait, t -> {
        presenceTimer = -1;
        sendPresence();
      });
    }
  }

  private void sendPresence() {
    lastPresenceAt = System.currentTimeMillis();
    vertx.eventBus().publish(presenceAddress(meetingId), new JsonObject().put("type", "presence")
      .put("serverTime", System.currentTimeMillis()).put("members", presenceJson()));
  }

  /**
   * The whole state as JSON, shared by the screens that ask within a second of each other at the
   * same seq (a meeting opening, everyone reconnecting): only the projected end moves meanwhile.
   * A shallow copy each, so adding presence to one leaves the shared one as it is.
   */
  private JsonObject snapshotJson(RoomState snapshot) {
    long now = System.currentTimeMillis();
    if (snapshotCacheState != snapshot || now - snapshotCacheAt > 1000) {
      snapshotCache = snapshot.snapshot(Instant.ofEpochMilli(now));
      snapshotCacheState = snapshot;
      snapshotCacheAt = now;
    }
    return new JsonObject(new LinkedHashMap<>(snapshotCache.getMap()));
  }

  /** Who is here: built once per change of presence, shared by every catch-up until the next. */
  private JsonArray presenceJson() {
    if (presenceCache == null) {
      presenceCache = buildPresenceJson();
    }
    return presenceCache;
  }

  private JsonArray buildPresenceJson() {
    JsonArray out = new JsonArray();
    presence.values().forEach(p -> out.add(new JsonObject().put("memberId", p.who().memberId().toString())
      .put("name", p.who().fullName()).put("agency", p.who().agency()).put("connections", p.sockets().size())));
    return out;
  }

  private JsonObject ack(long seq) {
    return new JsonObject().put("ok", true).put("seq", seq).put("serverTime", System.currentTimeMillis());
  }

  private static void fail(Message<?> msg, Throwable err) {
    ApiError e = err instanceof ApiError a ? a : Failures.toApiError(err, 500);
    msg.fail(e.status(), e.toJson().encode());
  }

  /** The identity headers every command carries, set only by the server (bridge or REST). */
  public static final class Headers {

    private Headers() {
    }

    public static DeliveryOptions of(Identity who, boolean internal) {
      DeliveryOptions options = new DeliveryOptions()
        .addHeader("memberId", who.memberId().toString())
        .addHeader("name", who.fullName() == null ? "" : who.fullName())
        .addHeader("roles", String.join(",", who.roles()));
      if (who.agencyId() != null) {
        options.addHeader("agencyId", who.agencyId().toString());
      }
      if (who.agency() != null) {
        options.addHeader("agency", who.agency());
      }
      if (who.meetingScope() != null) {
        options.addHeader("meetingScope", who.meetingScope().toString());
      }
      if (internal) {
        options.addHeader("internal", "true");
      }
      return options;
    }

    /** The same headers as JSON, for a bridge message's raw headers. */
    public static JsonObject json(Identity who) {
      JsonObject out = new JsonObject();
      of(who, false).getHeaders().forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }

    static Identity identity(MultiMap headers) {
      String member = headers.get("memberId");
      if (member == null) {
        throw ApiError.unauthorized();
      }
      String agencyId = headers.get("agencyId");
      String roles = headers.get("roles");
      String scope = headers.get("meetingScope");
      return new Identity(UUID.fromString(member), headers.get("name"),
        agencyId == null ? null : UUID.fromString(agencyId), headers.get("agency"),
        roles == null || roles.isBlank() ? Set.of() : Set.of(roles.split(",")),
        scope == null ? null : UUID.fromString(scope));
    }

    static boolean isInternal(MultiMap headers) {
      return "true".equals(headers.get("internal"));
    }
  }
}
