package org.ailive.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian {@code haproxy}) in front of the test's nodes, configured by
 * docs/haproxy.cfg itself with only what a test on loopback must change: the frontend listens on a
 * free port of 127.0.0.1, the servers are the nodes' HTTP ports, the admin socket and a CSV stats
 * page are in the run directory, nothing logs to syslog, at most 1,000 connections. Every answer says which server made it
 * ({@code X-Test-Node}: node0, node1 …), so a test knows where the balancer sent each client.
 */
final class Balancer implements AutoCloseable {

  static final String NODE_HEADER = "X-Test-Node";
  /** Debian installs it in /usr/sbin, which a user's PATH may not have. */
  static final String HAPROXY = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";

  final int port;
  final int statsPort;
  final Path config;
  private final Process process;

  private Balancer(int port, int statsPort, Path config, Process process) {
    this.port = port;
    this.statsPort = statsPort;
    this.config = config;
    this.process = process;
  }

  /** HAProxy on docs/haproxy.cfg, its servers {@code node0…} at these HTTP ports (all of them, up or not). */
  static Balancer start(Path dir, List<Integer> nodePorts) throws Exception {
    Files.createDirectories(dir);
    int port = Loopback.freePort();
    int statsPort = Loopback.freePort();
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, config(Files.readString(Path.of("docs/haproxy.cfg")), dir, port, statsPort, nodePorts));
    Process check = new ProcessBuilder(HAPROXY, "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
    String checked = new String(check.getInputStream().readAllBytes());
    if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
      throw new IllegalStateException("haproxy refused " + cfg + ":\n" + checked);
    }
    Process p = new ProcessBuilder(HAPROXY, "-db", "-f", cfg.toString()).redirectErrorStream(true)
      .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    Balancer b = new Balancer(port, statsPort, cfg, p);
    long deadline = System.currentTimeMillis() + 20_000;
    while (b.servers().size() < nodePorts.size()) {
      if (System.currentTimeMillis() > deadline || !p.isAlive()) {
        b.close();
        throw new IllegalStateException("haproxy did not start:\n" + Files.readString(dir.resolve("haproxy.log")));
      }
      Thread.sleep(100);
    }
    return b;
  }

  /** docs/haproxy.cfg, its addresses made the test's. */
  static String config(String docs, Path dir, int port, int statsPort, List<Integer> nodePorts) {
    StringBuilder out = new StringBuilder();
    boolean serversWritten = false;
    for (String line : docs.split("\n", -1)) {
      String t = line.trim();
      if (t.startsWith("log ") || t.equals("log global") || t.startsWith("option httplog")) {
        continue;
      }
      if (t.startsWith("maxconn ")) {
        // The global maxconn asks for twice as many file descriptors; a test machine may allow fewer.
        out.append("    maxconn 1000\n");
      } else if (t.startsWith("stats socket ")) {
        out.append("    stats socket ").append(dir.resolve("admin.sock")).append(" mode 600 level admin\n");
      } else if (t.startsWith("bind :80")) {
        out.append("    bind 127.0.0.1:").append(port).append('\n');
      } else if (t.startsWith("server ")) {
        if (!serversWritten) {
          out.append("    http-response set-header ").append(NODE_HEADER).append(" %s\n");
          for (int i = 0; i < nodePorts.size(); i++) {
            out.append("    server node").append(i).append(" 127.0.0.1:").append(nodePorts.get(i)).append(" check\n");
          }
          serversWritten = true;
        }
      } else {
        out.append(line).append('\n');
      }
    }
    out.append("\nlisten stats\n    bind 127.0.0.1:").append(statsPort).append("\n    stats enable\n    stats uri /stats\n");
    return out.toString();
  }

  /** Each server's state as HAProxy's health checks see it ({@code UP}, {@code DOWN}, {@code MAINT}…). */
  Map<String, String> servers() {
    Map<String, String> states = new HashMap<>();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + statsPort + "/stats;csv")).timeout(Duration.ofSeconds(3)).build(),
        HttpResponse.BodyHandlers.ofString());
      for (String row : r.body().split("\n")) {
        String[] f = row.split(",");
        if (f.length > 17 && "ailive".equals(f[0]) && f[1].startsWith("node")) {
          states.put(f[1], f[17]);
        }
      }
    } catch (Exception notYet) {
      // HAProxy is still starting: no servers yet.
    }
    return states;
  }

  /** Waits until HAProxy's checks see {@code node} in {@code state} (e.g. DOWN): how long it took, in ms. */
  long awaitState(String node, String state, long ms) throws Exception {
    long start = System.currentTimeMillis();
    while (!servers().getOrDefault(node, "").startsWith(state)) {
      if (System.currentTimeMillis() - start > ms) {
        throw new AssertionError("HAProxy did not mark " + node + " " + state + " in " + ms + " ms: " + servers());
      }
      Thread.sleep(100);
    }
    return System.currentTimeMillis() - start;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
