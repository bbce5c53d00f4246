package org.ailive.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
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
 * this node too, written as the others reach it). A node cut off from the others by a network split then never takes a meeting
 * back while it is cut off: the majority's owner keeps it, and the minority node's clients wait for
 * the heal. Postgres alone could not tell the halves apart (both still reach it).
 *
 * <p>With one or two listed members there is no majority to keep (two nodes split one against one):
 * the rule always holds there, so a node whose partner died still takes the meeting, and a split
 * pair may take it in turn, every commit still fenced ({@code meeting_owner}). One node alone, not
 * clustered, always may.
 */
public final class Quorum {

  private static final Logger log = LoggerFactory.getLogger(Quorum.class);

  private Quorum() {
  }

  /** With {@code seen} members seen (this node included) of {@code listed}. */
  public static boolean holds(int seen, int listed) {
    return listed < 3 || 2 * seen > listed;
  }

  /** This node's rule, asked each time it is about to take a meeting. */
  public static BooleanSupplier of(Vertx vertx, AppConfig config) {
    Set<String> members = new HashSet<>(config.clusterMembers());
    if (!"0.0.0.0".equals(config.clusterHost())) {
      members.add(config.clusterHost() + ":" + config.clusterPort());
    }
    int listed = members.size();
    if (!vertx.isClustered() || holds(0, listed)) {
      return () -> true;
    }
    log.info("This node takes a meeting only while it sees at least {} of the {} cluster members", listed / 2 + 1,
      listed);
    return () -> holds(((VertxInternal) vertx).clusterManager().getNodes().size(), listed);
  }
}
