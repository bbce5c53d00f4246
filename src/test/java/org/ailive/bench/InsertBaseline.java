package org.ailive.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.ailive.bench.BenchOptions.Scenario;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.ailive.bench.Rig.say;

/** Scenario C's baseline: what the same Postgres takes as single-row INSERTs through a pool like the server's. */
final class InsertBaseline {

  private InsertBaseline() {
  }

  /** Rows/s saturated; at 500/s p50, p99 and max in ms; CPU (with the load JVM's share) in each phase. */
  record Rows(double perSecond, double p50, double p99, double max, String cpu, String cpuAt500) {
    static final Rows NONE = new Rows(Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null);

    /** The load JVM's share of its core, the busier phase (issue 22, item 1). */
    double loadShare() {
      return Cpu.maxLoadShare(cpu, cpuAt500);
    }
  }

  /**
   * The durable-write baseline: single-row autocommit INSERTs through a Vert.x pg pool with the
   * server's settings (8 connections, prepared statements cached, pipelining 256) into a bench table
   * of the same embedded Postgres (fsync and synchronous_commit on).
   */
  static Rows run(Vertx control, ServerProcess server, Scenario s) throws Exception {
    int seconds = s.integer("baseline-seconds");
    int inflight = s.integer("baseline-inflight");
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
      .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(server.pgPort).setDatabase("postgres")
        .setUser("ailive").setPassword(org.ailive.store.DatabaseSecret.read(server.dataDir).service())
        .setCachePreparedStatements(true).setPipeliningLimit(256))
      .using(control).build();
    try {
      pool.query("""
        CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, meeting_id uuid NOT NULL, seq bigint NOT NULL,
          body text NOT NULL, at timestamptz NOT NULL DEFAULT now())""").execute().await(30, TimeUnit.SECONDS);
      String sql = "INSERT INTO bench_insert (meeting_id, seq, body) VALUES ($1, $2, $3)";
      String body = "Update: school attendance is up to 92% since the last panel; the family support worker visits"
        + " weekly and housing has confirmed the repair date.";
      UUID meeting = UUID.randomUUID();
      AtomicLong seq = new AtomicLong();
      // Saturation: a closed loop with `inflight` inserts outstanding.
      LongAdder done = new LongAdder();
      long endNs = System.nanoTime() + seconds * 1_000_000_000L;
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        if (System.nanoTime() < endNs) {
          pool.preparedQuery(sql).execute(Tuple.of(meeting, seq.incrementAndGet(), body)).onComplete(ar -> {
            if (ar.succeeded()) {
              done.increment();
            }
            next[0].run();
          });
        }
      };
      long t0 = System.nanoTime();
      Cpu c0 = Cpu.of(server);
      control.runOnContext(v -> {
        for (int i = 0; i < inflight; i++) {
          next[0].run();
        }
      });
      Thread.sleep(seconds * 1000L + 200);
      double rowsPerSecond = done.sum() / ((System.nanoTime() - t0) / 1e9);
      String cpu = Cpu.of(server).since(c0);
      Thread.sleep(1000);
      // Open loop at 500/s: latency from when each insert was due.
      Recorder lat = new Recorder(3_600_000_000L, 3);
      int rate = 500;
      long total = (long) rate * seconds;
      AtomicLong sent = new AtomicLong();
      LongAdder finished = new LongAdder();
      long start = System.nanoTime() + 20_000_000L;
      Cpu c500 = Cpu.of(server);
      Promise<Long> tid = Promise.promise();
      control.runOnContext(v -> tid.complete(control.setPeriodic(2, id -> {
        long due = Math.min(total, Math.max(0, System.nanoTime() - start) * rate / 1_000_000_000L);
        while (sent.get() < due) {
          long i = sent.getAndIncrement();
          long intended = start + i * 1_000_000_000L / rate;
          pool.preparedQuery(sql).execute(Tuple.of(meeting, seq.incrementAndGet(), body)).onComplete(ar -> {
            Fleet.Stats.record(lat, (System.nanoTime() - intended) / 1000, 3_600_000_000L);
            finished.increment();
          });
        }
        if (sent.get() >= total) {
          control.cancelTimer(id);
        }
      })));
      long timer = tid.future().await(10, TimeUnit.SECONDS);
      long deadline = System.currentTimeMillis() + seconds * 1000L + 30_000;
      while (finished.sum() < total && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      control.cancelTimer(timer);
      String cpuAt500 = Cpu.of(server).since(c500);
      Histogram h = lat.getIntervalHistogram();
      say(String.format(Locale.ROOT, "C/baseline: %,.0f inserts/s saturated; at 500/s p50 %.2f ms, p99 %.2f ms",
        rowsPerSecond, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0));
      return new Rows(rowsPerSecond, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0, cpu, cpuAt500);
    } finally {
      pool.close().await(30, TimeUnit.SECONDS);
    }
  }
}
