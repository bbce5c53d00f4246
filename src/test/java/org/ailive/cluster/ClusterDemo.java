package org.ailive.cluster;

import io.vertx.core.Vertx;
import org.ailive.App;
import org.ailive.bench.ServerProcess;
import org.ailive.config.AppConfig;
import org.ailive.store.DatabaseSecret;
import org.ailive.store.EmbeddedServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/cluster-demo}: a three-node cluster on this machine, to see it work. The demo county
 * is seeded once by a single node into {@code cluster-demo-data/} (its embedded Postgres); that
 * Postgres is then started on its own and stands in as the external database all three nodes
 * share, with HAProxy in front (docs/haproxy.cfg) when it is installed. Test scope: nothing of it ships.
 */
public final class ClusterDemo {

  private ClusterDemo() {
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args.length > 0 ? args[0] : "cluster-demo-data").toAbsolutePath();
    int front = Integer.parseInt(System.getenv().getOrDefault("AILIVE_DEMO_PORT", "8080"));
    AppConfig single = AppConfig.load(null, Map.of()).with("dataDir", dataDir.toString()).with("httpPort", 0)
      .with("demo", "true").with("remindersAt", "off");
    if (!Files.exists(dataDir.resolve("postgres"))) {
      System.out.println("Seeding the demo county into " + dataDir + " (once) ...");
      Vertx vertx = App.newVertx();
      App.start(vertx, single).await(5, TimeUnit.MINUTES).stop().await(1, TimeUnit.MINUTES);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    EmbeddedServer pg = EmbeddedServer.start(single);
    List<ServerProcess> nodes = new ArrayList<>();
    Process haproxy = null;
    Runnable stop = () -> {
      nodes.forEach(ServerProcess::close);
      try {
        pg.close();
      } catch (Exception e) {
        System.err.println("The database did not stop cleanly: " + e);
      }
    };
    try {
      int[] clusterPorts = {5701, 5702, 5703};
      String members = "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703";
      // The bus between the nodes is TLS, as README says to run a cluster: a key store made afresh each run.
      Files.deleteIfExists(dataDir.resolve("cluster.p12"));
      Path keystore = ClusterKeys.make(dataDir, "cluster.p12");
      for (int i = 0; i < clusterPorts.length; i++) {
        Map<String, String> env = new HashMap<>();
        env.put("AILIVE_CLUSTER", "true");
        env.put("AILIVE_CLUSTER_NAME", "ailive-demo");
        env.put("AILIVE_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
        env.put("AILIVE_CLUSTER_MEMBERS", members);
        env.put("AILIVE_CLUSTER_KEYSTORE", keystore.toString());
        env.put("AILIVE_CLUSTER_KEYSTORE_PASSWORD", ClusterKeys.PASSWORD);
        env.put("AILIVE_DB_URL", "postgresql://127.0.0.1:" + pg.port() + "/postgres");
        env.put("AILIVE_DB_USER", "ailive");
        env.put("AILIVE_DB_PASSWORD", DatabaseSecret.read(dataDir).service());
        env.put("AILIVE_DEMO", "false");
        env.put("AILIVE_JWT_PRIVATE_KEY_FILE", dataDir.resolve("keys/jwt-es256-private.pem").toString());
        env.put("AILIVE_JWT_PUBLIC_KEY_FILE", dataDir.resolve("keys/jwt-es256-public.pem").toString());
        env.put("AILIVE_PUBLIC_URL", "http://localhost:" + front);
        nodes.add(ServerProcess.startMain(dataDir.resolve("node" + (i + 1)), env, "-Xmx512m"));
        System.out.println("Node " + (i + 1) + ": http://localhost:" + nodes.get(i).port + "/ (pid " + nodes.get(i).pid
          + ", log " + nodes.get(i).log + ")");
      }
      haproxy = haproxy(dataDir, front, nodes);
    } catch (Exception e) {
      stop.run();
      throw e;
    }
    Process lb = haproxy;
    System.out.println();
    System.out.println(lb != null ? "A&I Live, three nodes behind HAProxy: http://localhost:" + front + "/"
      : "HAProxy is not installed (apt-get install haproxy): open a node's address above.");
    System.out.println("Demo accounts: " + dataDir.resolve("demo-accounts.txt"));
    System.out.println("Open a meeting on two browsers, then kill -9 a node's pid: the meeting carries on."
      + " Ctrl-C stops everything.");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (lb != null) {
        lb.destroy();
      }
      stop.run();
    }));
    new CountDownLatch(1).await();
  }

  /** HAProxy on {@code front} in front of the nodes, as docs/haproxy.cfg; null when it is not installed. */
  private static Process haproxy(Path dataDir, int front, List<ServerProcess> nodes) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
      return null;
    }
    StringBuilder cfg = new StringBuilder("""
      defaults
          mode http
          timeout connect 5s
          timeout client 60s
          timeout server 60s
          timeout tunnel 1h
      frontend demo
          bind 127.0.0.1:%d
          default_backend ailive
      backend ailive
          balance roundrobin
          option httpchk
          http-check send meth GET uri /health
          default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
      """.formatted(front));
    for (int i = 0; i < nodes.size(); i++) {
      cfg.append("    server node").append(i + 1).append(" 127.0.0.1:").append(nodes.get(i).port).append(" check\n");
    }
    Path file = dataDir.resolve("haproxy.cfg");
    Files.writeString(file, cfg);
    return new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", file.toString()).inheritIO().start();
  }
}
