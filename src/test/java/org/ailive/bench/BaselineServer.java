package org.ailive.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a bare Vert.x raw-WebSocket broadcast server on the same machine, speaking the same
 * frames as the bridge ({@code register}, {@code send} with a reply address, {@code rec} answers,
 * {@code joined}, {@code sync} from an in-memory log, presence lists on join and leave) but with no
 * bridge, no auth, no database, and every broadcast encoded once for all its sockets. What the
 * machine can do for the same traffic; A&amp;I Live is measured as a ratio to it.
 *
 * <p>{@code java org.ailive.bench.BaselineServer --port P [--payload file.json]}: the file holds a
 * captured event {@code payload} and room {@code state}, so frames are the same size as the real ones.
 */
public final class BaselineServer extends AbstractVerticle {

  public static final String READY = "baseline serving on port";
  private static final int LOG_MAX = 20_000;
  private static final int MAX_CATCH_UP = 500;

  private final int port;
  private final JsonObject payload;
  private final JsonObject state;
  private final Map<String, Room> rooms = new HashMap<>();
  private int connections;

  private static final class Room {
    final String id;
    final String eventsAddress;
    final String presenceAddress;
    final Set<Conn> listeners = new LinkedHashSet<>();
    final Set<Conn> presence = new LinkedHashSet<>();
    final ArrayDeque<JsonObject> log = new ArrayDeque<>();
    final Map<String, Long> keys = new LinkedHashMap<>();
    long lastSeq;

    Room(String id) {
      this.id = id;
      this.eventsAddress = "ailive.meeting." + id + ".events";
      this.presenceAddress = "ailive.meeting." + id + ".presence";
    }
  }

  private static final class Conn {
    final ServerWebSocket ws;
    final String memberId = UUID.randomUUID().toString();
    final String name;
    final Set<Room> joined = new LinkedHashSet<>();
    final Set<Room> presence = new LinkedHashSet<>();

    Conn(ServerWebSocket ws, int n) {
      this.ws = ws;
      this.name = "Bench member " + n;
    }
  }

  BaselineServer(int port, JsonObject payload, JsonObject state) {
    this.port = port;
    this.payload = payload;
    this.state = state;
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path payloadFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--payload" -> payloadFile = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    JsonObject captured = payloadFile != null && Files.exists(payloadFile)
      ? new JsonObject(Files.readString(payloadFile)) : new JsonObject();
    JsonObject payload = captured.getJsonObject("payload", syntheticPayload());
    JsonObject state = captured.getJsonObject("state", new JsonObject().put("agenda", payload.getValue("agenda")));
    Vertx vertx = Vertx.vertx();
    BaselineServer server = new BaselineServer(port, payload, state);
    vertx.deployVerticle(server).await(60, TimeUnit.SECONDS);
    System.out.println(READY + " " + port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting
      }
    }));
    Thread.currentThread().join();
  }

  /** An event payload shaped like a timer change on an eight-item agenda. */
  static JsonObject syntheticPayload() {
    JsonArray agenda = new JsonArray();
    String first = UUID.randomUUID().toString();
    for (int i = 1; i <= 8; i++) {
      agenda.add(new JsonObject().put("id", i == 1 ? first : UUID.randomUUID().toString()).put("position", i)
        .put("kind", "other").put("section", "other").put("districtId", null).put("districtName", null)
        .put("caseId", null).put("familyRef", null)
        .put("title", "Item " + i + ": partner updates and any other business")
        .put("allottedSeconds", 900).put("usedSeconds", 0).put("done", false));
    }
    return new JsonObject().put("timer", new JsonObject().put("itemId", first).put("running", true)
      .put("startedAt", System.currentTimeMillis()).put("usedBeforeMs", 0).put("allottedSeconds", 900))
      .put("agenda", agenda);
  }

  @Override
  public void start(io.vertx.core.Promise<Void> started) {
    // The same WebSocket settings as A&I Live's HTTP server (compression off).
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
      .setMaxWebSocketFrameSize(16384).setMaxWebSocketMessageSize(16384)
      .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
    vertx.createHttpServer(options).webSocketHandler(this::connected).listen()
      .<Void>mapEmpty().onComplete(started);
  }

  private void connected(ServerWebSocket ws) {
    if (!"/eventbus/websocket".equals(ws.path())) {
      ws.close();
      return;
    }
    Conn conn = new Conn(ws, ++connections);
    ws.handler(data -> frame(conn, data));
    ws.exceptionHandler(err -> { });
    ws.closeHandler(v -> closed(conn));
  }

  private void frame(Conn conn, Buffer data) {
    JsonObject msg;
    try {
      msg = new JsonObject(data);
    } catch (RuntimeException e) {
      error(conn, "invalid_json");
      return;
    }
    String type = msg.getString("type", "");
    String address = msg.getString("address", "");
    switch (type) {
      case "ping" -> { }
      case "register" -> register(conn, address);
      case "send" -> send(conn, address, msg);
      default -> error(conn, "rejected");
    }
  }

  private static String roomId(String address, String suffix) {
    if (!address.startsWith("ailive.meeting.") || !address.endsWith(suffix)) {
      return null;
    }
    return address.substring("ailive.meeting.".length(), address.length() - suffix.length());
  }

  private void register(Conn conn, String address) {
    String id = roomId(address, ".events");
    if (id != null) {
      Room room = rooms.computeIfAbsent(id, Room::new);
      room.listeners.add(conn);
      conn.joined.add(room);
      publishPresence(room);
      conn.ws.writeBinaryMessage(new JsonObject().put("type", "rec").put("address", address)
        .put("body", new JsonObject().put("type", "joined").put("lastSeq", room.lastSeq)
          .put("serverTime", System.currentTimeMillis())).toBuffer());
      return;
    }
    id = roomId(address, ".presence");
    if (id != null) {
      Room room = rooms.computeIfAbsent(id, Room::new);
      room.presence.add(conn);
      conn.presence.add(room);
      return;
    }
    error(conn, "rejected");
  }

  private void send(Conn conn, String address, JsonObject msg) {
    String id = roomId(address, ".cmd");
    String replyAddress = msg.getString("replyAddress");
    if (id == null || !(msg.getValue("body") instanceof JsonObject body)) {
      error(conn, "rejected");
      return;
    }
    Room room = rooms.computeIfAbsent(id, Room::new);
    String type = body.getString("type", "");
    JsonObject reply;
    switch (type) {
      case "time" -> reply = new JsonObject().put("ok", true).put("serverTime", System.currentTimeMillis());
      case "sync" -> reply = sync(room, body);
      default -> reply = change(room, type, body.getString("key"), conn);
    }
    if (replyAddress != null) {
      conn.ws.writeBinaryMessage(new JsonObject().put("type", "rec").put("address", replyAddress).put("body", reply)
        .toBuffer());
    }
  }

  private JsonObject sync(Room room, JsonObject body) {
    long after = body.getLong("after", 0L);
    JsonArray events = new JsonArray();
    long last = after;
    for (JsonObject e : room.log) {
      long seq = e.getLong("seq");
      if (seq > after && events.size() < MAX_CATCH_UP) {
        events.add(e);
        last = seq;
      }
    }
    JsonObject reply = new JsonObject().put("ok", true).put("serverTime", System.currentTimeMillis())
      .put("lastSeq", room.lastSeq).put("events", events).put("more", last < room.lastSeq);
    if (Boolean.TRUE.equals(body.getValue("state"))) {
      reply.put("state", state.copy().put("lastSeq", room.lastSeq).put("presence", presenceList(room)));
    } else if (Boolean.TRUE.equals(body.getValue("presence"))) {
      reply.put("presence", presenceList(room));
    }
    return reply;
  }

  /** A change: numbered, logged in memory, encoded once and written to every listener, acknowledged. */
  private JsonObject change(Room room, String type, String key, Conn conn) {
    if (key != null && room.keys.containsKey(key)) {
      return new JsonObject().put("ok", true).put("seq", room.keys.get(key)).put("serverTime", System.currentTimeMillis())
        .put("duplicate", true);
    }
    long seq = ++room.lastSeq;
    long now = System.currentTimeMillis();
    JsonObject event = new JsonObject().put("seq", seq).put("type", type).put("at", now)
      .put("actor", new JsonObject().put("memberId", conn.memberId).put("name", conn.name).put("agency", "Bench"))
      .put("payload", payload);
    room.log.addLast(event);
    if (room.log.size() > LOG_MAX) {
      room.log.removeFirst();
    }
    if (key != null) {
      room.keys.put(key, seq);
      if (room.keys.size() > LOG_MAX) {
        room.keys.remove(room.keys.keySet().iterator().next());
      }
    }
    Buffer frame = new JsonObject().put("type", "rec").put("address", room.eventsAddress)
      .put("body", event.copy().put("serverTime", System.currentTimeMillis())).toBuffer();
    for (Conn c : room.listeners) {
      c.ws.writeBinaryMessage(frame);
    }
    return new JsonObject().put("ok", true).put("seq", seq).put("serverTime", System.currentTimeMillis());
  }

  private JsonArray presenceList(Room room) {
    JsonArray members = new JsonArray();
    for (Conn c : room.listeners) {
      members.add(new JsonObject().put("memberId", c.memberId).put("name", c.name).put("agency", "Bench agency")
        .put("connections", 1));
    }
    return members;
  }

  private void publishPresence(Room room) {
    if (room.presence.isEmpty()) {
      return;
    }
    Buffer frame = new JsonObject().put("type", "rec").put("address", room.presenceAddress)
      .put("body", new JsonObject().put("type", "presence").put("serverTime", System.currentTimeMillis())
        .put("members", presenceList(room))).toBuffer();
    for (Conn c : room.presence) {
      c.ws.writeBinaryMessage(frame);
    }
  }

  private void closed(Conn conn) {
    for (Room room : conn.presence) {
      room.presence.remove(conn);
    }
    for (Room room : conn.joined) {
      room.listeners.remove(conn);
      publishPresence(room);
    }
  }

  private static void error(Conn conn, String body) {
    conn.ws.writeBinaryMessage(new JsonObject().put("type", "err").put("body", body).toBuffer());
  }
}
