package org.ailive.live;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service as its own process, killed with SIGKILL in the middle of a case and started again:
 * the timer and the log come back from Postgres with the right remaining time.
 */
class ProcessCrashTest {

  static Vertx vertx;
  static WebClient client;
  static Path dataDir;
  static Path conf;
  static int port;
  static Process process;

  @BeforeAll
  static void setUp() throws Exception {
    vertx = Vertx.vertx();
    dataDir = Files.createTempDirectory("ailive-crash");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    conf = dataDir.resolve("conf.json");
    Files.writeString(conf, new JsonObject().put("httpPort", port).put("dataDir", dataDir.toString())
      .put("firstOfficerEmail", TestServer.OFFICER_EMAIL).put("firstOfficerPassword", TestServer.OFFICER_PASSWORD)
      .put("demo", "true").encode());
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    TestServer.deleteQuietly(dataDir);
  }

  static void launch() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.ailive.Main",
      "--conf", conf.toString())
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
      .start();
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(process.isAlive(), () -> "the server died: " + log());
      try {
        if (client.get("/health").send().await(2, TimeUnit.SECONDS).statusCode() == 200) {
          return;
        }
      } catch (Exception notYet) {
        // Still starting.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the server did not start: " + log());
  }

  static String log() {
    try {
      return Files.readString(dataDir.resolve("server.log"));
    } catch (Exception e) {
      return "(no log)";
    }
  }

  static String signIn(String email, String password) throws Exception {
    var res = client.post("/api/auth/sign-in").sendJsonObject(new JsonObject().put("email", email)
      .put("password", password)).await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getString("token");
  }

  static JsonObject command(String meeting, String token, String type, String key) throws Exception {
    var res = client.post("/api/meetings/" + meeting + "/commands").bearerTokenAuthentication(token)
      .sendJsonObject(new JsonObject().put("type", type).put("key", key)).await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  static JsonObject room(String meeting, String token) throws Exception {
    var res = client.get("/api/meetings/" + meeting + "/room").bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getJsonObject("state");
  }

  @Test
  void killedMidCaseTheTimerAndLogComeBack() throws Exception {
    launch();
    Matcher password = Pattern.compile("password: (\\S+)")
      .matcher(Files.readString(dataDir.resolve("demo-accounts.txt")));
    assertTrue(password.find());
    String chair = signIn("chair@demo.ailive.test", password.group(1));
    var meetings = client.get("/api/meetings").bearerTokenAuthentication(chair).send().await(20, TimeUnit.SECONDS);
    String meeting = meetings.bodyAsJsonArray().stream().map(o -> (JsonObject) o)
      .filter(m -> m.getString("status").equals("planned")).findFirst().orElseThrow().getString("id");
    command(meeting, chair, "meeting.open", "c1");
    command(meeting, chair, "meeting.start", "c2");
    command(meeting, chair, "timer.start", "c3");
    long acknowledged = command(meeting, chair, "timer.next", "c4").getLong("seq");
    JsonObject before = room(meeting, chair);

    // Under load: partners keep contributing while the server is killed.
    java.util.List<String> partners = java.util.List.of("police", "camhs", "cmht", "housing", "isl");
    java.util.Map<String, String> tokens = new java.util.HashMap<>();
    for (String p : partners) {
      tokens.put(p, signIn(p + "@demo.ailive.test", password.group(1)));
    }
    java.util.Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.List<Thread> load = new java.util.ArrayList<>();
    for (String p : partners) {
      Thread t = new Thread(() -> {
        for (int i = 0; loading.get() && i < 2000; i++) {
          String body = p + " update " + i;
          try {
            var res = client.post("/api/meetings/" + meeting + "/commands").bearerTokenAuthentication(tokens.get(p))
              .sendJsonObject(new JsonObject().put("type", "contribution.add").put("key", p + "-" + i).put("body", body))
              .await(5, TimeUnit.SECONDS);
            if (res.statusCode() == 200) {
              acked.add(body);
            }
            Thread.sleep(100);
          } catch (Exception serverGone) {
            return;
          }
        }
      });
      t.start();
      load.add(t);
    }
    Thread.sleep(1500);
    long ackedBeforeKill = acked.size();

    process.destroyForcibly();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    loading.set(false);
    for (Thread t : load) {
      t.join(10_000);
    }
    Thread.sleep(2000);
    launch();

    JsonObject after = room(meeting, chair);
    assertTrue(ackedBeforeKill > 10, "the load ran: " + ackedBeforeKill);
    java.util.Set<String> saved = new java.util.HashSet<>();
    after.getJsonArray("contributions").forEach(c -> saved.add(((JsonObject) c).getString("body")));
    assertTrue(saved.containsAll(acked), "every acknowledged contribution survived the kill: "
      + acked.size() + " acknowledged, missing " + acked.stream().filter(b -> !saved.contains(b)).toList());
    assertTrue(after.getLong("lastSeq") >= acknowledged + acked.size(), "every acknowledged change survived");
    assertEquals("live", after.getJsonObject("meeting").getString("status"));
    assertEquals("timer.moved", client.get("/api/meetings/" + meeting + "/events?after=" + (acknowledged - 1))
      .bearerTokenAuthentication(chair).send().await(20, TimeUnit.SECONDS).bodyAsJsonObject()
      .getJsonArray("events").getJsonObject(0).getString("type"));
    JsonObject t0 = before.getJsonObject("timer");
    JsonObject t1 = after.getJsonObject("timer");
    assertEquals(t0.getString("itemId"), t1.getString("itemId"));
    assertTrue(t1.getBoolean("running"), "the case is still being timed: it ran on while the server was down");
    assertEquals(t0.getLong("startedAt"), t1.getLong("startedAt"));
    long remainingMs = t1.getInteger("allottedSeconds") * 1000L - t1.getLong("usedBeforeMs")
      - (System.currentTimeMillis() - t1.getLong("startedAt"));
    long elapsedSinceStart = System.currentTimeMillis() - t0.getLong("startedAt");
    assertTrue(Math.abs(remainingMs - (900_000 - elapsedSinceStart)) < 1000, "remaining " + remainingMs);
    // The retry of an acknowledged command after the crash is recognised, not applied again.
    JsonObject retry = command(meeting, chair, "timer.next", "c4");
    assertEquals(acknowledged, retry.getLong("seq"));
    assertTrue(retry.getBoolean("duplicate"));
  }
}
