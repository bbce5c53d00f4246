package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The one owner of a live meeting's state, reached at {@code ailive.meeting.<id>.cmd}. Changes are
 * processed strictly one after another: the event is committed to Postgres with the state it leads
 * to, then published on {@code ailive.meeting.<id>.events}, then acknowledged. A command repeated
 * with the same idempotency key is acknowledged again without being applied twice.
 */
public final class MeetingRoom {

  private static final Logger log = LoggerFactory.getLogger(MeetingRoom.class);
  private static final int MAX_QUEUE = 1000;
  private static final int MAX_CATCH_UP = 500;
  /** A catch-up page stays small enough for any socket and phone; {@code more} says there is more. */
  private static final int MAX_CATCH_UP_BYTES = 192 * 1024;

  private final Vertx vertx;
  private final RoomStore store;
  private final UUID meetingId;
  private final Map<String, Long> keys;
  private final Map<UUID, Presence> presence = new LinkedHashMap<>();
  private final int retentionDays;
  private RoomState state;
  private boolean stale;
  private boolean savingDelayed;
  private Future<Void> tail = Future.succeededFuture();
  private int queued;
  private MessageConsumer<JsonObject> consumer;

  private record Presence(Identity who, Set<String> sockets) {
  }

  MeetingRoom(Vertx vertx, RoomStore store, RoomStore.Loaded loaded, int retentionDays) {
    this.vertx = vertx;
    this.store = store;
    this.retentionDays = retentionDays;
    this.state = loaded.state();
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
      fail(msg, new ApiError(503, "busy", "The meeting is busy; try again in a moment."));
      return;
    }
    queued++;
    tail = tail.transform(ignored -> process(msg, who, type).onComplete(done -> queued--));
  }

  private Future<Void> process(Message<JsonObject> msg, Identity who, String type) {
    Future<Void> ready = stale ? reload() : Future.succeededFuture();
    return ready.compose(v -> switch (type) {
      case "presence.join" -> join(msg, who);
      case "presence.leave" -> leave(msg, who);
      default -> change(msg, who, type);
    }).recover(err -> {
      fail(msg, err instanceof ApiError e ? e : isOutage(err)
        ? new ApiError(503, "storage_unavailable", "Saving is delayed; nothing was changed. Try again.")
        : new ApiError(500, "internal_error", "The change could not be saved; nothing was changed."));
      return Future.succeededFuture();
    });
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
    return prepare(new RoomCommands.Command(type, msg.body(), who, key))
      .compose(command -> {
        Instant now = Instant.now();
        return commit(RoomCommands.apply(state, command, now), who, key, now);
      })
      .compose(seq -> ("meeting.open".equals(type) || "meeting.start".equals(type) ? markConnectedRemote()
        : Future.succeededFuture()).map(v -> seq))
      .map(seq -> {
        msg.reply(ack(seq));
        return null;
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
          }
          return c;
        });
      }
    }
    return Future.succeededFuture(c);
  }

  /** Commits the outcome's event and state, then (only then) makes it the room's state and broadcasts. */
  private Future<Long> commit(RoomCommands.Outcome outcome, Identity who, String key, Instant now) {
    long seq = state.lastSeq() + 1;
    RoomState next = outcome.next().withSeq(seq);
    JsonObject event = RoomStore.event(seq, outcome.eventType(), now,
      who == null ? null : RoomStore.actorJson(who.memberId(), who.fullName(), who.agency()), outcome.payload());
    return store.commit(state, next, event, who == null ? null : who.memberId(), key)
      .onFailure(err -> {
        // The commit may have landed even though we saw an error (or the database holds something
        // newer than our copy): reload before the next change.
        stale = true;
        log.warn("Meeting {}: could not save event {}: {}", meetingId, seq, err.getMessage());
        if (!(err instanceof ApiError) && isOutage(err)) {
          storage(true);
        }
      })
      .map(v -> {
        storage(false);
        state = next;
        if (key != null) {
          keys.put(key, seq);
        }
        // The flag lets the bridge withhold case details from observers' sockets (see LiveBridge).
        vertx.eventBus().publish(eventsAddress(meetingId), event.copy().put("serverTime", System.currentTimeMillis())
          .put("observersSeeCases", next.observersSeeCases()));
        return seq;
      });
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
    tail = tail.transform(ignored -> reload().recover(err -> {
      stale = true;
      return Future.succeededFuture();
    }));
  }

  /** Resolves once every change accepted so far has been answered: for a clean shutdown. */
  Future<Void> drained() {
    return tail;
  }

  private Future<Void> reload() {
    return store.load(meetingId).onFailure(err -> storage(true)).map(loaded -> {
      storage(false);
      state = loaded.state();
      keys.putAll(loaded.idempotencyKeys());
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
    RoomState snapshot = state;
    boolean withState = Boolean.TRUE.equals(msg.body().getValue("state"));
    store.eventsAfter(meetingId, after, MAX_CATCH_UP)
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
          reply.put("state", snapshot.snapshot(Instant.now()).put("presence", presenceJson()));
        }
        boolean hide = CaseRedaction.hidesFrom(who, snapshot.observersSeeCases(), snapshot.status(),
          snapshot.meetingDate(), retentionDays, LocalDate.now(RoomState.ZONE));
        msg.reply(hide ? CaseRedaction.redact(reply) : reply);
      })
      .onFailure(err -> fail(msg, new ApiError(503, "storage_unavailable", "Catching up is delayed; try again.")));
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
    return recorded.transform(ignored -> {
      msg.reply(new JsonObject().put("ok", true).put("lastSeq", state.lastSeq())
        .put("serverTime", System.currentTimeMillis()));
      return Future.succeededFuture();
    });
  }

  /**
   * Whoever was already connected when the meeting opened or started is attending remotely, as if
   * they had joined now: nobody ticks a box, and the register and reports are right.
   */
  private Future<Void> markConnectedRemote() {
    Future<Void> chain = Future.succeededFuture();
    for (Presence p : List.copyOf(presence.values())) {
      chain = chain.compose(v -> {
        RoomCommands.Outcome auto = RoomCommands.remoteJoin(state, p.who(), Instant.now());
        return auto == null ? Future.succeededFuture() : commit(auto, p.who(), null, Instant.now()).mapEmpty();
      });
    }
    return chain;
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

  private void publishPresence() {
    vertx.eventBus().publish(presenceAddress(meetingId), new JsonObject().put("type", "presence")
      .put("serverTime", System.currentTimeMillis()).put("members", presenceJson()));
  }

  private JsonArray presenceJson() {
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
