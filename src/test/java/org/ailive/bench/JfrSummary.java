package org.ailive.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Execution samples of a JFR recording (what {@code jfr print --events jdk.ExecutionSample} shows),
 * summarised: the top frames by self time, the top methods by inclusive time, and the share of
 * samples under a few subsystems of interest (JSON, token verification, compression, bridge, SQL).
 */
public final class JfrSummary {

  private JfrSummary() {
  }

  private static final Map<String, String> AREAS = new java.util.LinkedHashMap<>();

  static {
    AREAS.put("ECDSA / JWT verify", "sun.security.ec|io.vertx.ext.auth.jwt|JWT.decode");
    AREAS.put("WebSocket deflate", "java.util.zip.Deflater|PerMessageDeflate|DeflateEncoder|JdkZlibEncoder");
    AREAS.put("JSON encode/decode", "com.fasterxml.jackson|io.vertx.core.json");
    AREAS.put("JsonObject.copy (event bus)", "JsonObject.copy|JsonArray.copy|JsonUtil.checkAndCopy");
    AREAS.put("SockJS bridge", "io.vertx.ext.web.handler.sockjs");
    AREAS.put("Event bus", "io.vertx.core.eventbus");
    AREAS.put("Postgres client", "io.vertx.pgclient|io.vertx.sqlclient");
    AREAS.put("A&I Live code", "org.ailive");
    AREAS.put("Netty socket write", "io.netty.channel.socket|sun.nio.ch.SocketDispatcher.write|FileDispatcherImpl.write|writev");
    AREAS.put("Micrometer metrics", "io.micrometer|io.vertx.micrometer");
    AREAS.put("Presence (room.Presence)", "org.ailive.room.Presence");
  }

  public static String summarise(Path recording, int top) throws Exception {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> areas = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    int nativeSamples = 0;
    int gcs = 0;
    double gcPauseTotalMs = 0;
    double gcPauseMaxMs = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.GarbageCollection")) {
        gcs++;
        double pause = e.getDuration("sumOfPauses").toNanos() / 1e6;
        gcPauseTotalMs += pause;
        gcPauseMaxMs = Math.max(gcPauseMaxMs, e.getDuration("longestPause").toNanos() / 1e6);
        continue;
      }
      boolean nativeSample = type.equals("jdk.NativeMethodSample");
      if (!type.equals("jdk.ExecutionSample") && !nativeSample) {
        continue;
      }
      if (nativeSample) {
        // Threads parked in epoll are idle, not busy in native code.
        RecordedStackTrace nst = e.getStackTrace();
        if (nst == null || nst.getFrames().isEmpty() || name(nst.getFrames().get(0)).toLowerCase().contains("epoll")
          || name(nst.getFrames().get(0)).contains("Unsafe.park") || name(nst.getFrames().get(0)).contains("accept")
          || name(nst.getFrames().get(0)).contains("Object.wait") || name(nst.getFrames().get(0)).contains("socketRead")
          || name(nst.getFrames().get(0)).contains("Thread.sleep")) {
          continue;
        }
        nativeSamples++;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null) {
        continue;
      }
      samples++;
      String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
      List<RecordedFrame> frames = st.getFrames();
      if (!frames.isEmpty()) {
        self.merge(name(frames.get(0)), 1, Integer::sum);
      }
      Set<String> seen = new HashSet<>();
      StringBuilder all = new StringBuilder();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (seen.add(n)) {
          inclusive.merge(n, 1, Integer::sum);
        }
        all.append(n).append('\n');
      }
      String stack = all.toString();
      for (Map.Entry<String, String> area : AREAS.entrySet()) {
        if (java.util.regex.Pattern.compile(area.getValue()).matcher(stack).find()) {
          areas.merge(area.getKey(), 1, Integer::sum);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("JFR samples: ").append(samples).append(" (").append(nativeSamples)
      .append(" of them in native code, e.g. zlib deflate or socket writes) (").append(recording.getFileName()).append(")\n");
    out.append(String.format("GC: %d collections, %.0f ms paused in total, longest pause %.0f ms%n", gcs, gcPauseTotalMs,
      gcPauseMaxMs));
    if (samples == 0) {
      return out.toString();
    }
    int total = samples;
    out.append("\nBy thread:\n");
    threads.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
      .forEach(en -> out.append(String.format("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
    out.append("\nShare of samples with a frame in (overlapping):\n");
    AREAS.keySet().forEach(k -> out.append(String.format("  %5.1f%%  %s%n", 100.0 * areas.getOrDefault(k, 0) / total, k)));
    out.append("\nTop frames, self:\n");
    self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
      .forEach(en -> out.append(String.format("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
    out.append("\nTop methods, inclusive (application and library frames):\n");
    inclusive.entrySet().stream()
      .filter(en -> !en.getKey().startsWith("java.lang.Thread.run") && !en.getKey().contains("FastThreadLocalRunnable")
        && !en.getKey().contains("SingleThreadEventExecutor") && !en.getKey().contains("NioIoHandler.run")
        && !en.getKey().contains("ThreadExecutorMap") && !en.getKey().contains("NioEventLoop.run"))
      .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
      .forEach(en -> out.append(String.format("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey())));
    return out.toString();
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  public static void main(String[] args) throws Exception {
    System.out.println(summarise(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25));
  }
}
