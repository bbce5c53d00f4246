package org.ailive.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.config.AppConfig;

/**
 * The nodes that share this database, by cluster name ({@code cluster_node}, V37): a clustered
 * node records itself at start and every {@link #BEAT_MS} after; it refuses to start while a node of
 * another cluster name was seen in the last {@link #ALIVE_SECONDS} seconds. Hazelcast alone would let
 * it form a cluster of its own on the same database, fighting the others for every meeting.
 */
public final class ClusterRegistry extends VerticleBase {

  static final long BEAT_MS = 5_000;
  static final int ALIVE_SECONDS = 15;

  /** One node at a time checks and records itself, so two clusters starting together cannot both pass. */
  private static final String SERIALIZE = "SELECT pg_advisory_xact_lock(hashtext('ailive.cluster_node'))";
  private static final String OTHER = """
    SELECT node, cluster_name, extract(epoch FROM now() - seen_at)::int AS ago FROM cluster_node
    WHERE cluster_name <> $1 AND seen_at > now() - make_interval(secs => $2) ORDER BY seen_at DESC LIMIT 1""";
  private static final String BEAT = """
    INSERT INTO cluster_node (node, cluster_name) VALUES ($1, $2)
    ON CONFLICT (node) DO UPDATE SET cluster_name = EXCLUDED.cluster_name, seen_at = now()""";
  private static final String LEAVE = "DELETE FROM cluster_node WHERE node = $1";

  private final Pool pool;
  private final String clusterName;
  private final String node;

  /** {@code node}: this node's name ({@link ClusterNode#name}). */
  public ClusterRegistry(Pool pool, AppConfig config, String node) {
    this.pool = pool;
    this.clusterName = config.clusterName();
    this.node = node;
  }

  /** Records this node, or refuses (the deployment fails with the reason) if another cluster uses the database. */
  @Override
  public Future<?> start() {
    return pool.withTransaction(conn -> conn.query(SERIALIZE).execute()
        .compose(v -> conn.preparedQuery(OTHER).execute(Tuple.of(clusterName, ALIVE_SECONDS)))
        .compose(rows -> {
          if (rows.size() > 0) {
            Row other = rows.iterator().next();
            String theirs = other.getString("cluster_name");
            return Future.failedFuture(new IllegalArgumentException(AppConfig.envName("clusterName") + " is '"
              + clusterName + "', but this database is in use by the cluster '" + theirs + "' (node "
              + other.getString("node") + ", seen " + other.getInteger("ago") + " s ago): every node on one database"
              + " must be in one cluster. Set " + AppConfig.envName("clusterName") + "=" + theirs + ", or stop that"
              + " cluster's nodes and wait " + ALIVE_SECONDS + " s to rename it."));
          }
          return conn.preparedQuery(BEAT).execute(Tuple.of(node, clusterName)).<Void>mapEmpty();
        }))
      // A beat that fails (the database does not answer) is tried at the next one.
      .onSuccess(v -> vertx.setPeriodic(BEAT_MS, id -> pool.preparedQuery(BEAT).execute(Tuple.of(node, clusterName))));
  }

  /** A clean stop: no longer counted (a node that dies is forgotten after {@link #ALIVE_SECONDS}). */
  @Override
  public Future<?> stop() {
    return pool.preparedQuery(LEAVE).execute(Tuple.of(node)).otherwiseEmpty();
  }
}
