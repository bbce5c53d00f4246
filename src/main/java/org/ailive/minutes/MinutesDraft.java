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

import static org.ailive.minutes.MinutesContent.objects;

/**
 * A first draft of the minutes in Markdown, for the officer to finish: the heading, who attended
 * and how, each item's planned and used time (R3), from the same {@link MinutesContent} a minutes
 * version stores, and what happened when, from the log. The approved, versioned minutes are
 * {@link MinutesVersions}.
 */
public final class MinutesDraft {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(Zone.LONDON);

  private MinutesDraft() {
  }

  /** @param content the minutes as {@link MinutesContent#build} makes them; @param events the log they come from */
  static String render(JsonObject content, JsonArray events) {
    JsonObject meeting = content.getJsonObject("meeting");
    String location = meeting.getString("location");
    StringBuilder out = new StringBuilder();
    out.append("# ").append(meeting.getString("panelName")).append(": minutes (draft)\n\n")
      .append("Date: ").append(meeting.getString("meetingDate")).append(", ")
      .append(meeting.getString("startsAt")).append("–").append(meeting.getString("endsAt"))
      .append(location == null || location.isBlank() ? "" : ", " + location).append("  \n")
      .append("Status: ").append(meeting.getString("status")).append("  \n")
      .append("Drafted from the meeting log (events 1–").append(content.getLong("lastSeq")).append(").\n\n");
    attendance(out, content.getJsonArray("attendance"));
    JsonObject confirmed = content.getJsonObject("registerConfirmed");
    out.append(confirmed == null ? "The register is not yet confirmed by the officer.\n\n"
      : "Register confirmed by " + confirmed.getString("by") + " at " + confirmed.getString("at") + ".\n\n");
    agenda(out, content.getJsonArray("items"));
    log(out, events, titles(content.getJsonArray("items")));
    return out.toString();
  }

  private static void attendance(StringBuilder out, JsonArray groups) {
    out.append("## Attendance\n\n");
    boolean anyMarked = objects(groups).stream().flatMap(g -> objects(g.getJsonArray("people")).stream())
      .anyMatch(p -> !Boolean.TRUE.equals(p.getBoolean("notMarked")));
    if (!anyMarked) {
      out.append("No attendance recorded.\n\n");
    }
    for (JsonObject group : objects(groups)) {
      List<JsonObject> people = objects(group.getJsonArray("people"));
      if (people.isEmpty()) {
        continue;
      }
      out.append("**").append(group.getString("label")).append(":**\n");
      for (JsonObject person : people) {
        out.append("- ").append(MinutesContent.label(person));
        if (person.getString("for") != null) {
          out.append(", for ").append(person.getString("for"));
        }
        if (person.getString("update") != null) {
          out.append(": “").append(person.getString("update").replace("\n", " ")).append("”");
        }
        out.append('\n');
      }
      out.append('\n');
    }
  }

  private static void agenda(StringBuilder out, JsonArray items) {
    out.append("## Agenda and time (planned / used)\n\n");
    for (JsonObject item : objects(items)) {
      int planned = item.getInteger("plannedSeconds");
      int used = item.getInteger("usedSeconds");
      out.append(item.getInteger("position")).append(". ").append(item.getString("title"));
      if (item.getString("district") != null) {
        out.append(" (").append(item.getString("district")).append(")");
      }
      out.append(": ").append(minutes(planned)).append(" planned, ").append(minutes(used)).append(" used");
      if (used > planned) {
        out.append(", **over by ").append(minutes(used - planned)).append("**");
      }
      if (item.getString("state") != null) {
        out.append(". ").append(item.getString("state"))
          .append(item.getString("stateNote") == null ? "" : ": " + item.getString("stateNote"));
      }
      out.append('\n');
    }
    out.append('\n');
  }

  /** Items' titles by id: an event names the item being timed by its id only (protocol 2). */
  private static Map<String, String> titles(JsonArray items) {
    Map<String, String> out = new HashMap<>();
    objects(items).forEach(i -> out.put(i.getString("itemId"), i.getString("title")));
    return out;
  }

  private static void log(StringBuilder out, JsonArray events, Map<String, String> titles) {
    out.append("## What happened\n\n");
    for (Object o : events) {
      JsonObject e = (JsonObject) o;
      JsonObject actor = e.getJsonObject("actor");
      out.append("- ").append(CLOCK.format(Instant.ofEpochMilli(e.getLong("at")))).append(" ")
        .append(describe(e, titles));
      if (actor != null) {
        out.append(" (").append(actor.getString("name")).append(")");
      }
      out.append('\n');
    }
  }

  private static String describe(JsonObject e, Map<String, String> titles) {
    JsonObject p = e.getJsonObject("payload");
    return switch (e.getString("type")) {
      case "meeting.opened" -> "Meeting opened for joining";
      case "meeting.started" -> "Meeting started";
      case "meeting.ended" -> "Meeting ended";
      case "timer.started" -> "Started: " + currentTitle(p, titles);
      case "timer.paused" -> "Paused: " + currentTitle(p, titles);
      case "timer.resumed" -> "Resumed: " + currentTitle(p, titles);
      case "timer.extended" -> "Extended by " + p.getInteger("minutes") + " min: " + currentTitle(p, titles);
      case "timer.moved" -> ("next".equals(p.getString("direction")) ? "Moved on to: " : "Went back to: ")
        + currentTitle(p, titles);
      case "agenda.built" -> "Agenda laid out";
      case "agenda.shared" -> "Remaining time shared evenly across the remaining cases";
      case "agenda.reordered" -> "Agenda reordered";
      case "agenda.minutesChanged" -> "Planned minutes changed";
      case "agenda.itemAdded" -> "Item added to the agenda";
      case "item.deferred" -> "Deferred to the meeting of " + p.getString("toMeetingDate") + ": "
        + p.getString("familyRef");
      case "item.withdrawn" -> "Item withdrawn";
      case "attendance.marked" -> "Attendance: " + mark(p.getJsonObject("attendance").getString("status"));
      case "attendance.joined" -> "Joined the live room";
      case "attendance.left" -> "Left the live room";
      case "attendance.bulkMarked" -> "Attendance: " + p.getJsonArray("marks").size() + " marked "
        + mark(p.getString("status")).toLowerCase(java.util.Locale.ROOT);
      case "attendance.confirmed" -> "Register confirmed";
      default -> e.getString("type");
    };
  }

  private static String mark(String status) {
    AttendanceMark.Label words = AttendanceMark.LABELS.get(status);
    return words == null ? status : words.mark();
  }

  private static String currentTitle(JsonObject payload, Map<String, String> titles) {
    String title = titles.get(payload.getJsonObject("timer").getString("itemId"));
    return title == null ? "—" : title;
  }

  private static String minutes(int seconds) {
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }
}
