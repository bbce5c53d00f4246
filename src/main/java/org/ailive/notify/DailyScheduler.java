package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.config.AppConfig;
import org.ailive.protocol.Zone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs each registered {@link DailyJob} once for every London day, at {@code remindersAt} (07:00 by
 * default). It looks at start and then every {@link #CHECK_MS}: for each job, every day from the day
 * after the job's last completed day up to today (once today's time has passed) is run in order, so
 * days missed while the service was down are caught up, at most {@link #CATCH_UP_DAYS} days back (a
 * job never run before starts today).
 *
 * <p>Never twice: each day is one transaction that runs the job and records the day as the job's
 * last ({@code daily_job}, V27), so a crash mid-run leaves the day to run again, and the notices'
 * dedupe keys (the day or the cause's date in each) make a second run of a day enqueue nothing new.
 * The transaction first takes an advisory lock on the job's name: another node running the same
 * job's day makes this one skip it for now (and find it done at its next look).
 */
public final class DailyScheduler extends VerticleBase {

  static final long CHECK_MS = 60_000;
  /** How far back a catch-up goes: days older than this are skipped (and logged), not sent late. */
  static final int CATCH_UP_DAYS = 14;
  private static final long STOP_WAIT_MS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(DailyScheduler.class);

  private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('ailive.daily_job'), hashtext($1)) AS locked";
  private static final String LAST_DAY = "SELECT last_day FROM daily_job WHERE name = $1";
  private static final String DONE = """
    INSERT INTO daily_job (name, last_day, last_run_at, last_count) VALUES ($1, $2, now(), $3)
    ON CONFLICT (name) DO UPDATE SET last_day = excluded.last_day, last_run_at = now(), last_count = excluded.last_count""";

  private final Pool pool;
  private final LocalTime at;
  private final List<DailyJob> jobs;
  private final Clock clock;
  private final long checkMs;
  /** The last day known done per job, so a look that finds nothing due costs no query. */
  private final Map<String, LocalDate> doneThrough = new HashMap<>();
  private long timer = -1;
  private boolean running;
  private boolean stopping;
  private Promise<Void> idle = Promise.promise();

  /** The jobs at {@code remindersAt}, London time (the caller checks the setting is not off). */
  public DailyScheduler(Pool pool, AppConfig config, List<DailyJob> jobs) {
    this(pool, config.remindersAt().orElseThrow(), jobs, Clock.system(Zone.LONDON), CHECK_MS);
  }

  /** Tests give their own clock (a day missed, a restart) and call {@link #runDue} themselves. */
  DailyScheduler(Pool pool, LocalTime at, List<DailyJob> jobs, Clock clock, long checkMs) {
    this.pool = pool;
    this.at = at;
    this.jobs = List.copyOf(jobs);
    this.clock = clock;
    this.checkMs = checkMs;
    for (DailyJob job : jobs) {
      if (!job.name().matches("[a-z0-9_]{1,60}")) {
        throw new IllegalArgumentException("A daily job's name is lower-case letters, digits and _: " + job.name());
      }
    }
  }

  @Override
  public Future<?> start() {
    idle.complete();
    timer = vertx.setPeriodic(1, checkMs, t -> runDue());
    return Future.succeededFuture();
  }

  /** Waits for the day in hand (at most 5 s): stopped mid-day, its transaction rolls back and is run again. */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    return Future.any(idle.future(), vertx.timer(STOP_WAIT_MS));
  }

  /**
   * One look: runs every day that is due for every job, in order; the number of days run. A look
   * while one is running does nothing (the running one sees what is due).
   */
  Future<Integer> runDue() {
    if (running || stopping) {
      return Future.succeededFuture(0);
    }
    running = true;
    idle = Promise.promise();
    LocalDate upTo = lastDueDay(ZonedDateTime.now(clock.withZone(Zone.LONDON)));
    Future<Integer> chain = Future.succeededFuture(0);
    for (DailyJob job : jobs) {
      chain = chain.compose(n -> catchUp(job, upTo).map(m -> n + m));
    }
    return chain.onComplete(done -> {
      running = false;
      idle.tryComplete();
    });
  }

  /**
   * A look now, on this verticle's context (as its timer would), after the one in hand if any: for
   * tests that move the clock.
   */
  Future<Integer> lookNow() {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(v -> idle.future().onComplete(x -> runDue().onComplete(done)));
    return done.future();
  }

  /** Today once today's time has passed, else yesterday. */
  LocalDate lastDueDay(ZonedDateTime now) {
    return now.toLocalTime().isBefore(at) ? now.toLocalDate().minusDays(1) : now.toLocalDate();
  }

  /** Runs the job's due days one by one until none is left; a failure leaves the rest for the next look. */
  private Future<Integer> catchUp(DailyJob job, LocalDate upTo) {
    LocalDate known = doneThrough.get(job.name());
    if (stopping || known != null && !known.isBefore(upTo)) {
      return Future.succeededFuture(0);
    }
    return pool.withTransaction(conn -> runNextDay(conn, job, upTo))
      .compose(ran -> ran ? catchUp(job, upTo).map(n -> n + 1) : Future.succeededFuture(0))
      .recover(err -> {
        log.warn("Daily job {}: the run failed ({}); the next look tries that day again", job.name(), reason(err));
        return Future.succeededFuture(0);
      });
  }

  /** In one transaction: the job's next day, if one is due and no other node holds the job; whether one ran. */
  private Future<Boolean> runNextDay(SqlConnection conn, DailyJob job, LocalDate upTo) {
    return conn.preparedQuery(LOCK).execute(Tuple.of(job.name())).compose(locked -> {
      if (!Boolean.TRUE.equals(locked.iterator().next().getBoolean("locked"))) {
        log.debug("Daily job {}: another node is running it", job.name());
        return Future.succeededFuture(false);
      }
      return conn.preparedQuery(LAST_DAY).execute(Tuple.of(job.name())).compose(rows -> {
        LocalDate day = nextDay(rows.size() == 0 ? null : rows.iterator().next(), job, upTo);
        if (day.isAfter(upTo)) {
          doneThrough.put(job.name(), day.minusDays(1));
          return Future.succeededFuture(false);
        }
        return job.run(conn, day)
          .compose(count -> conn.preparedQuery(DONE).execute(Tuple.of(job.name(), day, count)).map(count))
          .map(count -> {
            log.info("Daily job {}: {} done, {} notice(s)", job.name(), day, count);
            conn.transaction().completion().onSuccess(v -> doneThrough.put(job.name(), day));
            return true;
          });
      });
    });
  }

  /** The day after the last done, no further back than the catch-up allows; a job never run starts today. */
  private LocalDate nextDay(Row last, DailyJob job, LocalDate upTo) {
    LocalDate today = LocalDate.now(clock.withZone(Zone.LONDON));
    if (last == null) {
      return today;
    }
    LocalDate next = last.getLocalDate("last_day").plusDays(1);
    LocalDate earliest = upTo.minusDays(CATCH_UP_DAYS - 1);
    if (next.isBefore(earliest)) {
      log.warn("Daily job {}: the days {} to {} were missed and are skipped (catch-up goes {} days back)",
        job.name(), next, earliest.minusDays(1), CATCH_UP_DAYS);
      return earliest;
    }
    return next;
  }

  /** Why, without the database's detail (which can quote a row). */
  private static String reason(Throwable err) {
    return err instanceof PgException pg ? "SQL state " + pg.getSqlState() : err.getClass().getSimpleName()
      + (err.getMessage() == null ? "" : ": " + err.getMessage());
  }
}
