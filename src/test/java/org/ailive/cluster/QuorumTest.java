package org.ailive.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.ailive.cluster.Loopback.freePort;
import static org.ailive.cluster.Loopback.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node takes meetings only while it sees more than half of the cluster's members (three or more listed). */
class QuorumTest {

  @Test
  void moreThanHalfOfThreeOrMoreListedMembersAndAlwaysWithOneOrTwo() {
    assertEquals(List.of(false, false, true, true), List.of(Quorum.holds(0, 3), Quorum.holds(1, 3),
      Quorum.holds(2, 3), Quorum.holds(3, 3)));
    assertEquals(List.of(false, false, true), List.of(Quorum.holds(1, 4), Quorum.holds(2, 4), Quorum.holds(3, 4)));
    assertEquals(List.of(false, true), List.of(Quorum.holds(2, 5), Quorum.holds(3, 5)));
    assertEquals(List.of(true, true, true), List.of(Quorum.holds(1, 1), Quorum.holds(1, 2), Quorum.holds(0, 2)));
  }

  @Test
  void theMembersAreTheDistinctListedOnesAndThisNode() throws Exception {
    assertEquals(3, Quorum.members(config(5701, "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703", "q")));
    assertEquals(3, Quorum.members(config(5701, "127.0.0.1:5702,127.0.0.1:5703", "q")));
    assertEquals(2, Quorum.members(config(5701, "127.0.0.1:5702,127.0.0.1:5702", "q")));
  }

  @Test
  void oneNodeNotClusteredAlwaysMay() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AppConfig config = AppConfig.load(null, Map.of("AILIVE_CLUSTER_MEMBERS", "10.0.0.11:5701,10.0.0.12:5701"));
      assertTrue(Quorum.of(vertx, config).getAsBoolean());
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  /**
   * Real Hazelcast nodes in this JVM, three members listed (the third never starts): alone, the
   * first may not take a meeting; once the second has joined, both may; the second alone again may not.
   */
  @Test
  void aClusteredNodeCountsTheMembersItSees() throws Exception {
    int[] ports = {freePort(), freePort(), freePort()};
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
    AppConfig first = config(ports[0], members, "quorum-" + ports[0]);
    AppConfig second = config(ports[1], members, "quorum-" + ports[0]);
    Vertx a = ClusterNode.start(new VertxOptions(), first).await(60, TimeUnit.SECONDS);
    Vertx b = null;
    try {
      BooleanSupplier aMay = Quorum.of(a, first);
      sleep(2_500); // past Hazelcast's first checks: the answer is then the rule's, not the starting one
      assertFalse(aMay.getAsBoolean(), "one of three members seen");
      b = ClusterNode.start(new VertxOptions(), second).await(60, TimeUnit.SECONDS);
      BooleanSupplier bMay = Quorum.of(b, second);
      awaitTrue(aMay);
      awaitTrue(bMay);
      a.close().await(60, TimeUnit.SECONDS);
      a = null;
      for (int i = 0; i < 100 && bMay.getAsBoolean(); i++) {
        sleep(100);
      }
      assertFalse(bMay.getAsBoolean(), "one of three members seen once the other left");
    } finally {
      if (a != null) {
        a.close().await(60, TimeUnit.SECONDS);
      }
      if (b != null) {
        b.close().await(60, TimeUnit.SECONDS);
      }
    }
  }

  /** Lists only the other two: this node's own address is counted too. */
  @Test
  void thisNodeCountsAsAMemberWhenTheListLeavesItOut() throws Exception {
    int[] ports = {freePort(), freePort(), freePort()};
    AppConfig alone = config(ports[0], "127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2], "quorum-" + ports[0]);
    Vertx a = ClusterNode.start(new VertxOptions(), alone).await(60, TimeUnit.SECONDS);
    try {
      BooleanSupplier may = Quorum.of(a, alone);
      sleep(2_500); // as above
      assertFalse(may.getAsBoolean(), "one of three members seen");
    } finally {
      a.close().await(60, TimeUnit.SECONDS);
    }
  }

  private static AppConfig config(int port, String members, String name) throws Exception {
    AppConfig config = AppConfig.load(null, Map.of("AILIVE_CLUSTER", "true", "AILIVE_CLUSTER_NAME", name,
      "AILIVE_CLUSTER_HOST", "127.0.0.1", "AILIVE_CLUSTER_PORT", String.valueOf(port),
      "AILIVE_CLUSTER_MEMBERS", members, "AILIVE_DB_URL", "postgresql://db.example/ailive"));
    config.checkCluster();
    return config;
  }

  private static void awaitTrue(BooleanSupplier may) {
    for (int i = 0; i < 300 && !may.getAsBoolean(); i++) {
      sleep(100);
    }
    assertTrue(may.getAsBoolean(), "two of three members seen");
  }
}
