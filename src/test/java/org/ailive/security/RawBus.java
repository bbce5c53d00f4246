package org.ailive.security;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw WebSocket to {@code /eventbus/websocket} that writes exactly the bytes it is given (text or
 * binary frames, invalid JSON, invalid UTF-8) and hands back every frame the server answers, one at
 * a time, so a test can tell which answer belongs to which frame. {@link org.ailive.live.BusClient}
 * is the well-behaved client; this one is for frames no real client would send.
 */
final class RawBus implements AutoCloseable {

  /** What the server answered to a frame: a JSON frame, the socket closing, or nothing in time. */
  record Answer(JsonObject frame, boolean closed) {
    static final Answer NONE = new Answer(null, false);
    static final Answer CLOSED = new Answer(null, true);

    boolean none() {
      return frame == null && !closed;
    }

    @Override
    public String toString() {
      return closed ? "(socket closed)" : frame == null ? "(no answer)" : frame.encode();
    }
  }

  private static final Object CLOSE = new Object();

  private final WebSocketClient client;
  private final WebSocket ws;
  private final boolean ownsClient;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

  private RawBus(WebSocketClient client, WebSocket ws, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.ws = ws;
    ws.textMessageHandler(text -> inbox.add(text));
    ws.binaryMessageHandler(data -> inbox.add(data.toString()));
    ws.closeHandler(v -> inbox.add(CLOSE));
    ws.exceptionHandler(err -> { });
  }

  static RawBus connect(Vertx vertx, int port) throws Exception {
    // The client must be able to write frames larger than the server accepts.
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    WebSocket ws = client.connect(port, "localhost", "/eventbus/websocket").await(10, TimeUnit.SECONDS);
    return new RawBus(client, ws, true);
  }

  /** A socket on a shared client (closing it leaves the client open). */
  static RawBus connect(WebSocketClient client, int port) throws Exception {
    WebSocket ws = client.connect(port, "localhost", "/eventbus/websocket").await(10, TimeUnit.SECONDS);
    return new RawBus(client, ws, false);
  }

  void text(String frame) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(frame);
    }
  }

  /** A text frame of exactly these bytes, valid UTF-8 or not (the public API would encode a String). */
  void rawText(byte[] frame) {
    if (!ws.isClosed()) {
      ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame, true));
    }
  }

  void binary(byte[] frame) {
    if (!ws.isClosed()) {
      ws.writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(frame), true));
    }
  }

  /** The next answer, or NONE after the timeout. Frames that are not JSON count as answers too. */
  Answer next(long timeoutMs) throws InterruptedException {
    Object o = inbox.poll(timeoutMs, TimeUnit.MILLISECONDS);
    if (o == null) {
      return Answer.NONE;
    }
    if (o == CLOSE) {
      inbox.add(CLOSE);
      return Answer.CLOSED;
    }
    try {
      return new Answer(new JsonObject((String) o), false);
    } catch (RuntimeException e) {
      return new Answer(new JsonObject().put("unparsable", o), false);
    }
  }

  /** Drops whatever has arrived and not been read (e.g. a late presence message). */
  void drain() {
    inbox.removeIf(o -> o != CLOSE);
  }

  boolean isClosed() {
    return ws.isClosed();
  }

  @Override
  public void close() {
    try {
      if (!ws.isClosed()) {
        ws.close().await(5, TimeUnit.SECONDS);
      }
    } catch (Exception ignored) {
      // Already going away.
    }
    if (ownsClient) {
      client.close();
    }
  }
}
