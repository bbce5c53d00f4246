package org.ailive.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real client of the live channel for tests: a raw WebSocket to {@code /eventbus/websocket}
 * speaking the event-bus bridge protocol, as the browser client does over SockJS.
 */
public final class BusClient {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final String token;
  private final Map<String, Promise<JsonObject>> replies = new ConcurrentHashMap<>();
  /** Every message received on a listened address, in arrival order. */
  public final List<JsonObject> received = new CopyOnWriteArrayList<>();
  /** Bridge errors that carried no reply address (e.g. "rejected", "access_denied"). */
  public final List<JsonObject> errors = new CopyOnWriteArrayList<>();
  private final long pinger;
  private final Vertx vertx;

  private BusClient(Vertx vertx, WebSocketClient client, WebSocket ws, String token) {
    this.vertx = vertx;
    this.client = client;
    this.ws = ws;
    this.token = token;
    ws.binaryMessageHandler(this::frame);
    ws.textMessageHandler(text -> frame(Buffer.buffer(text)));
    pinger = vertx.setPeriodic(5_000, id -> ws.writeTextMessage("{\"type\":\"ping\"}"));
  }

  public static BusClient connect(Vertx vertx, int port, String token) throws Exception {
    return connect(vertx, port, token, new io.vertx.core.http.WebSocketClientOptions());
  }

  public static BusClient connect(Vertx vertx, int port, String token, io.vertx.core.http.WebSocketClientOptions options)
    throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(options);
    WebSocket ws = client.connect(port, "localhost", "/eventbus/websocket").await(10, TimeUnit.SECONDS);
    return new BusClient(vertx, client, ws, token);
  }

  private void frame(Buffer data) {
    JsonObject msg = new JsonObject(data);
    String address = msg.getString("address");
    Promise<JsonObject> waiting = address == null ? null : replies.remove(address);
    if (waiting != null) {
      waiting.complete(msg);
    } else if ("err".equals(msg.getString("type"))) {
      errors.add(msg);
    } else {
      received.add(msg);
    }
  }

  /** Listens to an address with this client's token; returns once the frame is written. */
  public void listen(String address) {
    ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
      .put("headers", new JsonObject().put("token", token).put("protocol", LiveProtocol.VERSION)).encode());
  }

  /** Sends and waits for the bridge's answer frame: {"type":"rec",...} or {"type":"err",...}. */
  public JsonObject request(String address, JsonObject body) throws Exception {
    return request(address, body, token);
  }

  public JsonObject request(String address, JsonObject body, String withToken) throws Exception {
    return requestAsync(address, body, withToken).await(15, TimeUnit.SECONDS);
  }

  /**
   * Sends without waiting: for several requests in flight at once. The body is normally a JSON
   * object; anything else (a string, a number, an array, null) is written as it is.
   */
  public Future<JsonObject> requestAsync(String address, Object body, String withToken) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> promise = Promise.promise();
    replies.put(replyAddress, promise);
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body)
      .put("replyAddress", replyAddress);
    if (withToken != null) {
      frame.put("headers", new JsonObject().put("token", withToken));
    }
    ws.writeTextMessage(frame.encode());
    return promise.future();
  }

  public void sendRaw(String text) {
    ws.writeTextMessage(text);
  }

  /** Waits until a received message matches, and returns it. */
  public JsonObject await(Predicate<JsonObject> match, String what) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      for (JsonObject m : received) {
        if (match.test(m)) {
          return m;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting for " + what + "; received " + received + " errors " + errors);
  }

  /** Bodies of the numbered events received so far, in arrival order. */
  public List<JsonObject> events() {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject m : received) {
      JsonObject body = m.getJsonObject("body");
      if (body != null && body.containsKey("seq")) {
        out.add(body);
      }
    }
    return out;
  }

  /** Stops reading from the socket, like a phone that froze: the server's writes back up. */
  public void stopReading() {
    ws.pause();
  }

  public boolean isClosed() {
    return ws.isClosed();
  }

  /** A header of the answer that opened the socket (e.g. one a load balancer added), or null. */
  public String handshakeHeader(String name) {
    return ws.headers() == null ? null : ws.headers().get(name);
  }

  public void close() throws Exception {
    vertx.cancelTimer(pinger);
    if (!ws.isClosed()) {
      ws.close().await(5, TimeUnit.SECONDS);
    }
    client.close();
  }
}
