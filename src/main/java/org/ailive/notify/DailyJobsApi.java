package org.ailive.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.ailive.config.AppConfig;
import org.ailive.protocol.Http;

import java.time.LocalTime;

/**
 * The officer's view of the daily run: its time, and each job's last completed day, when it ran and
 * how many notices it enqueued (names and numbers only, so not audited).
 */
public final class DailyJobsApi {

  private static final String LIST = """
    SELECT name, last_day::text AS last_day, last_run_at, last_count FROM daily_job ORDER BY name""";

  private final Pool pool;
  private final String at;

  public DailyJobsApi(Pool pool, AppConfig config) {
    this.pool = pool;
    this.at = config.remindersAt().map(LocalTime::toString).orElse(null);
  }

  /** {@code GET /api/admin/scheduler}. */
  public void list(RoutingContext ctx) {
    pool.query(LIST).execute().map(rows -> {
        JsonArray jobs = new JsonArray();
        rows.forEach(r -> jobs.add(new JsonObject().put("name", r.getString("name"))
          .put("lastDay", r.getString("last_day"))
          .put("lastRunAt", r.getOffsetDateTime("last_run_at").toInstant().toEpochMilli())
          .put("lastCount", r.getInteger("last_count"))));
        return new JsonObject().put("remindersAt", at).put("jobs", jobs);
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }
}
