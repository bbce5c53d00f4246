package org.ailive.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import org.ailive.config.AppConfig;

/**
 * A node of a cluster (settings {@code cluster*}): Hazelcast as Vert.x's cluster manager, joined
 * over TCP-IP to the listed members (no multicast, no auto-detection, no phone-home), under the
 * cluster's name, on the interface the settings name. Vert.x then makes the event bus and the
 * shared-data locks cluster-wide: one owner per meeting, reached from every node. After a split the
 * halves merge again ({@link MergeAwareClusterManager}); a node that sees too few members takes no
 * meeting meanwhile ({@link Quorum}).
 */
public final class ClusterNode {

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
    return Vertx.builder().with(options).withClusterManager(new MergeAwareClusterManager(hazelcast(config)))
      .buildClustered();
  }
}
