package org.ailive.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import org.ailive.config.AppConfig;
import org.ailive.config.ClusterKeystore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * A node of a cluster (settings {@code cluster*}): Hazelcast as Vert.x's cluster manager, joined
 * over TCP-IP to the listed members (no multicast, no auto-detection, no phone-home), under the
 * cluster's name, on the interface the settings name. Vert.x then makes the event bus and the
 * shared-data locks cluster-wide: one owner per meeting, reached from every node. After a split the
 * halves merge again ({@link MergeAwareClusterManager}); a node that sees too few members takes no
 * meeting meanwhile ({@link Quorum}). With a key store ({@code clusterKeystore}) the event bus between
 * nodes, which carries the meetings' commands and events, is TLS both ways ({@link #encrypt}).
 */
public final class ClusterNode {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  private ClusterNode() {
  }

  /** The Hazelcast configuration these settings mean (checked first: see {@link AppConfig#checkCluster}). */
  public static Config hazelcast(AppConfig config) {
    Config cfg = ConfigUtil.loadConfig();
    cfg.setClusterName(config.clusterName());
    cfg.setProperty("hazelcast.phone.home.enabled", "false");
    cfg.setProperty("hazelcast.logging.type", "slf4j");
    // A node that dies is noticed in seconds, not the default minute: its meetings move on that soon.
    cfg.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    cfg.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    cfg.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A node that was cut off or frozen long enough to be counted dead comes back as a cluster of its
    // own; the two halves look for each other and merge after these (defaults: 300 s, then 120 s).
    // Until then each half may take the meeting in turn; the fence keeps every commit single.
    cfg.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    cfg.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    NetworkConfig net = cfg.getNetworkConfig();
    net.setPort(config.clusterPort()).setPortAutoIncrement(false);
    if (!"0.0.0.0".equals(config.clusterHost())) {
      net.getInterfaces().setEnabled(true).addInterface(config.clusterHost());
      net.setPublicAddress(config.clusterHost() + ":" + config.clusterPort());
    }
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
    Quorum.configure(cfg, config);
    return cfg;
  }

  /**
   * This node's name, as {@code meeting_owner} and {@code cluster_node} record it: its cluster
   * address (or, alone, its HTTP address) and its process.
   */
  public static String name(AppConfig config) {
    return (config.cluster() ? config.clusterHost() + ":" + config.clusterPort() : config.httpHost() + ":"
      + config.httpPort()) + " pid " + ProcessHandle.current().pid();
  }

  /** Vert.x with these options, clustered: completes once the node has joined (or formed) the cluster. */
  public static Future<Vertx> start(VertxOptions options, AppConfig config) {
    EventBusOptions bus = options.getEventBusOptions();
    bus.setHost(config.clusterHost()).setPort(config.clusterBusPort());
    if (!"0.0.0.0".equals(config.clusterHost())) {
      bus.setClusterPublicHost(config.clusterHost());
    }
    encrypt(bus, config);
    return Vertx.builder().with(options).withClusterManager(new MergeAwareClusterManager(hazelcast(config)))
      .buildClustered();
  }

  /**
   * TLS 1.3 on the event bus between nodes, both ways, from the cluster's key store: each node shows
   * the store's certificate and accepts only a peer that shows it too (client auth required, nothing
   * else trusted, Vert.x's trust-all default off). A machine without the file can join Hazelcast
   * under the cluster's name, but neither reads nor sends a message on the bus: its connections fail
   * the handshake both ways. No host name is checked: the shared certificate is the nodes' identity.
   * Without a key store (refused by {@link AppConfig#checkCluster} unless the bus stays on loopback or
   * {@code clusterInsecure} is set) the bus is in clear, and the log says so.
   */
  static void encrypt(EventBusOptions bus, AppConfig config) {
    java.util.Optional<ClusterKeystore> tls = config.clusterTls();
    if (tls.isEmpty()) {
      if (config.clusterHostIsLoopback()) {
        log.info("The event bus between nodes is in clear ({} is not set): {} is loopback, so it stays on this machine",
          AppConfig.envName("clusterKeystore"), AppConfig.envName("clusterHost"));
      } else {
        log.warn("The event bus between nodes is neither encrypted nor authenticated ({}=true, no {}): keep the nodes"
          + " on a private network that only they reach", AppConfig.envName("clusterInsecure"),
          AppConfig.envName("clusterKeystore"));
      }
      return;
    }
    // PfxOptions, not the general KeyStoreOptions: the bus copies its options through JSON (toJson), which
    // keeps only the PKCS12, JKS and PEM kinds, and drops a KeyStoreOptions without a word.
    PfxOptions store = new PfxOptions().setPath(tls.get().file().toString()).setPassword(tls.get().password());
    bus.setSsl(true).setKeyCertOptions(store).setTrustOptions(store.copy()).setTrustAll(false)
      .setClientAuth(ClientAuth.REQUIRED).setEnabledSecureTransportProtocols(Set.of("TLSv1.3"));
    log.info("The event bus between nodes is TLS 1.3 with both ends authenticated ({}: {}, certificate valid until {})",
      AppConfig.envName("clusterKeystore"), tls.get().file(), tls.get().notAfter());
  }
}
