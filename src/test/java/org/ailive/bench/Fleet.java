package org.ailive.bench;

import com.fasterxml.jackson.core.JsonFactory;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The load side: one Vert.x with a few event loops, one WebSocket client, many {@link LiveClient}s
 * spread over the loops, a shared pinger (every client pings every {@code pingMs}, spread evenly),
 * and the counters and latency recorders every client writes to.
 */
public final class Fleet implements AutoCloseable {

  public final Vertx vertx;
  public final WebSocketClient ws;
  public final String host = "127.0.0.1";
  public final int port;
  public final Settings settings;
  public final Stats stats = new Stats();
  final JsonFactory json = new JsonFactory();
  private final List<Context> contexts = new ArrayList<>();
  private final List<List<LiveClient>> byContext = new ArrayList<>();
  private final List<LiveClient> all = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger next = new AtomicInteger();
  private final List<Long> timers = Collections.synchronizedList(new ArrayList<>());

  /** What every client of this fleet does, as a browser running live.js would. */
  public record Settings(boolean presence, boolean compress, boolean syncState, int clockSamples, int pingMs) {
  }

  public static final class Stats {
    /** Event {@code at} (server time, before commit) to receipt, ms. */
    public final Recorder atLatency = new Recorder(3_600_000L, 3);
    /** Event {@code serverTime} (server time, at publish) to receipt, ms. */
    public final Recorder publishLatency = new Recorder(3_600_000L, 3);
    /** Command sent (or due, in open-loop runs) to acknowledged, µs. */
    public final Recorder ackLatency = new Recorder(3_600_000_000L, 3);
    public final LongAdder deliveries = new LongAdder();
    public final LongAdder presenceFrames = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder rejects = new LongAdder();
    public final LongAdder negativeLatency = new LongAdder();
    public final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    public volatile boolean measuring;
    /** A representative event payload and room state, captured for the baseline server. */
    public volatile JsonObject capturedPayload;
    public volatile JsonObject capturedState;
    public volatile long capturedFrameBytes;

    public void error(String code) {
      errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    public long errorCount() {
      return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Starts a measured window: what was recorded so far is dropped. */
    public void startWindow() {
      atLatency.getIntervalHistogram();
      publishLatency.getIntervalHistogram();
      ackLatency.getIntervalHistogram();
      measuring = true;
    }

    /** One event's latency from its {@code at} and its {@code serverTime} (ms), while measuring. */
    void latency(long now, long at, long serverTime) {
      if (measuring && serverTime > 0) {
        long fromAt = now - at;
        long fromPublish = now - serverTime;
        if (fromAt < 0 || fromPublish < 0) {
          negativeLatency.increment();
        }
        record(atLatency, fromAt, 3_600_000L);
        record(publishLatency, fromPublish, 3_600_000L);
      }
    }

    public static void record(Recorder r, long value, long max) {
      r.recordValue(Math.max(0, Math.min(value, max)));
    }
  }

  public Fleet(int port, Settings settings) throws Exception {
    this.port = port;
    this.settings = settings;
    int loops = Math.max(2, Runtime.getRuntime().availableProcessors());
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setBlockedThreadCheckInterval(60_000));
    ws = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(1_000_000)
      .setTryUsePerMessageCompression(settings.compress())
      .setMaxFrameSize(64 * 1024 * 1024)
      .setMaxMessageSize(64 * 1024 * 1024)
      .setConnectTimeout(30_000)
      .setClosingTimeout(5));
    List<Context> found = Collections.synchronizedList(new ArrayList<>());
    vertx.deployVerticle(() -> new AbstractVerticle() {
      @Override
      public void start() {
        found.add(context);
      }
    }, new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
    contexts.addAll(found);
    for (int i = 0; i < contexts.size(); i++) {
      byContext.add(new ArrayList<>());
    }
    startPinger();
  }

  /** A new client of meeting {@code meetingId}; nothing happens until it joins. */
  public LiveClient client(String meetingId, String token) {
    return client(meetingId, token, port);
  }

  /** A new client of meeting {@code meetingId} that connects to {@code serverPort} (one node of several). */
  public LiveClient client(String meetingId, String token, int serverPort) {
    int index = next.getAndIncrement();
    int c = index % contexts.size();
    LiveClient client = new LiveClient(this, index, contexts.get(c), serverPort, meetingId, token);
    synchronized (byContext.get(c)) {
      byContext.get(c).add(client);
    }
    all.add(client);
    return client;
  }

  /** A client on the same event loop as {@code sibling} (so they may share state without locks). */
  public LiveClient clientBeside(LiveClient sibling, String meetingId, String token) {
    int index = next.getAndIncrement();
    int c = contexts.indexOf(sibling.ctx);
    LiveClient client = new LiveClient(this, index, sibling.ctx, sibling.port, meetingId, token);
    synchronized (byContext.get(c)) {
      byContext.get(c).add(client);
    }
    all.add(client);
    return client;
  }

  public List<LiveClient> clients() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** Every client pings every pingMs; one tick a second per loop pings its share. */
  private void startPinger() {
    int slots = Math.max(1, settings.pingMs() / 1000);
    for (int c = 0; c < contexts.size(); c++) {
      List<LiveClient> mine = byContext.get(c);
      int[] tick = {0};
      Context ctx = contexts.get(c);
      ctx.runOnContext(v -> timers.add(vertx.setPeriodic(1000, id -> {
        int slot = tick[0]++ % slots;
        List<LiveClient> snapshot;
        synchronized (mine) {
          snapshot = List.copyOf(mine);
        }
        for (LiveClient client : snapshot) {
          if (client.index % slots == slot) {
            client.ping();
          }
        }
      })));
    }
  }

  /**
   * Runs {@code step} on the given clients, at most {@code concurrency} at a time, until all have
   * finished or the deadline passes. Returns how many succeeded.
   */
  public static Joined joinAll(List<LiveClient> clients, int concurrency, long deadlineMs,
                               java.util.function.Function<LiveClient, Future<Void>> step) throws InterruptedException {
    long start = System.nanoTime();
    AtomicInteger cursor = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Histogram took = new Histogram(3_600_000L, 3);
    Consumer<Void>[] launch = new Consumer[1];
    launch[0] = ignored -> {
      int i = cursor.getAndIncrement();
      if (i >= clients.size()) {
        return;
      }
      long t0 = System.nanoTime();
      step.apply(clients.get(i)).onComplete(r -> {
        synchronized (took) {
          took.recordValue(Math.min(3_600_000L, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
        }
        (r.succeeded() ? ok : failed).incrementAndGet();
        launch[0].accept(null);
      });
    };
    for (int i = 0; i < Math.min(concurrency, clients.size()); i++) {
      launch[0].accept(null);
    }
    long deadline = System.currentTimeMillis() + deadlineMs;
    while (ok.get() + failed.get() < clients.size() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    synchronized (took) {
      return new Joined(clients.size(), ok.get(), failed.get(), elapsed, took.copy());
    }
  }

  public record Joined(int wanted, int ok, int failed, long elapsedMs, Histogram took) {
    public double perSecond() {
      return elapsedMs == 0 ? 0 : ok * 1000.0 / elapsedMs;
    }

    public boolean complete() {
      return ok == wanted;
    }
  }

  /** Runs {@code f} on each client's own loop and waits: a consistent read of client state. */
  public <T> List<T> collect(java.util.function.Function<LiveClient, T> f) throws Exception {
    List<Future<List<T>>> parts = new ArrayList<>();
    for (int c = 0; c < contexts.size(); c++) {
      List<LiveClient> mine;
      synchronized (byContext.get(c)) {
        mine = List.copyOf(byContext.get(c));
      }
      Promise<List<T>> p = Promise.promise();
      contexts.get(c).runOnContext(v -> {
        List<T> out = new ArrayList<>();
        mine.forEach(client -> out.add(f.apply(client)));
        p.complete(out);
      });
      parts.add(p.future());
    }
    List<T> all = new ArrayList<>();
    for (Future<List<T>> part : parts) {
      all.addAll(part.await(60, TimeUnit.SECONDS));
    }
    return all;
  }

  @Override
  public void close() {
    try {
      for (LiveClient c : clients()) {
        c.drop();
      }
      Thread.sleep(500);
      ws.close().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // best effort
    }
  }
}
