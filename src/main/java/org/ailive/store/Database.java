package org.ailive.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ailive.AppConfig;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store: an embedded Postgres in the data directory unless a URL is configured, migrated by
 * Flyway, then reached only through the reactive pool. Starting and stopping Postgres and running
 * Flyway are blocking, so they run on a worker thread.
 */
public final class Database {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final Pool pool;
  private final EmbeddedPostgres embedded;
  private final PgConnectOptions connectOptions;

  private Database(Pool pool, EmbeddedPostgres embedded, PgConnectOptions connectOptions) {
    this.pool = pool;
    this.embedded = embedded;
    this.connectOptions = connectOptions;
  }

  public static Future<Database> start(Vertx vertx, AppConfig config) {
    return vertx.executeBlocking(() -> {
      EmbeddedPostgres embedded = config.embeddedDb() ? startEmbedded(config) : null;
      PgConnectOptions options = embedded != null
        ? new PgConnectOptions().setHost("localhost").setPort(embedded.getPort())
            .setDatabase("postgres").setUser("postgres")
        : externalOptions(config);
      try {
        migrate(options);
      } catch (RuntimeException e) {
        if (embedded != null) {
          embedded.close();
        }
        throw e;
      }
      return new Object[] {embedded, options};
    }).map(started -> {
      EmbeddedPostgres embedded = (EmbeddedPostgres) started[0];
      PgConnectOptions options = (PgConnectOptions) started[1];
      // Prepared statements are cached per connection: every query here is a fixed string.
      options.setCachePreparedStatements(true).setPipeliningLimit(256);
      Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.dbPoolSize()).setName("ailive"))
        .connectingTo(options)
        .using(vertx)
        .build();
      return new Database(pool, embedded, options);
    });
  }

  private static EmbeddedPostgres startEmbedded(AppConfig config) throws IOException {
    Path dir = config.dataDir().resolve("postgres");
    Files.createDirectories(dir.getParent());
    stopOrphanedServer(dir);
    log.info("Starting embedded Postgres in {}", dir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      // zonky turns both off for speed; real meetings need an acknowledged write to survive a crash.
      .setServerConfig("fsync", "on")
      .setServerConfig("synchronous_commit", "on")
      .setOutputRedirector(ProcessBuilder.Redirect.appendTo(config.dataDir().resolve("postgres.log").toFile()))
      .setErrorRedirector(ProcessBuilder.Redirect.appendTo(config.dataDir().resolve("postgres.log").toFile()));
    if (config.dbEmbeddedPort() > 0) {
      builder.setPort(config.dbEmbeddedPort());
    }
    return builder.start();
  }

  /**
   * After a crash (kill -9, power loss of the JVM only) the embedded server outlives us and still
   * holds the data directory. If its parent is gone it is an orphan of a previous run: stop it
   * (SIGTERM, a smart shutdown; Postgres recovers from its WAL) so this start can take over. If
   * another live JVM still owns it, refuse: two services must never share one data directory.
   */
  private static void stopOrphanedServer(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (RuntimeException e) {
      return;
    }
    ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
    if (postmaster == null || !postmaster.info().command().map(c -> c.contains("postgres")).orElse(false)) {
      return;
    }
    ProcessHandle parent = postmaster.parent().orElse(null);
    boolean owned = parent != null && parent.pid() != 1
      && parent.info().command().map(c -> c.endsWith("java")).orElse(false);
    if (owned) {
      throw new IOException("The data directory " + dir + " is in use by another running A&I Live (process "
        + parent.pid() + "). Stop it first, or use another AILIVE_DATA_DIR.");
    }
    log.warn("Stopping the embedded Postgres (pid {}) left running by a previous crash", pid);
    postmaster.destroy();
    try {
      postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("The embedded Postgres left by a previous run (pid " + pid + ") did not stop", e);
    }
  }

  private static PgConnectOptions externalOptions(AppConfig config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.dbUrl());
    if (!config.dbUser().isBlank()) {
      options.setUser(config.dbUser());
    }
    if (!config.dbPassword().isBlank()) {
      options.setPassword(config.dbPassword());
    }
    return options;
  }

  private static void migrate(PgConnectOptions o) {
    String jdbcUrl = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    Flyway.configure()
      .dataSource(jdbcUrl, o.getUser(), o.getPassword())
      .locations("classpath:db/migration")
      .load()
      .migrate();
  }

  public Pool pool() {
    return pool;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  public PgConnectOptions connectOptions() {
    return connectOptions;
  }

  /** Closes the pool, then stops the embedded server (if any) off the event loop. */
  public Future<Void> close(Vertx vertx) {
    return pool.close().transform(ignored -> embedded == null
      ? Future.<Void>succeededFuture()
      : vertx.<Void>executeBlocking(() -> {
          embedded.close();
          return null;
        }));
  }
}
