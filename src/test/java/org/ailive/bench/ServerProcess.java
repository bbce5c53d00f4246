package org.ailive.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in its own JVM: A&amp;I Live ({@code org.ailive.Main --conf ...} on a fresh data
 * directory, demo off; or configured only by environment variables, as an operator starts it) or the
 * bare baseline ({@link BaselineServer}). Pinned to core 0 with taskset
 * when asked. Also reads its memory (VmRSS, heap after a full GC) and profiles it (JFR, thread dump).
 */
public final class ServerProcess implements AutoCloseable, Measured {

  public static final String OFFICER_EMAIL = "bench.officer@bench.test";
  public static final String OFFICER_PASSWORD = "bench officer password 2026";

  public final String kind;
  public final Process process;
  public final long pid;
  public final int port;
  public final Path runDir;
  public final Path dataDir;
  public final int pgPort;
  public final Path log;
  private final List<ProcessHandle> children = new ArrayList<>();

  private ServerProcess(String kind, Process process, int port, Path runDir, Path dataDir, int pgPort, Path log) {
    this.kind = kind;
    this.process = process;
    this.pid = process.pid();
    this.port = port;
    this.runDir = runDir;
    this.dataDir = dataDir;
    this.pgPort = pgPort;
    this.log = log;
  }

  /** Starts A&amp;I Live with a generated configuration and waits until it serves. */
  public static ServerProcess startLive(Path runDir, boolean pin, String javaOpts, String serverClasses)
    throws Exception {
    Files.createDirectories(runDir);
    Path dataDir = Files.createTempDirectory("ailive-bench-data");
    int port = freePort();
    int pgPort = freePort();
    JsonObject conf = new JsonObject()
      .put("httpHost", "127.0.0.1")
      .put("httpPort", port)
      .put("dataDir", dataDir.toString())
      .put("dbEmbeddedPort", pgPort)
      .put("firstOfficerEmail", OFFICER_EMAIL)
      .put("firstOfficerPassword", OFFICER_PASSWORD)
      .put("demo", "false");
    Path confFile = runDir.resolve("ailive-bench.json");
    Files.writeString(confFile, conf.encodePrettily());
    Path log = runDir.resolve("server-live.log");
    Process p = launch(pin ? PIN : List.of(), javaOpts, "org.ailive.Main", List.of("--conf", confFile.toString()), runDir, log,
      serverClasses, Map.of());
    ServerProcess server = new ServerProcess("live", p, port, runDir, dataDir, pgPort, log);
    server.awaitLine("A&I Live is serving", 240);
    int actualPg = server.postgresPortFromPidFile();
    if (actualPg > 0 && actualPg != pgPort) {
      return new ServerProcess("live", p, port, runDir, dataDir, actualPg, log);
    }
    return server;
  }

  /** Starts the bare baseline server (no bridge, no auth, no database). */
  public static ServerProcess startBaseline(Path runDir, boolean pin, String javaOpts, Path payloadFile)
    throws Exception {
    Files.createDirectories(runDir);
    int port = freePort();
    Path log = runDir.resolve("server-baseline.log");
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
    if (payloadFile != null) {
      args.add("--payload");
      args.add(payloadFile.toString());
    }
    Process p = launch(pin ? PIN : List.of(), javaOpts, BaselineServer.class.getName(), args, runDir, log, "", Map.of());
    ServerProcess server = new ServerProcess("baseline", p, port, runDir, null, -1, log);
    server.awaitLine(BaselineServer.READY, 60);
    return server;
  }

  /**
   * Starts A&amp;I Live as an operator would, {@code org.ailive.Main} with no arguments, configured only by
   * environment variables: {@code settings} (e.g. the mail ones) on top of a free HTTP port on 127.0.0.1
   * and a fresh data directory; waits until it serves.
   */
  public static ServerProcess startMain(Path runDir, Map<String, String> settings) throws Exception {
    return startMain(runDir, settings, "");
  }

  /** As {@link #startMain(Path, Map)}, with these JVM options (e.g. a small heap for several nodes on one machine). */
  public static ServerProcess startMain(Path runDir, Map<String, String> settings, String javaOpts) throws Exception {
    return startMain(runDir, settings, javaOpts, List.of());
  }

  /** As {@link #startMain(Path, Map, String)}, the JVM started through {@code prefix} (e.g. {@code setpriv}). */
  public static ServerProcess startMain(Path runDir, Map<String, String> settings, String javaOpts, List<String> prefix) throws Exception {
    Files.createDirectories(runDir);
    Path dataDir = Files.createTempDirectory("ailive-main-data");
    int port = freePort();
    Path log = runDir.resolve("server-main.log");
    Process p = launch(prefix, javaOpts, "org.ailive.Main", List.of(), runDir, log, "", mainEnv(port, dataDir, settings));
    ServerProcess server = new ServerProcess("live", p, port, runDir, dataDir, -1, log);
    server.awaitLine("A&I Live is serving", 240);
    return new ServerProcess("live", p, port, runDir, dataDir, server.postgresPortFromPidFile(), log);
  }

  /** How a start that should fail ended: the exit code and all the service wrote. */
  public record Exit(int code, String output) {
  }

  /**
   * Starts A&amp;I Live as {@link #startMain} does and waits for it to exit on its own (a start refused
   * by its settings), at most {@code seconds}; a service still running then is stopped and refused.
   */
  public static Exit startMainExpectingExit(Path runDir, Map<String, String> settings, int seconds) throws Exception {
    Files.createDirectories(runDir);
    Path dataDir = Files.createTempDirectory("ailive-main-data");
    Path log = runDir.resolve("server-refused.log");
    Process p = launch(List.of(), "", "org.ailive.Main", List.of(), runDir, log, "", mainEnv(freePort(), dataDir, settings));
    ServerProcess server = new ServerProcess("live", p, -1, runDir, dataDir, -1, log);
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the service did not exit in " + seconds + " s:\n" + tail(log, 30));
      }
      return new Exit(p.exitValue(), Files.readString(log));
    } finally {
      server.close();
    }
  }

  private static Map<String, String> mainEnv(int port, Path dataDir, Map<String, String> settings) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("AILIVE_HTTP_HOST", "127.0.0.1",
      "AILIVE_HTTP_PORT", Integer.toString(port), "AILIVE_DATA_DIR", dataDir.toString()));
    env.putAll(settings);
    return env;
  }

  private static final List<String> PIN = List.of("taskset", "-c", "0");
  private static Process launch(List<String> prefix, String javaOpts, String mainClass, List<String> args, Path dir, Path log,
                                String firstClasses, Map<String, String> settings) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String o : javaOpts.trim().split("\\s+")) {
      if (!o.isBlank()) {
        cmd.add(o);
      }
    }
    cmd.add("-cp");
    cmd.add(firstClasses.isBlank() ? classpath()
      : Path.of(firstClasses).toAbsolutePath() + java.io.File.pathSeparator + classpath());
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
      .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AILIVE_"));
    env.putAll(settings);
    return pb.start();
  }

  /** The classpath of this JVM (under surefire, the real one rather than the booter jar). */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    // The server runs in its own directory: make every entry absolute.
    StringBuilder out = new StringBuilder();
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        out.append(out.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(entry).toAbsolutePath());
      }
    }
    return out.toString();
  }

  public static boolean tasksetAvailable() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "taskset"))) {
        return true;
      }
    }
    return false;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private void awaitLine(String marker, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(marker)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(kind + " server exited with " + process.exitValue() + "; see " + log
          + "\n" + tail(log, 30));
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException(kind + " server did not start in " + seconds + " s; see " + log);
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** Line 4 of {@code <dataDir>/postgres/postmaster.pid} is the port. */
  int postgresPortFromPidFile() {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
      return Integer.parseInt(lines.get(3).trim());
    } catch (Exception e) {
      return -1;
    }
  }

  // ---------- measurements ----------

  /** Resident set size of the server JVM, in KiB. */
  public long rssKb() {
    return procStatusKb(pid, "VmRSS:");
  }

  static long procStatusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (Exception ignored) {
      // not Linux, or gone
    }
    return -1;
  }

  /** Heap in use after a full GC (jcmd GC.run, then jstat -gc: S0U+S1U+EU+OU), in KiB; -1 if unavailable. */
  public long heapUsedAfterGcKb() {
    try {
      run(List.of("jcmd", Long.toString(pid), "GC.run"), 60);
      Thread.sleep(500);
      String out = run(List.of("jstat", "-gc", Long.toString(pid)), 30);
      String[] lines = out.strip().split("\n");
      String[] head = lines[0].trim().split("\\s+");
      String[] vals = lines[lines.length - 1].trim().split("\\s+");
      double used = 0;
      for (int i = 0; i < head.length; i++) {
        if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
          used += Double.parseDouble(vals[i]);
        }
      }
      return Math.round(used);
    } catch (Exception e) {
      return -1;
    }
  }

  /** CPU time (user + system) of the server JVM, in ms. */
  public long jvmCpuMillis() {
    return procCpuMillis(pid);
  }

  /**
   * CPU time of the embedded Postgres (the postmaster and its backends), in ms. pg_ctl detaches the
   * postmaster, so it is found through {@code postmaster.pid} rather than as a child of the JVM.
   */
  public long postgresCpuMillis() {
    ProcessHandle pm = postmaster();
    if (pm == null) {
      return 0;
    }
    long total = Math.max(0, procCpuMillis(pm.pid()));
    for (ProcessHandle h : pm.descendants().toList()) {
      total += Math.max(0, procCpuMillis(h.pid()));
    }
    return total;
  }

  ProcessHandle postmaster() {
    if (dataDir == null) {
      return null;
    }
    try {
      long pgPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
      ProcessHandle h = ProcessHandle.of(pgPid).orElse(null);
      return h != null && h.info().command().map(c -> c.contains("postgres")).orElse(false) ? h : null;
    } catch (Exception e) {
      return null;
    }
  }

  static long procCpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks * 10; // USER_HZ = 100 on Linux
    } catch (Exception e) {
      return -1;
    }
  }

  public void threadDump(Path file) {
    try {
      Files.writeString(file, run(List.of("jcmd", Long.toString(pid), "Thread.print"), 60));
    } catch (Exception e) {
      // best effort
    }
  }

  public void startJfr(Path file) {
    try {
      run(List.of("jcmd", Long.toString(pid), "JFR.start", "name=bench", "settings=profile",
        "filename=" + file.toAbsolutePath()), 60);
    } catch (Exception e) {
      System.err.println("JFR.start failed: " + e.getMessage());
    }
  }

  public void stopJfr() {
    try {
      run(List.of("jcmd", Long.toString(pid), "JFR.stop", "name=bench"), 120);
    } catch (Exception e) {
      System.err.println("JFR.stop failed: " + e.getMessage());
    }
  }

  static String run(List<String> cmd, int seconds) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " timed out");
    }
    return new String(out);
  }

  /** SIGTERM (the server stops its embedded Postgres in its shutdown hook), then force if needed. */
  @Override
  public void close() {
    children.addAll(process.descendants().toList());
    ProcessHandle pm = postmaster();
    if (pm != null) {
      children.add(pm);
    }
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Only the processes this server started (its Postgres), and only if they outlived it.
    for (ProcessHandle h : children) {
      if (h.isAlive()) {
        h.destroy();
      }
    }
    if (dataDir != null) {
      deleteQuietly(dataDir);
    }
  }

  static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp directory
    }
  }
}
