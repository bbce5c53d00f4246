package org.ailive.export;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import org.ailive.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 8, part 6: the time and memory of exporting 100,000 actions, CSV and XLSX. Not a unit test
 * (timings depend on the machine): it runs only when asked,
 * {@code mvn -B -q test -Dtest=ExportBenchmark -Dbench=true} (add {@code -DargLine=-Xmx128m} to
 * show it fits a small heap), and prints its figures.
 *
 * <p>The server runs in this JVM, so its heap is measured directly: the highest heap use sampled
 * every 2 ms while the file streams (garbage included), and, in the second run, the live heap after
 * a full GC every 4 MiB of the download (what the export really holds at that moment; those GCs
 * slow the second run, so the first run's time is the one to quote). The client counts the bytes
 * and keeps none of them.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ExportBenchmark {

  static final int ACTIONS = 100_000;
  static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  @Test
  void export100kActions() throws Exception {
    TestServer server = TestServer.start();
    try {
      String officer = server.demoToken("officer@demo.ailive.test");
      long t0 = System.nanoTime();
      Generated.actions(server, ACTIONS);
      long seeded = server.query("SELECT count(*) AS n FROM action").getJsonObject(0).getLong("n");
      System.out.printf("%nSeeded %,d actions (and %,d updates) in %.1f s with INSERT ... SELECT generate_series%n",
        seeded, server.query("SELECT count(*) AS n FROM action_update").getJsonObject(0).getLong("n"),
        (System.nanoTime() - t0) / 1e9);
      System.out.printf("Max heap: %,d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
      for (int run = 1; run <= 2; run++) {
        for (String format : new String[] {"csv", "xlsx"}) {
          measure(server, officer, format, run);
        }
      }
    } finally {
      server.stop();
      TestServer.deleteQuietly(server.dataDir);
    }
  }

  private static void measure(TestServer server, String token, String format, int run) throws Exception {
    long baseline = liveHeap();
    AtomicLong peak = new AtomicLong(baseline);
    AtomicLong liveDuring = new AtomicLong(0);
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();

    boolean checkpoints = run == 2;
    AtomicLong bytes = new AtomicLong();
    AtomicLong nextCheckpoint = new AtomicLong(4L << 20);
    HttpClient http = server.vertx.createHttpClient();
    long start = System.nanoTime();
    long firstByte;
    try {
      Promise<Long> firstByteAt = Promise.promise();
      Promise<Void> done = Promise.promise();
      http.request(HttpMethod.GET, server.port(), "localhost", "/api/exports/actions." + format + "?status=all")
        .compose(req -> req.putHeader("Authorization", "Bearer " + token).send())
        .onSuccess(res -> {
          res.handler(chunk -> {
            firstByteAt.tryComplete(System.nanoTime());
            long total = bytes.addAndGet(chunk.length());
            if (checkpoints && total >= nextCheckpoint.get()) {
              nextCheckpoint.addAndGet(4L << 20);
              // Off the event loop: a full GC, then what is still reachable.
              new Thread(() -> liveDuring.accumulateAndGet(liveHeap(), Math::max)).start();
            }
          });
          res.endHandler(v -> done.tryComplete());
          res.exceptionHandler(done::tryFail);
        })
        .onFailure(done::tryFail);
      done.future().await(10, TimeUnit.MINUTES);
      firstByte = firstByteAt.future().await(1, TimeUnit.SECONDS);
    } finally {
      http.close();
    }
    long elapsed = System.nanoTime() - start;
    sampling.set(false);
    sampler.join();
    Thread.sleep(200);
    System.out.printf("run %d %-4s: %,11d bytes in %5.2f s (first byte after %4d ms) | heap: idle live %4d MiB,"
        + " peak used %4d MiB%s%n",
      run, format, bytes.get(), elapsed / 1e9, (firstByte - start) / 1_000_000, baseline >> 20, peak.get() >> 20,
      checkpoints ? String.format(", live while streaming at most %d MiB (+%d MiB over idle)", liveDuring.get() >> 20,
        Math.max(0, liveDuring.get() - baseline) >> 20) : "");
  }

  private static long liveHeap() {
    System.gc();
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
