package org.ailive.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One member's live connection, speaking the protocol of docs/PROTOCOL.md as webroot/js/live.js
 * does: a raw WebSocket to {@code /eventbus/websocket}; register {@code .presence} then
 * {@code .events} with the token; on {@code joined}, {@code sync} from the last seq applied (the
 * whole state on the first join), again while {@code more}; then a few {@code time} samples; a ping
 * every 10 s. Every numbered event is tracked by seq (lost, out of order, duplicates) and its
 * latency recorded from {@code at} and {@code serverTime} (same host: same clock).
 *
 * <p>All state is touched only on this client's event loop. Frames are read with a streaming parser
 * that skips what it does not need, so the load side stays cheap.
 */
public final class LiveClient {

  private static final int MAX_ATTEMPTS = 8;
  /** Numbered events received by every client of this JVM, and those the cheap scan read (BenchSmokeTest). */
  static final java.util.concurrent.atomic.LongAdder EVENTS = new java.util.concurrent.atomic.LongAdder();
  static final java.util.concurrent.atomic.LongAdder SCANNED = new java.util.concurrent.atomic.LongAdder();
  private static final long REQUEST_TIMEOUT_MS = 10_000;

  final Fleet fleet;
  public final int index;
  final Context ctx;
  public final String meetingId;
  final String token;
  final String events;
  /** How every numbered event on our {@code .events} begins on the wire (A&amp;I Live's and the baseline's). */
  private final byte[] eventPrefix;
  final String presence;
  final String cmd;

  private WebSocket ws;
  private boolean closing;
  private boolean joined;
  private int generation;
  private int attempts;
  private long joinedLastSeq = -1;
  /** The highest seq applied in order (-1: nothing yet, as live.js's null). */
  private long lastApplied = -1;
  /** Seqs at or below this were never this client's to receive (before its first join). */
  private long origin = -1;
  private final BitSet got = new BitSet();
  private final List<Long> early = new ArrayList<>();
  private long maxLive = -1;
  private int replySeq;
  private final Map<String, Promise<Frame>> pending = new HashMap<>();
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

  LiveClient(Fleet fleet, int index, Context ctx, String meetingId, String token) {
    this.fleet = fleet;
    this.index = index;
    this.ctx = ctx;
    this.meetingId = meetingId;
    this.token = token;
    this.events = "ailive.meeting." + meetingId + ".events";
    this.eventPrefix = ("{\"type\":\"rec\",\"address\":\"" + events + "\",\"body\":{\"seq\":")
      .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
    fleet.ws.connect(new WebSocketConnectOptions().setHost(fleet.host).setPort(fleet.port)
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
    failPending("closed");
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
      failPending("dropped");
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
      parse(bytes, f);
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
      Promise<Frame> waiting = pending.remove(f.address);
      if (waiting != null) {
        if (capture && f.stateLastSeq >= 0 && fleet.stats.capturedState == null) {
          fleet.stats.capturedState = new JsonObject(Buffer.buffer(bytes)).getJsonObject("body").getJsonObject("state");
        }
        waiting.complete(f);
      }
    }
  }

  /**
   * The cheap path for what the harness measures most (issue 22, item 1): a numbered event on our
   * {@code .events} is recognised by its first bytes and its seq, {@code at} and {@code serverTime}
   * read in place, with no copy of the frame and no parse; anything else takes the parser.
   */
  private boolean scanEvent(Buffer data, long now) {
    int n = eventPrefix.length;
    int len = data.length();
    if (len <= n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (data.getByte(i) != eventPrefix[i]) {
        return false;
      }
    }
    long seq = digits(data, n);
    int at = find(data, AT, n, Math.min(len, n + 200));
    int st = len > 40 ? find(data, SERVER_TIME, len - 40, len) : -1;
    if (seq < 0 || at < 0 || st < 0) {
      return false;
    }
    SCANNED.increment();
    event(seq, digits(data, at + AT.length), digits(data, st + SERVER_TIME.length), null, now, null);
    return true;
  }

  private static final byte[] AT = ",\"at\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] SERVER_TIME = ",\"serverTime\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The whole number starting at {@code from}, or -1. */
  private static long digits(Buffer data, int from) {
    long v = 0;
    int i = from;
    for (; i < data.length(); i++) {
      byte b = data.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      v = v * 10 + (b - '0');
    }
    return i == from ? -1 : v;
  }

  /** Where {@code what} starts in {@code data} between {@code from} and {@code to}, or -1. */
  private static int find(Buffer data, byte[] what, int from, int to) {
    outer:
    for (int i = from; i + what.length <= to; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data.getByte(i + j) != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void event(Frame f, long now, byte[] bytes) {
    event(f.seq, f.at, f.serverTime, f.bodyType, now, bytes);
  }

  private void event(long seq, long at, long serverTime, String bodyType, long now, byte[] bytes) {
    EVENTS.increment();
    liveEvents++;
    Fleet.Stats s = fleet.stats;
    s.deliveries.increment();
    if (s.measuring && serverTime > 0) {
      long fromAt = now - at;
      long fromPublish = now - serverTime;
      if (fromAt < 0 || fromPublish < 0) {
        s.negativeLatency.increment();
      }
      Fleet.Stats.record(s.atLatency, fromAt, 3_600_000L);
      Fleet.Stats.record(s.publishLatency, fromPublish, 3_600_000L);
    }
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
    if (origin < 0) {
      early.add(seq);
      return;
    }
    mark(seq);
    advance();
  }

  private void joined(Frame f) {
    joined = true;
    joinedLastSeq = f.lastSeq;
    if (origin < 0) {
      origin = joinedLastSeq;
      early.forEach(this::mark);
      early.clear();
    }
    // As live.js: the whole state on the first join; back after a drop, what was missed and who is here.
    sync(fleet.settings.syncState() && lastApplied < 0, 0);
  }

  private void mark(long seq) {
    if (seq > origin) {
      long i = seq - origin - 1;
      if (i < Integer.MAX_VALUE) {
        got.set((int) i);
      }
    }
  }

  private boolean has(long seq) {
    return seq <= origin || got.get((int) (seq - origin - 1));
  }

  private void advance() {
    if (lastApplied < 0) {
      return;
    }
    while (has(lastApplied + 1) && lastApplied + 1 <= origin + got.length()) {
      lastApplied++;
    }
  }

  /** Catch-up as live.js does it: from the last seq applied (or the joined seq), again while more. */
  private void sync(boolean withState, int round) {
    int gen = generation;
    long after = lastApplied >= 0 ? lastApplied : joinedLastSeq;
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
      if (withState && r.stateLastSeq >= 0 && (lastApplied < 0 || r.more)) {
        // The state covers everything up to its lastSeq.
        for (long s = Math.max(origin + 1, lastApplied + 1); s <= r.stateLastSeq; s++) {
          mark(s);
        }
        lastApplied = Math.max(lastApplied, r.stateLastSeq);
      } else {
        if (lastApplied < 0) {
          lastApplied = after;
        }
        for (int i = 0; i < r.eventCount; i++) {
          mark(r.eventSeqs[i]);
        }
      }
      advance();
      if (r.more && lastApplied < r.lastSeq && round < 200) {
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
    String reply = "r" + index + "." + (++replySeq);
    pending.put(reply, p);
    // live.js gives up on a request after 10 s (a refused send gets an error frame with no address).
    long timer = fleet.vertx.setTimer(REQUEST_TIMEOUT_MS, id -> {
      Promise<Frame> waiting = pending.remove(reply);
      if (waiting != null) {
        fleet.stats.error("request timeout");
        waiting.tryFail("timeout");
      }
    });
    p.future().onComplete(x -> fleet.vertx.cancelTimer(timer));
    write(new JsonObject().put("type", "send").put("address", cmd).put("headers", new JsonObject().put("token", token))
      .put("body", body).put("replyAddress", reply));
  }

  private void write(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  private void failPending(String why) {
    if (!pending.isEmpty()) {
      List<Promise<Frame>> waiting = new ArrayList<>(pending.values());
      pending.clear();
      waiting.forEach(p -> p.tryFail(why));
    }
  }

  // ---------- results ----------

  public boolean isJoined() {
    return joined;
  }

  public long lastApplied() {
    return lastApplied;
  }

  /** Seqs after this client's first join, up to {@code finalSeq}, that it never received. */
  public int missingUpTo(long finalSeq) {
    if (!listen) {
      return 0;
    }
    if (origin < 0) {
      return (int) Math.max(0, finalSeq);
    }
    int missing = 0;
    for (long s = origin + 1; s <= finalSeq; s++) {
      if (!has(s)) {
        missing++;
      }
    }
    return missing;
  }

  public long received(long finalSeq) {
    long n = 0;
    if (origin < 0) {
      return 0;
    }
    for (long s = origin + 1; s <= finalSeq; s++) {
      if (has(s)) {
        n++;
      }
    }
    return n;
  }

  // ---------- parsing ----------

  /** What the harness reads of a frame. */
  public static final class Frame {
    public String type;
    public String address;
    public String bodyType;
    public String bodyText;
    public String message;
    public int failureCode;
    public long seq = -1;
    public long at = -1;
    public long serverTime = -1;
    public long lastSeq = -1;
    public long stateLastSeq = -1;
    public boolean ok;
    public boolean more;
    public boolean duplicate;
    long[] eventSeqs = new long[0];
    int eventCount;

    public boolean isOk() {
      return "rec".equals(type) && ok;
    }

    /** The protocol's error code of a failed reply ({@code message} is the JSON error as a string). */
    public String errorCode() {
      if (message == null) {
        return bodyText != null ? bodyText : "error";
      }
      try {
        return new JsonObject(message).getString("error", "error");
      } catch (RuntimeException e) {
        return message.length() > 40 ? message.substring(0, 40) : message;
      }
    }

    void addEvent(long seq) {
      if (eventCount == eventSeqs.length) {
        eventSeqs = java.util.Arrays.copyOf(eventSeqs, Math.max(8, eventCount * 2));
      }
      eventSeqs[eventCount++] = seq;
    }
  }

  private void parse(byte[] bytes, Frame f) throws IOException {
    try (JsonParser p = fleet.json.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "type" -> f.type = p.getText();
          case "address" -> f.address = p.getText();
          case "failureCode" -> f.failureCode = p.getIntValue();
          case "message" -> f.message = p.getText();
          case "body" -> {
            if (t == JsonToken.START_OBJECT) {
              body(p, f);
            } else if (t == JsonToken.VALUE_STRING) {
              f.bodyText = p.getText();
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
    }
  }

  private static void body(JsonParser p, Frame f) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "seq" -> f.seq = p.getLongValue();
        case "type" -> f.bodyType = t == JsonToken.VALUE_STRING ? p.getText() : null;
        case "at" -> f.at = p.getLongValue();
        case "serverTime" -> f.serverTime = p.getLongValue();
        case "lastSeq" -> f.lastSeq = p.getLongValue();
        case "ok" -> f.ok = t == JsonToken.VALUE_TRUE;
        case "more" -> f.more = t == JsonToken.VALUE_TRUE;
        case "duplicate" -> f.duplicate = t == JsonToken.VALUE_TRUE;
        case "events" -> {
          if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String n = p.currentName();
                p.nextToken();
                if (n.equals("seq")) {
                  f.addEvent(p.getLongValue());
                } else {
                  p.skipChildren();
                }
              }
            }
          } else {
            p.skipChildren();
          }
        }
        case "state" -> {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String n = p.currentName();
              p.nextToken();
              if (n.equals("lastSeq")) {
                f.stateLastSeq = p.getLongValue();
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }
}
