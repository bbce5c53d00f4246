package org.ailive.minutes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.Zone;
import org.ailive.room.AttendanceMark;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A first draft of the minutes, written from the room's state and its event log: who attended and
 * how, each item's planned and used time (R3), and what happened when. Markdown, for the officer
 * to finish; the approved, versioned minutes come later (issue 8).
 */
public final class MinutesDraft {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(Zone.LONDON);

  private MinutesDraft() {
  }

  public static String render(JsonObject meeting, JsonObject state, JsonArray events) {
    Map<String, JsonObject> members = new HashMap<>();
    state.getJsonArray("members").forEach(o -> members.put(((JsonObject) o).getString("memberId"), (JsonObject) o));
    StringBuilder out = new StringBuilder();
    out.append("# ").append(meeting.getString("panelName")).append(": minutes (draft)\n\n")
      .append("Date: ").append(meeting.getString("meetingDate")).append(", ")
      .append(meeting.getString("startsAt")).append("–").append(meeting.getString("endsAt"))
      .append(meeting.getString("location").isBlank() ? "" : ", " + meeting.getString("location")).append("  \n")
      .append("Status: ").append(state.getJsonObject("meeting").getString("status")).append("  \n")
      .append("Drafted from the meeting log (events 1–").append(state.getLong("lastSeq")).append(").\n\n");
    attendance(out, state.getJsonArray("attendance"), members);
    agenda(out, state.getJsonArray("agenda"));
    log(out, events);
    return out.toString();
  }

  private static void attendance(StringBuilder out, JsonArray register, Map<String, JsonObject> members) {
    out.append("## Attendance\n\n");
    if (register.isEmpty()) {
      out.append("No attendance recorded.\n\n");
      return;
    }
    AttendanceMark.LABELS.forEach((status, words) -> {
      List<JsonObject> marks = register.stream().map(o -> (JsonObject) o)
        .filter(m -> status.equals(m.getString("status"))).toList();
      if (marks.isEmpty()) {
        return;
      }
      out.append("**").append(words).append(":**\n");
      for (JsonObject m : marks) {
        out.append("- ").append(name(members, m.getString("memberId")));
        if (m.getString("substituteForMemberId") != null) {
          out.append(", for ").append(name(members, m.getString("substituteForMemberId")));
        }
        if (m.getString("writtenUpdate") != null) {
          out.append(": “").append(m.getString("writtenUpdate").replace("\n", " ")).append("”");
        }
        out.append('\n');
      }
      out.append('\n');
    });
  }

  private static void agenda(StringBuilder out, JsonArray agenda) {
    out.append("## Agenda and time (planned / used)\n\n");
    for (Object o : agenda) {
      JsonObject item = (JsonObject) o;
      int planned = item.getInteger("allottedSeconds");
      int used = item.getInteger("usedSeconds");
      out.append(item.getInteger("position")).append(". ").append(item.getString("title"));
      if (item.getString("districtName") != null) {
        out.append(" (").append(item.getString("districtName")).append(")");
      }
      out.append(": ").append(minutes(planned)).append(" planned, ").append(minutes(used)).append(" used");
      if (used > planned) {
        out.append(", **over by ").append(minutes(used - planned)).append("**");
      }
      out.append('\n');
    }
    out.append('\n');
  }

  private static void log(StringBuilder out, JsonArray events) {
    out.append("## What happened\n\n");
    for (Object o : events) {
      JsonObject e = (JsonObject) o;
      JsonObject actor = e.getJsonObject("actor");
      out.append("- ").append(CLOCK.format(Instant.ofEpochMilli(e.getLong("at")))).append(" ")
        .append(describe(e));
      if (actor != null) {
        out.append(" (").append(actor.getString("name")).append(")");
      }
      out.append('\n');
    }
  }

  private static String describe(JsonObject e) {
    JsonObject p = e.getJsonObject("payload");
    return switch (e.getString("type")) {
      case "meeting.opened" -> "Meeting opened for joining";
      case "meeting.started" -> "Meeting started";
      case "meeting.ended" -> "Meeting ended";
      case "timer.started" -> "Started: " + currentTitle(p);
      case "timer.paused" -> "Paused: " + currentTitle(p);
      case "timer.resumed" -> "Resumed: " + currentTitle(p);
      case "timer.extended" -> "Extended by " + p.getInteger("minutes") + " min: " + currentTitle(p);
      case "timer.moved" -> ("next".equals(p.getString("direction")) ? "Moved on to: " : "Went back to: ")
        + currentTitle(p);
      case "agenda.built" -> "Agenda laid out";
      case "agenda.shared" -> "Remaining time shared evenly across the remaining cases";
      case "agenda.reordered" -> "Agenda reordered";
      case "agenda.minutesChanged" -> "Planned minutes changed";
      case "agenda.itemAdded" -> "Item added to the agenda";
      case "attendance.marked" -> "Attendance: " + p.getJsonObject("attendance").getString("status").replace('_', ' ')
        + (Boolean.TRUE.equals(p.getBoolean("auto")) ? " (joined online)" : "");
      default -> e.getString("type");
    };
  }

  private static String currentTitle(JsonObject payload) {
    String id = payload.getJsonObject("timer").getString("itemId");
    return payload.getJsonArray("agenda").stream().map(o -> (JsonObject) o)
      .filter(i -> i.getString("id").equals(id)).findFirst().map(i -> i.getString("title")).orElse("—");
  }

  private static String name(Map<String, JsonObject> members, String id) {
    JsonObject m = members.get(id);
    return m == null ? "Unknown member" : m.getString("fullName") + (m.getString("agency") == null ? ""
      : " (" + m.getString("agency") + ")");
  }

  private static String minutes(int seconds) {
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }
}
