package org.ailive.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ailive.TestServer;
import org.ailive.auth.SigningKeys;
import org.ailive.bench.Seed;
import org.ailive.bench.ServerProcess;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.ailive.cluster.FailoverStream.*;
import static org.ailive.cluster.Loopback.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real nodes (their own JVMs, clustered with Hazelcast over loopback) on one real Postgres,
 * one meeting, real bus clients on every node: a change made on any node reaches every client in
 * order; the owning node killed with SIGKILL in the middle of a stream of changes costs seconds,
 * and no acknowledged change is lost or applied twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  static final int NODES = 3;
  static EmbeddedPostgres pg;
  static Vertx vertx;
  static Pool pool;
  static Path run;
  static final List<ServerProcess> nodes = new ArrayList<>();
  static final int[] clusterPorts = new int[NODES];
  /** Each node's HTTP port, kept across its restarts: HAProxy's server {@code node<i>}. */
  static final int[] httpPorts = new int[NODES];
  /** HAProxy in front (docs/haproxy.cfg): every client connects, and reconnects, through it. */
  static Balancer balancer;
  static Seed.Meeting meeting;
  static String clusterName;
  /** The signing key every node shares. */
  static AppConfig keys;
  /** The cluster's key store every node shares (keytool, once per run): the bus between them is TLS. */
  static Path keystore;
  /** Partners' clients, two per node: index {@code 2 * node + k}. */
  static final List<MeetingClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    run = Files.createTempDirectory("ailive-cluster");
    pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
      .setOutputRedirector(ProcessBuilder.Redirect.DISCARD).setErrorRedirector(ProcessBuilder.Redirect.DISCARD).start();
    // Every node signs and checks tokens with the same key.
    keys = AppConfig.load(null, Map.of()).with("dataDir", run.resolve("shared").toString());
    SigningKeys.load(keys);
    keystore = ClusterKeys.make(run, "cluster.p12");
    for (int i = 0; i < NODES; i++) {
      clusterPorts[i] = freePort();
      httpPorts[i] = freePort();
    }
    String name = "ailive-test-" + UUID.randomUUID().toString().substring(0, 8);
    clusterName = name;
    members = java.util.Arrays.stream(clusterPorts).mapToObj(p -> "127.0.0.1:" + p)
      .collect(Collectors.joining(","));
    // The first node makes the schema; the others join it together.
    nodes.add(node(0, name, members, keys));
    List<Thread> starting = new ArrayList<>();
    ServerProcess[] started = new ServerProcess[NODES];
    Exception[] failure = new Exception[1];
    for (int i = 1; i < NODES; i++) {
      int n = i;
      Thread t = new Thread(() -> {
        try {
          started[n] = node(n, name, members, keys);
        } catch (Exception e) {
          failure[0] = e;
        }
      });
      t.start();
      starting.add(t);
    }
    for (Thread t : starting) {
      t.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    for (int i = 1; i < NODES; i++) {
      nodes.add(started[i]);
    }
    for (ServerProcess node : nodes) {
      try {
        awaitLog(node, "Members {size:" + NODES, 60);
        awaitLog(node, "The event bus between nodes is TLS 1.3 with both ends authenticated", 5);
      } catch (AssertionError e) {
        failed = true;
        throw e;
      }
    }
    balancer = Balancer.start(run.resolve("haproxy"), java.util.Arrays.stream(httpPorts).boxed().toList());
    for (int i = 0; i < NODES; i++) {
      balancer.awaitState("node" + i, "UP", 20_000);
    }
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(new PgConnectOptions()
      .setHost("localhost").setPort(pg.getPort()).setDatabase("postgres").setUser("postgres")).using(vertx).build();
    meeting = Seed.using(vertx, pool, keys).meetings("cl" + name.substring(name.length() - 6), 1, 1 + 2 * NODES, 2).get(0);
    for (int i = 0; i < 2 * NODES; i++) {
      MeetingClient c = new MeetingClient(meeting.partners().get(i).token(), meeting.partners().get(i).name());
      c.connect(balancer.port);
      clients.add(c);
    }
    for (int i = 0; i < NODES; i++) {
      int n = i;
      assertTrue(clients.stream().anyMatch(c -> c.node == n), "HAProxy sent clients to every node: "
        + clients.stream().map(c -> c.name + "@" + c.node).toList());
    }
    MeetingClient chair = new MeetingClient(meeting.chair().token(), "chair");
    chair.connect(balancer.port);
    assertEquals(200, chair.send("timer.start", "chair-timer", null).getInteger("status"));
    chair.close();
  }

  static final java.util.concurrent.atomic.AtomicInteger STREAMS = new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();

  static ServerProcess node(int i, String name, String members, AppConfig keys) throws Exception {
    // Each start its own directory, so its log holds only this start's lines (a restart's wait for
    // "serving" or for the member list must not find the last run's).
    return ServerProcess.startMain(run.resolve("node" + i + "-start" + STARTS.incrementAndGet()), nodeEnv(i, name, members, clusterPorts[i]),
      "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1", Split.prefix(i));
  }

  static Map<String, String> nodeEnv(int i, String name, String members, int clusterPort) {
    Map<String, String> env = new HashMap<>();
    env.put("AILIVE_CLUSTER", "true");
    env.put("AILIVE_CLUSTER_NAME", name);
    env.put("AILIVE_CLUSTER_HOST", "127.0.0.1");
    env.put("AILIVE_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("AILIVE_CLUSTER_MEMBERS", members);
    env.put("AILIVE_CLUSTER_KEYSTORE", keystore.toString());
    env.put("AILIVE_CLUSTER_KEYSTORE_PASSWORD", ClusterKeys.PASSWORD);
    if (i < NODES) {
      env.put("AILIVE_HTTP_PORT", Integer.toString(httpPorts[i]));
    }
    env.put("AILIVE_DB_URL", "postgresql://localhost:" + pg.getPort() + "/postgres");
    env.put("AILIVE_DB_USER", "postgres");
    env.put("AILIVE_DB_POOL_SIZE", "4");
    env.put("AILIVE_DEMO", "false");
    env.put("AILIVE_REMINDERS_AT", "off");
    AppConfig keys = ClusterTest.keys;
    env.put("AILIVE_JWT_PRIVATE_KEY_FILE", keys.dataDir().resolve("keys/jwt-es256-private.pem").toString());
    env.put("AILIVE_JWT_PUBLIC_KEY_FILE", keys.dataDir().resolve("keys/jwt-es256-public.pem").toString());
    env.put("AILIVE_FIRST_OFFICER_EMAIL", TestServer.OFFICER_EMAIL);
    env.put("AILIVE_FIRST_OFFICER_PASSWORD", TestServer.OFFICER_PASSWORD);
    return env;
  }

  @AfterAll
  static void stop() throws Exception {
    for (MeetingClient c : clients) {
      c.close();
    }
    nodes.forEach(ServerProcess::close);
    nodes.clear(); // emptied: ClusterSplitTest starts and stops this fixture too, in the same JVM
    clients.clear();
    if (balancer != null) {
      balancer.close();
    }
    if (pool != null) {
      pool.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (pg != null) {
      pg.close();
    }
    if (!failed) {
      TestServer.deleteQuietly(run);
    }
  }

  /** The nodes' logs stay (under {@link #run}) when a test failed. */
  static boolean failed;

  @org.junit.jupiter.api.extension.RegisterExtension
  static final org.junit.jupiter.api.extension.TestWatcher WATCHER = new org.junit.jupiter.api.extension.TestWatcher() {
    @Override
    public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
      failed = true;
      System.out.println("CLUSTER test failed; the nodes' logs are in " + run);
    }
  };

  @Test
  @Order(1)
  void aChangeMadeOnAnyNodeReachesEveryClientInOrder() throws Exception {
    List<Long> acked = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (MeetingClient c : clients) {
        JsonObject ack = c.send("contribution.add", c.name + "-order-" + round, "From " + c.name + ", round " + round);
        assertEquals(200, ack.getInteger("status"), ack.encode());
        acked.add(ack.getLong("seq"));
      }
    }
    long last = acked.stream().mapToLong(Long::longValue).max().orElseThrow();
    for (MeetingClient c : clients) {
      c.awaitSeq(last, 10_000);
      List<Long> seqs = c.liveSeqs();
      for (int i = 1; i < seqs.size(); i++) {
        assertEquals(seqs.get(i - 1) + 1, seqs.get(i), c.name + " got every event, in order: " + seqs);
      }
      assertTrue(seqs.containsAll(acked), c.name + " got every change: " + seqs + " of " + acked);
    }
  }

  @Test
  @Order(2)
  void killingTheOwningNodeMidStreamLosesNothingAndTheMeetingIsServedAgainWithinFiveSeconds() throws Exception {
    int owner = ownerNode();
    Streamed streamed = stream(owner, () -> {
      nodes.get(owner).process.destroyForcibly();
      assertTrue(nodes.get(owner).process.waitFor(10, TimeUnit.SECONDS));
    });
    System.out.println("CLUSTER failover: kill to first change served " + streamed.failoverMs() + " ms; longest"
      + " pause in acknowledgements " + streamed.longestPauseMs() + " ms; " + streamed.acked().size() + " changes acknowledged");
    assertTrue(streamed.failoverMs() < 5_000, "served again within 5 s of the kill: " + streamed.failoverMs() + " ms");
    assertTrue(ownerNode() != owner, "another node owns the meeting");
    long downMs = balancer.awaitState("node" + owner, "DOWN", 10_000);
    System.out.println("CLUSTER HAProxy marked the killed node DOWN " + downMs + " ms after the stream ended");
    nothingLostAndEveryoneCaughtUp(streamed, owner);
    theNewOwnerAnswersWhatTheDeadOneAcknowledgedAsADuplicate(streamed, owner);
    // For docs/BENCHMARKS.md.
    Files.writeString(run.getParent().resolve("ailive-cluster-failover.txt"), streamed.failoverMs() + "\n",
      java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  @Order(3)
  void stoppingTheOwningNodeForAnUpgradeMidStreamLosesNothing() throws Exception {
    // The killed node back first: a node takes a meeting only while it sees two of the three (Quorum).
    everyNodeUp();
    int owner = ownerNode();
    // SIGTERM, as a rolling upgrade stops a node: its clients are told to reconnect, its changes answered.
    Streamed streamed = stream(owner, () -> nodes.get(owner).close());
    System.out.println("CLUSTER clean stop: longest pause in acknowledgements " + streamed.longestPauseMs() + " ms; "
      + streamed.acked().size() + " changes acknowledged");
    assertTrue(streamed.longestPauseMs() < 5_000, "no change waited over 5 s: " + streamed.longestPauseMs() + " ms");
    assertTrue(ownerNode() != owner, "another node owns the meeting");
    nothingLostAndEveryoneCaughtUp(streamed, owner);
  }

  static final java.util.Set<Integer> down = ConcurrentHashMap.newKeySet();
  static String members;

  @Test
  @Order(5)
  void aNodeWithAnotherClusterNameRefusesToStartOnTheClustersDatabase() throws Exception {
    int port = freePort();
    Map<String, String> env = nodeEnv(NODES, "another-cluster", "127.0.0.1:" + port, port);
    ServerProcess.Exit exit = ServerProcess.startMainExpectingExit(run.resolve("other"), env, 120);
    assertEquals(1, exit.code(), exit.output());
    assertTrue(exit.output().contains("AILIVE_CLUSTER_NAME is 'another-cluster', but this database is in use by the"
      + " cluster '" + clusterName + "'"), exit.output());
    assertTrue(!exit.output().contains("A&I Live is serving"), exit.output());
  }

  @Test
  @Order(6)
  void aFrozenOwnerIsFencedAndNoAcknowledgedChangeIsLostOrAppliedTwice() throws Exception {
    // Last: the frozen node comes back as a cluster of its own and merges again only later.
    everyNodeUp();
    int owner = ownerNode();
    long pid = nodes.get(owner).pid;
    // Frozen (as by a long pause or a cut cable) long enough for the others to count it dead, then
    // back: it still believes it owns the meeting, and its clients' changes reach it.
    List<String> heldOpen = new ArrayList<>();
    Streamed streamed = stream(owner, () -> {
      signal("STOP", pid);
      try {
        // Frozen amid a stream of commits, it most likely left one open past its fence check (which
        // locks the meeting_owner row): 5 s on, no such transaction is still open.
        Thread.sleep(5_000);
        for (Row r : pool.query("SELECT pid, query FROM pg_stat_activity WHERE state = 'idle in transaction'"
          + " AND now() - state_change > interval '4 seconds'"
          + " AND pid IN (SELECT pid FROM pg_locks WHERE relation = 'meeting_owner'::regclass)")
          .execute().await(5, TimeUnit.SECONDS)) {
          heldOpen.add(r.getInteger(0) + ": " + r.getString(1));
        }
        Thread.sleep(3_000);
      } finally {
        signal("CONT", pid);
      }
    });
    System.out.println("CLUSTER frozen owner: longest pause in acknowledgements " + streamed.longestPauseMs() + " ms; "
      + streamed.acked().size() + " changes acknowledged");
    Map<String, List<Long>> logged = new HashMap<>();
    long events = 0;
    for (Row r : pool.preparedQuery("SELECT idempotency_key, seq FROM meeting_event WHERE meeting_id = $1 AND seq > $2")
      .execute(Tuple.of(meeting.id(), streamed.seqAtStart())).await(20, TimeUnit.SECONDS)) {
      events++;
      if (r.getString(0) != null) {
        logged.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getLong(1));
      }
    }
    List<String> wrong = new ArrayList<>();
    streamed.acked().forEach((key, seq) -> {
      if (!List.of(seq).equals(logged.get(key))) {
        wrong.add(key + " acked as " + seq + ", logged as " + logged.get(key));
      }
    });
    assertEquals(List.of(), wrong, "acknowledged changes not in the log exactly once");
    logged.forEach((key, seqs) -> assertEquals(1, seqs.size(), key + " applied once: " + seqs));
    assertEquals(List.of(), heldOpen, "no transaction of the frozen node held the meeting's row past"
      + " Ownership.IDLE_LIMIT (3 s): Postgres ended it");
    assertEquals(lastSeq() - streamed.seqAtStart(), events, "one event per seq, none missing");
  }

  @Test
  @Order(4)
  void aRollingRestartOfEveryNodeBehindTheBalancerLosesNothing() throws Exception {
    // The nodes killed and stopped earlier come back first: three nodes, then each is stopped
    // (SIGTERM, as an upgrade does) and started again in turn, while every client streams changes
    // through HAProxy.
    everyNodeUp();
    Streamed streamed = stream(-1, () -> {
      for (int i = 0; i < NODES; i++) {
        restart(i, true);
      }
    });
    System.out.println("CLUSTER rolling restart: longest pause in acknowledgements " + streamed.longestPauseMs()
      + " ms; " + streamed.acked().size() + " changes acknowledged");
    nothingLostAndEveryoneCaughtUp(streamed, -1);
    for (MeetingClient c : clients) {
      assertTrue(c.rejoins() > c.rejoinsBefore, c.name + " reconnected or caught up from a new owner: " + c.notices());
    }
  }

  /** Starts again every node that is not running, and waits until the cluster is whole. */
  static void everyNodeUp() throws Exception {
    for (int i = 0; i < NODES; i++) {
      if (!nodes.get(i).process.isAlive()) {
        restart(i, false);
      }
    }
    down.clear();
    for (int i = 0; i < NODES; i++) {
      awaitLog(nodes.get(i), "Members {size:" + NODES, 60);
    }
  }

  /** Node {@code i} (stopped cleanly first when {@code stop}) started again on its ports, back in the cluster and in HAProxy. */
  static void restart(int i, boolean stop) throws Exception {
    if (stop) {
      nodes.get(i).close();
      balancer.awaitState("node" + i, "DOWN", 15_000);
    }
    nodes.set(i, node(i, clusterName, members, keys));
    awaitLog(nodes.get(i), "Members {size:" + nodes.stream().filter(n -> n.process.isAlive()).count(), 60);
    balancer.awaitState("node" + i, "UP", 20_000);
  }

  static int ownerNode() throws Exception {
    String node = pool.preparedQuery("SELECT node FROM meeting_owner WHERE meeting_id = $1").execute(Tuple.of(meeting.id()))
      .await(20, TimeUnit.SECONDS).iterator().next().getString(0);
    for (int i = 0; i < NODES; i++) {
      if (node.startsWith("127.0.0.1:" + clusterPorts[i] + " ")) {
        return i;
      }
    }
    throw new AssertionError("no node of this cluster owns the meeting: " + node);
  }

  static long lastSeq() throws Exception {
    return pool.preparedQuery("SELECT last_seq FROM meeting WHERE id = $1").execute(Tuple.of(meeting.id()))
      .await(20, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
