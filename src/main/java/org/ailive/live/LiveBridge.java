package org.ailive.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.ailive.auth.Identity;
import org.ailive.auth.Tokens;
import org.ailive.protocol.Addresses;
import org.ailive.protocol.ApiError;
import org.ailive.room.RoomHeaders;
import org.ailive.room.RoomReads;
import org.ailive.room.Rooms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live channel: the SockJS event-bus bridge at {@code /eventbus}, deny by default. Clients may
 * send only to a meeting's command address and listen only to its events and presence addresses.
 * Every frame that sends or registers carries the member's token in its headers; the bridge
 * verifies it and replaces the headers with the identity the meeting's owner trusts. The owner
 * then decides, per command, whether this member's role may do it.
 */
public final class LiveBridge {

  private static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Pattern COMMAND = Pattern.compile("ailive\\.meeting\\.(" + UUID_RE + ")\\.cmd");
  private static final Pattern LISTEN = Pattern.compile("ailive\\.meeting\\.(" + UUID_RE + ")\\.(events|presence)");
  /** A member's own notices ({@link Addresses#notices}): only that member, signed in in full, may listen. */
  private static final Pattern NOTICES = Pattern.compile("ailive\\.notices\\.(" + UUID_RE + ")");

  /** How often the SockJS transport sends its heartbeat frame (docs/PROTOCOL.md, "The live channel"). */
  static final long HEARTBEAT_MS = 1_000;

  /** What may wait to be written to one socket before it counts as stuck and is closed. */
  static final int WRITE_QUEUE_BYTES = 512 * 1024;

  private final Vertx vertx;
  private final Tokens tokens;
  private final int maxFrameBytes;
  private final Map<SockJSSocket, Connection> connections = new HashMap<>();
  private final Map<String, Audience> audiences = new HashMap<>();
  private final MemberSockets memberSockets = new MemberSockets();

  public LiveBridge(Vertx vertx, Tokens tokens, int maxFrameBytes) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Sockets of a signed-out or cut-off member close at once: listening stops with the token. */
  public LiveBridge closeRevokedSockets() {
    vertx.eventBus().<JsonObject>consumer(Addresses.REVOKED, msg -> {
      String jti = msg.body().getString("jti");
      String sid = msg.body().getString("sid");
      String link = msg.body().getString("link");
      String member = msg.body().getString("memberId");
      boolean everyToken = msg.body().containsKey("validAfter");
      connections.forEach((socket, conn) -> {
        if (conn.listening.values().stream().anyMatch(l -> jti != null && jti.equals(l.tokenId())
          || sid != null && sid.equals(l.sessionId())
          || link != null && link.equals(l.linkId()) || everyToken && l.who().memberId().toString().equals(member))) {
          socket.close();
        }
      });
    });
    return this;
  }

  /** A meeting's owner moved to another node: this node's sockets in it join the new one ({@link Rejoin}). */
  public LiveBridge rejoinMovedMeetings() {
    vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_OWNER, msg -> Rejoin.moved(vertx, connections, msg.body()));
    return this;
  }

  /**
   * Before this node stops: tells every joined client to reconnect (to another node, or to this one
   * once it is back); they catch up from their last seq, so nothing is missed across a restart.
   */
  public void goodbye(long reconnectAfterMs) {
    connections.forEach((socket, conn) -> conn.joined.forEach(meetingId -> socket.write(new JsonObject()
      .put("type", "rec").put("address", Addresses.events(meetingId))
      .put("body", new JsonObject().put("type", "reconnect").put("reason", "server restarting")
        .put("afterMs", reconnectAfterMs).put("serverTime", System.currentTimeMillis())).toBuffer())));
  }

  public Router router() {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
      .addInboundPermitted(new PermittedOptions().setAddressRegex(COMMAND.pattern()))
      // The only addresses the bridge itself registers: each socket's private stand-in (see register).
      .addOutboundPermitted(new PermittedOptions().setAddressRegex("ailive\\.live\\." + UUID_RE + "\\." + UUID_RE
        + "\\.(?:events|presence)"))
      .addOutboundPermitted(new PermittedOptions().setAddressRegex("ailive\\.live\\." + UUID_RE + "\\.notices"))
      .setMaxHandlersPerSocket(64)
      .setPingTimeout(30_000)
      .setReplyTimeout(15_000);
    // WebSocket only (SockJS's and the raw one): the HTTP fallbacks (XHR, EventSource, htmlfile,
    // JSONP) bypassed these checks' error answers and JSONP is a script gadget; every browser we
    // support has WebSockets. No JSESSIONID cookie: nothing here uses one.
    // A heartbeat frame ("h") every HEARTBEAT_MS on SockJS's transport, so a browser can tell a
    // stalled connection (the socket looks open, nothing arrives) from a quiet meeting within a
    // few seconds (js/heartbeat.js); the raw WebSocket transport has no SockJS framing and gets none.
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setRegisterWriteHandler(false).setInsertJSESSIONID(false)
      .setHeartbeatInterval(HEARTBEAT_MS);
    for (Transport fallback : new Transport[] {Transport.XHR, Transport.EVENT_SOURCE, Transport.HTML_FILE, Transport.JSON_P}) {
      sockJs.addDisabledTransport(fallback.name());
    }
    return SockJSHandler.create(vertx, sockJs).bridge(options, this::handle);
  }

  private void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> {
        event.socket().setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        connections.put(event.socket(), new Connection());
        event.complete(true);
      }
      case SEND -> send(event);
      case REGISTER -> register(event);
      case UNREGISTER -> {
        unregister(event);
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        closed(event.socket());
        event.complete(true);
      }
      case RECEIVE -> receive(event);
      case SOCKET_PING, SOCKET_IDLE -> event.complete(true);
      default -> event.complete(false);
    }
  }

  private void send(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    Matcher m = COMMAND.matcher(raw.getString("address", ""));
    if (!m.matches() || tooLarge(raw)) {
      event.complete(false);
      return;
    }
    UUID meetingId = UUID.fromString(m.group(1));
    Connection conn = connections.get(event.socket());
    if (conn != null && !conn.commands.tryTake()) {
      Refusals.command(event, raw, new ApiError(429, "too_many_commands", "Too many commands at once: wait a moment and retry."));
      return;
    }
    // Counted against the budget above like any command; the reason is the one the room gives over REST.
    if (!(raw.getValue("body") instanceof JsonObject)) {
      Refusals.command(event, raw, ApiError.badRequest("bad_json", "A command is a JSON object."));
      return;
    }
    authenticateClaims(raw)
      .recover(err -> Future.failedFuture(err instanceof ApiError e && e.status() == 503 ? e : new ApiError(401,
        "unauthorized", "Your sign-in has expired or been withdrawn: sign in again.")))
      .map(Identity::fromClaims)
      .compose(who -> admitted(conn, who))
      .compose(who -> ensured(conn, meetingId).map(v -> who))
      .onSuccess(who -> {
        raw.put("headers", RoomHeaders.json(who));
        event.setRawMessage(raw);
        event.complete(true);
      })
      .onFailure(err -> Refusals.command(event, raw, err instanceof ApiError e ? e
        : ApiError.from(err, 503)));
  }

  private void register(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    Matcher m = LISTEN.matcher(raw.getString("address", ""));
    Matcher own = NOTICES.matcher(raw.getString("address", ""));
    Connection conn = connections.get(event.socket());
    if (!m.matches() && !own.matches() || conn == null || tooLarge(raw)) {
      event.complete(false);
      return;
    }
    if (!conn.registers.tryTake()) {
      Refusals.listener(event, raw, Refusals.TOO_MANY_REGISTERS);
      return;
    }
    if (own.matches()) {
      registerNotices(event, raw, conn, UUID.fromString(own.group(1)));
      return;
    }
    UUID meetingId = UUID.fromString(m.group(1));
    boolean events = "events".equals(m.group(2));
    // Listening to the events is joining (presence); to presence, or in another protocol, access is asked.
    boolean outdated = events && !LiveProtocol.stated(raw);
    boolean joins = events && !outdated;
    JsonObject command = (joins ? new JsonObject().put("type", "presence.join") : RoomReads.sync(Integer.MAX_VALUE, false))
      .put("socket", conn.id);
    authenticateClaims(raw).compose(claims -> {
      Identity who = Identity.fromClaims(claims);
      return admitted(conn, who).compose(v -> ensured(conn, meetingId))
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.commands(meetingId), command,
          RoomHeaders.of(who, joins)))
        .onSuccess(reply -> {
          if (connections.get(event.socket()) != conn) { // closed while the room was answering
            if (joins) {
              leave(conn.id, who, meetingId);
            }
            event.complete(false);
            return;
          }
          if (outdated) {
            // May see the meeting but would not understand its events: told to reload, not joined.
            Refusals.listener(event, raw, Refusals.PROTOCOL_OUTDATED);
            return;
          }
          if (events) {
            conn.joined.add(meetingId);
          }
          String address = raw.getString("address");
          listen(event, raw, conn, who, claims);
          event.complete(true);
          if (events) {
            // Once this node's listener is registered (in a cluster, known to the map; see Audience for
            // the moment before the owner hears of it) the client catches up from its last seq.
            Audience audience = audience(address);
            audience.joinedAt(reply.body().getLong("lastSeq"));
            audience.registered().onComplete(r -> vertx.runOnContext(v -> event.socket().write(new JsonObject()
              .put("type", "rec").put("address", address)
              .put("body", new JsonObject().put("type", "joined").put("lastSeq", reply.body().getLong("lastSeq"))
                .put("serverTime", System.currentTimeMillis())).toBuffer())));
          }
        });
    }).onFailure(err -> {
      if (err == Refusals.TOO_MANY_SOCKETS) {
        Refusals.listener(event, raw, Refusals.TOO_MANY_SOCKETS);
      } else {
        event.complete(false);
      }
    });
  }

  /**
   * The socket listens to {@code raw}'s address through this node's one listener for it: the bridge
   * keeps a private, never-published address for this socket; what is published on the address
   * reaches the socket through the {@link Audience}.
   */
  private void listen(BridgeEvent event, JsonObject raw, Connection conn, Identity who, JsonObject claims) {
    String address = raw.getString("address");
    audience(address).add(event.socket());
    Connection.Listener before = conn.listening.put(address, new Connection.Listener(who, claims.getString("jti"),
      claims.getString("sid"), claims.getString("link"), endAtExpiry(event.socket(), conn, claims)));
    if (before != null) {
      vertx.cancelTimer(before.expiryTimer());
    }
    raw.put("address", privateAddress(conn, address));
  }

  /**
   * A member's notices reach only that member's own sockets: the token must be theirs and a full
   * sign-in (a join link reaches its meeting only). Anyone else is refused, with the reason.
   */
  private void registerNotices(BridgeEvent event, JsonObject raw, Connection conn, UUID memberId) {
    authenticateClaims(raw).compose(claims -> {
      Identity who = Identity.fromClaims(claims);
      return who.memberId().equals(memberId) && who.meetingScope() == null ? admitted(conn, who).map(claims)
        : Future.<JsonObject>failedFuture(Refusals.NOT_YOUR_NOTICES);
    }).onSuccess(claims -> {
      if (connections.get(event.socket()) != conn) {
        event.complete(false);
        return;
      }
      String address = raw.getString("address");
      listen(event, raw, conn, Identity.fromClaims(claims), claims);
      event.complete(true);
      vertx.runOnContext(v -> event.socket().write(new JsonObject().put("type", "rec").put("address", address)
        .put("body", new JsonObject().put("type", "listening").put("serverTime", System.currentTimeMillis())).toBuffer()));
    }).onFailure(err -> Refusals.listener(event, raw, err instanceof ApiError e ? e : Refusals.NOT_YOUR_NOTICES));
  }

  /**
   * A listener lasts as long as its token: at the token's expiry (for a join-link session, the end
   * of the meeting day) the socket closes. The client reconnects with a fresh token, or is refused.
   */
  private long endAtExpiry(SockJSSocket socket, Connection conn, JsonObject claims) {
    long expiresAtMs = claims.getValue("exp") instanceof Number exp ? exp.longValue() * 1000 : 0;
    return vertx.setTimer(Math.max(1, expiresAtMs - System.currentTimeMillis()), id -> {
      if (connections.get(socket) == conn) {
        socket.close();
      }
    });
  }

  /** Counts the socket toward its member's limit ({@link MemberSockets}). */
  private Future<Identity> admitted(Connection conn, Identity who) {
    return conn == null || memberSockets.admit(conn, who.memberId()) ? Future.succeededFuture(who)
      : Future.failedFuture(Refusals.TOO_MANY_SOCKETS);
  }

  /**
   * Meeting events do not pass through the bridge's own per-socket delivery (see {@link Audience});
   * replies to a socket's own requests do, and go out as they are.
   */
  private void receive(BridgeEvent event) {
    event.complete(connections.containsKey(event.socket()));
  }

  /** The address the bridge registers for a socket instead of the meeting's (nothing is sent to it). */
  private static String privateAddress(Connection conn, String address) {
    // ailive.meeting.<meeting>.<kind> → ailive.live.<socket>.<meeting>.<kind>: one per meeting, so
    // the bridge's limit of listeners per socket still counts meetings; ailive.notices.<member> →
    // ailive.live.<socket>.notices.
    return address.startsWith(Addresses.NOTICES_PREFIX) ? "ailive.live." + conn.id + ".notices"
      : "ailive.live." + conn.id + address.substring("ailive.meeting".length());
  }

  private Audience audience(String address) {
    return audiences.computeIfAbsent(address, a -> new Audience(vertx, a, connections::get));
  }

  private void stopListening(Connection conn, SockJSSocket socket, String address) {
    Audience a = audiences.get(address);
    if (a != null && a.remove(socket)) {
      audiences.remove(address);
    }
    Connection.Listener gone = conn.listening.remove(address);
    if (gone != null) {
      vertx.cancelTimer(gone.expiryTimer());
    }
  }

  private void unregister(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    String address = raw.getString("address", "");
    Matcher m = LISTEN.matcher(address);
    Connection conn = connections.get(event.socket());
    if (!m.matches() && !NOTICES.matcher(address).matches() || conn == null) {
      return;
    }
    Connection.Listener listener = conn.listening.get(address);
    if (listener == null) {
      return;
    }
    stopListening(conn, event.socket(), address);
    raw.put("address", privateAddress(conn, address));
    if (m.matches() && "events".equals(m.group(2)) && conn.joined.remove(UUID.fromString(m.group(1)))) {
      leave(conn.id, listener.who(), UUID.fromString(m.group(1)));
    }
  }

  private void closed(SockJSSocket socket) {
    Connection conn = connections.remove(socket);
    if (conn != null) {
      conn.joined.forEach(meetingId -> {
        Connection.Listener l = conn.listening.get(Addresses.events(meetingId));
        if (l != null) {
          leave(conn.id, l.who(), meetingId);
        }
      });
      conn.joined.clear();
      List.copyOf(conn.listening.keySet()).forEach(address -> stopListening(conn, socket, address));
      memberSockets.release(conn);
    }
  }

  private void leave(String socketId, Identity who, UUID meetingId) {
    vertx.eventBus().request(Addresses.commands(meetingId),
      new JsonObject().put("type", "presence.leave").put("socket", socketId), RoomHeaders.of(who, true));
  }

  /**
   * The meeting has an owner: asked of the room directory once per socket and meeting. A new
   * socket (every reconnect) asks again, so a meeting whose owner moved is found again.
   */
  private Future<Void> ensured(Connection conn, UUID meetingId) {
    if (conn != null && conn.ensured.contains(meetingId)) {
      return Future.succeededFuture();
    }
    return Rooms.ensure(vertx, meetingId).onSuccess(v -> {
      if (conn != null) {
        conn.ensured.add(meetingId);
      }
    });
  }

  private Future<JsonObject> authenticateClaims(JsonObject raw) {
    JsonObject headers = raw.getValue("headers") instanceof JsonObject h ? h : new JsonObject();
    return tokens.verifyClaims(headers.getValue("token") instanceof String t ? t : null);
  }

  private boolean tooLarge(JsonObject raw) {
    return FrameSize.over(raw, maxFrameBytes);
  }
}
