package org.ailive.live;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.ailive.room.Redaction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * This node's sockets listening to one meeting address, behind one event-bus consumer: a
 * published event is taken once, encoded once (twice when observers get the redacted form) and
 * the same bytes written to each socket. A socket whose client stopped reading is closed once
 * its queue is full, so one stuck phone cannot hold memory or slow the others; it reconnects and
 * catches up from its last seq. Observers' sockets get events without case details unless the
 * chair allows them (R12).
 */
final class Audience {

  private final String address;
  private final Function<SockJSSocket, Connection> connections;
  private final Set<SockJSSocket> sockets = new LinkedHashSet<>();
  private final MessageConsumer<Object> consumer;

  Audience(Vertx vertx, String address, Function<SockJSSocket, Connection> connections) {
    this.address = address;
    this.connections = connections;
    this.consumer = vertx.eventBus().consumer(address, this::deliver);
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
