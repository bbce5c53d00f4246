package org.ailive.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.ailive.auth.Passwords;
import org.ailive.config.AppConfig;
import org.ailive.store.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;

/**
 * Seeds the demo county when wanted: always with {@code --demo}, and on the first start of an
 * embedded database with {@code demo: "auto"}. All demo accounts share one password generated
 * now, printed, and kept in {@code <dataDir>/demo-accounts.txt} (owner-readable only).
 */
public final class DemoSetup {

  private DemoSetup() {
  }

  public static Future<Void> seedIfWanted(Vertx vertx, Database db, AppConfig config) {
    boolean wanted = "true".equals(config.demo()) || ("auto".equals(config.demo()) && db.isEmbedded());
    if (!wanted) {
      return Future.succeededFuture();
    }
    return db.pool().query("SELECT count(*) FROM panel").execute()
      .compose(rows -> rows.iterator().next().getLong(0) > 0 ? Future.succeededFuture() : seed(vertx, db, config));
  }

  private static Future<Void> seed(Vertx vertx, Database db, AppConfig config) {
    String password = Passwords.randomSecret();
    return vertx.executeBlocking(() -> Passwords.hash(password))
      .compose(hash -> DemoData.seed(db.pool(), hash, LocalDate.now()))
      .compose(accounts -> vertx.executeBlocking(() -> {
        String text = describe(accounts, password, config);
        Path file = config.dataDir().resolve("demo-accounts.txt");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        System.out.println(text);
        return null;
      }));
  }

  private static String describe(List<DemoData.DemoAccount> accounts, String password, AppConfig config) {
    StringBuilder out = new StringBuilder("\nDemo data: the NHST panel and next month's meeting with 6 cases.\n")
      .append("Sign in at http://localhost:").append(config.httpPort()).append("/ as any of these, password: ")
      .append(password).append("\n");
    for (DemoData.DemoAccount a : accounts) {
      out.append(String.format("  %-11s %-42s %s%s%n", String.join(",", a.roles()), a.email(), a.fullName(),
        a.agency() == null ? "" : " (" + a.agency() + ")"));
    }
    return out.append("(Kept in ").append(config.dataDir().resolve("demo-accounts.txt")).append(")\n").toString();
  }
}
