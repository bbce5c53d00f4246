package org.ailive.retention;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.shareddata.Lock;
import io.vertx.pgclient.PgException;
import org.ailive.protocol.Zone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Runs {@link Retention} once at start (catching up on whatever fell due while the service was
 * down) and then every day at {@link #AT} London time. In a cluster one node runs it: whoever takes
 * the shared-data lock; the others skip that round (and each meeting is purged in a transaction that
 * skips a meeting another run holds, so two runs at once would still purge each meeting once).
 */
public final class RetentionSchedule extends VerticleBase {

  /** The time of the daily run: at night, when no meeting is held. */
  static final LocalTime AT = LocalTime.of(3, 15);
  static final String LOCK = "ailive.retention";
  private static final long LOCK_WAIT_MS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

  private final Retention retention;
  private long timer = -1;

  public RetentionSchedule(Retention retention) {
    this.retention = retention;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setTimer(1, t -> runAndReschedule());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void runAndReschedule() {
    runOnce().onComplete(done -> timer = vertx.setTimer(delayUntilNext(ZonedDateTime.now(Zone.LONDON)),
      t -> runAndReschedule()));
  }

  /** One run if this node takes the lock; the meetings it purged (none if another node runs it). */
  Future<List<UUID>> runOnce() {
    return vertx.sharedData().getLockWithTimeout(LOCK, LOCK_WAIT_MS).transform(locked -> {
      if (locked.failed()) {
        log.debug("Retention: another node is running it");
        return Future.succeededFuture(List.of());
      }
      Lock lock = locked.result();
      return retention.run(vertx, Zone.today())
        .onFailure(err -> log.warn("Retention: the run failed ({}); the next run tries again", reason(err)))
        .onComplete(done -> lock.release());
    });
  }

  /** Why, without the database's detail (which can quote a row, narrative and all). */
  private static String reason(Throwable err) {
    return err instanceof PgException pg ? "SQL state " + pg.getSqlState() : err.getClass().getSimpleName();
  }

  /** Milliseconds from {@code now} to the next {@link #AT}, London time (daylight saving included). */
  static long delayUntilNext(ZonedDateTime now) {
    ZonedDateTime next = now.toLocalDate().atTime(AT).atZone(Zone.LONDON);
    if (!next.isAfter(now)) {
      next = now.toLocalDate().plusDays(1).atTime(AT).atZone(Zone.LONDON);
    }
    return Math.max(1, Duration.between(now, next).toMillis());
  }
}
