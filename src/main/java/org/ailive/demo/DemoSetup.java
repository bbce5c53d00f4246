package org.ailive.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.ailive.auth.Passwords;
import org.ailive.config.AppConfig;
import org.ailive.config.SecretFile;
import org.ailive.store.Database;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Seeds the demo county, only ever into an embedded database that this start has just made (a new
 * data directory): with {@code demo: "auto"} (the default) and with {@code "true"} ({@code --demo}).
 * Never into an external database, and never into a data directory that already holds a database
 * without the demo: {@code "true"} there refuses to start, with the reason. The demo accounts share
 * one password generated now and kept only in {@code <dataDir>/demo-accounts.txt}, readable by its
 * owner only; the console says where, never the password. While demo accounts are active, every
 * page says "Demo data" ({@code GET /api/instance}).
 */
public final class DemoSetup {

  public static final String ACCOUNTS_FILE = "demo-accounts.txt";

  private static final String ACTIVE_DEMO_ACCOUNTS =
    "SELECT count(*) FROM member WHERE active AND lower(email) LIKE '%" + DemoData.EMAIL_DOMAIN + "'";

  private DemoSetup() {
  }

  /** Refused before anything starts (nothing is migrated): the demo never goes into an external database. */
  public static Future<Void> refuseExternal(AppConfig config) {
    if ("true".equals(config.demo()) && !config.embeddedDb()) {
      return Future.failedFuture(new IllegalArgumentException("demo=true (AILIVE_DEMO=true or --demo) is refused with an"
        + " external database (dbUrl, AILIVE_DB_URL): the demo county is seeded only into a new embedded data"
        + " directory, never into a database that may hold real data. Unset AILIVE_DB_URL for the demo, or set"
        + " AILIVE_DEMO=false."));
    }
    return Future.succeededFuture();
  }

  public static Future<Void> seedIfWanted(Vertx vertx, Database db, AppConfig config) {
    boolean auto = "auto".equals(config.demo());
    boolean asked = "true".equals(config.demo());
    if (!db.isEmbedded()) {
      return refuseExternal(config);
    }
    if (!auto && !asked) {
      return Future.succeededFuture();
    }
    if (db.isNewEmbedded()) {
      return seed(vertx, db, config);
    }
    if (!asked) {
      return Future.succeededFuture();
    }
    // --demo on a data directory made earlier: fine if it is the demo's own, refused otherwise.
    return activeDemoAccounts(db.pool()).compose(demo -> demo ? Future.succeededFuture()
      : Future.failedFuture(new IllegalArgumentException("demo=true (AILIVE_DEMO=true or --demo) is refused: the data"
        + " directory " + config.dataDir() + " already holds a database without the demo, and the demo county is"
        + " seeded only into a new data directory. Use a new one (AILIVE_DATA_DIR=./demo-data bin/start --demo),"
        + " or start without --demo.")));
  }

  /** Whether any demo account can still sign in: then every page shows the "Demo data" banner. */
  public static Future<Boolean> activeDemoAccounts(Pool pool) {
    return pool.query(ACTIVE_DEMO_ACCOUNTS).execute().map(rows -> rows.iterator().next().getLong(0) > 0);
  }

  /**
   * A demo account while the demo banner shows: it may sign in without setting up two-factor sign-in
   * though its role asks for it (it may still set it up, and is then asked for its code).
   */
  public static Future<Boolean> exemptFromTwoFactor(Pool pool, String email) {
    return email != null && email.toLowerCase(java.util.Locale.ROOT).endsWith(DemoData.EMAIL_DOMAIN)
      ? activeDemoAccounts(pool) : Future.succeededFuture(false);
  }

  private static Future<Void> seed(Vertx vertx, Database db, AppConfig config) {
    String password = Passwords.randomSecret();
    Path file = config.dataDir().resolve(ACCOUNTS_FILE);
    return vertx.executeBlocking(() -> Passwords.hash(password))
      .compose(hash -> DemoData.seed(db.pool(), hash, LocalDate.now()))
      .compose(accounts -> vertx.executeBlocking(() -> {
        SecretFile.write(file, describe(accounts, password, config));
        System.out.printf("%nDemo data: the NHST panel, next month's meeting with 6 cases and %d demo accounts in every"
          + " role.%nTheir e-mails and their password are in %s (readable by you only).%nEvery page says \"Demo data\""
          + " while they are active.%n", accounts.size(), file);
        return null;
      }));
  }

  private static String describe(List<DemoData.DemoAccount> accounts, String password, AppConfig config) {
    StringBuilder out = new StringBuilder("Demo data: the NHST panel and next month's meeting with 6 cases.\n")
      .append("Sign in at http://localhost:").append(config.httpPort()).append("/ as any of these, password: ")
      .append(password).append("\n");
    for (DemoData.DemoAccount a : accounts) {
      out.append(String.format("  %-11s %-42s %s%s%n", String.join(",", a.roles()), a.email(), a.fullName(),
        a.agency() == null ? "" : " (" + a.agency() + ")"));
    }
    return out.toString();
  }
}
