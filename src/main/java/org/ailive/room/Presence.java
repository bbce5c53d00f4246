package org.ailive.room;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;
import org.ailive.protocol.Addresses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Who is connected to a meeting now, by member and socket, published on the meeting's presence
 * address at most every {@link #EVERY_MS}: a single join shows at once, and when many join together
 * (a meeting opening, everyone reconnecting after a restart) they go out as one list rather than
 * one whole list per join to everyone. Not numbered and not logged.
 */
final class Presence {

  static final long EVERY_MS = 250;

  private record Connected(Identity who, Set<String> sockets) {
  }

  private final Vertx vertx;
  private final String address;
  private final Map<UUID, Connected> connected = new LinkedHashMap<>();
  private long lastSentAt;
  private long timer = -1;
  private JsonArray json;

  Presence(Vertx vertx, UUID meetingId) {
    this.vertx = vertx;
    this.address = Addresses.presence(meetingId);
  }

  /** True when this is the member's first connection (they have just arrived). */
  boolean join(Identity who, String socket) {
    Connected c = connected.computeIfAbsent(who.memberId(), id -> new Connected(who, new TreeSet<>()));
    boolean first = c.sockets().isEmpty();
    c.sockets().add(socket);
    changed();
    return first;
  }

  /** True when this was the member's last connection (they have just left). */
  boolean leave(Identity who, String socket) {
    Connected c = connected.get(who.memberId());
    boolean last = c != null && c.sockets().remove(socket) && c.sockets().isEmpty();
    if (last) {
      connected.remove(who.memberId());
    }
    changed();
    return last;
  }

  /** Everyone connected now, each once. */
  List<Identity> members() {
    return connected.values().stream().map(Connected::who).toList();
  }

  /** The ids of everyone connected now (a copy: it does not change as people come and go). */
  Set<UUID> memberIds() {
    return Set.copyOf(connected.keySet());
  }

  /** Who is here: built once per change of presence, shared by every catch-up until the next. */
  JsonArray json() {
    if (json == null) {
      JsonArray out = new JsonArray();
      connected.values().forEach(c -> out.add(new JsonObject().put("memberId", c.who().memberId().toString())
        .put("name", c.who().fullName()).put("agency", c.who().agency()).put("connections", c.sockets().size())));
      json = out;
    }
    return json;
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void changed() {
    json = null;
    if (timer >= 0) {
      return;
    }
    long wait = lastSentAt + EVERY_MS - System.currentTimeMillis();
    if (wait <= 0) {
      send();
    } else {
      timer = vertx.setTimer(wait, t -> {
        timer = -1;
        send();
      });
    }
  }

  private void send() {
    lastSentAt = System.currentTimeMillis();
    vertx.eventBus().publish(address, new JsonObject().put("type", "presence")
      .put("serverTime", System.currentTimeMillis()).put("members", json()));
  }
}
