package org.ailive.cluster;

import com.hazelcast.config.Config;
import org.ailive.App;
import org.ailive.TestServer;
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
      "AILIVE_CLUSTER_MEMBERS", "10.0.0.11:5801, 10.0.0.12:5801", "AILIVE_DB_URL", "postgresql://db.example/ailive",
      "AILIVE_CLUSTER_INSECURE", "true"));
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

  @Test
  void aNodeOnANetworkAddressNeedsAKeystoreUnlessItIsSetInsecure() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(EXTERNAL);
    env.put("AILIVE_CLUSTER", "true");
    env.put("AILIVE_CLUSTER_HOST", "10.0.0.11");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppConfig.load(null, env).checkCluster());
    assertTrue(e.getMessage().startsWith("AILIVE_CLUSTER_KEYSTORE is needed when AILIVE_CLUSTER_HOST is not loopback"
      + " (it is 10.0.0.11)"), e.getMessage());
    assertTrue(e.getMessage().contains("AILIVE_CLUSTER_INSECURE=true"), e.getMessage());
    env.put("AILIVE_CLUSTER_HOST", "0.0.0.0");
    assertThrows(IllegalArgumentException.class, () -> AppConfig.load(null, env).checkCluster());
    env.put("AILIVE_CLUSTER_INSECURE", "true");
    AppConfig.load(null, env).checkCluster();
    env.remove("AILIVE_CLUSTER_INSECURE");
    for (String loopback : List.of("127.0.0.1", "127.0.1.1", "::1", "localhost")) {
      env.put("AILIVE_CLUSTER_HOST", loopback);
      AppConfig config = AppConfig.load(null, env);
      config.checkCluster();
      io.vertx.core.eventbus.EventBusOptions bus = new io.vertx.core.eventbus.EventBusOptions();
      ClusterNode.encrypt(bus, config);
      assertFalse(bus.isSsl(), loopback);
    }
  }

  @Test
  void aGoodKeystoreTurnsOnTlsBothWaysAndTrustsNothingElse() throws Exception {
    Path dir = Files.createTempDirectory("ailive-cluster-keys");
    Map<String, String> env = tls(ClusterKeys.make(dir, "cluster.p12").toString(), ClusterKeys.PASSWORD);
    env.put("AILIVE_CLUSTER_HOST", "10.0.0.11");
    AppConfig config = AppConfig.load(null, env);
    config.checkCluster();
    io.vertx.core.eventbus.EventBusOptions bus = new io.vertx.core.eventbus.EventBusOptions();
    assertTrue(bus.isTrustAll(), "Vert.x's default, which encrypt() must turn off");
    ClusterNode.encrypt(bus, config);
    assertTrue(bus.isSsl());
    assertFalse(bus.isTrustAll());
    assertEquals(io.vertx.core.http.ClientAuth.REQUIRED, bus.getClientAuth());
    assertEquals(java.util.Set.of("TLSv1.3"), bus.getEnabledSecureTransportProtocols());
    // As the clustered bus makes its server and client: from the options' JSON.
    for (io.vertx.core.net.TCPSSLOptions made : List.of(new io.vertx.core.net.NetServerOptions(bus.toJson()),
        new io.vertx.core.net.NetClientOptions(bus.toJson()))) {
      assertTrue(made.isSsl());
      assertTrue(made.getKeyCertOptions() instanceof io.vertx.core.net.PfxOptions, String.valueOf(made.getKeyCertOptions()));
      assertTrue(made.getTrustOptions() instanceof io.vertx.core.net.PfxOptions, String.valueOf(made.getTrustOptions()));
      assertEquals(java.util.Set.of("TLSv1.3"), made.getEnabledSecureTransportProtocols());
    }
    assertEquals(io.vertx.core.http.ClientAuth.REQUIRED, new io.vertx.core.net.NetServerOptions(bus.toJson()).getClientAuth());
    assertFalse(new io.vertx.core.net.NetClientOptions(bus.toJson()).isTrustAll());
    assertTrue(config.clusterTls().orElseThrow().notAfter().isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(800))));
    assertFalse(config.clusterTls().orElseThrow().toString().contains(ClusterKeys.PASSWORD));
    TestServer.deleteQuietly(dir);
  }

  @Test
  void badKeystoresAreRefusedByNameWithTheReason() throws Exception {
    Path dir = Files.createTempDirectory("ailive-cluster-keys");
    String good = ClusterKeys.make(dir, "cluster.p12").toString();
    Path pem = dir.resolve("cluster.pem");
    Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");
    Path jks = ClusterKeys.make(dir, "cluster.jks", ClusterKeys.PASSWORD, List.of("-storetype", "JKS"));
    String two = ClusterKeys.make(dir, "two.p12").toString();
    ClusterKeys.make(dir, "two.p12", ClusterKeys.PASSWORD, List.of("-alias", "another"));
    String expired = ClusterKeys.make(dir, "expired.p12", ClusterKeys.PASSWORD, List.of("-startdate", "-3y", "-validity", "1"))
      .toString();
    Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(List.of(dir.resolve("missing.p12").toString(), ClusterKeys.PASSWORD),
      "AILIVE_CLUSTER_KEYSTORE names a file that cannot be read: ");
    cases.put(List.of(dir.toString(), ClusterKeys.PASSWORD), "AILIVE_CLUSTER_KEYSTORE names a file that cannot be read: ");
    cases.put(List.of(good, "not-the-password"), "AILIVE_CLUSTER_KEYSTORE_PASSWORD does not open AILIVE_CLUSTER_KEYSTORE");
    cases.put(List.of(good, ""), "AILIVE_CLUSTER_KEYSTORE_PASSWORD is needed when AILIVE_CLUSTER_KEYSTORE is set");
    cases.put(List.of("", ClusterKeys.PASSWORD), "AILIVE_CLUSTER_KEYSTORE is needed when AILIVE_CLUSTER_KEYSTORE_PASSWORD is set");
    cases.put(List.of(pem.toString(), ClusterKeys.PASSWORD), "AILIVE_CLUSTER_KEYSTORE must be a PKCS12 key store");
    cases.put(List.of(two, ClusterKeys.PASSWORD), "AILIVE_CLUSTER_KEYSTORE (" + two + ") must hold one key and its"
      + " certificate, the same on every node, but holds 2");
    cases.put(List.of(expired, ClusterKeys.PASSWORD), "AILIVE_CLUSTER_KEYSTORE (" + expired + "): its certificate is valid from");
    for (Map.Entry<List<String>, String> bad : cases.entrySet()) {
      AppConfig config = AppConfig.load(null, tls(bad.getKey().get(0), bad.getKey().get(1)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::checkCluster, bad.getValue());
      assertTrue(e.getMessage().startsWith(bad.getValue()), e.getMessage());
      assertFalse(e.getMessage().contains(ClusterKeys.PASSWORD), "no password in the message: " + e.getMessage());
    }
    // The JDK reads a JKS store as PKCS12 too (keystore.type.compat), and so does Vert.x: it works, so it passes.
    AppConfig.load(null, tls(jks.toString(), ClusterKeys.PASSWORD)).checkCluster();
    TestServer.deleteQuietly(dir);
  }

  @Test
  void theServiceStartedWithTheWrongKeystorePasswordStopsWithTheReason() throws Exception {
    Path run = Files.createTempDirectory("ailive-cluster-refused");
    Map<String, String> env = tls(ClusterKeys.make(run, "cluster.p12").toString(), "not-the-password");
    ServerProcess.Exit exit = ServerProcess.startMainExpectingExit(run.resolve("node"), env, 60);
    assertEquals(1, exit.code(), exit.output());
    assertTrue(exit.output().contains("AILIVE_CLUSTER_KEYSTORE_PASSWORD does not open AILIVE_CLUSTER_KEYSTORE ("
      + run.resolve("cluster.p12") + "): the password is wrong"), exit.output());
    assertFalse(exit.output().contains("Hazelcast"), "no cluster was joined: " + exit.output());
    TestServer.deleteQuietly(run);
  }

  private static Map<String, String> tls(String keystore, String password) {
    Map<String, String> env = new java.util.HashMap<>(EXTERNAL);
    env.put("AILIVE_CLUSTER", "true");
    env.put("AILIVE_CLUSTER_KEYSTORE", keystore);
    env.put("AILIVE_CLUSTER_KEYSTORE_PASSWORD", password);
    return env;
  }
}
