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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
import java.util.function.Function;

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

  record HttpCase(String method, String path, Map<String, String> headers, byte[] body, String token, String label) {
    String describe() {
      String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return method + " " + abbreviate(path, 200) + " [" + label + "] headers=" + abbreviate(headers.toString(), 120)
        + " body=" + abbreviate(b, 300);
    }
  }

  record FrameCase(byte[] bytes, boolean binary, String label) {
    String describeFully() {
      return "[" + label + "] " + abbreviate(new String(bytes, StandardCharsets.UTF_8), 3000);
    }

    String describe() {
      return "[" + label + "] " + (binary ? "binary " : "") + abbreviate(new String(bytes, StandardCharsets.UTF_8), 300);
    }
  }

  private void run(boolean knownDefects) throws Exception {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int scale = Integer.getInteger("fuzz.scale", 1);
    System.out.println("FuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + "), scale " + scale
      + ", known-defect inputs " + (knownDefects ? "included" : "left out"));
    Gen gen = new Gen(new Random(seed), knownDefects);

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

  static String abbreviate(String s, int max) {
    if (s == null) {
      return "";
    }
    String flat = s.replace("\n", "\\n");
    return flat.length() > max ? flat.substring(0, max) + "…(" + flat.length() + " chars)" : flat;
  }

  // ---------------------------------------------------------------------------------------------
  // What to send

  /** A field of a request body and what makes it wrong. */
  record F(String name, String kind, long min, long max, List<String> extraBad) {
    static F of(String name, String kind) {
      return new F(name, kind, 0, 0, List.of());
    }

    static F text(String name, boolean required, int max) {
      return new F(name, required ? "text" : "text?", 0, max, List.of());
    }

    static F integer(String name, boolean required, long min, long max) {
      return new F(name, required ? "int" : "int?", min, max, List.of());
    }

    F bad(String... more) {
      List<String> all = new ArrayList<>(extraBad);
      all.addAll(List.of(more));
      return new F(name, kind, min, max, all);
    }

    boolean required() {
      return !kind.endsWith("?") && !kind.equals("custom");
    }
  }

  static final String MISSING = "\u0001missing";

  /** A request body as raw JSON fragments, so any value (or non-value) can be put in a field. */
  static final class Body {
    final LinkedHashMap<String, String> fields = new LinkedHashMap<>();

    static Body of(Object... kv) {
      Body b = new Body();
      for (int i = 0; i < kv.length; i += 2) {
        b.fields.put((String) kv[i], json(kv[i + 1]));
      }
      return b;
    }

    Body with(String field, String raw) {
      Body b = new Body();
      b.fields.putAll(fields);
      if (MISSING.equals(raw)) {
        b.fields.remove(field);
      } else {
        b.fields.put(field, raw);
      }
      return b;
    }

    String encode() {
      StringBuilder sb = new StringBuilder("{");
      fields.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(q(k)).append(": ").append(v));
      return sb.append('}').toString();
    }
  }

  static String json(Object value) {
    return value instanceof String s ? q(s) : String.valueOf(value instanceof JsonArray a ? a.encode() : value);
  }

  static String q(String s) {
    return new JsonArray().add(s).encode().replaceAll("^\\[|]$", "");
  }

  /** A route of the table with a request it must refuse once one thing is wrong. */
  record Route(String method, String path, String token, Body base, List<F> fields, boolean baseRefused,
               boolean emptyObjectRefused, boolean emptyBodyRefused, List<String> pathIds, Map<String, List<String>> query) {
  }

  final class Gen {
    final Random rnd;
    final boolean knownDefects;

    Gen(Random rnd, boolean knownDefects) {
      this.rnd = rnd;
      this.knownDefects = knownDefects;
    }

    <T> T pick(List<T> list) {
      return list.get(rnd.nextInt(list.size()));
    }

    /** Some of a list, at most n, in a random order. */
    <T> List<T> some(List<T> list, int n) {
      List<T> copy = new ArrayList<>(list);
      Collections.shuffle(copy, rnd);
      return copy.subList(0, Math.min(n, copy.size()));
    }

    String randomText(int length) {
      String[] alphabet = {"a", "Z", "0", " ", "é", "ß", "Ж", "中", "😀", "\u200f", "\u200b", "'", "\"", "\\", "<", "%",
        "\t", "\n", ";", "--", "{", "}"};
      StringBuilder sb = new StringBuilder();
      while (sb.length() < length) {
        sb.append(alphabet[rnd.nextInt(alphabet.length)]);
      }
      return sb.toString();
    }

    /** Printable ASCII: what an HTTP header can carry. */
    String headerSafe(int length) {
      StringBuilder sb = new StringBuilder();
      while (sb.length() < length) {
        sb.append((char) (33 + rnd.nextInt(94)));
      }
      return sb.toString();
    }

    List<String> notAString() {
      return List.of("5", "-1", "1.5", "true", "false", "[]", "{}", "[\"a\"]", "{\"$ne\": null}", "1e400", "0");
    }

    /** Values the field must refuse, as raw JSON (MISSING: leave the field out). */
    List<String> badValues(F f) {
      List<String> out = new ArrayList<>(f.extraBad());
      String k = f.kind().replace("?", "");
      boolean required = f.required();
      if (required) {
        out.add("null");
        out.add(MISSING);
      }
      switch (k) {
        case "text" -> {
          out.addAll(notAString());
          out.add(q(randomText((int) f.max() + 1 + rnd.nextInt(40))));
          out.add(q("x".repeat((int) f.max() + 1)));
          if (f.max() < 50_000) {
            out.add(q(randomText(50_000)));
          }
          if (required) {
            out.add(q(""));
            out.add(q(" \t\n "));
          }
          if (knownDefects) {
            out.add(q("before\u0000after"));
            out.add("\"x\\ud800y\"");
          }
        }
        case "uuid" -> {
          out.addAll(List.of("5", "true", "[]", "{}", "[\"" + UUID.randomUUID() + "\"]"));
          String u = UUID.randomUUID().toString();
          out.addAll(List.of(q("x"), q(""), q(u.substring(0, 35) + "g"), q(u + " "), q("{" + u + "}"),
            q(u.replace("-", "")), q("../../etc/passwd"), q("' OR '1'='1"), q(u + "\u0000"), q(u.substring(0, 35))));
        }
        case "date" -> out.addAll(List.of(q("2026-02-30"), q("2026-13-01"), q("26-01-01"), q("2026/01/01"),
          q("2026-1-1"), q("tomorrow"), q(""), "20260101", q("2026-01-01T00:00"), q("+2026-01-01"), "true", "[]"));
        case "time" -> out.addAll(List.of(q("25:00"), q("9:30"), q("09:60"), q("09:30:00"), q("noon"), "930", q(""),
          "[]"));
        case "int" -> {
          out.addAll(List.of(q("5"), q(""), "true", "[]", "{}", "[5]", q("1e3"), "1.5", "-0.5", "1e400", "-1e400",
            Long.toString(f.min() - 1), Long.toString(f.max() + 1), Long.toString(Long.MAX_VALUE),
            Long.toString(Long.MIN_VALUE)));
          if (knownDefects) {
            out.addAll(List.of("18446744073709551621", "-18446744073709551611"));
          }
        }
        case "bool" -> out.addAll(List.of(q("true"), "1", "0", q("yes"), "[]", "{}", q("")));
        case "enum" -> out.addAll(List.of(q("bogus"), q(""), q("' OR '1'='1"), "5", "true", "[]",
          q(f.extraBad().isEmpty() ? "X" : "X")));
        case "custom" -> { }
        default -> throw new IllegalArgumentException(f.kind());
      }
      return out;
    }

    /** Tokens that must not open anything. */
    List<Map<String, String>> badAuth() {
      String[] real = partner.split("\\.");
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(real[1]), StandardCharsets.UTF_8))
        .put("roles", new JsonArray().add("officer").add("chair"));
      String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toBuffer().getBytes());
      List<Map<String, String>> out = new ArrayList<>();
      for (String v : List.of("Bearer ", "Bearer x", "Bearer " + real[0] + "." + forgedClaims + "." + real[2],
        "Bearer " + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
          + forgedClaims + ".", "Bearer " + real[0] + "." + real[1] + ".", "Bearer " + expired,
        "Bearer " + fx.joinLink, "Basic b2ZmaWNlcjpwYXNzd29yZA==", "Bearer " + partner.substring(0, partner.length() - 3),
        "Bearer " + headerSafe(300), "Bearer " + "A".repeat(12_000), partner)) {
        out.add(Map.of("Authorization", v));
      }
      out.add(Map.of());
      return out;
    }

    /** Bodies that are not the JSON object a route expects; the flag says whether it parses as an object. */
    List<Map.Entry<byte[], Boolean>> malformed() {
      List<Map.Entry<byte[], Boolean>> out = new ArrayList<>();
      for (String s : List.of("", " ", "{", "}", "[", "[]", "[{}]", "null", "0", "-1", "\"s\"", "true", "{\"a\":}",
        "{'a': 1}", "{a: 1}", "{\"a\": 1,}", "{\"a\": 01}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{\"a\": NaN}",
        "{\"a\": Infinity}", "{\"a\": -Infinity}", "{\"a\": .5}", "{\"a\": \"b\"", "{\"a\" \"b\"}",
        "{\"type\": \"sync\"]", "\"{}\"", "{\"a\": [1, 2}", "{\"a\": tru}", "{\"a\": nul}")) {
        out.add(Map.entry(s.getBytes(StandardCharsets.UTF_8), false));
      }
      out.add(Map.entry("{}".getBytes(StandardCharsets.UTF_8), true));
      // Vert.x's JSON reader allows comments: this one is an empty object too.
      out.add(Map.entry("/* c */ {}".getBytes(StandardCharsets.UTF_8), true));
      out.add(Map.entry(("{\"a\": 1}" + "{\"b\": 2}").getBytes(StandardCharsets.UTF_8), true));
      out.add(Map.entry(("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(StandardCharsets.UTF_8), false));
      out.add(Map.entry(("{\"a\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8), false));
      out.add(Map.entry("[".repeat(100_000).getBytes(StandardCharsets.UTF_8), false));
      out.add(Map.entry(("{\"a\": \"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8), false));
      out.add(Map.entry(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, false));
      out.add(Map.entry(new byte[] {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'}, false));
      out.add(Map.entry(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x80, (byte) 0xBF, '"', '}'}, false));
      out.add(Map.entry(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xF0, (byte) 0x9F, '"', '}'}, false));
      out.add(Map.entry(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '}'}, false));
      out.add(Map.entry(new byte[] {0x1F, (byte) 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0}, false));
      byte[] noise = new byte[512];
      rnd.nextBytes(noise);
      out.add(Map.entry(noise, false));
      out.add(Map.entry("{\"a\": \"\u0000\"".getBytes(StandardCharsets.UTF_8), false));
      return out;
    }

    Map<String, String> jsonHeaders(String token) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", "application/json");
      if (token != null) {
        h.put("Authorization", "Bearer " + token);
      }
      return h;
    }

    HttpCase request(Route r, String path, Map<String, String> headers, String body, String label) {
      return new HttpCase(r.method(), path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        r.token(), label);
    }

    String path(Route r, int badIndex, String badId) {
      String out = r.path();
      for (int i = 0; i < r.pathIds().size(); i++) {
        out = out.replace("{" + i + "}", i == badIndex ? badId : r.pathIds().get(i));
      }
      return out;
    }

    List<String> badIds() {
      return List.of("x", "1", "00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString(), "%00", "%20",
        "..", "%2e%2e", "'%20OR%20'1'='1", UUID.randomUUID() + "x", "a".repeat(5000), "%F0%9F%98%80", "%C3%28",
        UUID.randomUUID().toString().toUpperCase().replace('A', 'G'));
    }

    List<Route> routes() {
      String demo = fx.demoMeeting;
      String item2 = itemIds.get(1);
      List<Route> out = new ArrayList<>();
      Map<String, List<String>> none = Map.of();
      // Public routes: the base body is itself refused (wrong credentials, made-up link).
      out.add(new Route("POST", "/api/auth/sign-in", null, Body.of("email", "fuzz@nowhere.example", "password", "wrong"),
        List.of(F.text("email", true, 320), F.text("password", true, 1024)), true, true, true, List.of(), none));
      out.add(new Route("POST", "/api/auth/accept-invitation", null, Body.of("code", "made-up", "password",
        "a long enough password"), List.of(F.text("code", true, 200), F.text("password", true, 1024)
        .bad(q("short"), q("aaaaaaaaaaaaaaaa"), q("abababababababab"))), false, true, true, List.of(), none));
      out.add(new Route("POST", "/api/auth/join", null, Body.of("token", "not.a.jwt"), List.of(F.text("token", true, 4096)),
        true, true, true, List.of(), none));
      // Officer.
      out.add(new Route("POST", "/api/members/invitations", officer, Body.of("fullName", "Fuzz Person", "email",
        "fuzz-{n}@nowhere.example", "agencyId", fx.policeAgency, "roles", new JsonArray().add("partner"), "panelIds",
        new JsonArray()), List.of(F.text("fullName", true, 200), F.text("email", true, 320).bad(q("not-an-email"),
        q("a@b"), q("a b@c.example"), q("@c.example"), q("a@b@c.example")), F.of("agencyId", "uuid?").bad(q(UUID.randomUUID().toString())),
        F.of("roles", "custom").bad("null", MISSING, "[]", "[\"king\"]", q("partner"), "[5]", "[null]", "{}",
          "[\"partner\", \"chair\", \"presenter\", \"officer\", \"observer\", \"partner\"]", "[\"Officer\"]"),
        F.of("panelIds", "custom").bad(q("x"), "[5]", "[\"x\"]", "[\"" + UUID.randomUUID() + "\"]", "{}",
          new JsonArray(Collections.nCopies(51, fx.panel)).encode())), false, true, true, List.of(), none));
      out.add(new Route("PATCH", "/api/members/{0}", officer, Body.of(), List.of(
        F.of("fullName", "custom").bad("null", q(""), q("  "), q("x".repeat(201)), "5", "[]"),
        F.of("agencyId", "custom").bad(q("x"), "5", "[]", q(UUID.randomUUID().toString())),
        F.of("roles", "custom").bad("null", "[]", "[\"king\"]", q("partner"), "[5]"),
        F.of("active", "custom").bad(q("false"), "0", "[]", "{}")), false, false, false,
        List.of(fx.memberIds.get("observer")), none));
      out.add(new Route("GET", "/api/audit", officer, null, List.of(), false, false, false, List.of(), Map.of(
        "from", List.of("2026-13-01", "x", "2026-1-1", "2026-02-30"), "to", List.of("yesterday", "2026/01/01"),
        "limit", List.of("0", "10001", "abc", "1.5", "-1", "", "1e3", "99999999999"),
        "action", List.of("x".repeat(61)))));
      out.add(new Route("POST", "/api/panels/{0}/members", officer, Body.of("memberId", fx.memberIds.get("outsider-partner")),
        List.of(F.of("memberId", "uuid").bad(q(UUID.randomUUID().toString()))), false, true, true, List.of(fx.panel), none));
      out.add(new Route("DELETE", "/api/panels/{0}/members/{1}", officer, null, List.of(), true, false, false,
        List.of(fx.panel, UUID.randomUUID().toString()), none));
      out.add(new Route("POST", "/api/meetings", officer, Body.of("panelId", fx.foreignPanel, "meetingDate", "2031-{mm}-{dd}",
        "startsAt", "09:30", "endsAt", "12:30", "location", "Fuzz", "firstDistrictId", fx.foreignDistrict), List.of(
        F.of("panelId", "uuid").bad(q(UUID.randomUUID().toString())), F.of("meetingDate", "date"), F.of("startsAt", "time?"),
        F.of("endsAt", "time?").bad(q("08:00"), q("09:30")), F.text("location", false, 200),
        F.of("firstDistrictId", "uuid?").bad(q(UUID.randomUUID().toString()), q(fx.demoDistrict))), false, true, true,
        List.of(), none));
      out.add(new Route("POST", "/api/meetings/{0}/join-links", officer, Body.of("memberId", fx.memberIds.get("partner")),
        List.of(F.of("memberId", "uuid").bad(q(UUID.randomUUID().toString()), q(fx.memberIds.get("outsider-partner")))),
        false, true, true, List.of(demo), none));
      out.add(new Route("DELETE", "/api/meetings/{0}/join-links/{1}", officer, null, List.of(), true, false, false,
        List.of(demo, UUID.randomUUID().toString()), none));
      // Reads by id or with filters.
      for (String p : List.of("/api/meetings/{0}", "/api/meetings/{0}/room", "/api/meetings/{0}/follow-up",
        "/api/meetings/{0}/cases", "/api/meetings/{0}/minutes-draft", "/api/meetings/{0}/join-links",
        "/api/exports/meetings/{0}/minutes")) {
        out.add(new Route("GET", p, chair, null, List.of(), false, false, false, List.of(demo), none));
      }
      out.add(new Route("GET", "/api/meetings/{0}/events", chair, null, List.of(), false, false, false, List.of(demo),
        Map.of("after", List.of("-1", "abc", "2147483648", "1e3", "0x10", "", "1.0", "99999999999999999999"))));
      out.add(new Route("GET", "/api/cases", officer, null, List.of(), true, false, false, List.of(),
        Map.of("mine", List.of("false", "1", "TRUE", "", "yes"))));
      out.add(new Route("POST", "/api/cases", officer, Body.of("meetingId", fx.foreignMeeting, "familyRef", "WH-FZ-{n}",
        "districtId", fx.foreignDistrict, "ffaOpen", true, "consentToShare", true, "reasonForBringing", "r",
        "summaryOfConcerns", "s", "presentingNeeds", new JsonArray().add("neglect"), "voiceOfChild", "v"), caseFields(true),
        false, true, true, List.of(), none));
      out.add(new Route("PUT", "/api/cases/{0}", officer, Body.of("version", 1, "familyRef", "WH-FZ-{n}"), caseFields(false),
        false, true, true, List.of(fx.draftCase), none));
      out.add(new Route("POST", "/api/cases/{0}/submit", officer, Body.of("version", 1),
        List.of(F.integer("version", false, 1, Integer.MAX_VALUE)), true, true, true, List.of(fx.draftCase), none));
      for (String p : List.of("/api/cases/{0}", "/api/cases/{0}/key-agencies")) {
        out.add(new Route("GET", p, chair, null, List.of(), false, false, false, List.of(fx.closedCase), none));
      }
      out.add(new Route("POST", "/api/cases/{0}/accept", chair, null, List.of(), true, true, true, List.of(fx.closedCase), none));
      out.add(new Route("POST", "/api/cases/{0}/decline", chair, Body.of("reason", "r"), List.of(F.text("reason", true, 2000)),
        true, true, true, List.of(fx.closedCase), none));
      out.add(new Route("POST", "/api/cases/{0}/outcome", chair, Body.of("outcome", "ifst"), List.of(F.of("outcome", "enum")
        .bad(q("IFST"), q("ifst "), q("not_recorded"))), false, true, true, List.of(fx.closedCase), none));
      out.add(new Route("GET", "/api/actions", partner, null, List.of(), false, false, false, List.of(), Map.of(
        "overdue", List.of("maybe", "1", "TRUE"), "mine", List.of("yes", "0"), "panelId", List.of("x", "123", "' OR 1=1"),
        "meetingId", List.of("x"), "agencyId", List.of("%00"), "status", List.of("bogus", "open,,", "OPEN", ",", "open;drop"))));
      out.add(new Route("GET", "/api/actions/{0}", partner, null, List.of(), false, false, false, List.of(fx.openAction), none));
      out.add(new Route("POST", "/api/actions/{0}/progress", partner, Body.of("body", "Fuzz progress"), List.of(
        F.text("body", true, 4000), F.of("status", "enum?").bad(q("open"), q("closed"), q("dropped"), q("IN_PROGRESS"))),
        false, true, true, List.of(fx.openAction), none));
      out.add(new Route("POST", "/api/actions/{0}/drop", chair, Body.of("reason", "Fuzz"), List.of(F.text("reason", true, 2000)),
        false, true, true, List.of(fx.openAction), none));
      out.add(new Route("GET", "/api/panels/{0}/agenda-suggestions", chair, null, List.of(), false, false, false,
        List.of(fx.panel), Map.of("before", List.of("2026-13-01", "x", "2026-1-1", "20260101", "2026-02-30"))));
      for (String p : List.of("/api/exports/actions.csv", "/api/exports/actions.xlsx")) {
        out.add(new Route("GET", p, chair, null, List.of(), false, false, false, List.of(), Map.of(
          "panelId", List.of("x", UUID.randomUUID().toString()), "meetingId", List.of("x"), "agencyId", List.of("1"),
          "status", List.of("bogus", "open,"), "overdue", List.of("maybe"))));
      }
      out.add(new Route("POST", "/api/exports/meetings/{0}/minutes", chair, Body.of("note", "Fuzz"), List.of(
        F.of("note", "custom").bad(q(""), q("   "), q("x".repeat(4001)), "5", "[]", "{}", "true")), false, false, false,
        List.of(demo), none));
      for (String v : List.of("/api/exports/meetings/{0}/minutes/{1}", "/api/exports/meetings/{0}/minutes/{1}/pdf")) {
        out.add(new Route("GET", v, chair, null, List.of(), true, false, false, List.of(demo, "latest"), none));
      }
      out.add(new Route("POST", "/api/exports/meetings/{0}/minutes/{1}/approve", chair, null, List.of(), true, true, true,
        List.of(demo, "latest"), none));
      for (String report : List.of("attendance", "needs", "outcomes", "timing")) {
        for (String ext : List.of("", ".csv", ".xlsx")) {
          Map<String, List<String>> q = new LinkedHashMap<>();
          q.put("from", List.of("2026-13-01", "x", "2026-02-30"));
          q.put("to", List.of("2026/01/01", "0"));
          q.put("panelId", List.of("x", "' OR 1=1"));
          if (report.equals("timing")) {
            q.put("meetingId", List.of("x"));
          }
          out.add(new Route("GET", "/api/reports/" + report + ext, chair, null, List.of(), false, false, false, List.of(), q));
        }
      }
      // Routes with nothing to get wrong but the token.
      for (String p : List.of("/api/me", "/api/members", "/api/panels", "/api/agencies", "/api/meetings", "/api/cases/template",
        "/api/audit.csv")) {
        out.add(new Route("GET", p, officer, null, List.of(), false, false, false, List.of(), none));
      }
      for (String p : List.of("/api/auth/sign-out", "/api/auth/refresh")) {
        out.add(new Route("POST", p, officer, null, List.of(), false, false, false, List.of(), none));
      }
      return out;
    }

    List<F> caseFields(boolean creating) {
      List<F> out = new ArrayList<>();
      if (creating) {
        out.add(F.of("meetingId", "uuid").bad(q(UUID.randomUUID().toString()), q(fx.closedMeeting)));
        out.add(F.of("presenterMemberId", "uuid?").bad(q(UUID.randomUUID().toString()), q(fx.memberIds.get("outsider-partner"))));
        out.add(F.text("familyRef", true, 40).bad(q("mum@family.example"), q("07700 900123"), q("+44 (0)1438 737 000")));
        out.add(F.of("districtId", "uuid").bad(q(UUID.randomUUID().toString()), q(fx.demoDistrict)));
      } else {
        out.add(F.integer("version", true, 1, Integer.MAX_VALUE).bad("999999"));
        out.add(F.of("meetingId", "custom").bad(q(fx.demoMeeting), q(UUID.randomUUID().toString())));
        // On an edit a field left out is kept, so only wrong values (null included) are wrong.
        out.add(F.text("familyRef", false, 40).bad("null", q(""), q("  "), q("mum@family.example"), q("07700 900123")));
        out.add(F.of("districtId", "uuid?").bad("null", q(UUID.randomUUID().toString()), q(fx.demoDistrict)));
      }
      out.add(F.of("ffaOpen", "bool?").bad("null"));
      out.add(F.of("consentToShare", "bool?").bad("null"));
      for (String t : List.of("reasonForBringing", "summaryOfConcerns", "voiceOfChild")) {
        out.add(new F(t, "text?", 0, 10_000, List.of()));
      }
      out.add(F.of("presentingNeeds", "custom").bad(q("neglect"), "[5]", "[\"bogus\"]", "[\"NEGLECT\"]", "{}", "[null]",
        new JsonArray(Collections.nCopies(16, "neglect")).encode()));
      out.add(F.of("reviewDate", "date?").bad(q("2000-01-01"), q("2099-01-01")));
      return out;
    }

    /** Every route: its base if refused as is, one wrong field at a time, wrong ids, wrong filters, bad bodies, bad tokens. */
    void routes(List<HttpCase> out) {
      AtomicInteger n = new AtomicInteger();
      Function<String, String> fresh = s -> s == null ? null : s.replace("{n}", Integer.toString(n.incrementAndGet()))
        .replace("{mm}", String.format("%02d", 1 + rnd.nextInt(12))).replace("{dd}", String.format("%02d", 1 + rnd.nextInt(28)));
      for (Route r : routes()) {
        String path = path(r, -1, null);
        Map<String, String> headers = jsonHeaders(r.token());
        String base = r.base() == null ? null : r.base().encode();
        if (r.baseRefused()) {
          out.add(request(r, path, headers, fresh.apply(base), "base, refused as it is"));
        }
        for (F f : r.fields()) {
          for (String bad : badValues(f)) {
            String body = fresh.apply(r.base().with(f.name(), bad).encode());
            out.add(request(r, path, headers, body, "field " + f.name()));
          }
        }
        for (int i = 0; i < r.pathIds().size(); i++) {
          for (String badId : some(badIds(), 6)) {
            out.add(request(r, path(r, i, badId), headers, fresh.apply(base), "path id " + i));
          }
        }
        if (r.path().contains("minutes/{1}")) {
          for (String v : List.of("0", "-1", "abc", "100001", "1.5", "LATEST", "approved", "1e2", "9999999999")) {
            out.add(request(r, path(r, 1, v), headers, null, "version"));
          }
        }
        for (Map.Entry<String, List<String>> q : r.query().entrySet()) {
          for (String v : q.getValue()) {
            String sep = path.contains("?") ? "&" : "?";
            out.add(request(r, path + sep + q.getKey() + "=" + java.net.URLEncoder.encode(v, StandardCharsets.UTF_8),
              headers, null, "query " + q.getKey()));
          }
        }
        if (!r.method().equals("GET") && !r.method().equals("DELETE") && r.base() != null) {
          for (Map.Entry<byte[], Boolean> m : some(malformed(), 14)) {
            boolean empty = m.getKey().length == 0;
            if ((m.getValue() && !r.emptyObjectRefused()) || (empty && !r.emptyBodyRefused())) {
              continue;
            }
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put("Content-Type", pick(List.of("application/json", "text/plain", "application/xml",
              "application/json; charset=utf-16", "application/octet-stream")));
            out.add(new HttpCase(r.method(), path, h, m.getKey(), r.token(), "malformed body"));
          }
          if (r.emptyBodyRefused()) {
            Map<String, String> form = new LinkedHashMap<>(headers);
            form.put("Content-Type", "application/x-www-form-urlencoded");
            out.add(new HttpCase(r.method(), path, form, "a=1&type=sync".getBytes(StandardCharsets.UTF_8), r.token(), "form"));
            Map<String, String> multipart = new LinkedHashMap<>(headers);
            multipart.put("Content-Type", "multipart/form-data; boundary=zz");
            out.add(new HttpCase(r.method(), path, multipart, ("--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
              + "--zz--\r\n").getBytes(StandardCharsets.UTF_8), r.token(), "multipart"));
          }
        }
        if (r.token() != null) {
          for (Map<String, String> auth : some(badAuth(), 4)) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.remove("Authorization");
            h.putAll(auth);
            String body = r.base() == null ? null : fresh.apply(base);
            out.add(new HttpCase(r.method(), path, h, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
              null, "bad token"));
          }
        }
      }
      // Wrong roles: valid requests from members whose role does not allow them.
      Map<String, String> asPartner = jsonHeaders(partner);
      out.add(new HttpCase("POST", "/api/meetings", asPartner, Body.of("panelId", fx.panel, "meetingDate", "2031-05-07")
        .encode().getBytes(StandardCharsets.UTF_8), partner, "wrong role"));
      out.add(new HttpCase("POST", "/api/members/invitations", jsonHeaders(chair), Body.of("fullName", "Role Test", "email",
        "role@nowhere.example", "roles", new JsonArray().add("officer")).encode().getBytes(StandardCharsets.UTF_8), chair,
        "wrong role"));
      out.add(new HttpCase("PATCH", "/api/members/" + policeId, jsonHeaders(chair), "{\"roles\": [\"officer\"]}"
        .getBytes(StandardCharsets.UTF_8), chair, "wrong role"));
      out.add(new HttpCase("POST", "/api/actions/" + fx.openAction + "/drop", asPartner, "{\"reason\": \"mine\"}"
        .getBytes(StandardCharsets.UTF_8), partner, "wrong role"));
      out.add(new HttpCase("POST", "/api/cases/" + fx.closedCase + "/outcome", asPartner, "{\"outcome\": \"none\"}"
        .getBytes(StandardCharsets.UTF_8), partner, "wrong role"));
      out.add(new HttpCase("PUT", "/api/cases/" + fx.draftCase, jsonHeaders(presenter),
        "{\"version\": 1, \"familyRef\": \"X-1\"}".getBytes(StandardCharsets.UTF_8), partner, "not its presenter"));
      out.add(new HttpCase("POST", "/api/actions/" + fx.openAction + "/progress", jsonHeaders(observer),
        "{\"body\": \"observer\"}".getBytes(StandardCharsets.UTF_8), observer, "observer writes"));
      out.add(new HttpCase("POST", "/api/exports/meetings/" + fx.foreignMeeting + "/minutes", jsonHeaders(chair),
        "{\"note\": \"other panel\"}".getBytes(StandardCharsets.UTF_8), chair, "another panel's meeting"));
      // Unknown routes and methods.
      for (String[] mp : new String[][] {{"GET", "/api/nothing"}, {"DELETE", "/api/meetings"}, {"PUT", "/api/meetings/" + fx.demoMeeting},
        {"PATCH", "/api/cases/" + fx.closedCase}, {"DELETE", "/api/cases/" + fx.draftCase}, {"POST", "/api/me"},
        {"DELETE", "/api/members/" + policeId}, {"POST", "/api/audit"}, {"OPTIONS", "/api/meetings"}, {"TRACE", "/api/me"},
        {"GET", "/api/../../etc/passwd"}, {"GET", "/api/meetings/" + fx.demoMeeting + "/commands"}}) {
        out.add(new HttpCase(mp[0], mp[1], jsonHeaders(officer), null, officer, "no such route"));
      }
    }

    // ---- Live commands

    record Cmd(String token, String type, Body base, List<F> fields, boolean baseRefused, boolean change) {
    }

    List<Cmd> commands() {
      String item1 = itemIds.get(0);
      String item2 = itemIds.get(1);
      List<Cmd> out = new ArrayList<>();
      // Chair.
      out.add(new Cmd(chair, "timer.extend", Body.of("minutes", 2), List.of(F.integer("minutes", true, 1, 60)), false, true));
      out.add(new Cmd(chair, "agenda.setMinutes", Body.of("itemId", item2, "minutes", 10), List.of(
        F.of("itemId", "uuid").bad(q(UUID.randomUUID().toString())), F.integer("minutes", true, 0, 240)), false, true));
      out.add(new Cmd(chair, "agenda.addMinutes", Body.of("itemId", item2, "minutes", 1), List.of(
        F.of("itemId", "uuid"), F.integer("minutes", true, -240, 240).bad("230", "-16")), false, true));
      out.add(new Cmd(chair, "agenda.add", Body.of("title", "Fuzz item", "minutes", 5), List.of(F.text("title", true, 200),
        F.integer("minutes", true, 0, 240), F.of("afterItemId", "custom").bad("5", q("x"), "[]", q(UUID.randomUUID().toString()))),
        false, true));
      // JsonArray wraps the list it is given: copies, so the item ids stay as they are.
      JsonArray all = new JsonArray(new ArrayList<>(itemIds));
      JsonArray dup = new JsonArray(new ArrayList<>(itemIds)).add(item1);
      JsonArray missingOne = new JsonArray(new ArrayList<>(itemIds.subList(1, itemIds.size())));
      JsonArray withStranger = new JsonArray(new ArrayList<>(itemIds.subList(1, itemIds.size())))
        .add(UUID.randomUUID().toString());
      out.add(new Cmd(chair, "agenda.reorder", Body.of("itemIds", all), List.of(F.of("itemIds", "custom").bad("null", MISSING,
        "[]", dup.encode(), missingOne.encode(), withStranger.encode(), q("x"), "[5]", "{}",
        new JsonArray(Collections.nCopies(501, item1)).encode())), false, true));
      out.add(new Cmd(chair, "agenda.shareRemaining", Body.of("totalMinutes", 60), List.of(
        F.integer("totalMinutes", false, 0, 1440).bad("1440")), false, true));
      // memberId may be left out (it is then yourself), but not null.
      out.add(new Cmd(chair, "attendance.mark", Body.of("memberId", policeId, "status", "in_room"), List.of(
        F.of("memberId", "uuid?").bad("null", q(UUID.randomUUID().toString())), F.of("status", "enum").bad(q("IN_ROOM"), q("in_room "),
          q("present")), F.of("substituteForMemberId", "custom").bad("5", q("x"), "[]"),
        F.of("writtenUpdate", "custom").bad("5", "[]", "{}", q("x".repeat(10_001)))), false, true));
      out.add(new Cmd(chair, "attendance.mark", Body.of("memberId", policeId, "status", "substitute"), List.of(), true, true));
      out.add(new Cmd(chair, "attendance.mark", Body.of("memberId", policeId, "status", "apologies_with_update",
        "writtenUpdate", "sorry"), List.of(F.text("writtenUpdate", true, 10_000)), false, true));
      out.add(new Cmd(chair, "meeting.observerAccess", Body.of("allowed", true), List.of(F.of("allowed", "bool")), false, true));
      out.add(new Cmd(chair, "case.highlight", Body.of("field", "voiceOfChild"), List.of(F.of("field", "custom")
        .bad(q("bogus"), q("familyRef"), q("presenterId"), "5", "[]", q("x".repeat(41)))), false, true));
      out.add(new Cmd(chair, "case.edit", Body.of("field", "summaryOfConcerns", "baseValue", focusConcerns, "value", "Edited"),
        List.of(F.of("field", "custom").bad("null", MISSING, q("bogus"), q("familyRef"), "5"),
          F.of("baseValue", "custom").bad(MISSING, q("not what it was"), "5"),
          F.text("value", true, 10_000)), false, true));
      out.add(new Cmd(chair, "case.edit", Body.of("field", "presentingNeeds", "baseValue", "[]", "value",
        new JsonArray().add("neglect")), List.of(F.of("value", "custom").bad("[]", "[\"bogus\"]", q("neglect"), "[5]",
        new JsonArray(Collections.nCopies(21, "neglect")).encode())), true, true));
      out.add(new Cmd(chair, "contribution.hide", Body.of("contributionId", contributionId), List.of(
        F.of("contributionId", "uuid").bad(q(UUID.randomUUID().toString()))), false, true));
      out.add(new Cmd(chair, "hand.next", Body.of(), List.of(), true, true));
      out.add(new Cmd(chair, "action.confirm", Body.of("actionId", proposedActionId), List.of(
        F.of("actionId", "uuid").bad(q(UUID.randomUUID().toString()), q(fx.openAction)),
        F.of("lateDueReason", "custom").bad("5", "[]", q("x".repeat(1001)))), false, true));
      out.add(new Cmd(chair, "action.return", Body.of("actionId", proposedActionId, "reason", "Not SMART"), List.of(
        F.of("actionId", "uuid"), F.text("reason", true, 1000)), false, true));
      out.add(new Cmd(chair, "action.proposeClose", Body.of("actionId", proposedActionId, "completionConfirmed", true),
        List.of(), true, true));
      out.add(new Cmd(chair, "action.close", Body.of("actionId", proposedActionId), List.of(), true, true));
      for (String t : List.of("timer.pause", "timer.next", "meeting.end", "hand.clear")) {
        out.add(new Cmd(chair, t, Body.of(), List.of(), false, true));
      }
      out.add(new Cmd(chair, "timer.resume", Body.of(), List.of(), true, true));
      out.add(new Cmd(chair, "timer.back", Body.of(), List.of(), true, true));
      out.add(new Cmd(chair, "timer.start", Body.of("itemId", item2), List.of(F.of("itemId", "uuid?")
        .bad(q(UUID.randomUUID().toString()))), false, true));
      // Partner.
      out.add(new Cmd(partner, "contribution.add", Body.of("body", "Fuzz says"), List.of(F.text("body", true, 4000),
        F.of("itemId", "uuid?").bad(q(UUID.randomUUID().toString()))), false, true));
      out.add(new Cmd(partner, "contribution.edit", Body.of("contributionId", contributionId, "body", "Edited"), List.of(
        F.of("contributionId", "uuid").bad(q(UUID.randomUUID().toString())), F.text("body", true, 4000)), false, true));
      out.add(new Cmd(partner, "contribution.withdraw", Body.of("contributionId", contributionId), List.of(
        F.of("contributionId", "uuid")), false, true));
      out.add(new Cmd(partner, "hand.raise", Body.of(), List.of(), false, true));
      out.add(new Cmd(partner, "hand.lower", Body.of("memberId", chairId), List.of(F.of("memberId", "uuid?").bad("null")),
        true, true));
      out.add(new Cmd(partner, "attendance.mark", Body.of("status", "in_room"), List.of(F.of("status", "enum").bad(q("absent"),
        q("substitute")), F.of("memberId", "custom").bad(q(chairId), "null", "5")), false, true));
      out.add(new Cmd(partner, "action.propose", Body.of("description", "Fuzz action", "ownerAgencyId", fx.policeAgency,
        "successMeasure", "Measured"), List.of(F.text("description", true, 4000), F.of("ownerAgencyId", "uuid")
        .bad(q(UUID.randomUUID().toString())), F.of("ownerMemberId", "uuid?").bad(q(chairId), q(UUID.randomUUID().toString())),
        F.of("dueDate", "date?").bad(q("2000-01-01")), F.text("successMeasure", true, 4000),
        F.of("caseId", "uuid?").bad(q(UUID.randomUUID().toString()), q(fx.closedCase))), false, true));
      out.add(new Cmd(partner, "action.revise", Body.of("actionId", proposedActionId, "description", "Revised"), List.of(
        F.of("actionId", "uuid"), F.text("description", false, 4000).bad(q(""), q("   ")), F.of("dueDate", "date?")), false, true));
      out.add(new Cmd(partner, "action.object", Body.of("actionId", proposedActionId, "reason", "No"), List.of(), true, true));
      out.add(new Cmd(partner, "sync", Body.of("after", 0), List.of(F.integer("after", false, 0, Integer.MAX_VALUE)
        .bad(q("0"))), false, false));
      // Valid commands of roles the member does not hold.
      for (String[] t : new String[][] {{"timer.extend", "{\"minutes\": 2}"}, {"timer.pause", "{}"}, {"meeting.end", "{}"},
        {"hand.next", "{}"}, {"hand.clear", "{}"}, {"meeting.observerAccess", "{\"allowed\": true}"},
        {"agenda.setMinutes", "{\"itemId\": \"" + item2 + "\", \"minutes\": 3}"},
        {"contribution.hide", "{\"contributionId\": \"" + contributionId + "\"}"},
        {"action.confirm", "{\"actionId\": \"" + proposedActionId + "\"}"},
        {"attendance.mark", "{\"memberId\": \"" + chairId + "\", \"status\": \"absent\"}"}}) {
        Body b = new Body();
        new JsonObject(t[1]).forEach(e -> b.fields.put(e.getKey(), json(e.getValue() instanceof String s ? s : e.getValue())));
        out.add(new Cmd(partner, t[0], b, List.of(), true, true));
        out.add(new Cmd(observer, t[0], b, List.of(), true, true));
      }
      out.add(new Cmd(observer, "contribution.add", Body.of("body", "Observers only listen"), List.of(), true, true));
      out.add(new Cmd(observer, "hand.raise", Body.of(), List.of(), true, true));
      // Officer, live: the chair's now.
      out.add(new Cmd(officer, "meeting.open", Body.of(), List.of(), true, true));
      out.add(new Cmd(officer, "meeting.start", Body.of(), List.of(), true, true));
      out.add(new Cmd(officer, "agenda.setMinutes", Body.of("itemId", item2, "minutes", 3), List.of(), true, true));
      out.add(new Cmd(officer, "agenda.build", Body.of("caseMinutes", 15), List.of(F.integer("caseMinutes", false, 1, 120),
        F.integer("aobMinutes", false, 0, 120)), true, true));
      out.add(new Cmd(officer, "attendance.mark", Body.of("memberId", policeId, "status", "absent"), List.of(
        F.of("status", "enum"), F.of("memberId", "uuid?").bad("null")), false, true));
      return out;
    }

    /** One wrong thing per command: a field, the type, the key; with unknown fields and duplicate keys now and then. */
    List<String> commandBodies(Cmd c) {
      List<String> out = new ArrayList<>();
      Function<Body, String> withKey = b -> {
        Body typed = b.with("type", q(c.type()));
        return (c.change() && !b.fields.containsKey("key") ? typed.with("key", q("fz-" + keys.incrementAndGet())) : typed)
          .encode();
      };
      if (c.baseRefused()) {
        out.add(withKey.apply(c.base()));
      }
      for (F f : c.fields()) {
        for (String bad : badValues(f)) {
          Body b = c.base().with(f.name(), bad);
          if (rnd.nextInt(4) == 0) {
            b = b.with("x-unknown-" + rnd.nextInt(100), pick(List.of("1", "null", "{\"a\": [1, {\"b\": null}]}", q("?"))));
          }
          out.add(withKey.apply(b));
        }
      }
      for (String badType : List.of("null", "5", q(""), q(c.type().toUpperCase()), q(c.type() + " "), q("x".repeat(41)),
        q("presence.join"), q("presence.leave"), q("__proto__"), "[" + q(c.type()) + "]")) {
        Body b = c.base().with("type", badType);
        if (c.change()) {
          b = b.with("key", q("fz-" + keys.incrementAndGet()));
        }
        out.add(b.encode());
      }
      if (c.change()) {
        for (String badKey : some(List.of(MISSING, "null", "5", q(""), q("   "), q("k".repeat(101)), "[]", "{}", "true"), 4)) {
          out.add(c.base().with("type", q(c.type())).with("key", badKey).encode());
        }
        // Duplicate keys: every copy of the field is wrong.
        if (!c.fields().isEmpty()) {
          F f = pick(c.fields());
          List<String> bads = badValues(f).stream().filter(v -> !MISSING.equals(v)).toList();
          String first = pick(bads);
          String second = pick(bads);
          String encoded = withKey.apply(c.base().with(f.name(), first));
          out.add(encoded.substring(0, encoded.length() - 1) + ", " + q(f.name()) + ": " + second + "}");
        }
      }
      return out;
    }

    void commandsOverHttp(List<HttpCase> commands, List<HttpCase> other) {
      String path = "/api/meetings/" + fx.demoMeeting + "/commands";
      for (Cmd c : commands()) {
        for (String body : commandBodies(c)) {
          // Every one goes over the bus; half of them over HTTP too (paced: it takes time).
          if (rnd.nextBoolean()) {
            commands.add(new HttpCase("POST", path, jsonHeaders(c.token()), body.getBytes(StandardCharsets.UTF_8),
              c.token(), "command " + c.type()));
          }
        }
      }
      for (Map.Entry<byte[], Boolean> m : malformed()) {
        if (!m.getValue()) {
          other.add(new HttpCase("POST", path, jsonHeaders(chair), m.getKey(), chair, "malformed command"));
        }
      }
      for (String badMeeting : badIds()) {
        other.add(new HttpCase("POST", "/api/meetings/" + badMeeting + "/commands", jsonHeaders(chair),
          "{\"type\": \"sync\"}".getBytes(StandardCharsets.UTF_8), chair, "command to a bad meeting id"));
      }
      other.add(new HttpCase("POST", "/api/meetings/" + fx.foreignMeeting + "/commands", jsonHeaders(chair),
        "{\"type\": \"sync\"}".getBytes(StandardCharsets.UTF_8), chair, "command to another panel's meeting"));
    }

    /** More of the same, drawn at random: a route or command, then one wrong thing. */
    void randomHttp(List<HttpCase> out, int count) {
      List<HttpCase> pool = new ArrayList<>();
      routes(pool);
      for (int i = 0; i < count; i++) {
        HttpCase c = pick(pool);
        byte[] body = c.body();
        if (body != null && rnd.nextBoolean() && !c.label().equals("malformed body") && body.length > 2
          && body[0] == '{' && !c.method().equals("PATCH") && !c.path().contains("/minutes")) {
          // Bury the body one level deeper or append junk: still not what the route expects.
          String s = new String(body, StandardCharsets.UTF_8);
          s = rnd.nextBoolean() ? s.substring(0, s.length() - 1 - rnd.nextInt(Math.min(5, s.length() - 1))) : s + "junk";
          body = s.getBytes(StandardCharsets.UTF_8);
        }
        out.add(new HttpCase(c.method(), c.path(), c.headers(), body, c.token(), "random: " + c.label()));
      }
    }

    // ---- Bridge frames

    String frame(String type, String address, String token, String body, String replyAddress) {
      StringBuilder sb = new StringBuilder("{\"type\": ").append(q(type)).append(", \"address\": ").append(q(address));
      if (token != null) {
        sb.append(", \"headers\": {\"token\": ").append(q(token)).append('}');
      }
      if (replyAddress != null) {
        sb.append(", \"replyAddress\": ").append(q(replyAddress));
      }
      if (body != null) {
        sb.append(", \"body\": ").append(body);
      }
      return sb.append('}').toString();
    }

    FrameCase text(String s, String label) {
      return new FrameCase(s.getBytes(StandardCharsets.UTF_8), false, label);
    }

    void frames(List<FrameCase> out) {
      String demo = fx.demoMeeting;
      String cmd = "ailive.meeting." + demo + ".cmd";
      String events = "ailive.meeting." + demo + ".events";
      String presence = "ailive.meeting." + demo + ".presence";
      // Every wrong command, as on the bus.
      for (Cmd c : commands()) {
        for (String body : commandBodies(c)) {
          out.add(text(frame("send", cmd, c.token(), body, UUID.randomUUID().toString()), "command " + c.type()));
        }
      }
      List<String> badTokens = new ArrayList<>();
      badAuth().forEach(h -> {
        String v = h.get("Authorization");
        if (v != null && v.startsWith("Bearer ") && !v.equals("Bearer " + partner)) {
          badTokens.add(v.substring(7));
        }
      });
      List<String> addresses = List.of(cmd, events, presence, "ailive.meeting." + fx.closedMeeting + ".cmd",
        "ailive.meeting." + fx.foreignMeeting + ".events", "ailive.meeting." + UUID.randomUUID() + ".cmd",
        "ailive.rooms.ensure", "ailive.auth.revoked", "x", "", " ", cmd + ".x", cmd.toUpperCase(), cmd + "\u0000",
        "__vertx.reply.1", "ailive.meeting.(.*).cmd", "ailive.meeting." + demo + ".*", "a".repeat(10_000));
      for (String address : addresses) {
        for (String token : some(badTokens, 3)) {
          out.add(text(frame("send", address, token, "{\"type\": \"sync\"}", UUID.randomUUID().toString()), "send, bad token"));
          out.add(text(frame("register", address, token, null, null), "register, bad token"));
        }
        out.add(text(frame("send", address, null, "{\"type\": \"sync\"}", UUID.randomUUID().toString()), "send, no token"));
        out.add(text(frame("register", address, null, null, null), "register, no token"));
        for (String token : List.of(officer, chair, partner)) {
          out.add(text(frame("publish", address, token, "{\"type\": \"sync\", \"seq\": 1}", null), "publish"));
          if (!address.equals(cmd) && !address.startsWith("ailive.meeting." + fx.closedMeeting)
            && !(address.equals("ailive.meeting." + fx.foreignMeeting + ".events") && token.equals(officer))) {
            if (!address.equals(events) && !address.equals(presence)) {
              out.add(text(frame("register", address, token, null, null), "register, no such address"));
            }
            out.add(text(frame("send", address, token, "{\"type\": \"sync\"}", UUID.randomUUID().toString()),
              "send, no such address"));
          }
        }
      }
      // Shapes the bridge must refuse, and bodies that are not commands.
      String ok = q(chair);
      for (String s : List.of("not json", "", "[]", "\"s\"", "null", "5", "{}", "{\"type\": 5}", "{\"type\": null}",
        "{\"type\": \"send\"}", "{\"type\": \"send\", \"address\": 5}", "{\"type\": \"send\", \"address\": null}",
        "{\"type\": \"bogus\", \"address\": \"x\"}", "{\"type\": \"SEND\", \"address\": " + q(cmd) + "}",
        "{\"type\": [\"send\"], \"address\": " + q(cmd) + "}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": \"token\", \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\"}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": [" + ok + "], \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\"}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": 5}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\"}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"Token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\"}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": \"sync\"}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": [1]}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": null}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\"}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": 5}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\", \"after\": NaN}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\", \"after\": Infinity}}",
        "{\"type\": \"send\", \"type\": \"publish\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"body\": {\"type\": \"sync\"}}",
        "{\"type\": \"register\", \"address\": " + q(events) + ", \"address\": \"x\", \"headers\": {\"token\": " + ok + "}}",
        "{\"type\": \"register\", \"address\": " + q(events) + ", \"headers\": {\"token\": " + ok + "}, \"headers\": {\"token\": \"x\"}}",
        "{\"type\": \"send\", \"address\": \"ailive.meeting." + demo + "\\u002ecmd\", \"headers\": {\"token\": " + ok
          + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"timer.extend\", \"minutes\": 0, \"key\": \"u\"}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": 5, \"body\": {\"type\": \"bogus\"}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": " + q("r".repeat(5000))
          + ", \"body\": {\"type\": \"timer.extend\", \"minutes\": 0, \"key\": \"long-reply\"}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + ", \"memberId\": \"" + policeId
          + "\", \"roles\": \"observer\", \"internal\": \"true\"}, \"replyAddress\": \"r\", \"body\": {\"type\": \"presence.join\", \"socket\": \"s\"}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\", \"x\": "
          + "[".repeat(5000) + "]".repeat(5000) + "}}",
        "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\", \"x\": \""
          + "y".repeat(17_000) + "\"}}",
        "x".repeat(20_000), "{\"type\": \"ping\", \"x\": \"" + "y".repeat(70_000) + "\"}")) {
        out.add(text(s, "bad frame"));
      }
      // Bytes that are not UTF-8 text, as text and as binary frames.
      byte[][] raw = {
        {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
        {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD},
        {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},
        {'{', '"', 'a', '"', ':', '"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, '"', '}'},
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
        {0, 0, 0, 0}};
      for (byte[] b : raw) {
        out.add(new FrameCase(b, false, "invalid UTF-8 text frame"));
        out.add(new FrameCase(b, true, "binary frame"));
      }
      byte[] noise = new byte[2048];
      rnd.nextBytes(noise);
      out.add(new FrameCase(noise, true, "random bytes"));
    }

    /** Random mutations of the frames above: truncated, with junk, with the address or type swapped. */
    void randomFrames(List<FrameCase> out, int count) {
      List<FrameCase> pool = new ArrayList<>();
      frames(pool);
      for (int i = 0; i < count; i++) {
        FrameCase f = pick(pool);
        String s = new String(f.bytes(), StandardCharsets.UTF_8);
        switch (rnd.nextInt(4)) {
          case 0 -> s = s.length() > 2 ? s.substring(0, 1 + rnd.nextInt(s.length() - 1)) : s + "}";
          case 1 -> s = s + pick(List.of("}", "]", ",", "x", "\u0000"));
          case 2 -> s = s.replace("\"type\": \"send\"", "\"type\": \"publish\"");
          default -> { }
        }
        out.add(new FrameCase(s.getBytes(StandardCharsets.UTF_8), f.binary(), "random: " + f.label()));
      }
    }
  }
}
