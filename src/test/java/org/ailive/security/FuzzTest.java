package org.ailive.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.ailive.auth.Identity;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.ailive.security.FuzzInputs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6: thousands of random and malformed requests and bridge frames, every one of which the
 * service must refuse, to every route of the route table and to every bus address (and unknown
 * ones), with valid officer, chair and partner tokens and with broken ones. Bodies are valid
 * requests with one thing wrong (a wrong JSON type in a field, a string over its limit, a bad date,
 * an unknown enum value, a missing field, an id of nothing), or not JSON at all (deep nesting,
 * invalid UTF-8, NaN, duplicate keys, truncated, over the body limit, wrong content type).
 *
 * <p>Afterwards: every answer was a 4xx (over HTTP) or a refusal (on the bus), none took more than a
 * few seconds, the service still answers /health and a normal command, and no table changed (the
 * audit trail may only have gained failed sign-ins).
 *
 * <p>The seed is printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.scale=2} doubles the
 * random part. Inputs that hit the defects pinned in {@link InputDefectTest} (NUL characters in
 * text, numbers beyond a long, lone surrogates) are left out unless {@code -Dfuzz.knownDefects=true}.
 *
 * <p>What is sent is built by {@link FuzzCases}, on top of {@link FuzzCommands}, {@link FuzzRoutes} and
 * {@link FuzzValues}; the shapes of requests and bodies are in {@link FuzzInputs}.
 */
class FuzzTest {

  static final long DEFAULT_SEED = 20261123L;
  static final long SLOW_MS = 5000;
  static final int HTTP_THREADS = 6;
  static final int BUS_THREADS = 6;

  static SecurityFixture fx;
  static String officer;
  static String chair;
  static String partner;
  static String observer;
  static String presenter;
  static String expired;
  static String contributionId;
  static String proposedActionId;
  static String focusConcerns;
  static String chairId;
  static String policeId;
  static List<String> itemIds = new ArrayList<>();
  static final AtomicInteger keys = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    fx = SecurityFixture.start();
    officer = fx.demoToken("officer");
    chair = fx.demoToken("chair");
    partner = fx.demoToken("partner");
    observer = fx.demoToken("observer");
    presenter = fx.demoToken("presenter");
    chairId = fx.memberIds.get("chair");
    policeId = fx.memberIds.get("partner");
    expired = fx.server.app.tokens().issue(new Identity(UUID.fromString(policeId), "Gemma Rowe", null, null,
      Set.of("officer")), 1);
    // The demo meeting, live on its first case, with everyone the fuzz uses already marked present
    // (so listening changes nothing), a contribution and a proposed action to aim edits at.
    setup(officer, "meeting.open", new JsonObject());
    setup(chair, "meeting.start", new JsonObject());
    setup(chair, "timer.start", new JsonObject());
    for (String token : List.of(officer, chair, partner, observer)) {
      BusClient c = BusClient.connect(fx.server.vertx, fx.server.port(), token);
      c.listen("ailive.meeting." + fx.demoMeeting + ".events");
      c.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type")), "joined");
      c.close();
    }
    setup(partner, "contribution.add", new JsonObject().put("body", "A partner's update to aim edits at."));
    setup(partner, "action.propose", new JsonObject().put("description", "Fuzz target: call the family weekly")
      .put("ownerAgencyId", fx.policeAgency).put("successMeasure", "Weekly calls logged"));
    JsonObject state = fx.send("GET", "/api/meetings/" + fx.demoMeeting + "/room", null, chair)
      .bodyAsJsonObject().getJsonObject("state");
    contributionId = state.getJsonArray("contributions").getJsonObject(0).getString("id");
    for (Object a : state.getJsonArray("actions")) {
      if ("proposed".equals(((JsonObject) a).getString("status"))) {
        proposedActionId = ((JsonObject) a).getString("id");
      }
    }
    focusConcerns = state.getJsonObject("focus").getJsonObject("summary").getString("summaryOfConcerns");
    state.getJsonArray("agenda").forEach(i -> itemIds.add(((JsonObject) i).getString("id")));
    Thread.sleep(1100); // the one-second token above has expired
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  static void setup(String token, String type, JsonObject args) throws Exception {
    var res = fx.send("POST", "/api/meetings/" + fx.demoMeeting + "/commands",
      args.copy().put("type", type).put("key", "setup-" + keys.incrementAndGet()).encode(), token);
    assertEquals(200, res.statusCode(), type + ": " + res.bodyAsString());
  }

  @Test
  void thousandsOfBadRequestsAndFramesAreRefusedAndChangeNothing() throws Exception {
    run(Boolean.getBoolean("fuzz.knownDefects"));
  }

  @Test
  void theSameIncludingTheInputsOfTheKnownDefects() throws Exception {
    run(true);
  }

  // ---------------------------------------------------------------------------------------------
  // The run


  private void run(boolean knownDefects) throws Exception {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int scale = Integer.getInteger("fuzz.scale", 1);
    System.out.println("FuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + "), scale " + scale
      + ", known-defect inputs " + (knownDefects ? "included" : "left out"));
    FuzzCases gen = new FuzzCases(new Random(seed), knownDefects);

    List<HttpCase> http = new ArrayList<>();
    List<HttpCase> commands = new ArrayList<>();
    gen.routes(http);
    gen.commandsOverHttp(commands, http);
    gen.randomHttp(http, 1200 * scale);
    List<FrameCase> frames = new ArrayList<>();
    gen.frames(frames);
    gen.randomFrames(frames, 900 * scale);
    Collections.shuffle(http, gen.rnd);

    // Enough connections that no request waits for one: the time measured is the server's.
    WebClient client = WebClient.create(fx.server.vertx, new WebClientOptions().setDefaultHost("localhost")
      .setDefaultPort(fx.server.port()), new PoolOptions().setHttp1MaxSize(32));
    Map<String, String> before = snapshot();
    long auditBefore = fx.server.query("SELECT coalesce(max(id), 0) AS n FROM audit_entry").getJsonObject(0).getLong("n");
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    Map<Integer, AtomicInteger> statuses = new TreeMap<>();
    AtomicLong slowest = new AtomicLong();
    long t0 = System.currentTimeMillis();

    // Commands are paced under the per-member budget (10 a second), so they reach the room's checks.
    Map<String, List<HttpCase>> byToken = new LinkedHashMap<>();
    commands.forEach(c -> byToken.computeIfAbsent(c.token(), k -> new ArrayList<>()).add(c));
    ExecutorService pool = Executors.newFixedThreadPool(byToken.size() + HTTP_THREADS + BUS_THREADS);
    List<Future<?>> running = new ArrayList<>();
    for (List<HttpCase> mine : byToken.values()) {
      running.add(pool.submit(() -> {
        for (HttpCase c : mine) {
          long started = System.currentTimeMillis();
          exchange(client, c, problems, statuses, slowest);
          sleepQuietly(Math.max(0, 105 - (System.currentTimeMillis() - started)));
        }
      }));
    }
    AtomicInteger nextHttp = new AtomicInteger();
    for (int t = 0; t < HTTP_THREADS; t++) {
      running.add(pool.submit(() -> {
        for (int i = nextHttp.getAndIncrement(); i < http.size(); i = nextHttp.getAndIncrement()) {
          exchange(client, http.get(i), problems, statuses, slowest);
        }
      }));
    }
    WebSocketClient wsClient = fx.server.vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    Map<String, AtomicInteger> answers = new TreeMap<>();
    AtomicInteger nextFrame = new AtomicInteger();
    for (int t = 0; t < BUS_THREADS; t++) {
      running.add(pool.submit(() -> {
        for (int i = nextFrame.getAndIncrement(); i < frames.size(); i = nextFrame.getAndIncrement()) {
          frame(wsClient, frames.get(i), problems, answers, slowest);
        }
      }));
    }
    for (Future<?> f : running) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    wsClient.close();
    client.close();
    long elapsed = System.currentTimeMillis() - t0;

    Map<String, String> after = snapshot();
    for (String table : before.keySet()) {
      if (!before.get(table).equals(after.get(table))) {
        problems.add("table " + table + " changed: " + before.get(table) + " -> " + after.get(table));
      }
    }
    JsonArray audit = fx.server.query("SELECT action, count(*) AS n FROM audit_entry WHERE id > $1 GROUP BY action",
      auditBefore);
    for (Object o : audit) {
      String action = ((JsonObject) o).getString("action");
      // Refused sign-ins and join links are recorded on purpose (issue 15 item 5); nothing else is.
      if (!Set.of("sign_in_failed", "sign_in_locked", "sign_in_throttled", "join_link_refused").contains(action)) {
        problems.add("audit_entry gained " + o + ": a refused request left an audit row");
      }
    }

    System.out.println("FuzzTest: " + (http.size() + commands.size()) + " HTTP requests (" + commands.size()
      + " of them commands), " + frames.size() + " bridge frames in " + elapsed + " ms; slowest answer "
      + slowest.get() + " ms");
    System.out.println("FuzzTest HTTP statuses: " + statuses);
    System.out.println("FuzzTest bus answers: " + answers);
    System.out.println("FuzzTest audit rows added: " + audit);

    // Still up, and a normal change still works, over HTTP and the bus.
    assertEquals(200, fx.send("GET", "/health", null, null).statusCode());
    var extend = fx.send("POST", "/api/meetings/" + fx.demoMeeting + "/commands",
      new JsonObject().put("type", "timer.extend").put("minutes", 1).put("key", "after-fuzz-" + seed + "-" + knownDefects)
        .encode(), chair);
    assertEquals(200, extend.statusCode(), "a normal command after the fuzz: " + extend.bodyAsString());
    BusClient bus = BusClient.connect(fx.server.vertx, fx.server.port(), partner);
    try {
      bus.listen("ailive.meeting." + fx.demoMeeting + ".events");
      bus.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type")), "joined after the fuzz");
      JsonObject sync = bus.request("ailive.meeting." + fx.demoMeeting + ".cmd", new JsonObject().put("type", "sync"));
      assertEquals("rec", sync.getString("type"), sync.encode());
    } finally {
      bus.close();
    }

    List<String> listed = new ArrayList<>(problems);
    listed.forEach(p -> System.out.println("FuzzTest problem: " + p));
    assertTrue(listed.isEmpty(), listed.size() + " problems (seed " + seed + "):\n  "
      + String.join("\n  ", listed.subList(0, Math.min(60, listed.size()))));
    assertTrue(slowest.get() < SLOW_MS, "the slowest answer took " + slowest.get() + " ms");
  }

  private static void exchange(WebClient client, HttpCase c, ConcurrentLinkedQueue<String> problems,
                               Map<Integer, AtomicInteger> statuses, AtomicLong slowest) {
    try {
      long t0 = System.nanoTime();
      HttpResponse<Buffer> res;
      try {
        res = send(client, c);
      } catch (HttpClosedException e) {
        // The server closes a connection after refusing an oversized request (413, 414, 431); a request
        // that the pool had already put on that connection goes again on another.
        t0 = System.nanoTime();
        res = send(client, c);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      slowest.accumulateAndGet(ms, Math::max);
      synchronized (statuses) {
        statuses.computeIfAbsent(res.statusCode(), k -> new AtomicInteger()).incrementAndGet();
      }
      if (res.statusCode() < 400 || res.statusCode() >= 500) {
        problems.add(res.statusCode() + " " + abbreviate(res.bodyAsString(), 200) + " <- " + c.describe());
      } else if (ms > SLOW_MS) {
        problems.add("took " + ms + " ms <- " + c.describe());
      }
    } catch (Exception e) {
      problems.add("no answer (" + e + ") <- " + c.describe());
    }
  }

  private static HttpResponse<Buffer> send(WebClient client, HttpCase c) throws java.util.concurrent.TimeoutException {
    HttpRequest<Buffer> req = client.request(HttpMethod.valueOf(c.method()), c.path());
    c.headers().forEach(req::putHeader);
    boolean oversized = c.path().length() > 4000 || (c.body() != null && c.body().length > 60_000)
      || c.headers().values().stream().anyMatch(v -> v.length() > 4000);
    if (oversized) {
      req.putHeader("Connection", "close");
    }
    return c.body() == null ? req.send().await(20, TimeUnit.SECONDS)
      : req.sendBuffer(Buffer.buffer(c.body())).await(20, TimeUnit.SECONDS);
  }

  private static void frame(WebSocketClient client, FrameCase f, ConcurrentLinkedQueue<String> problems,
                            Map<String, AtomicInteger> answers, AtomicLong slowest) {
    try (RawBus bus = RawBus.connect(client, fx.server.port())) {
      long t0 = System.nanoTime();
      if (f.binary()) {
        bus.binary(f.bytes());
      } else {
        bus.rawText(f.bytes());
      }
      RawBus.Answer a = bus.next(10_000);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      slowest.accumulateAndGet(ms, Math::max);
      String kind;
      if (a.closed()) {
        kind = "socket closed";
      } else if (a.none()) {
        kind = "no answer";
        problems.add("no answer in 10 s <- frame " + f.describe());
      } else if ("err".equals(a.frame().getString("type")) && a.frame().containsKey("failureCode")) {
        int code = a.frame().getInteger("failureCode");
        kind = "failed reply " + code;
        if (code < 400 || code >= 500) {
          problems.add("failed reply " + a + " <- frame " + f.describe());
        }
      } else if ("err".equals(a.frame().getString("type"))) {
        kind = "err " + a.frame().getString("body");
      } else {
        kind = "accepted";
        problems.add("accepted: " + abbreviate(a.toString(), 200) + " <- frame " + f.describeFully());
      }
      if (ms > SLOW_MS) {
        problems.add("took " + ms + " ms <- frame " + f.describe());
      }
      synchronized (answers) {
        answers.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      }
    } catch (Exception e) {
      problems.add("could not write (" + e + ") <- frame " + f.describe());
    }
  }

  /** Row count and a hash of the contents of every table a refused request must leave alone. */
  static Map<String, String> snapshot() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (String table : List.of("meeting", "agenda_item", "family_case", "attendance", "contribution", "action",
      "action_update", "member", "panel", "panel_member", "meeting_event", "invitation", "join_link", "minutes_version",
      "revoked_token", "agency", "district", "double_district", "need_key_agency")) {
      JsonObject row = fx.server.query("SELECT count(*) AS n, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '')"
        + " AS h FROM " + table + " t").getJsonObject(0);
      out.put(table, row.getLong("n") + " rows, md5 " + row.getString("h"));
    }
    return out;
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
