package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * What a reconnecting screen missed: the events after its last seq, from the latest committed
 * events kept in memory (usually a few behind) or else from the log, in pages small enough for any
 * socket and phone; and the whole state, shared by the screens that ask at the same seq.
 */
final class CatchUp {

  static final int MAX_EVENTS = 500;
  /** A catch-up page stays small enough for any socket and phone; {@code more} says there is more. */
  private static final int MAX_BYTES = 192 * 1024;

  private final RoomStore store;
  private final UUID meetingId;
  /** The latest committed events, in order and without gaps; older gaps are read from the log. */
  private final ArrayDeque<JsonObject> recent = new ArrayDeque<>();
  private JsonObject snapshotCache;
  private RoomState snapshotCacheState;
  private long snapshotCacheAt;

  CatchUp(RoomStore store, UUID meetingId) {
    this.store = store;
    this.meetingId = meetingId;
  }

  void remember(JsonObject event) {
    if (!recent.isEmpty() && recent.peekLast().getLong("seq") != event.getLong("seq") - 1) {
      recent.clear();
    }
    recent.addLast(event);
    while (recent.size() > MAX_EVENTS) {
      recent.removeFirst();
    }
  }

  /** After a reload: what memory held may not be what the log holds. */
  void forget() {
    recent.clear();
  }

  /**
   * The {@code sync} answer without its state or presence: the events after {@code after} up to
   * {@code snapshot}'s seq, a page at a time. Events committed after the snapshot arrive live; the
   * client ignores duplicates by seq.
   */
  Future<JsonObject> reply(long after, RoomState snapshot, boolean savingDelayed) {
    long last = snapshot.lastSeq();
    return eventsAfter(after, last).map(events -> {
      JsonArray page = new JsonArray();
      int bytes = 0;
      for (Object e : events) {
        JsonObject event = (JsonObject) e;
        bytes += event.encode().length();
        if (event.getLong("seq") > last || (bytes > MAX_BYTES && !page.isEmpty())) {
          break;
        }
        page.add(event);
      }
      long lastSent = page.isEmpty() ? after : page.getJsonObject(page.size() - 1).getLong("seq");
      return new JsonObject().put("ok", true).put("serverTime", System.currentTimeMillis())
        .put("storage", savingDelayed ? "delayed" : "ok").put("lastSeq", last).put("events", page)
        .put("more", lastSent < last);
    });
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
    return store.eventsAfter(meetingId, after, MAX_EVENTS);
  }

  /**
   * The whole state as JSON, shared by the screens that ask within a second of each other at the
   * same seq (a meeting opening, everyone reconnecting): only the projected end moves meanwhile.
   * A shallow copy each, so adding presence to one leaves the shared one as it is.
   */
  JsonObject snapshot(RoomState snapshot) {
    long now = System.currentTimeMillis();
    if (snapshotCacheState != snapshot || now - snapshotCacheAt > 1000) {
      snapshotCache = snapshot.snapshot(Instant.ofEpochMilli(now));
      snapshotCacheState = snapshot;
      snapshotCacheAt = now;
    }
    return new JsonObject(new LinkedHashMap<>(snapshotCache.getMap()));
  }
}
