package org.ailive.cluster;

import com.hazelcast.config.Config;
import org.ailive.App;
import org.ailive.bench.ServerProcess;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clustered settings: what they mean to Hazelcast, and the starts they refuse, with the reason. */
class ClusterSettingsTest {

  private static final Map<String, String> EXTERNAL = Map.of("AILIVE_DB_URL", "postgresql://db.example:5432/ailive");

  @Test
  void oneNodeIsTheDefault() throws Exception {
    AppConfig config = AppConfig.load(null, Map.of());
    assertFalse(config.cluster());
    config.checkCluster();
    assertEquals(5701, config.clusterPort());
    assertEquals(List.of(), config.clusterMembers());
  }

  @Test
  void theSettingsComeFromTheEnvironmentAndMakeATcpIpJoinWithoutMulticast() throws Exception {
    AppConfig config = AppConfig.load(null, Map.of("AILIVE_CLUSTER", "true", "AILIVE_CLUSTER_NAME", "northshire",
      "AILIVE_CLUSTER_HOST", "10.0.0.11", "AILIVE_CLUSTER_PORT", "5801",
      "AILIVE_CLUSTER_MEMBERS", "10.0.0.11:5801, 10.0.0.12:5801", "AILIVE_DB_URL", "postgresql://db.example/ailive"));
    config.checkCluster();
    Config hz = ClusterNode.hazelcast(config);
    assertEquals("northshire", hz.getClusterName());
    assertEquals(5801, hz.getNetworkConfig().getPort());
    assertFalse(hz.getNetworkConfig().isPortAutoIncrement());
    assertFalse(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(hz.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals(List.of("10.0.0.11:5801", "10.0.0.12:5801"), hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertEquals(List.of("10.0.0.11"), List.copyOf(hz.getNetworkConfig().getInterfaces().getInterfaces()));
  }

  @Test
  void badClusterSettingsAreRefusedByName() throws Exception {
    for (Map.Entry<String, String> bad : Map.of("AILIVE_CLUSTER_MEMBERS", "10.0.0.11",
      "AILIVE_CLUSTER_PORT", "0", "AILIVE_CLUSTER_NAME", "north shire", "AILIVE_CLUSTER_BUS_PORT", "70000").entrySet()) {
      Map<String, String> env = new java.util.HashMap<>(EXTERNAL);
      env.put("AILIVE_CLUSTER", "true");
      env.put(bad.getKey(), bad.getValue());
      AppConfig config = AppConfig.load(null, env);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::checkCluster);
      assertTrue(e.getMessage().startsWith(bad.getKey()), e.getMessage());
    }
  }

  @Test
  void clusteredModeOnTheEmbeddedDatabaseIsRefusedBeforeAnyNodeStarts() throws Exception {
    AppConfig config = AppConfig.load(null, Map.of("AILIVE_CLUSTER", "true"));
    var failed = App.newVertx(config);
    assertTrue(failed.failed());
    assertTrue(failed.cause().getMessage().contains("AILIVE_DB_URL"), failed.cause().getMessage());
  }

  @Test
  void theServiceStartedClusteredOnTheEmbeddedDatabaseStopsWithTheReason() throws Exception {
    Path run = Files.createTempDirectory("ailive-cluster-refused");
    ServerProcess.Exit exit = ServerProcess.startMainExpectingExit(run, Map.of("AILIVE_CLUSTER", "true"), 60);
    assertEquals(1, exit.code(), exit.output());
    assertTrue(exit.output().contains("AILIVE_CLUSTER=true needs an external Postgres that every node shares"),
      exit.output());
    assertFalse(exit.output().contains("Hazelcast"), "no cluster was joined: " + exit.output());
    assertFalse(exit.output().contains("A&I Live is serving"));
  }
}
