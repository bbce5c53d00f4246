package org.ailive.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench SCENARIO [--name value]...}: the scenario (A, B, B-stress, B2, C, D or all) and its
 * settings. Every setting has a default per scenario (the figures); any can be overridden.
 */
public final class BenchOptions {

  public static final List<String> SCENARIOS = List.of("A", "B", "B-stress", "B2", "C", "D");

  /** Defaults shared by every scenario. */
  private static final Map<String, String> COMMON = new LinkedHashMap<>();
  /** Defaults per scenario, over {@link #COMMON}. */
  private static final Map<String, Map<String, String>> PER_SCENARIO = new LinkedHashMap<>();

  static {
    COMMON.put("presence", "true");        // browsers listen to .presence as well as .events
    COMMON.put("compress", "true");        // browsers offer permessage-deflate
    COMMON.put("sync-state", "true");      // live.js asks for the whole state with every catch-up
    COMMON.put("clock-samples", "5");      // live.js measures the clock with 5 `time` requests after joining
    COMMON.put("ping-ms", "10000");        // live.js pings every 10 s
    COMMON.put("agenda-items", "8");
    COMMON.put("connect-concurrency", "200");
    COMMON.put("setup-timeout", "600");    // s: connecting and joining everyone
    COMMON.put("baseline", "true");
    COMMON.put("live", "true");            // false: the baseline alone (A, B, B-stress, D)
    COMMON.put("pin", "auto");             // taskset -c 0 for servers when taskset exists
    COMMON.put("fresh-server", "true");    // a new server (and data dir) for each scenario
    COMMON.put("profile", "false");        // true: JFR on the server during the measured window
    COMMON.put("server-java-opts", "");
    COMMON.put("server-classes", "");      // a directory of classes put first on A&I Live's classpath (try a change)
    COMMON.put("report", "docs/BENCHMARKS.md");
    COMMON.put("out", "target/bench");
    COMMON.put("warmup", "10");
    COMMON.put("seconds", "60");
    COMMON.put("drain-seconds", "15");
    COMMON.put("rate", "1");
    COMMON.put("max-seconds", "0");        // saturation phase (B): 0 = skipped
    COMMON.put("inflight", "4");
    COMMON.put("label", "");
    COMMON.put("wait-quiet", "120");       // s: wait for other work on the cores to calm before a window

    // A: 190 × 100 = 19,000 connections, what a 20,000-descriptor limit (ulimit -Hn here) leaves
    // the server once its jars, sockets to Postgres and the like are open (issue 22, item 5).
    PER_SCENARIO.put("A", Map.of("meetings", "190", "members", "100", "idle-seconds", "15"));
    PER_SCENARIO.put("B", Map.of("meetings", "50", "members", "100", "rate", "1", "max-seconds", "20"));
    PER_SCENARIO.put("B-stress", Map.of("meetings", "1", "members", "2000", "rate", "10", "presence", "false"));
    // B2: B on --nodes clustered nodes against one, on one shared Postgres (issue 21; issue 22, item 7).
    PER_SCENARIO.put("B2", Map.of("meetings", "50", "members", "100", "rate", "1", "max-seconds", "20", "nodes", "2"));
    PER_SCENARIO.put("C", Map.of("meetings", "50", "members", "21", "rates", "50,100,250,500,750,1000,1500,2000",
      "step-seconds", "20", "action-every", "10", "baseline-seconds", "10", "baseline-inflight", "64"));
    // D: 100 × (chair + 100) = 10,000 members dropped and rejoining at once (issue 22, item 6).
    PER_SCENARIO.put("D", Map.of("meetings", "100", "members", "101", "down-ms", "3000", "rate", "1",
      "storm-concurrency", "10000", "deadline", "120", "warmup", "5", "seconds", "10"));
  }

  public final List<String> scenarios;
  private final Map<String, String> given;

  private BenchOptions(List<String> scenarios, Map<String, String> given) {
    this.scenarios = scenarios;
    this.given = given;
  }

  public static BenchOptions parse(String... args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new IllegalArgumentException(usage());
    }
    List<String> scenarios = new ArrayList<>();
    for (String s : args[0].split(",")) {
      String name = canonical(s);
      if (name.equals("all")) {
        scenarios.addAll(SCENARIOS);
      } else {
        scenarios.add(name);
      }
    }
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a + "\n" + usage());
      }
      String key = a.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        value = "true";
      }
      if (!known(key)) {
        throw new IllegalArgumentException("unknown option --" + key + "\n" + usage());
      }
      given.put(key, value);
    }
    return new BenchOptions(List.copyOf(scenarios), given);
  }

  private static boolean known(String key) {
    return COMMON.containsKey(key) || PER_SCENARIO.values().stream().anyMatch(m -> m.containsKey(key));
  }

  static String canonical(String s) {
    String n = s.trim().toUpperCase(Locale.ROOT).replace("_", "-");
    return switch (n) {
      case "A", "B", "B2", "C", "D" -> n;
      case "B-STRESS", "BSTRESS", "S" -> "B-stress";
      case "ALL" -> "all";
      default -> throw new IllegalArgumentException("unknown scenario " + s + "\n" + usage());
    };
  }

  public static String usage() {
    return """
      usage: bin/bench SCENARIO[,SCENARIO...] [--option value]...
        SCENARIO: A (idle capacity), B (fan-out), B-stress, B2 (B on clustered nodes against one), C (durable writes),
                  D (reconnect storm), all
        common: --meetings N --members N(per meeting) --seconds S --warmup S --rate R(per meeting/s)
                --presence true|false --compress true|false --sync-state true|false --clock-samples N
                --baseline true|false --profile true|false --fresh-server true|false --pin auto|true|false
                --report FILE|none --label TEXT --server-java-opts "..." --wait-quiet S --live true|false --server-classes DIR
                --connect-concurrency N --setup-timeout S --drain-seconds S --ping-ms MS --agenda-items N
        A: --idle-seconds S --connect-concurrency N     B: --max-seconds S --inflight N (saturation phase)
        B2: as B, and --nodes N (the clustered side; 2)
        C: --rates 250,500,... --step-seconds S --action-every N --baseline-seconds S --baseline-inflight N
        D: --down-ms MS --storm-concurrency N --deadline S""";
  }

  /** This scenario's view of the settings. */
  public Scenario forScenario(String scenario) {
    Map<String, String> merged = new LinkedHashMap<>(COMMON);
    merged.putAll(PER_SCENARIO.getOrDefault(scenario, Map.of()));
    merged.putAll(given);
    return new Scenario(scenario, merged);
  }

  public String get(String key) {
    return forScenario(scenarios.get(0)).get(key);
  }

  /** The options given on the command line (for the report). */
  public Map<String, String> given() {
    return given;
  }

  public static final class Scenario {
    public final String name;
    private final Map<String, String> values;

    Scenario(String name, Map<String, String> values) {
      this.name = name;
      this.values = values;
    }

    public String get(String key) {
      String v = values.get(key);
      if (v == null) {
        throw new IllegalArgumentException("no setting " + key + " for scenario " + name);
      }
      return v;
    }

    public int integer(String key) {
      return Integer.parseInt(get(key).trim());
    }

    public double number(String key) {
      return Double.parseDouble(get(key).trim());
    }

    public boolean flag(String key) {
      return Boolean.parseBoolean(get(key).trim());
    }

    public List<Integer> integers(String key) {
      List<Integer> out = new ArrayList<>();
      for (String s : get(key).split(",")) {
        if (!s.isBlank()) {
          out.add(Integer.parseInt(s.trim()));
        }
      }
      return out;
    }

    public Map<String, String> values() {
      return values;
    }
  }
}
