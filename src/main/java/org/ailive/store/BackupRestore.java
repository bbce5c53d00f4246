package org.ailive.store;

import io.vertx.pgclient.PgConnectOptions;
import org.ailive.config.AppConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Backup and restore with Postgres' own tools ({@code pg_dump}, {@code pg_restore}: Debian's
 * {@code postgresql-client}), run by {@code bin/backup} and {@code bin/restore}:
 * <ul>
 *   <li>{@code backup [--conf file.json] [--data-dir DIR] FILE}: {@code pg_dump --format=custom} of the
 *   configured database, from one consistent snapshot. An external Postgres ({@code dbUrl}) is reached
 *   exactly as the service reaches it. An embedded one is dumped online while its service runs (found
 *   through {@code postgres/postmaster.pid}); when the service is stopped this takes the data
 *   directory's lock, as the service would, starts the embedded server with the service's own
 *   settings, dumps it and stops it.</li>
 *   <li>{@code restore FILE DATA_DIR}: into a new, empty data directory only (never over a database):
 *   starts an embedded server there with the service's settings, {@code pg_restore}s the whole backup
 *   in one transaction (the Flyway history included, so the next start migrates nothing it has
 *   already) and stops it cleanly.</li>
 * </ul>
 * An embedded database is reached as the service reaches it: as the role {@code ailive} with the
 * password in {@code dataDir/database.secret}. A backup holds the database only: not the token
 * signing key ({@code dataDir/keys/}, a secret), nor the database passwords (a restore makes new
 * ones), nor {@code demo-accounts.txt}. Paths on the command line are relative to {@code -Dailive.cwd}
 * (the caller's directory: the scripts change to the project's).
 */
public final class BackupRestore {

  /** The Flyway history's entry in an archive's table of contents: it marks an A&I Live database. */
  private static final Pattern FLYWAY_ENTRY = Pattern.compile("(?m)^\\d+; \\d+ \\d+ TABLE public flyway_schema_history ");

  /** A failure the user can act on: printed as it is, no stack trace. */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  private BackupRestore() {
  }

  public static void main(String[] args) {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    int code;
    try {
      switch (command) {
        case "backup" -> backup(rest);
        case "restore" -> restore(rest);
        default -> throw new Failure("usage: BackupRestore backup [--conf file.json] [--data-dir DIR] FILE"
          + " | restore FILE DATA_DIR");
      }
      code = 0;
    } catch (Failure | IllegalArgumentException e) {  // the latter: a bad setting, as AppConfig reports it
      System.err.println("\n" + command + " FAILED: " + e.getMessage());
      code = 1;
    } catch (java.nio.file.NoSuchFileException e) {
      System.err.println("\n" + command + " FAILED: no such file or directory: " + e.getFile());
      code = 1;
    } catch (Exception e) {
      e.printStackTrace();
      System.err.println("\n" + command + " FAILED: " + e);
      code = 1;
    }
    System.exit(code);
  }

  // ---------------------------------------------------------------------------------------- backup

  static void backup(String[] args) throws Exception {
    Path conf = null;
    String dataDir = null;
    String file = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--conf" -> conf = userPath(argument(args, ++i, "--conf needs a file"));
        case "--data-dir" -> dataDir = argument(args, ++i, "--data-dir needs a directory");
        default -> {
          if (args[i].startsWith("-") || file != null) {
            throw new Failure("unexpected argument " + args[i] + "\nusage: bin/backup [--conf file.json] [--data-dir DIR] FILE");
          }
          file = args[i];
        }
      }
    }
    if (file == null) {
      throw new Failure("no backup file given\nusage: bin/backup [--conf file.json] [--data-dir DIR] FILE");
    }
    AppConfig config = AppConfig.load(conf, System.getenv());
    if (dataDir != null) {
      config = config.with("dataDir", userPath(dataDir).toString());
    }
    Path target = userPath(file);
    if (Files.isDirectory(target)) {
      throw new Failure(target + " is a directory: give the backup file's name, e.g. " + target.resolve("ailive.dump"));
    }
    requireTool("pg_dump");
    requireTool("pg_restore");
    Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    // It holds everything about the families discussed: readable by its owner only, like the keys.
    Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));

    String source;
    try {
      if (!config.embeddedDb()) {
        PgConnectOptions o = Database.externalOptions(config);
        source = "the external Postgres " + o.getUser() + "@" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
        dump(externalEnv(o), partial);
      } else {
        source = backupEmbedded(config, partial);
      }
      String toc = list(partial);
      long entries = toc.lines().filter(l -> !l.isBlank() && !l.startsWith(";")).count();
      if (!FLYWAY_ENTRY.matcher(toc).find()) {
        throw new Failure("the database dumped from " + source + " has no public.flyway_schema_history table:"
          + " it is not an A&I Live database (check AILIVE_DB_URL / --data-dir)");
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      System.out.printf("%nBacked up %s%n  to %s (%s, %d entries, pg_dump custom format).%n", source, target,
        size(Files.size(target)), entries);
    } finally {
      Files.deleteIfExists(partial);
    }
    System.out.printf("""

      To restore it into a new, empty data directory for the embedded database, and serve it:
        bin/restore %1$s NEW_DATA_DIR
        AILIVE_DATA_DIR=NEW_DATA_DIR bin/start
      Into an external Postgres (an empty database):
        pg_restore --no-owner --no-privileges --exit-on-error --single-transaction -d postgresql://USER@HOST:PORT/DB %1$s
      Not in the backup: the token signing key (%2$s). It is a secret: keep it apart, or leave it out and
      everyone signs in again after a restore.
      """, target, config.jwtPrivateKeyFile().isBlank() ? config.dataDir().resolve("keys") + "/" : config.jwtPrivateKeyFile());
  }

  /** Dumps the embedded database of a running service, or of a stopped one (then under its lock). */
  private static String backupEmbedded(AppConfig config, Path partial) throws Exception {
    Path dataDir = config.dataDir();
    Path pgDir = dataDir.resolve("postgres");
    if (!Files.isRegularFile(pgDir.resolve("PG_VERSION"))) {
      throw new Failure("there is no A&I Live database in " + dataDir + " (no postgres/ in it). Give the service's"
        + " data directory with --data-dir DIR or AILIVE_DATA_DIR, or set AILIVE_DB_URL for an external Postgres.");
    }
    FileChannel lock = tryLock(dataDir);
    if (lock == null) {
      int port = runningPort(pgDir);
      dump(EmbeddedServer.clientEnv(DatabaseSecret.read(dataDir), port), partial);
      return "the embedded database of the running service in " + dataDir + " (online, port " + port + ")";
    }
    try {
      // The service is stopped and now cannot start until we are done (it would find the lock held).
      // It stops a Postgres left behind by a crashed run (we hold the lock), and upgrades an old one, as the service does.
      try (EmbeddedServer server = EmbeddedServer.start(config.with("dbEmbeddedPort", 0))) {
        dump(server.clientEnv(), partial);
      }
      return "the embedded database in " + dataDir + " (service stopped: started and stopped again for the backup)";
    } finally {
      lock.close();
    }
  }

  /** The port of the running service's embedded Postgres: line 4 of {@code postmaster.pid}. */
  private static int runningPort(Path pgDir) throws Failure, IOException {
    Path pidFile = pgDir.resolve("postmaster.pid");
    List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
    String problem = "A&I Live is running on " + pgDir.getParent() + " (it holds ailive.lock) but its database is not"
      + " ready (starting or stopping?): try again in a moment.";
    if (lines.size() < 4) {
      throw new Failure(problem);
    }
    try {
      long pid = Long.parseLong(lines.get(0).trim());
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && (lines.size() < 8 || lines.get(7).trim().equals("ready"))) {
        return Integer.parseInt(lines.get(3).trim());
      }
    } catch (NumberFormatException e) {
      // Falls through to the message.
    }
    throw new Failure(problem);
  }

  private static void dump(Map<String, String> env, Path file) throws Exception {
    // One snapshot (pg_dump's own transaction): consistent while the service keeps writing.
    run(env, "pg_dump", "--format=custom", "--no-password", "--file=" + file);
  }

  // --------------------------------------------------------------------------------------- restore

  static void restore(String[] args) throws Exception {
    if (args.length != 2 || args[0].startsWith("-") || args[1].startsWith("-")) {
      throw new Failure("usage: bin/restore FILE DATA_DIR   (DATA_DIR: a new or empty directory)");
    }
    Path file = userPath(args[0]);
    Path dataDir = userPath(args[1]);
    if (!Files.isRegularFile(file)) {
      throw new Failure("no backup file " + file);
    }
    requireTool("pg_restore");
    String toc = list(file);
    if (!FLYWAY_ENTRY.matcher(toc).find()) {
      throw new Failure(file + " is not a backup of A&I Live (no public.flyway_schema_history in it)");
    }
    boolean created = !Files.exists(dataDir);
    if (!created) {
      if (!Files.isDirectory(dataDir)) {
        throw new Failure(dataDir + " is not a directory");
      }
      try (Stream<Path> entries = Files.list(dataDir)) {
        if (entries.findAny().isPresent()) {
          throw new Failure(dataDir + " is not empty. bin/restore only restores into a new, empty directory, so it"
            + " never overwrites a database. To replace a service's data: stop it, move its data directory aside,"
            + " and restore into that path.");
        }
      }
    }
    Files.createDirectories(dataDir);
    FileChannel lock = tryLock(dataDir);
    if (lock == null) {
      throw new Failure(dataDir + " is in use by another process");
    }
    // The embedded server exactly as the service runs it (fsync, synchronous_commit, its log), on any free port.
    AppConfig config = AppConfig.load(null, Map.of()).with("dataDir", dataDir.toString()).with("dbEmbeddedPort", 0);
    boolean done = false;
    String summary;
    try {
      // A new directory: new passwords, and everything restored is owned by the service's role.
      try (EmbeddedServer server = EmbeddedServer.start(config)) {
        // All or nothing: one transaction, stopped at the first error.
        run(server.clientEnv(), "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", "--no-password", "--dbname=postgres", file.toString());
        summary = describe(server);
      }  // a clean shutdown: a checkpoint, fsync on
      done = true;
    } finally {
      lock.close();
      if (!done) {
        clear(dataDir, created);
      }
    }
    System.out.printf("""

      Restored %s
        into %s: %s.
      Serve it with:
        AILIVE_DATA_DIR=%s bin/start
      The backup holds the database only. The token signing key is not in it: copy the old data directory's
      keys/ into %s before the first start to keep current sign-ins valid; otherwise a new key is made
      at the first start and everyone signs in again (passwords, members and meetings are all restored).
      demo-accounts.txt is not restored either: the demo accounts keep their password.
      """, file, dataDir, summary, dataDir, dataDir.resolve("keys") + "/");
  }

  /** What the restored database holds, for the operator to check against the service. */
  private static String describe(EmbeddedServer server) throws Exception {
    try (Connection c = server.serviceConnection(); Statement st = c.createStatement()) {
      List<String> parts = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
        parts.add("schema version " + (rs.next() ? rs.getString(1) : "none"));
      }
      for (String[] t : new String[][] {{"meeting", "meetings"}, {"meeting_event", "meeting events"},
          {"member", "members"}, {"action", "actions"}}) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t[0])) {
          rs.next();
          parts.add(rs.getLong(1) + " " + t[1]);
        }
      }
      return String.join(", ", parts);
    }
  }

  /** Removes what a failed restore left in a directory that was new or empty before it. */
  private static void clear(Path dataDir, boolean created) {
    try (Stream<Path> walk = Files.walk(dataDir)) {
      walk.sorted(Comparator.reverseOrder()).filter(p -> created || !p.equals(dataDir)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("Could not clear " + dataDir + " after the failed restore: " + e.getMessage());
    }
  }

  // -------------------------------------------------------------------------------------- plumbing

  /** The service's own data-directory lock: null when a service holds it; held, no service starts there. */
  private static FileChannel tryLock(Path dataDir) throws IOException {
    return Database.tryLockDataDir(dataDir);
  }

  /** libpq's variables for the options the service itself connects with (URL, then user and password). */
  private static Map<String, String> externalEnv(PgConnectOptions o) {
    return Map.of("PGHOST", o.getHost(), "PGPORT", Integer.toString(o.getPort()), "PGUSER", o.getUser(),
      "PGDATABASE", o.getDatabase(), "PGPASSWORD", o.getPassword() == null ? "" : o.getPassword(),
      "PGSSLMODE", o.getSslMode().value);
  }

  /** Runs a Postgres client tool with only our PG* settings (none inherited), its output shown. */
  private static void run(Map<String, String> pgEnv, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    pb.environment().putAll(pgEnv);
    Process p = pb.start();
    if (p.waitFor() != 0) {
      throw new Failure(command[0] + " failed (exit " + p.exitValue() + "); its message is above");
    }
  }

  /** The archive's table of contents ({@code pg_restore --list}); fails on a file that is not one. */
  private static String list(Path file) throws Exception {
    Process p = new ProcessBuilder("pg_restore", "--list", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new Failure(file + " is not a readable pg_dump archive (custom format): " + out.trim());
    }
    return out;
  }

  private static void requireTool(String tool) throws Failure {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    throw new Failure(tool + " is not installed. It comes with Debian's postgresql-client"
      + " (sudo apt-get install postgresql-client; bin/test installs it when missing).");
  }

  private static String argument(String[] args, int i, String problem) throws Failure {
    if (i >= args.length) {
      throw new Failure(problem);
    }
    return args[i];
  }

  /** A path as the user typed it, relative to the directory they ran the script in. */
  private static Path userPath(String path) {
    return Path.of(System.getProperty("ailive.cwd", System.getProperty("user.dir"))).resolve(path)
      .toAbsolutePath().normalize();
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
