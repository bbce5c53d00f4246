package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With no officer yet there is no one to invite anyone: create the first officer from configuration
 * (a password that passes {@link PasswordPolicy}), or with a one-time secret printed once at this
 * start (never a password in the repository).
 */
public final class FirstOfficer {

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
    return vertx.executeBlocking(() -> Passwords.hash(password))
      .compose(hash -> pool.preparedQuery(MemberSql.INSERT_OFFICER).execute(Tuple.of(config.firstOfficerEmail(), hash)))
      .onSuccess(rows -> {
        if (generated) {
          // Printed once: the only copy. The officer changes it after signing in.
          System.out.println("""

            ==================================================================
             First officer account created.
               e-mail:   %s
               password: %s   (one-time secret: shown only now)
            ==================================================================
            """.formatted(config.firstOfficerEmail(), password));
        } else {
          log.info("First officer account created for {}", config.firstOfficerEmail());
        }
      })
      .mapEmpty();
  }
}
