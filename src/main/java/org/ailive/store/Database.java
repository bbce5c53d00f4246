package org.ailive.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.ailive.config.AppConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The store: an embedded Postgres in the data directory ({@link EmbeddedServer}: password sign-in,
 * loopback only, reached as a role that is no superuser) unless a URL is configured, migrated by
 * Flyway, then reached only through the reactive pool. Starting and stopping Postgres and running
 * Flyway are blocking, so they run on a worker thread.
 */
public final class Database {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final Pool pool;
  private final EmbeddedServer embedded;
  private final PgConnectOptions connectOptions;
  private final FileChannel dataDirLock;

  private Database(Pool pool, EmbeddedServer embedded, PgConnectOptions connectOptions, FileChannel dataDirLock) {
    this.pool = pool;
    this.embedded = embedded;
    this.connectOptions = connectOptions;
    this.dataDirLock = dataDirLock;
  }

  /** What the blocking part of the start yields: an embedded server (or none), how to reach it, the lock. */
  private record Started(EmbeddedServer embedded, PgConnectOptions options, FileChannel lock) {
  }

  public static Future<Database> start(Vertx vertx, AppConfig config) {
    return vertx.executeBlocking(() -> config.embeddedDb() ? startEmbedded(config) : startExternal(config))
      .map(started -> {
        // Prepared statements are cached per connection: every query here is a fixed string.
        PgConnectOptions options = started.options().setCachePreparedStatements(true).setPipeliningLimit(256);
        Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.dbPoolSize()).setName("ailive"))
          .connectingTo(options)
          .using(vertx)
          .build();
        return new Database(pool, started.embedded(), options, started.lock());
      });
  }

  private static Started startExternal(AppConfig config) {
    PgConnectOptions options = externalOptions(config);
    migrate(options);
    return new Started(null, options, null);
  }

  private static Started startEmbedded(AppConfig config) throws IOException {
    FileChannel lock = lockDataDir(config);
    EmbeddedServer embedded = null;
    try {
      embedded = EmbeddedServer.start(config);
      PgConnectOptions options = embedded.serviceOptions();
      migrate(options);
      return new Started(embedded, options, lock);
    } catch (IOException | RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      lock.close();
      throw e;
    }
  }

  /**
   * One service per data directory: an OS file lock, held while this process lives and released by
   * the kernel however it ends (kill -9 included). Without it two services could share one database
   * directory, and the crash recovery below could stop a live service's database.
   */
  private static FileChannel lockDataDir(AppConfig config) throws IOException {
    Files.createDirectories(config.dataDir());
    FileChannel channel = tryLockDataDir(config.dataDir());
    if (channel == null) {
      throw new IOException("The data directory " + config.dataDir() + " is in use by another running A&I Live."
        + " Stop it first, or set AILIVE_DATA_DIR to another directory.");
    }
    return channel;
  }

  /** The data directory's lock, held while the channel is open; null when another process holds it. */
  static FileChannel tryLockDataDir(Path dataDir) throws IOException {
    FileChannel channel = FileChannel.open(dataDir.resolve("ailive.lock"), StandardOpenOption.CREATE,
      StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    return channel;
  }

  /**
   * We hold the data directory's lock, so a server still running on it was left by a previous run
   * that crashed (kill -9 of the JVM leaves the embedded Postgres behind, holding the directory).
   * Stop it with a fast shutdown; Postgres replays its WAL at the next start, so nothing
   * acknowledged is lost.
   */
  static void stopOrphanedServer(Path dir) throws IOException {
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
    log.warn("Stopping the embedded Postgres (pid {}) left running by a previous run that crashed", pid);
    try {
      // SIGINT is Postgres' fast shutdown: it does not wait for the dead run's sessions.
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      postmaster.onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("The embedded Postgres left by a previous run (pid " + pid + ") did not stop", e);
    }
  }

  static PgConnectOptions externalOptions(AppConfig config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.dbUrl());
    if (!config.dbUser().isBlank()) {
      options.setUser(config.dbUser());
    }
    if (!config.dbPassword().isBlank()) {
      options.setPassword(config.dbPassword());
    }
    return options;
  }

  /**
   * Brings the schema up to this release's migrations. A database a newer release has already
   * migrated further is refused (Flyway alone would start on it): this node's code would write to
   * tables it does not know. Every node on one database runs the same release, or a newer one.
   */
  private static void migrate(PgConnectOptions o) {
    String jdbcUrl = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    Flyway flyway = Flyway.configure()
      .dataSource(jdbcUrl, o.getUser(), o.getPassword())
      .locations("classpath:db/migration")
      .load();
    flyway.migrate();
    String ours = "";
    String theirs = null;
    for (MigrationInfo m : flyway.info().applied()) {
      boolean future = m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED;
      if (m.getVersion() != null) {
        if (future) {
          theirs = m.getVersion().getVersion();
        } else {
          ours = m.getVersion().getVersion();
        }
      }
    }
    if (theirs != null) {
      throw new IllegalStateException("The database's schema is at version " + theirs
        + ", newer than this release knows (version " + ours + "): a newer A&I Live has upgraded it. Start this node from that release (every node on one database "
        + "runs the same release, or a newer one).");
    }
  }

  public Pool pool() {
    return pool;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  /** True when this start made the embedded database (a new data directory), not found one. */
  public boolean isNewEmbedded() {
    return embedded != null && embedded.created();
  }

  public PgConnectOptions connectOptions() {
    return connectOptions;
  }

  /** Closes the pool, then stops the embedded server (if any) off the event loop. */
  public Future<Void> close(Vertx vertx) {
    return pool.close().transform(ignored -> embedded == null
      ? Future.<Void>succeededFuture()
      : vertx.<Void>executeBlocking(() -> {
          try {
            embedded.close();
          } finally {
            dataDirLock.close();
          }
          return null;
        }));
  }
}
