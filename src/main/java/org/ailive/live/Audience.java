package org.ailive.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.ailive.room.Redaction;
import org.ailive.room.RoomReads;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * This node's sockets listening to one meeting address, behind one event-bus consumer: a
 * published event is taken once, encoded once (twice when observers get the redacted form) and
 * the same bytes written to each socket. A socket whose client stopped reading is closed once
 * its queue is full, so one stuck phone cannot hold memory or slow the others; it reconnects and
 * catches up from its last seq. Observers' sockets get events without case details unless the
 * chair allows them (R12).
 *
 * <p>In a cluster a new consumer is not heard at once: the meeting's owner on another node learns of
 * it through the cluster's subscription map a moment later, and what it publishes meanwhile does not
 * reach this node. So, for {@link #SETTLE_MS} after a meeting's event consumer is registered, the
 * audience watches the seqs it is given; then it asks the owner for its last seq, and if a seq was
 * skipped or the owner is ahead, tells its sockets {@code joined} again: their clients catch up
 * from the last seq they applied (docs/PROTOCOL.md, "joined may come again").
 */
final class Audience {

  /** How long a new consumer in a cluster watches for events the owner sent before it knew of it. */
  static final long SETTLE_MS = 1_500;

  private final Vertx vertx;
  private final String address;
  private final Function<SockJSSocket, Connection> connections;
  private final Set<SockJSSocket> sockets = new LinkedHashSet<>();
  private final MessageConsumer<Object> consumer;
  private boolean settling;
  private boolean skipped;
  private long lastSeen = -1;

  Audience(Vertx vertx, String address, Function<SockJSSocket, Connection> connections) {
    this.vertx = vertx;
    this.address = address;
    this.connections = connections;
    this.consumer = vertx.eventBus().consumer(address, this::deliver);
    settling = vertx.isClustered() && meetingId() != null;
    if (settling) {
      consumer.completion().onComplete(registered -> vertx.setTimer(SETTLE_MS, t -> settle()));
    }
  }

  /** Completes once the consumer is registered (in a cluster: written to the subscription map). */
  Future<Void> registered() {
    return consumer.completion();
  }

  /**
   * A socket joined, the owner's last seq then {@code lastSeq}. The first join's is where this
   * audience starts watching; a later one's is not taken, since a socket that joined before it may
   * still lack what this consumer was not sent.
   */
  void joinedAt(long lastSeq) {
    if (lastSeen < 0) {
      lastSeen = lastSeq;
    }
  }

  private UUID meetingId() {
    if (!address.startsWith("ailive.meeting.") || !address.endsWith(".events")) {
      return null;
    }
    try {
      return UUID.fromString(address.substring("ailive.meeting.".length(), address.length() - ".events".length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void settle() {
    settling = false;
    SockJSSocket first = sockets.isEmpty() ? null : sockets.iterator().next();
    Connection conn = first == null ? null : connections.apply(first);
    Connection.Listener listener = conn == null ? null : conn.listening.get(address);
    if (listener == null) {
      return;
    }
    UUID meetingId = meetingId();
    RoomReads.events(vertx, meetingId, Integer.MAX_VALUE, listener.who()).onSuccess(reply -> {
      long ownerSeq = reply.getLong("lastSeq", 0L);
      if (!skipped && ownerSeq <= lastSeen) {
        return;
      }
      Buffer joined = new JsonObject().put("type", "rec").put("address", address).put("body", new JsonObject()
        .put("type", "joined").put("lastSeq", ownerSeq).put("serverTime", System.currentTimeMillis())).toBuffer();
      for (SockJSSocket socket : List.copyOf(sockets)) {
        Connection c = connections.apply(socket);
        if (c != null && c.joined.contains(meetingId)) {
          socket.write(joined);
        }
      }
    });
  }

  void add(SockJSSocket socket) {
    sockets.add(socket);
  }

  /** True when nobody is left (the consumer is then gone). */
  boolean remove(SockJSSocket socket) {
    sockets.remove(socket);
    if (sockets.isEmpty()) {
      consumer.unregister();
      return true;
    }
    return false;
  }

  private boolean listenerIs(Connection conn, String memberId) {
    Connection.Listener listener = conn.listening.get(address);
    return listener != null && listener.who().memberId().toString().equals(memberId);
  }

  /** Whether this socket's listener for the address gets the event without case details (R12). */
  private boolean hidesCases(Connection conn, boolean observersSeeCases) {
    Connection.Listener listener = conn.listening.get(address);
    return listener == null || Redaction.hidesLive(listener.who(), observersSeeCases);
  }

  private void deliver(Message<Object> msg) {
    JsonObject envelope = new JsonObject().put("type", "rec").put("address", address).put("body", msg.body());
    boolean numbered = msg.body() instanceof JsonObject body && body.getValue("seq") instanceof Number;
    if (settling && numbered) {
      long seq = ((JsonObject) msg.body()).getLong("seq");
      skipped |= lastSeen >= 0 && seq > lastSeen + 1;
      lastSeen = Math.max(lastSeen, seq);
    }
    // The room's flag for this bridge, not part of the event: not written to sockets (this consumer's copy).
    boolean observersSeeCases = numbered && Boolean.TRUE.equals(((JsonObject) msg.body()).remove("observersSeeCases"));
    Buffer full = null;
    Buffer redacted = null;
    List<SockJSSocket> closing = null;
    String withdrawn = numbered && "guest.withdrawn".equals(((JsonObject) msg.body()).getString("type"))
      ? ((JsonObject) msg.body()).getJsonObject("payload").getString("memberId") : null;
    for (SockJSSocket socket : sockets) {
      Connection conn = connections.apply(socket);
      if (conn == null) {
        continue;
      }
      if (withdrawn != null && listenerIs(conn, withdrawn)) {
        // Their admission to this meeting ended: the socket closes, and the room refuses it again.
        closing = closing == null ? new ArrayList<>() : closing;
        closing.add(socket);
        continue;
      }
      boolean queueFull;
      try {
        queueFull = socket.writeQueueFull();
      } catch (IllegalStateException closed) {
        continue;
      }
      if (queueFull) {
        closing = closing == null ? new ArrayList<>() : closing;
        closing.add(socket);
        continue;
      }
      if (numbered && hidesCases(conn, observersSeeCases)) {
        if (redacted == null) {
          redacted = envelope.copy().put("body", Redaction.redact((JsonObject) msg.body())).toBuffer();
        }
        socket.write(redacted);
      } else {
        if (full == null) {
          full = envelope.toBuffer();
        }
        socket.write(full);
      }
    }
    if (closing != null) {
      // Stuck (its client stopped reading) or no longer admitted: closed; a stuck one reconnects.
      closing.forEach(SockJSSocket::close);
    }
  }
}
