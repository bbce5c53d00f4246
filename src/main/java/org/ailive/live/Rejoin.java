package org.ailive.live;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.ailive.protocol.Addresses;
import org.ailive.room.RoomHeaders;

import java.util.Map;
import java.util.UUID;

/**
 * A meeting's owner moved to another node (its node died or stopped, or it was deposed): each of
 * this node's sockets in the meeting joins the new owner, whose presence starts empty, and is told
 * {@code joined} again with the new owner's last seq, so its client catches up on whatever the
 * last owner committed and never published, and sends what waits in its outbox. A socket the new
 * owner does not take is closed: its client reconnects and joins afresh.
 */
final class Rejoin {

  private static final int TRIES = 5;
  private static final long RETRY_MS = 300;
  /** A join sent to the dead owner (the cluster still lists its address) is not answered: tried again. */
  private static final long TIMEOUT_MS = 2_000;

  private Rejoin() {
  }

  static void moved(Vertx vertx, Map<SockJSSocket, Connection> connections, JsonObject moved) {
    UUID meetingId;
    try {
      meetingId = UUID.fromString(moved.getString("meetingId"));
    } catch (RuntimeException e) {
      return;
    }
    String address = Addresses.events(meetingId);
    Map.copyOf(connections).forEach((socket, conn) -> {
      if (conn.listening.containsKey(address) && conn.joined.contains(meetingId)) {
        join(vertx, connections, socket, conn, meetingId, TRIES);
      }
    });
  }

  /**
   * This node's view of who listens where may lag the new owner's registration by a moment (the
   * cluster spreads it, and drops the dead node's): a join that finds no owner, or goes to the dead
   * one and is not answered, is tried again before the socket is closed.
   */
  private static void join(Vertx vertx, Map<SockJSSocket, Connection> connections, SockJSSocket socket,
                           Connection conn, UUID meetingId, int tries) {
    String address = Addresses.events(meetingId);
    Connection.Listener listener = conn.listening.get(address);
    if (connections.get(socket) != conn || listener == null) {
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.commands(meetingId),
        new JsonObject().put("type", "presence.join").put("socket", conn.id),
        RoomHeaders.of(listener.who(), true).setSendTimeout(TIMEOUT_MS))
      .onSuccess(reply -> {
        if (connections.get(socket) == conn) {
          socket.write(new JsonObject().put("type", "rec").put("address", address)
            .put("body", new JsonObject().put("type", "joined").put("lastSeq", reply.body().getLong("lastSeq"))
              .put("serverTime", System.currentTimeMillis())).toBuffer());
        }
      })
      .onFailure(err -> {
        // No answer yet (the cluster still routes to the dead owner), or a stale owner that has just
        // learnt it was deposed (503): try again; any other refusal closes the socket.
        boolean retry = !(err instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
          && r.failureCode() != 503);
        if (tries > 1 && retry) {
          vertx.setTimer(RETRY_MS, t -> join(vertx, connections, socket, conn, meetingId, tries - 1));
        } else {
          socket.close();
        }
      });
  }
}
