package org.ailive.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.ailive.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Whether this node may take a meeting (raise its ownership epoch): only while it sees more than
 * half of the cluster's members, counted as the distinct entries of {@code clusterMembers} together
 * with this node's own {@code clusterHost:clusterPort} (unless that is {@code 0.0.0.0}: then list
 * this node too, written as the others reach it). A node cut off from the others by a network split
 * then never takes a meeting back while it is cut off: the majority's owner keeps it, and the
 * minority node's clients wait for the heal. Postgres alone could not tell the halves apart (both
 * still reach it).
 *
 * <p>"Sees" means a member it has had a heartbeat from in the last {@link #HEARTBEAT_TOLERANCE_MS}
 * (Hazelcast's recently-active split-brain protection, checked every heartbeat), not merely one in
 * its member list: a cut-off node may keep the others in its list for seconds after they dropped it,
 * and lose them one by one once the network heals, passing through a list of two of three.
 *
 * <p>With one or two members there is no majority to keep (two nodes split one against one): the
 * rule always holds there, so a node whose partner died still takes the meeting, and a split pair
 * may take it in turn, every commit still fenced ({@code meeting_owner}). One node alone, not
 * clustered, always may.
 */
public final class Quorum {

  private static final Logger log = LoggerFactory.getLogger(Quorum.class);
  static final String NAME = "ailive-meetings";
  /** Over the heartbeat interval (1 s, {@link ClusterNode}), under the 5 s after which a member is dropped. */
  static final int HEARTBEAT_TOLERANCE_MS = 3_000;

  private Quorum() {
  }

  /** How many members the cluster has: the listed ones, this node included. */
  public static int members(AppConfig config) {
    Set<String> members = new HashSet<>(config.clusterMembers());
    if (!"0.0.0.0".equals(config.clusterHost())) {
      members.add(config.clusterHost() + ":" + config.clusterPort());
    }
    return members.size();
  }

  /** How many of {@code members} a node must see to take a meeting: more than half; none below three. */
  public static int needed(int members) {
    return members < 3 ? 0 : members / 2 + 1;
  }

  /** With {@code seen} members seen (this node included) of {@code members}. */
  public static boolean holds(int seen, int members) {
    return seen >= needed(members);
  }

  /** The Hazelcast side of the rule: a split-brain protection that counts the members recently heard from. */
  static void configure(Config hazelcast, AppConfig config) {
    int needed = needed(members(config));
    if (needed > 0) {
      hazelcast.addSplitBrainProtectionConfig(SplitBrainProtectionConfig
        .newRecentlyActiveSplitBrainProtectionConfigBuilder(NAME, needed, HEARTBEAT_TOLERANCE_MS).build()
        .setEnabled(true));
    }
  }

  /** This node's rule, asked each time it is about to ask for a meeting's lock. */
  public static BooleanSupplier of(Vertx vertx, AppConfig config) {
    int members = members(config);
    if (!vertx.isClustered() || needed(members) == 0) {
      return () -> true;
    }
    SplitBrainProtection protection = ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager())
      .getHazelcastInstance().getSplitBrainProtectionService().getSplitBrainProtection(NAME);
    log.info("This node takes a meeting only while it hears from at least {} of the {} cluster members",
      needed(members), members);
    String self = config.clusterHost() + ":" + config.clusterPort();
    if (!config.clusterMembers().contains(self)) {
      // Written differently (a name here, an address there) it counts twice; on 0.0.0.0 not at all.
      log.warn("AILIVE_CLUSTER_MEMBERS does not name this node as {}, so the quorum counts {} members; list "
        + "every node, this one included, written the same way on every node", self, members);
    }
    return protection::hasMinimumSize;
  }
}
