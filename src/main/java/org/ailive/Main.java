package org.ailive;

import io.vertx.core.Vertx;
import org.ailive.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Entry point: {@code java org.ailive.Main [--conf file.json] [--demo]}. */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    Path conf = null;
    boolean demo = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--conf" -> {
          if (i + 1 >= args.length) {
            usage("--conf needs a file");
          }
          conf = Path.of(args[++i]);
        }
        case "--demo" -> demo = true;
        default -> usage("unknown argument " + args[i]);
      }
    }
    AppConfig config = AppConfig.load(conf, System.getenv());
    if (demo) {
      config = config.with("demo", "true");
    }

    Vertx vertx;
    try {
      vertx = App.newVertx(config).await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      log.error("A&I Live could not start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    App app;
    try {
      app = App.start(vertx, config).await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      log.error("A&I Live could not start: {}", e.getMessage(), e);
      vertx.close();
      System.exit(1);
      return;
    }
    System.out.printf("%nA&I Live is serving http://%s:%d/ (data in %s)%n", 
      "0.0.0.0".equals(config.httpHost()) ? "localhost" : config.httpHost(), app.httpPort(), config.dataDir());

    // SIGTERM and Ctrl-C stop the service in order (tell clients, drain rooms, close the database)
    // before the JVM runs its shutdown hooks: the embedded Postgres library has a hook of its own
    // that would otherwise stop the database under the rooms still saving.
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopping.compareAndSet(false, true)) {
        log.info("Shutting down");
        try {
          app.stop().await(30, TimeUnit.SECONDS);
          // Awaited on its own: chained on a context, its completion would go to a closed event loop.
          vertx.close().await(10, TimeUnit.SECONDS);
          log.info("Stopped");
        } catch (Exception e) {
          log.warn("Shutdown did not finish cleanly: {}", String.valueOf(e));
        }
      }
    };
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> new Thread(() -> {
        stop.run();
        System.exit(0);
      }, "ailive-stop").start());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "ailive-shutdown"));
    new CountDownLatch(1).await();
  }

  private static void usage(String problem) {
    System.err.println(problem + "\nusage: ailive [--conf file.json] [--demo]");
    System.exit(2);
  }
}
