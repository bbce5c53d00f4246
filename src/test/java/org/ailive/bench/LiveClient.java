package org.ailive.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One member's live connection, speaking the protocol of docs/PROTOCOL.md as webroot/js/live.js
 * does: a raw WebSocket to {@code /eventbus/websocket}; register {@code .presence} then
 * {@code .events} with the token; on {@code joined}, {@code sync} from the last seq applied (the
 * whole state on the first join), again while {@code more}; then a few {@code time} samples; a ping
 * every 10 s. Every numbered event is tracked by seq (lost, out of order, duplicates) and its
 * latency recorded from {@code at} and {@code serverTime} (same host: same clock).
 *
 * <p>All state is touched only on this client's event loop. Numbered events are read in place by
 * {@link EventScan}, other frames by {@link Frame}'s streaming parser; {@link Seqs} keeps which
 * events it has, {@link Requests} the commands waiting for an answer.
 */
public final class LiveClient {

  private static final int MAX_ATTEMPTS = 8;
  /** Numbered events received by every client of this JVM, and those the cheap scan read (BenchSmokeTest). */
  static final java.util.concurrent.atomic.LongAdder EVENTS = new java.util.concurrent.atomic.LongAdder();
  static final java.util.concurrent.atomic.LongAdder SCANNED = new java.util.concurrent.atomic.LongAdder();

  final Fleet fleet;
  public final int index;
  final Context ctx;
  /** The server (of several, the node) this client connects to. */
  final int port;
  public final String meetingId;
  final String token;
  final String events;
  /** Reads our numbered events in place (issue 22, item 1). */
  private final EventScan scan;
  final String presence;
  final String cmd;

  private WebSocket ws;
  private boolean closing;
  private boolean joined;
  private int generation;
  private int attempts;
  private long joinedLastSeq = -1;
  /** Which numbered events this client has, and the last applied in order. */
  final Seqs seqs = new Seqs();
  private long maxLive = -1;
  private final Requests requests;
  private Promise<Void> ready;
  private long joinStartNs;
  /** False for a sender-only socket: it connects but listens to nothing. */
  private boolean listen = true;

  // results, read through Fleet.collect
  public int liveEvents;
  public int outOfOrder;
  public int duplicates;
  public int unexpectedCloses;
  public int rejected;
  public int retries;
  public long catchUpMs = -1;
  /** Wall-clock time of the last completed catch-up. */
  public long caughtUpAtMs = -1;
  public boolean capture;

  LiveClient(Fleet fleet, int index, Context ctx, int port, String meetingId, String token) {
    this.fleet = fleet;
    this.index = index;
    this.ctx = ctx;
    this.port = port;
    this.meetingId = meetingId;
    this.token = token;
    this.events = "ailive.meeting." + meetingId + ".events";
    this.scan = new EventScan(events);
    this.requests = new Requests(fleet, index);
    this.presence = "ailive.meeting." + meetingId + ".presence";
    this.cmd = "ailive.meeting." + meetingId + ".cmd";
  }

  // ---------- joining ----------

  /**
   * Connects and joins; completes once caught up and the clock is measured. A first join, or a
   * rejoin after {@link #drop()} that catches up from the last seq applied.
   */
  public Future<Void> join() {
    return start(true);
  }

  /** Only connects: a second socket of the same member that sends commands and listens to nothing. */
  public Future<Void> connectOnly() {
    return start(false);
  }

  private Future<Void> start(boolean listening) {
    Promise<Void> p = Promise.promise();
    ctx.runOnContext(v -> {
      listen = listening;
      ready = p;
      attempts = 0;
      catchUpMs = -1;
      caughtUpAtMs = -1;
      joinStartNs = System.nanoTime();
      connect();
    });
    return p.future();
  }

  private void connect() {
    attempts++;
    int gen = ++generation;
    closing = false;
    joined = false;
    fleet.ws.connect(new WebSocketConnectOptions().setHost(fleet.host).setPort(port)
        .setURI("/eventbus/websocket").setTimeout(30_000))
      .onComplete(ar -> {
        if (gen != generation) {
          if (ar.succeeded()) {
            ar.result().close();
          }
          return;
        }
        if (ar.failed()) {
          retryLater("connect: " + ar.cause().getClass().getSimpleName());
          return;
        }
        ws = ar.result();
        ws.binaryMessageHandler(this::frame);
        ws.textMessageHandler(text -> frame(Buffer.buffer(text)));
        ws.exceptionHandler(err -> { });
        ws.closeHandler(v -> closed(gen));
        if (!listen) {
          ready.tryComplete();
          return;
        }
        if (fleet.settings.presence()) {
          register(presence);
        }
        register(events);
      });
  }

  private void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address)
      .put("headers", new JsonObject().put("token", token).put("protocol", org.ailive.live.LiveProtocol.VERSION)));
  }

  private void retryLater(String why) {
    fleet.stats.error(why);
    if (ready == null || ready.future().isComplete()) {
      return;
    }
    if (attempts >= MAX_ATTEMPTS) {
      ready.tryFail(why);
      return;
    }
    retries++;
    long delay = Math.min(8000, 500L << Math.min(4, attempts)) + (index % 500);
    fleet.vertx.setTimer(delay, id -> {
      if (ready != null && !ready.future().isComplete()) {
        connect();
      }
    });
  }

  private void closed(int gen) {
    if (gen != generation) {
      return;
    }
    joined = false;
    requests.failAll("closed");
    if (!closing) {
      unexpectedCloses++;
      fleet.stats.error("socket closed by server");
      if (ready != null && !ready.future().isComplete()) {
        retryLater("closed while joining");
      }
    }
  }

  /** Closes the socket on purpose (a dropped network, a closed laptop). */
  public Future<Void> drop() {
    Promise<Void> p = Promise.promise();
    ctx.runOnContext(v -> {
      closing = true;
      joined = false;
      generation++;
      requests.failAll("dropped");
      if (ws != null && !ws.isClosed()) {
        ws.close().onComplete(x -> p.tryComplete());
      } else {
        p.tryComplete();
      }
    });
    return p.future();
  }

  void ping() {
    if (ws != null && !ws.isClosed() && !closing) {
      ws.writeTextMessage("{\"type\":\"ping\"}");
    }
  }

  // ---------- frames ----------

  private void frame(Buffer data) {
    long now = System.currentTimeMillis();
    fleet.stats.bytesIn.add(data.length());
    if (!capture && scanEvent(data, now)) {
      return;
    }
    byte[] bytes = data.getBytes();
    Frame f = new Frame();
    try {
      Frame.parse(fleet.json, bytes, f);
    } catch (IOException e) {
      fleet.stats.error("unparsable frame");
      return;
    }
    if (f.address == null) {
      if ("err".equals(f.type)) {
        rejected++;
        fleet.stats.rejects.increment();
        if (!joined && ready != null && !ready.future().isComplete()) {
          // Our register was refused (e.g. the room did not answer in time): start over.
          generation++;
          if (ws != null) {
            ws.close();
          }
          retryLater("register rejected");
        }
      }
      return;
    }
    if (f.address.equals(events)) {
      if (f.seq >= 0) {
        event(f, now, bytes);
      } else if ("joined".equals(f.bodyType)) {
        joined(f);
      }
    } else if (f.address.equals(presence)) {
      fleet.stats.presenceFrames.increment();
    } else {
      Promise<Frame> waiting = requests.take(f.address);
      if (waiting != null) {
        if (capture && f.stateLastSeq >= 0 && fleet.stats.capturedState == null) {
          fleet.stats.capturedState = new JsonObject(Buffer.buffer(bytes)).getJsonObject("body").getJsonObject("state");
        }
        waiting.complete(f);
      }
    }
  }

  /** A numbered event on our {@code .events}, read by {@link EventScan}; anything else takes the parser. */
  private boolean scanEvent(Buffer data, long now) {
    if (!scan.read(data)) {
      return false;
    }
    SCANNED.increment();
    event(scan.seq, scan.at, scan.serverTime, null, now, null);
    return true;
  }

  private void event(Frame f, long now, byte[] bytes) {
    event(f.seq, f.at, f.serverTime, f.bodyType, now, bytes);
  }

  private void event(long seq, long at, long serverTime, String bodyType, long now, byte[] bytes) {
    EVENTS.increment();
    liveEvents++;
    Fleet.Stats s = fleet.stats;
    s.deliveries.increment();
    s.latency(now, at, serverTime);
    if (capture && s.capturedPayload == null && bodyType != null && bodyType.startsWith("timer.")) {
      s.capturedPayload = new JsonObject(Buffer.buffer(bytes)).getJsonObject("body").getJsonObject("payload");
      s.capturedFrameBytes = bytes.length;
    }
    if (seq < maxLive) {
      outOfOrder++;
    } else if (seq == maxLive) {
      duplicates++;
    }
    maxLive = Math.max(maxLive, seq);
    seqs.received(seq);
  }

  private void joined(Frame f) {
    joined = true;
    joinedLastSeq = f.lastSeq;
    seqs.firstJoin(joinedLastSeq);
    // As live.js: the whole state on the first join; back after a drop, what was missed and who is here.
    sync(fleet.settings.syncState() && seqs.lastApplied < 0, 0);
  }

  /** Catch-up as live.js does it: from the last seq applied (or the joined seq), again while more. */
  private void sync(boolean withState, int round) {
    int gen = generation;
    long after = seqs.lastApplied >= 0 ? seqs.lastApplied : joinedLastSeq;
    request(new JsonObject().put("type", "sync").put("after", after).put("state", withState)
      .put("presence", !withState && fleet.settings.presence())).onComplete(ar -> {
      if (gen != generation) {
        return;
      }
      Frame r = ar.succeeded() ? ar.result() : null;
      if (r == null || !"rec".equals(r.type)) {
        fleet.stats.error("sync failed");
        // live.js tries again 2 s later for as long as it is joined; bounded here.
        if (round < 60) {
          fleet.vertx.setTimer(2000, id -> {
            if (gen == generation && joined) {
              sync(withState, round + 1);
            }
          });
        } else if (ready != null) {
          ready.tryFail("sync failed");
        }
        return;
      }
      seqs.synced(r, withState, after);
      if (r.more && seqs.lastApplied < r.lastSeq && round < 200) {
        // More than a page missed: live.js then asks for the whole state.
        sync(fleet.settings.syncState(), round + 1);
        return;
      }
      catchUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joinStartNs);
      caughtUpAtMs = System.currentTimeMillis();
      clock(fleet.settings.clockSamples(), gen);
    });
  }

  private void clock(int left, int gen) {
    if (gen != generation) {
      return;
    }
    if (left <= 0) {
      if (ready != null) {
        ready.tryComplete();
      }
      return;
    }
    request(new JsonObject().put("type", "time")).onComplete(ar -> clock(left - 1, gen));
  }

  // ---------- commands ----------

  /** Sends a command (a change carries its own idempotency {@code key}); the bridge's answer frame. */
  public Future<Frame> request(JsonObject body) {
    Promise<Frame> p = Promise.promise();
    if (io.vertx.core.Vertx.currentContext() == ctx) {
      send(body, p);
    } else {
      ctx.runOnContext(v -> send(body, p));
    }
    return p.future();
  }

  private void send(JsonObject body, Promise<Frame> p) {
    if (ws == null || ws.isClosed() || closing) {
      p.tryFail("not connected");
      return;
    }
    String reply = requests.add(p);
    write(new JsonObject().put("type", "send").put("address", cmd).put("headers", new JsonObject().put("token", token))
      .put("body", body).put("replyAddress", reply));
  }

  private void write(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  // ---------- results ----------

  public boolean isJoined() {
    return joined;
  }

  public long lastApplied() {
    return seqs.lastApplied;
  }

  /** Seqs after this client's first join, up to {@code finalSeq}, that it never received. */
  public int missingUpTo(long finalSeq) {
    return listen ? seqs.missingUpTo(finalSeq) : 0;
  }

  public long received(long finalSeq) {
    return seqs.receivedUpTo(finalSeq);
  }
}
