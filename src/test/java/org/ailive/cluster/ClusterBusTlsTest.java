package org.ailive.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.VertxInternal;
import org.ailive.TestServer;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.ailive.cluster.Loopback.freePort;
import static org.ailive.cluster.Loopback.sleep;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event bus between nodes with the cluster's key store: five real clustered nodes (Hazelcast and
 * Vert.x as {@link ClusterNode} builds them, in this JVM, on loopback), all in one Hazelcast cluster
 * under one name. A and B hold the cluster's key store; S holds another one (a second keytool run);
 * M and N hold none (clear, allowed on loopback). A's and N's bus are reached through a {@link Relay}
 * that keeps every byte, as a machine on the path would see them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBusTlsTest {

  static Path dir;
  static Vertx a;
  static Vertx b;
  static Vertx s;
  static Vertx m;
  static Vertx n;
  static int busPortA;
  static Relay relayA;
  static Relay relayN;
  static final Queue<String> atA = new ConcurrentLinkedQueue<>();
  static final Queue<String> atS = new ConcurrentLinkedQueue<>();
  static final Queue<String> atN = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("ailive-bus-tls");
    Path cluster = ClusterKeys.make(dir, "cluster.p12");
    Path other = ClusterKeys.make(dir, "other.p12");
    int[] ports = new int[5];
    for (int i = 0; i < ports.length; i++) {
      ports[i] = freePort();
    }
    String members = java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p)
      .collect(java.util.stream.Collectors.joining(","));
    String name = "bus-tls-" + UUID.randomUUID().toString().substring(0, 8);
    busPortA = freePort();
    relayA = new Relay(busPortA);
    int busPortN = freePort();
    relayN = new Relay(busPortN);
    a = node(name, ports[0], members, busPortA, relayA.port, cluster);
    b = node(name, ports[1], members, 0, -1, cluster);
    s = node(name, ports[2], members, 0, -1, other);
    m = node(name, ports[3], members, 0, -1, null);
    n = node(name, ports[4], members, busPortN, relayN.port, null);
    for (Vertx node : List.of(a, b, s, m, n)) {
      for (long until = System.currentTimeMillis() + 60_000; ((VertxInternal) node).clusterManager().getNodes().size() < 5; ) {
        assertTrue(System.currentTimeMillis() < until, "all five nodes joined one Hazelcast cluster");
        sleep(200);
      }
    }
    a.eventBus().<String>consumer("test.tls.a", msg -> {
      atA.add(msg.body());
      msg.reply("A got " + msg.body());
    }).completion().await(20, TimeUnit.SECONDS);
    s.eventBus().<String>consumer("test.tls.s", msg -> {
      atS.add(msg.body());
      msg.reply("S got " + msg.body());
    }).completion().await(20, TimeUnit.SECONDS);
    n.eventBus().<String>consumer("test.clear.n", msg -> {
      atN.add(msg.body());
      msg.reply("N got " + msg.body());
    }).completion().await(20, TimeUnit.SECONDS);
  }

  static Vertx node(String name, int port, String members, int busPort, int publicPort, Path keystore) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("AILIVE_CLUSTER", "true", "AILIVE_CLUSTER_NAME", name,
      "AILIVE_CLUSTER_HOST", "127.0.0.1", "AILIVE_CLUSTER_PORT", String.valueOf(port), "AILIVE_CLUSTER_MEMBERS", members,
      "AILIVE_CLUSTER_BUS_PORT", String.valueOf(busPort), "AILIVE_DB_URL", "postgresql://db.example/ailive"));
    if (keystore != null) {
      env.put("AILIVE_CLUSTER_KEYSTORE", keystore.toString());
      env.put("AILIVE_CLUSTER_KEYSTORE_PASSWORD", ClusterKeys.PASSWORD);
    }
    AppConfig config = AppConfig.load(null, env);
    config.checkCluster();
    VertxOptions options = new VertxOptions();
    if (publicPort > 0) {
      // The others reach this node through its relay.
      options.getEventBusOptions().setClusterPublicPort(publicPort);
    }
    return ClusterNode.start(options, config).await(120, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Vertx node : new Vertx[] {n, m, s, b, a}) {
      if (node != null) {
        node.close().await(60, TimeUnit.SECONDS);
      }
    }
    for (Relay relay : new Relay[] {relayA, relayN}) {
      if (relay != null) {
        relay.close();
      }
    }
    TestServer.deleteQuietly(dir);
  }

  /** The answer, retried while the address's listener is still spreading through the cluster. */
  static String ask(Vertx from, String address, String body) {
    long until = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        return from.eventBus().<String>request(address, body).await(5, TimeUnit.SECONDS).body();
      } catch (Exception e) {
        if (System.currentTimeMillis() > until) {
          throw new AssertionError("no answer from " + address + ": " + e, e);
        }
        sleep(250);
      }
    }
  }

  @Test
  @Order(1)
  void nodesWithTheClusterKeystoreTalkAndAMachineOnThePathSeesNoClearText() {
    String marker = "case-narrative-" + UUID.randomUUID();
    assertEquals("A got " + marker, ask(b, "test.tls.a", marker));
    byte[] seen = relayA.seen();
    assertTrue(seen.length > 200, "B reached A through the relay: " + seen.length + " bytes");
    // A TLS handshake record (22), TLS 1.x: the first bytes B sent (this test runs first: later ones
    // send A clear bytes through the relay on purpose).
    assertArrayEquals(new byte[] {0x16, 0x03}, java.util.Arrays.copyOf(seen, 2));
    assertFalse(relayA.seenText().contains(marker), "the message crossed in clear");
  }

  @Test
  void onTheClearBusTheSameRelaySeesTheMessage() {
    // The contrast: nodes without a key store (loopback only), so the relay could show it.
    String marker = "case-narrative-" + UUID.randomUUID();
    assertEquals("N got " + marker, ask(m, "test.clear.n", marker));
    assertTrue(relayN.seenText().contains(marker));
  }

  @Test
  void aNodeWithAnotherKeystoreNeitherSendsNorReceives() throws Exception {
    assertEquals("A got warm-up", ask(b, "test.tls.a", "warm-up"));
    List<String> sent = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (Vertx[] pair : new Vertx[][] {{s, a}, {a, s}, {n, a}, {a, n}}) {
        String marker = "from-stranger-" + UUID.randomUUID();
        sent.add(marker);
        String address = pair[1] == a ? "test.tls.a" : pair[1] == s ? "test.tls.s" : "test.clear.n";
        Exception e = assertThrows(Exception.class, () -> pair[0].eventBus().<String>request(address, marker)
          .await(5, TimeUnit.SECONDS), address);
        failures.add(e instanceof ReplyException r ? r.failureType().name() : e.getClass().getSimpleName());
        pair[0].eventBus().publish(address, marker);
      }
    }
    sleep(2_000);
    for (String marker : sent) {
      assertFalse(atA.contains(marker) || atS.contains(marker) || atN.contains(marker), "delivered: " + marker);
    }
    // Not "no handlers": each knew of the other's listener (Hazelcast told it) and tried, and the handshake refused it.
    assertFalse(failures.contains("NO_HANDLERS"), failures.toString());
    assertEquals("A got after", ask(b, "test.tls.a", "after"), "the cluster's own nodes still talk");
  }

  @Test
  void aPlainTcpClientOnTheBusPortGetsATlsAlertNotTheBus() throws Exception {
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), busPortA)) {
      raw.setSoTimeout(10_000);
      raw.getOutputStream().write("hello in clear, to test.tls.a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      raw.getOutputStream().flush();
      byte[] answer = raw.getInputStream().readNBytes(2);
      // An alert record (21) or the connection closed: no event-bus frame, ever.
      assertTrue(answer.length < 2 || answer[0] == 0x15, java.util.Arrays.toString(answer));
    }
    assertFalse(atA.stream().anyMatch(m -> m.contains("hello")));
  }

  @Test
  void aTlsClientThatTrustsTheClusterButShowsNoCertificateIsRefused() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("cluster.p12"))) {
      store.load(in, ClusterKeys.PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext noCertificate = SSLContext.getInstance("TLSv1.3");
    noCertificate.init(null, trust.getTrustManagers(), null);
    assertThrows(java.io.IOException.class, () -> talk(noCertificate), "the server asked for a certificate and got none");
    // The same client with the cluster's key gets through the handshake: the refusal above was the missing certificate.
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, ClusterKeys.PASSWORD.toCharArray());
    SSLContext withCertificate = SSLContext.getInstance("TLSv1.3");
    withCertificate.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    assertEquals("TLSv1.3", talk(withCertificate));
  }

  /** A TLS connection to A's bus port: handshake, one write, a short read; the protocol agreed. */
  private static String talk(SSLContext context) throws Exception {
    try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), busPortA)) {
      tls.setSoTimeout(3_000);
      tls.startHandshake();
      tls.getOutputStream().write(new byte[] {0, 0, 0, 0});
      tls.getOutputStream().flush();
      try {
        tls.getInputStream().read();
      } catch (java.net.SocketTimeoutException e) {
        // still open: the server took us in and waits for a frame
      }
      return tls.getSession().getProtocol();
    }
  }
}
