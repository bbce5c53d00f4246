package org.ailive.cluster;

import org.ailive.bench.ServerProcess;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small tools for the cluster tests' nodes on this machine: ports, signals, their logs, waiting. */
final class Loopback {

  private Loopback() {
  }

  static void signal(String name, long pid) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor());
  }

  static void awaitLog(ServerProcess node, String line, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      if (Files.readString(node.log).contains(line)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("node did not log '" + line + "':\n" + Files.readString(node.log));
  }

  static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
