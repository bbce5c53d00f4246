package org.ailive.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Completable;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hazelcast as Vert.x's cluster manager, with this node's view of who listens where dropped after a
 * split-brain merge, to be read again.
 *
 * <p>Why: the clustered event bus (Vert.x 5's node selector) keeps, for every address this node has
 * sent to, the nodes that listen there, and changes that list only when the subscriptions map
 * ({@code __vertx.subs}) tells it an entry was added or removed. A node that was cut off and merges
 * back misses those events: what the other half changed while it was apart, and what changed
 * while Hazelcast reset and rejoined it. On {@code MERGED}, vertx-hazelcast puts this node's own
 * subscriptions back and calls {@link RegistrationListener#registrationsLost}, which Vert.x 4's
 * selector answered by forgetting its lists; Vert.x 5's ignores it, so a stale list stays
 * until the next change at that address. For a meeting's command address that can be for good: a
 * list naming this node (it served the meeting while merging) sends every command to a room that
 * is gone here ({@code NO_HANDLERS}), while the new owner's registration is in the map unseen.
 * So, after vertx-hazelcast's own handling of {@code MERGED}, the selector is made to forget every
 * address it still keeps a list for (an empty update): its next send there asks the map, which
 * holds both halves' registrations. Later changes reach it as usual (the merged node's entry
 * listener keeps working).
 */
public final class MergeAwareClusterManager extends HazelcastClusterManager {

  private static final Logger log = LoggerFactory.getLogger(MergeAwareClusterManager.class);
  /** Past this many, addresses the selector no longer keeps are forgotten here too. */
  private static final int PRUNE_AT = 10_000;

  private final Set<String> looked = ConcurrentHashMap.newKeySet();
  private volatile RegistrationListener listener;

  public MergeAwareClusterManager(Config config) {
    super(config);
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    this.listener = listener;
    super.registrationListener(listener);
  }

  /** The selector asks here the first time it needs an address (and again after it forgot it). */
  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    if (looked.add(address) && looked.size() > PRUNE_AT) {
      prune();
    }
    super.getRegistrations(address, promise);
  }

  @Override
  public synchronized void stateChanged(LifecycleEvent event) {
    super.stateChanged(event);
    if (event.getState() == LifecycleEvent.LifecycleState.MERGED && isActive() && listener != null) {
      prune();
      log.info("Cluster merged: forgetting who listens at {} event-bus addresses (read again at the next send)",
        looked.size());
      RegistrationListener to = listener;
      for (String address : looked) {
        // An empty list makes the selector forget the address, as Vert.x 4 did on "registrations
        // lost": its next send reads the map through the selector's own ordered path. (Handing it a
        // list read here instead could land after a fresher one and leave that stale.)
        to.registrationsUpdated(new RegistrationUpdateEvent(address, List.of()));
      }
    }
  }

  private void prune() {
    RegistrationListener to = listener;
    if (to != null) {
      looked.removeIf(address -> !to.wantsUpdatesFor(address));
    }
  }
}
