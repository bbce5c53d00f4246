package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.protocol.Json;

import java.time.Instant;

/** The meeting's lifecycle: open for joining, start, end; and what observers may see (R12). */
final class MeetingCommands {

  private MeetingCommands() {
  }

  /** Whoever is already connected when the meeting opens or starts has joined it (the register records when). */
  static Outcome open(RoomState s, Command c, Instant now) {
    return lifecycle(s.withStatus("open"), "meeting.opened", true);
  }

  static Outcome start(RoomState s, Command c, Instant now) {
    return lifecycle(s.withStatus("live"), "meeting.started", true);
  }

  static Outcome end(RoomState s, Command c, Instant now) {
    RoomState stopped = TimerCommands.recordCurrentAtEnd(s, now);
    return lifecycle(stopped.with(stopped.agenda(), stopped.timer().pause(now)).withStatus("closed"),
      "meeting.ended", false);
  }

  /** Observers see case details only while the chair allows it (R12). */
  static Outcome observerAccess(RoomState s, Command c, Instant now) {
    boolean allow = Json.bool(c.body(), "allowed", true);
    RoomState next = s.change().observersSeeCases(allow).build();
    return new Outcome(next, "meeting.observerAccessChanged", new JsonObject().put("meeting", next.meetingJson()));
  }

  private static Outcome lifecycle(RoomState next, String eventType, boolean recordsConnected) {
    return new Outcome(next, eventType, new JsonObject().put("meeting", next.meetingJson()), recordsConnected, true);
  }
}
