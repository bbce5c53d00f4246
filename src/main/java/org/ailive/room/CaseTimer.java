package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The case timer as server state: which agenda item, whether it runs, when the current run began
 * (server time), and the time used before that run. Clients derive the countdown from this and the
 * server clock, so every screen agrees. Immutable: each change makes a new timer.
 */
public record CaseTimer(UUID itemId, boolean running, Instant startedAt, long usedBeforeMs) {

  public static final CaseTimer IDLE = new CaseTimer(null, false, null, 0);

  public long usedMs(Instant now) {
    if (!running || startedAt == null) {
      return usedBeforeMs;
    }
    return usedBeforeMs + Math.max(0, Duration.between(startedAt, now).toMillis());
  }

  public int usedSeconds(Instant now) {
    return (int) (usedMs(now) / 1000);
  }

  /** Starts timing an item that has already used {@code usedMs} (zero for a fresh item). */
  public static CaseTimer startOn(UUID itemId, long usedMs, Instant now) {
    return new CaseTimer(itemId, true, now, usedMs);
  }

  public CaseTimer pause(Instant now) {
    return running ? new CaseTimer(itemId, false, null, usedMs(now)) : this;
  }

  public CaseTimer resume(Instant now) {
    return running ? this : new CaseTimer(itemId, true, now, usedBeforeMs);
  }

  public JsonObject toJson(int allottedSeconds) {
    return new JsonObject()
      .put("itemId", itemId == null ? null : itemId.toString())
      .put("running", running)
      .put("startedAt", startedAt == null ? null : startedAt.toEpochMilli())
      .put("usedBeforeMs", usedBeforeMs)
      .put("allottedSeconds", allottedSeconds);
  }
}
