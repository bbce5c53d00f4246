package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Least privilege for what a family told us (R12), in one place for the room's state, its events,
 * {@code sync}, the live sockets and the cases REST. Free text about families (a case's narrative,
 * what partners said, an apology's written update, the titles of items added during the meeting,
 * the reasons given for returning, dropping or objecting to an action) is withheld from observers
 * unless the chair allows them, and from everyone but the officer and the chair once a closed
 * meeting is older than the retention period. What such a reader sees of each kind of object is an
 * allow-list: a field that is not on it is withheld, so a field added later stays private until
 * someone decides otherwise.
 */
public final class Redaction {

  /** A case summary: whose case it is and what it is about, not what the family said. */
  private static final Set<String> SUMMARY = Set.of("caseId", "familyRef", "presenterId", "presentingNeeds",
    "version");
  /** A contribution: who said something about which item, and when; not what. */
  private static final Set<String> CONTRIBUTION = Set.of("id", "itemId", "caseId", "authorId", "authorName",
    "agencyId", "agency", "status", "createdAt", "editedAt");
  /** A case as the cases REST shows it: its place and progress, not its narrative. */
  private static final Set<String> CASE = Set.of("id", "meetingId", "meetingDate", "deadlineDate", "panelId",
    "districtId", "district", "familyRef", "presenter", "status", "late", "version", "ffaOpen", "consentToShare",
    "consentRecordedAt", "presentingNeeds", "reviewDate", "submittedAt", "acceptedByMemberId",
    "declinedByMemberId", "declinedReason", "createdAt", "updatedAt", "outcome", "needMet", "deferredFromMeetingDate");
  /** An attendance mark: who attended and how, not what their written update says (R10). */
  private static final Set<String> ATTENDANCE = Set.of("memberId", "status", "substituteForMemberId",
    "markedByMemberId", "markedAt", "joinedAt", "leftAt", "half");
  /** An agenda item: its place, time and who presents it; the title of an item added during the meeting is free text. */
  private static final Set<String> AGENDA_ITEM = Set.of("id", "position", "kind", "section", "districtId",
    "districtName", "caseId", "familyRef", "allottedSeconds", "usedSeconds", "done", "disposition",
    "deferredToMeetingId", "presenter", "standIn", "presenterHere");
  /** An action: what, who and when, as the action log shows it; not the reasons given about it. */
  private static final Set<String> ACTION = Set.of("id", "number", "caseId", "familyRef", "meetingId",
    "description", "ownerAgencyId", "ownerAgency", "ownerMemberId", "ownerName", "dueDate", "successMeasure",
    "status", "proposedBy", "confirmedAt", "closedAt", "closureProposed");
  /**
   * Where the objects above sit in the room's JSON, by the name they are found under
   * ({@code items}: the agenda items an event carries, {@link EventParts}).
   */
  private static final Map<String, Set<String>> BY_NAME = Map.of("summary", SUMMARY, "contribution", CONTRIBUTION,
    "contributions", CONTRIBUTION, "attendance", ATTENDANCE, "marks", ATTENDANCE, "agenda", AGENDA_ITEM,
    "items", AGENDA_ITEM, "action", ACTION, "actions", ACTION);
  /** Free text given directly in an event's payload (an objection's reason). */
  private static final Set<String> TEXT = Set.of("reason");

  private Redaction() {
  }

  /** The officer and the chair, who run the panel, see everything said, and what was withdrawn. */
  public static boolean seesEverything(Identity who) {
    return who.is("officer") || who.is("chair");
  }

  /** Whether this reader gets the redacted form of the room, a meeting's events or its cases. */
  public static boolean hidesFrom(Identity who, boolean observersSeeCases, String status, LocalDate meetingDate,
                                  int retentionDays, LocalDate today) {
    if (seesEverything(who)) {
      return false;
    }
    if (hidesLive(who, observersSeeCases)) {
      return true;
    }
    return "closed".equals(status) && meetingDate.plusDays(retentionDays).isBefore(today);
  }

  /** The same answer for a meeting's live events (a meeting that is running is never past retention). */
  public static boolean hidesLive(Identity who, boolean observersSeeCases) {
    return who.isObserverOnly() && !observersSeeCases;
  }

  /**
   * The meeting's video-call link (R13) is for the members who take part: never an observer's
   * (they follow in the app), and gone once the meeting has closed. Who reaches the meeting at all
   * is {@link RoomAccess}'s answer, asked before this.
   */
  public static boolean seesCallLink(Identity who, String status) {
    return !who.isObserverOnly() && !"closed".equals(status);
  }

  /** A meeting as {@code GET /api/meetings} shows it to this reader: its call link only as above. */
  public static JsonObject meeting(Identity who, JsonObject meeting) {
    return seesCallLink(who, meeting.getString("status")) ? meeting : meeting.copy().putNull("callUrl");
  }

  /** A copy of a case (as the cases REST shows it) without its narrative. */
  public static JsonObject caseJson(JsonObject c) {
    return c == null ? null : allowed(c, CASE);
  }

  /** A copy of an event, a {@code sync} reply or a room state with every narrative withheld. */
  public static JsonObject redact(JsonObject json) {
    JsonObject out = json.copy();
    scrub(out);
    return out;
  }

  private static void scrub(Object node) {
    if (node instanceof JsonObject o) {
      for (String name : List.copyOf(o.fieldNames())) {
        Set<String> shown = BY_NAME.get(name);
        Object value = o.getValue(name);
        if (TEXT.contains(name) && value instanceof String) {
          o.putNull(name);
        } else if (shown != null && value instanceof JsonObject one) {
          o.put(name, allowed(one, shown));
        } else if (shown != null && value instanceof JsonArray many) {
          JsonArray kept = new JsonArray();
          many.forEach(item -> kept.add(item instanceof JsonObject i ? allowed(i, shown) : item));
          o.put(name, kept);
        } else {
          scrub(value);
        }
      }
    } else if (node instanceof JsonArray a) {
      a.forEach(Redaction::scrub);
    }
  }

  /**
   * The object with only the allowed fields' values; the others keep their names, with null. A
   * case or summary says it was redacted; a contribution's null body already does.
   */
  private static JsonObject allowed(JsonObject o, Set<String> shown) {
    JsonObject out = new JsonObject();
    o.forEach(e -> out.put(e.getKey(), shown.contains(e.getKey()) ? e.getValue() : null));
    String kind = o.getString("kind");
    if (shown == AGENDA_ITEM && o.containsKey("title") && ("case".equals(kind) || "aob".equals(kind))) {
      // A case's title is its pseudonymous reference, AOB's a fixed heading: both may be shown; any
      // other title, or one whose kind is not given, is withheld. (An event's patch of an item names
      // its kind whenever it carries a title, EventParts.)
      out.put("title", o.getValue("title"));
    }
    return shown == SUMMARY || shown == CASE ? out.put("redacted", true) : out;
  }

  /**
   * The log keeps what was said; to everyone but the officer and the chair, a contribution since
   * hidden or withdrawn is served as it is now, in the events of a catch-up too (linear in the
   * contributions for each event that carries one; a page is at most 500 events).
   */
  static JsonArray currentContributions(JsonArray events, RoomState now) {
    JsonArray out = new JsonArray();
    for (Object e : events) {
      JsonObject event = (JsonObject) e;
      JsonObject payload = event.getJsonObject("payload");
      JsonObject c = payload == null ? null : payload.getJsonObject("contribution");
      Contribution current = c != null && c.getValue("id") instanceof String id ? now.contributions().stream()
        .filter(x -> x.id().toString().equals(id) && !"visible".equals(x.status())).findFirst().orElse(null) : null;
      // A copy: the events are the owner's in-memory tail, shared by every catch-up.
      out.add(current == null ? event : event.copy().put("payload", payload.copy()
        .put("contribution", current.toJson())));
    }
    return out;
  }
}
