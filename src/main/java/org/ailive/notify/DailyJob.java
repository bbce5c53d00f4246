package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.time.LocalDate;

/**
 * A job the daily scheduler runs once for each day (London time), in one transaction: the notices
 * it enqueues for {@code day} carry the day in their dedupe key, so a day run again after a crash
 * or caught up after downtime sends nothing twice.
 */
public interface DailyJob {

  /** A short stable name (the scheduler records each job's last day under it). */
  String name();

  /** Enqueues this day's notices on {@code conn}; the number enqueued. */
  Future<Integer> run(SqlConnection conn, LocalDate day);
}
