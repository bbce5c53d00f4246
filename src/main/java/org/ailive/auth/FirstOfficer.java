package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.config.AppConfig;
import org.ailive.config.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * With no officer yet there is no one to invite anyone: create the first officer from configuration
 * (a password that passes {@link PasswordPolicy}), or with a one-time secret written to an
 * owner-only file whose place the console names (never the secret itself, never a password in the
 * repository). The one-time secret works once: signing in with it leads to choosing a new password
 * ({@code POST /api/auth/change-password}) before anything else.
 */
public final class FirstOfficer {

  public static final String PASSWORD_FILE = "first-officer-password.txt";

  private static final Logger log = LoggerFactory.getLogger(FirstOfficer.class);

  private FirstOfficer() {
  }

  public static Future<Void> ensure(Vertx vertx, Pool pool, AppConfig config) {
    return pool.query(MemberSql.COUNT_OFFICERS).execute()
      .compose(rows -> rows.iterator().next().getLong(0) > 0
        ? Future.succeededFuture()
        : create(vertx, pool, config));
  }

  private static Future<Void> create(Vertx vertx, Pool pool, AppConfig config) {
    boolean generated = config.firstOfficerPassword().isBlank();
    if (!generated) {
      String problem = PasswordPolicy.problem(config.firstOfficerPassword());
      if (problem != null) {
        return Future.failedFuture(new IllegalArgumentException("The configured first officer password"
          + " (firstOfficerPassword, AILIVE_FIRST_OFFICER_PASSWORD) " + problem + ". No account was created."));
      }
    }
    String password = generated ? Passwords.randomSecret() : config.firstOfficerPassword();
    Path file = config.dataDir().resolve(PASSWORD_FILE);
    // The file first: an account whose only password was lost would lock the county out.
    return vertx.executeBlocking(() -> {
        if (generated) {
          SecretFile.write(file, """
            A&I Live: the first officer's one-time password.
              e-mail:   %s
              password: %s
            Sign in with it at http://localhost:%d/ and choose a new password; this one then stops working.
            Delete this file once you have.
            """.formatted(config.firstOfficerEmail(), password, config.httpPort()));
        }
        return Passwords.hash(password);
      })
      .compose(hash -> pool.preparedQuery(MemberSql.INSERT_OFFICER)
        .execute(Tuple.of(config.firstOfficerEmail(), hash, generated)))
      .onSuccess(rows -> {
        if (generated) {
          System.out.printf("""

            ==================================================================
             First officer account created: %s
             Its one-time password is in %s
             (readable by you only). Sign in with it, then choose a new one.
            ==================================================================
            %n""", config.firstOfficerEmail(), file);
        } else {
          log.info("First officer account created for {}", config.firstOfficerEmail());
        }
      })
      .mapEmpty();
  }
}
