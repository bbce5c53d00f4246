package org.ailive.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A network split on loopback, for {@link ClusterSplitTest}: every node runs under a group id of its
 * own ({@code setpriv --regid}, {@link #prefix}); cutting node {@code i} off marks each TCP connection
 * on the cluster's ports (Hazelcast's and the event bus's) that node {@code i} sends a packet on, in
 * either direction, and drops every packet of a marked connection (iptables {@code owner},
 * {@code CONNMARK}). Its Postgres and HTTP connections, and the others' connections to each other,
 * are untouched. Needs root (CAP_NET_ADMIN) and Debian's {@code iptables}.
 */
final class Split {

  /** This test JVM's: another run's nodes (another pid) have other groups and another chain. */
  private static final long PID = ProcessHandle.current().pid();
  private static final String CHAIN = "ailive-split-" + PID;
  private static final String MARK = "0x5100/0xff00";

  private Split() {
  }

  static int group(int node) {
    return 200_000 + (int) (PID % 100_000) * 10 + node;
  }

  /** How {@link ClusterTest} starts node {@code i}, so that it can be cut off (as root; as is otherwise). */
  static List<String> prefix(int node) {
    return root() ? List.of("setpriv", "--regid=" + group(node), "--clear-groups") : List.of();
  }

  static boolean root() {
    try {
      return Integer.valueOf(0).equals(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"));
    } catch (Exception notLinux) {
      return false;
    }
  }

  /** Why a split cannot be made here, or null. */
  static String unavailable() {
    if (!root()) {
      return "the split test runs as root (setpriv --regid and iptables need CAP_SETGID and CAP_NET_ADMIN)";
    }
    try {
      Process p = new ProcessBuilder("iptables", "-S", "OUTPUT").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor() == 0 ? null : "iptables -S OUTPUT failed: " + out.trim();
    } catch (Exception e) {
      return "iptables is not installed (Debian: apt-get install iptables): " + e.getMessage();
    }
  }

  /**
   * Node {@code node} cut off on these ports (every node's cluster and bus ports; {@code own}: its
   * own). Connections to its own ports are marked by port (its answer to a SYN carries no owner yet),
   * the ones it opens to the others by its group.
   */
  static void cut(int node, Set<Integer> ports, Set<Integer> own) throws Exception {
    clean();
    String list = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    iptables("-N", CHAIN);
    iptables("-A", CHAIN, "-p", "tcp", "-m", "multiport", "--ports",
      own.stream().map(String::valueOf).collect(Collectors.joining(",")), "-j", "CONNMARK", "--set-mark", MARK);
    iptables("-A", CHAIN, "-p", "tcp", "-m", "owner", "--gid-owner", Integer.toString(group(node)),
      "-m", "multiport", "--ports", list, "-j", "CONNMARK", "--set-mark", MARK);
    iptables("-A", CHAIN, "-p", "tcp", "-m", "connmark", "--mark", MARK, "-j", "DROP");
    iptables("-I", "OUTPUT", "-o", "lo", "-j", CHAIN);
  }

  /** No split: this run's chain, and those of runs that died before healing theirs, are gone. */
  static void clean() throws Exception {
    Process p = new ProcessBuilder("iptables", "-S", "OUTPUT").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    Set<String> chains = new TreeSet<>();
    for (String line : out.split("\n")) {
      int at = line.indexOf("-j ailive-split-");
      if (at >= 0) {
        chains.add(line.substring(at + 3).trim());
      }
    }
    chains.add(CHAIN);
    for (String chain : chains) {
      long pid = Long.parseLong(chain.substring("ailive-split-".length()));
      if (pid != PID && ProcessHandle.of(pid).isPresent()) {
        continue;
      }
      while (run("iptables", "-D", "OUTPUT", "-o", "lo", "-j", chain) == 0) {
        // once per jump
      }
      run("iptables", "-F", chain);
      run("iptables", "-X", chain);
    }
  }

  /** The TCP ports the process {@code pid} listens on (from {@code ss}). */
  static Set<Integer> listening(long pid) throws Exception {
    Process p = new ProcessBuilder("ss", "-Htlnp").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    Set<Integer> ports = new TreeSet<>();
    for (String line : out.split("\n")) {
      if (line.contains("pid=" + pid + ",")) {
        String local = line.trim().split("\\s+")[3];
        ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)));
      }
    }
    return ports;
  }

  private static void iptables(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("iptables"));
    cmd.addAll(List.of(args));
    if (run(cmd.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }
  }

  private static int run(String... cmd) throws Exception {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
