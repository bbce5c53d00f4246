package org.ailive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.ailive.actions.ActionDigest;
import org.ailive.auth.FirstOfficer;
import org.ailive.auth.PasswordPolicy;
import org.ailive.calendar.BankHolidays;
import org.ailive.cluster.ClusterNode;
import org.ailive.cluster.ClusterRegistry;
import org.ailive.cluster.Quorum;
import org.ailive.auth.Revocations;
import org.ailive.auth.SigningKeys;
import org.ailive.auth.Tokens;
import org.ailive.config.AppConfig;
import org.ailive.demo.DemoSetup;
import org.ailive.notify.DailyJob;
import org.ailive.notify.DailyScheduler;
import org.ailive.notify.MailWorker;
import org.ailive.notify.Outbox;
import org.ailive.reminders.ApologyUpdates;
import org.ailive.reminders.CaseDeadlines;
import org.ailive.reminders.PackOpens;
import org.ailive.reminders.ReviewsDue;
import org.ailive.reminders.StalledActions;
import org.ailive.retention.Retention;
import org.ailive.retention.RetentionSchedule;
import org.ailive.room.Rooms;
import org.ailive.store.Database;
import org.ailive.web.HttpVerticle;

import java.util.List;

/**
 * The composition root: store, keys, first officer, demo data, then the verticles. Used by
 * {@link Main} and by the tests, so tests start exactly what production starts.
 */
public final class App {

  private final Vertx vertx;
  private final Database db;
  private final HttpVerticle http;
  private final Tokens tokens;
  private final String httpDeployment;
  private final String roomsDeployment;
  private final String retentionDeployment;
  /** The mail worker's deployment; null when mail is off. */
  private final String mailDeployment;
  /** The daily scheduler's deployment; null when {@code remindersAt} is off. */
  private final String dailyDeployment;

  private App(Vertx vertx, Database db, HttpVerticle http, Tokens tokens, String httpDeployment,
              String roomsDeployment, String retentionDeployment, String mailDeployment, String dailyDeployment) {
    this.vertx = vertx;
    this.db = db;
    this.http = http;
    this.tokens = tokens;
    this.httpDeployment = httpDeployment;
    this.roomsDeployment = roomsDeployment;
    this.retentionDeployment = retentionDeployment;
    this.mailDeployment = mailDeployment;
    this.dailyDeployment = dailyDeployment;
  }

  /**
   * Vert.x with Prometheus metrics, as production and tests both run it; one event loop per core
   * (not Vert.x's two): a meeting's events are handed from its room to its sockets, and on a small
   * machine two loops per core only take turns on it (measured: docs/BENCHMARKS.md).
   */
  public static Vertx newVertx() {
    return Vertx.builder().with(vertxOptions()).build();
  }

  /**
   * Vert.x as {@link #newVertx()}, or, with {@code cluster=true}, clustered (cluster/ClusterNode):
   * refused with the reason when the clustered settings cannot work (the embedded database above all).
   */
  public static Future<Vertx> newVertx(AppConfig config) {
    try {
      config.checkCluster();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return config.cluster() ? ClusterNode.start(vertxOptions(), config) : Future.succeededFuture(newVertx());
  }

  private static VertxOptions vertxOptions() {
    return new VertxOptions().setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors()))
      .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
  }

  public static Future<App> start(Vertx vertx, AppConfig config) {
    return DemoSetup.refuseExternal(config)
      .compose(v -> vertx.executeBlocking(() -> {
        config.checkCluster();
        config.checkMail();
        config.remindersAt();
        config.callLinkHosts();
        PasswordPolicy.load();
        BankHolidays.configure(config.extraBankHolidays());
        return null;
      }))
      .compose(v -> startStore(vertx, config));
  }

  private static Future<App> startStore(Vertx vertx, AppConfig config) {
    return Database.start(vertx, config).compose(db -> vertx.executeBlocking(() -> SigningKeys.load(config))
      .compose(keys -> Revocations.load(vertx, db.pool())
        .map(revocations -> new Tokens(JWTAuth.create(vertx, keys), config.tokenTtlMinutes(),
          config.sessionMaxHours(), revocations)))
      .compose(tokens -> FirstOfficer.ensure(vertx, db.pool(), config)
        .compose(v -> DemoSetup.seedIfWanted(vertx, db, config))
        // Before any meeting is taken: a node of another cluster on this database stops here.
        .compose(v -> config.cluster() ? vertx.deployVerticle(new ClusterRegistry(db.pool(), config,
          ClusterNode.name(config))).mapEmpty() : Future.succeededFuture())
        .compose(v -> {
          Outbox outbox = new Outbox(vertx, config);
          HttpVerticle http = new HttpVerticle(config, db, tokens, outbox);
          return vertx.deployVerticle(new Rooms(db.pool(), config.caseRetentionDays(), outbox, tokens,
              ClusterNode.name(config), Quorum.of(vertx, config)))
            .compose(roomsId -> vertx.deployVerticle(new RetentionSchedule(new Retention(db.pool(),
                config.retentionMonths(), config.retainApprovedMinutes())))
              .compose(retentionId -> (outbox.on() ? vertx.deployVerticle(new MailWorker(db.pool(), config, outbox))
                  : Future.<String>succeededFuture(null))
                .compose(mailId -> vertx.deployVerticle(http).compose(httpId -> {
                  outbox.defaultLinkBase("http://" + ("127.0.0.1".equals(config.httpHost())
                    || "0.0.0.0".equals(config.httpHost()) ? "localhost" : config.httpHost()) + ":" + http.actualPort());
                  // After the link base is known: the first run may enqueue at once.
                  return deployDaily(vertx, db, config, dailyJobs(outbox)).map(dailyId ->
                    new App(vertx, db, http, tokens, httpId, roomsId, retentionId, mailId, dailyId));
                }))));
        }))
      .recover(failure -> db.close(vertx).transform(ignored -> Future.failedFuture(failure))));
  }

  /** What the daily scheduler runs, once per London day at {@code remindersAt}: one line per job. */
  private static List<DailyJob> dailyJobs(Outbox outbox) {
    return List.of(
      new CaseDeadlines(outbox),
      new PackOpens(outbox),
      new ApologyUpdates(outbox),
      new StalledActions(outbox),
      new ReviewsDue(outbox),
      new ActionDigest(outbox));
  }

  private static Future<String> deployDaily(Vertx vertx, Database db, AppConfig config, List<DailyJob> jobs) {
    return config.remindersAt().isEmpty() ? Future.succeededFuture(null)
      : vertx.deployVerticle(new DailyScheduler(db.pool(), config, jobs));
  }

  /**
   * A clean stop, in order: clients are told to reconnect and the HTTP server closes; the meeting
   * rooms answer every change already accepted; the daily run finishes the day in hand; the mail
   * worker finishes the message in hand; the retention job stops; then the pool and the embedded
   * database close.
   */
  public Future<Void> stop() {
    return vertx.undeploy(httpDeployment)
      .transform(ignored -> vertx.undeploy(roomsDeployment))
      .transform(ignored -> dailyDeployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(dailyDeployment))
      .transform(ignored -> mailDeployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(mailDeployment))
      .transform(ignored -> vertx.undeploy(retentionDeployment))
      .transform(ignored -> db.close(vertx));
  }

  public int httpPort() {
    return http.actualPort();
  }

  public Database db() {
    return db;
  }

  public Tokens tokens() {
    return tokens;
  }
}
