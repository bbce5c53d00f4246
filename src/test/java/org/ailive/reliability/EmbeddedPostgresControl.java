package org.ailive.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and restarts a running service's embedded Postgres from outside, as an outage would, with
 * the binaries and arguments it was started with (read from its process).
 */
final class EmbeddedPostgresControl {

  private final Path dataDir;
  private List<String> serverArgs;
  private Path postgres;
  private int port;

  EmbeddedPostgresControl(Path serviceDataDir) {
    this.dataDir = serviceDataDir.resolve("postgres");
  }

  void stop() throws Exception {
    List<String> pidFile = Files.readAllLines(dataDir.resolve("postmaster.pid"));
    long pid = Long.parseLong(pidFile.get(0).trim());
    port = Integer.parseInt(pidFile.get(3).trim());
    String[] cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).split("\0");
    postgres = Path.of(cmdline[0]);
    serverArgs = new ArrayList<>();
    for (int i = 1; i < cmdline.length; i++) {
      if (cmdline[i].equals("-D")) {
        i++;
        continue;
      }
      serverArgs.add(cmdline[i]);
    }
    // SIGINT is Postgres' fast shutdown (pg_ctl refuses to run as root, as tests may here).
    ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
    new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
    server.onExit().get(60, TimeUnit.SECONDS);
  }

  void start() throws Exception {
    // As zonky does: Postgres refuses to run as root, so as root it runs in a user namespace.
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(List.of(postgres.toString(), "-D", dataDir.toString()));
    command.addAll(serverArgs);
    new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling("postgres.log").toFile())).start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try (var socket = new java.net.Socket("localhost", port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("Postgres did not come back on port " + port);
  }
}
