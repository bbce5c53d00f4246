package org.ailive.bench;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.SigningKeys;
import org.ailive.config.AppConfig;
import org.ailive.store.EmbeddedServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A&amp;I Live clustered (README, clustered deployment): one Postgres started here stands in as the
 * external database every node shares (the embedded one of a temporary data directory, its
 * postmaster and backends moved to core 0 when pinned), and node JVMs ({@code org.ailive.Main}
 * configured by environment variables, Hazelcast over loopback, each signing with the same key)
 * added one by one and stopped last first, all on core 0 when pinned. CPU is read over every node and the Postgres.
 */
final class ClusterNodes implements Measured, AutoCloseable {

  private static final int MAX_NODES = 8;

  private final Path runDir;
  private final boolean pin;
  private final String javaOpts;
  private final Path dataDir;
  private final AppConfig keys;
  private final EmbeddedServer postgres;
  private final String name = "ailive-bench-" + UUID.randomUUID().toString().substring(0, 8);
  private final int[] clusterPorts = new int[MAX_NODES];
  final List<ServerProcess> nodes = new ArrayList<>();

  private ClusterNodes(Path runDir, boolean pin, String javaOpts, Path dataDir, AppConfig keys, EmbeddedServer postgres) {
    this.runDir = runDir;
    this.pin = pin;
    this.javaOpts = javaOpts;
    this.dataDir = dataDir;
    this.keys = keys;
    this.postgres = postgres;
  }

  /** Starts the shared Postgres (no node yet). */
  static ClusterNodes start(Path runDir, boolean pin, String javaOpts) throws Exception {
    Files.createDirectories(runDir);
    Path dataDir = Files.createTempDirectory("ailive-bench-cluster");
    AppConfig keys = AppConfig.load(null, Map.of()).with("dataDir", dataDir.toString());
    SigningKeys.load(keys);
    ClusterNodes cluster = new ClusterNodes(runDir, pin, javaOpts, dataDir, keys, EmbeddedServer.start(keys));
    for (int i = 0; i < MAX_NODES; i++) {
      cluster.clusterPorts[i] = ServerProcess.freePort();
    }
    if (pin) {
      cluster.pinPostgres();
    }
    return cluster;
  }

  /** Adds a node and waits until every node sees all of them; returns it. */
  ServerProcess addNode() throws Exception {
    int i = nodes.size();
    if (i == MAX_NODES) {
      throw new IllegalStateException("at most " + MAX_NODES + " nodes");
    }
    StringBuilder members = new StringBuilder();
    // The nodes already up and this one: a new node joins through those before it.
    for (int k = 0; k <= i; k++) {
      members.append(k == 0 ? "" : ",").append("127.0.0.1:").append(clusterPorts[k]);
    }
    Map<String, String> env = new HashMap<>();
    env.put("AILIVE_CLUSTER", "true");
    env.put("AILIVE_CLUSTER_NAME", name);
    env.put("AILIVE_CLUSTER_HOST", "127.0.0.1");
    env.put("AILIVE_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
    env.put("AILIVE_CLUSTER_MEMBERS", members.toString());
    env.put("AILIVE_DB_URL", "postgresql://127.0.0.1:" + postgres.port() + "/postgres");
    env.put("AILIVE_DB_USER", "ailive");
    env.put("AILIVE_DB_PASSWORD", org.ailive.store.DatabaseSecret.read(dataDir).service());
    env.put("AILIVE_DEMO", "false");
    env.put("AILIVE_REMINDERS_AT", "off");
    env.put("AILIVE_JWT_PRIVATE_KEY_FILE", dataDir.resolve("keys/jwt-es256-private.pem").toString());
    env.put("AILIVE_JWT_PUBLIC_KEY_FILE", dataDir.resolve("keys/jwt-es256-public.pem").toString());
    env.put("AILIVE_FIRST_OFFICER_EMAIL", ServerProcess.OFFICER_EMAIL);
    env.put("AILIVE_FIRST_OFFICER_PASSWORD", ServerProcess.OFFICER_PASSWORD);
    List<String> prefix = pin ? List.of("taskset", "-c", "0") : List.of();
    ServerProcess node = ServerProcess.startMain(runDir.resolve("node" + (i + 1)), env, javaOpts, prefix);
    nodes.add(node);
    for (ServerProcess n : nodes) {
      awaitInLog(n, "Members {size:" + nodes.size() + ",", 120);
    }
    return node;
  }

  /** Stops the last node added (SIGTERM, as a rolling upgrade: its meetings go to the others). */
  void stopLast() {
    nodes.remove(nodes.size() - 1).close();
  }

  private static void awaitInLog(ServerProcess node, String text, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(node.log) && Files.readString(node.log).contains(text)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("node " + node.pid + " did not log '" + text + "' in " + seconds + " s:\n"
      + ServerProcess.tail(node.log, 30));
  }

  /** A seed through the shared Postgres, minting tokens with the nodes' key. */
  Seed seed(Vertx vertx) throws Exception {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(postgres.serviceOptions())
      .using(vertx).build();
    return Seed.using(vertx, pool, keys);
  }

  /** How many of these meetings each node owns (the {@code meeting_owner} table), in node order. */
  int[] owners(Seed seed, List<Seed.Meeting> ms) throws Exception {
    int[] counts = new int[nodes.size()];
    for (Seed.Meeting m : ms) {
      var rows = seed.pool().preparedQuery("SELECT node FROM meeting_owner WHERE meeting_id = $1")
        .execute(Tuple.of(m.id())).await(20, TimeUnit.SECONDS);
      String node = rows.size() == 0 ? "" : rows.iterator().next().getString(0);
      for (int i = 0; i < nodes.size(); i++) {
        if (node.startsWith("127.0.0.1:" + clusterPorts[i] + " ")) {
          counts[i]++;
        }
      }
    }
    return counts;
  }

  /** The postmaster was started by this JVM (core 1): it and its backends move to core 0, as do those it forks later. */
  private void pinPostgres() throws Exception {
    ProcessHandle pm = postmaster();
    if (pm == null) {
      throw new IllegalStateException("no postmaster.pid in " + dataDir.resolve("postgres"));
    }
    List<ProcessHandle> all = new ArrayList<>(List.of(pm));
    all.addAll(pm.descendants().toList());
    for (ProcessHandle h : all) {
      ServerProcess.run(List.of("taskset", "-a", "-p", "-c", "0", Long.toString(h.pid())), 10);
    }
  }

  private ProcessHandle postmaster() {
    try {
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
      return ProcessHandle.of(pid).orElse(null);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public long jvmCpuMillis() {
    return nodes.stream().mapToLong(ServerProcess::jvmCpuMillis).sum();
  }

  @Override
  public long postgresCpuMillis() {
    ProcessHandle pm = postmaster();
    if (pm == null) {
      return 0;
    }
    long total = Math.max(0, ServerProcess.procCpuMillis(pm.pid()));
    for (ProcessHandle h : pm.descendants().toList()) {
      total += Math.max(0, ServerProcess.procCpuMillis(h.pid()));
    }
    return total;
  }

  @Override
  public void close() {
    nodes.forEach(ServerProcess::close);
    try {
      postgres.close();
    } catch (Exception e) {
      System.err.println("bench: the cluster's Postgres did not stop cleanly: " + e);
    }
    ServerProcess.deleteQuietly(dataDir);
  }
}
