package org.ailive.minutes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.Zone;
import org.ailive.room.AgendaItem;
import org.ailive.room.AttendanceMark;
import org.ailive.room.PresentingNeed;
import org.ailive.room.VolunteeredAction;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The minutes as a structured record, the one model of them, written from a {@link MinutesSource}:
 * the heading, attendance grouped as DOMAIN.md lists it, and for each agenda item the time planned
 * and used (R3), the case's pseudonymous summary, what was said (visible contributions only,
 * attributed), the actions agreed and those followed up (R8); AOB and partner updates are the AOB
 * item's, and written updates sent with apologies stay with the apology. A minutes version stores
 * this record and its PDF is rendered from it, so a version always renders the same minutes; the
 * Markdown draft is rendered from it too.
 */
public final class MinutesContent {

  static final int FORMAT = 1;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(Zone.LONDON);

  private MinutesContent() {
  }

  /**
   * @param meeting the meeting as {@code GET /api/meetings/{id}} returns it
   * @param state   the room's whole state ({@code sync} with {@code state: true})
   * @param events  the whole event log, in order
   * @param cases   the meeting's cases: id, familyRef, presenter, the summary fields
   */
  static JsonObject build(JsonObject meeting, JsonObject state, JsonArray events, List<JsonObject> cases, Instant now) {
    Map<String, JsonObject> members = index(state.getJsonArray("members"), "memberId");
    Map<String, JsonObject> caseById = new HashMap<>();
    cases.forEach(c -> caseById.put(c.getString("id"), c));
    JsonArray items = new JsonArray();
    for (JsonObject item : objects(state.getJsonArray("agenda"))) {
      items.add(item(item, state, events, caseById, now));
    }
    return new JsonObject()
      .put("format", FORMAT)
      .put("meeting", heading(meeting, events))
      .put("lastSeq", state.getLong("lastSeq"))
      .put("attendance", attendance(state.getJsonArray("attendance"), members, meeting))
      .put("registerConfirmed", registerConfirmed(state.getJsonObject("meeting"), members))
      .put("items", items)
      .put("closures", closures(events))
      .put("objections", objections(events))
      .put("totals", new JsonObject()
        .put("plannedSeconds", sum(items, "plannedSeconds"))
        .put("usedSeconds", sum(items, "usedSeconds")));
  }

  private static JsonObject heading(JsonObject meeting, JsonArray events) {
    return new JsonObject()
      .put("id", meeting.getString("id"))
      .put("panelName", meeting.getString("panelName"))
      .put("meetingDate", meeting.getString("meetingDate"))
      .put("startsAt", meeting.getString("startsAt"))
      .put("endsAt", meeting.getString("endsAt"))
      .put("location", meeting.getString("location"))
      .put("status", meeting.getString("status"))
      .put("firstDistrict", meeting.getString("firstDistrict"))
      .put("secondDistrict", meeting.getString("secondDistrict"))
      .put("startedAt", firstAt(events, "meeting.started"))
      .put("endedAt", firstAt(events, "meeting.ended"));
  }

  /**
   * A copy of a version's content with what was said about families replaced by {@code stub}: the
   * case summaries' narrative, what partners said, written updates sent with apologies, and the
   * titles of items added during the meeting. Who attended, times, actions and closures stay (the
   * retention job, issue 15).
   */
  public static JsonObject withoutNarrative(JsonObject content, String stub) {
    JsonObject out = content.copy();
    for (JsonObject group : objects(out.getJsonArray("attendance"))) {
      for (JsonObject person : objects(group.getJsonArray("people"))) {
        if (person.getValue("update") != null) {
          person.put("update", stub);
        }
      }
    }
    for (JsonObject item : objects(out.getJsonArray("items"))) {
      if ("other".equals(item.getString("kind"))) {
        item.put("title", stub);
      }
      JsonObject summary = item.getJsonObject("summary");
      if (summary != null) {
        summary.put("reasonForBringing", stub).put("summaryOfConcerns", stub).put("voiceOfChild", stub);
      }
      for (JsonObject c : objects(item.getJsonArray("contributions"))) {
        c.put("body", stub);
      }
      for (String edited : List.of("minutedSummary", "decisions")) {
        if (item.getValue(edited) != null) {
          item.put(edited, stub);
        }
      }
    }
    for (JsonObject o : objects(out.getJsonArray("objections"))) {
      o.put("reason", stub);
    }
    return out;
  }

  /**
   * The six groups, each listing who was marked so, with "Represented by a substitute" after the
   * substitutes and "Not yet marked" last: a panel member whose substitute attended is represented,
   * not absent, and one nobody marked is not yet marked (the officer confirms the register at the
   * end). A remote member's times ("joined 10:05, left 11:20") and the half of a double-district
   * meeting they attended go in {@code note}.
   */
  private static JsonArray attendance(JsonArray register, Map<String, JsonObject> members, JsonObject meeting) {
    Map<String, JsonObject> marks = index(register, "memberId");
    Map<String, String> representedBy = new HashMap<>();
    objects(register).stream().filter(m -> "substitute".equals(m.getString("status")))
      .forEach(m -> representedBy.put(m.getString("substituteForMemberId"), label(person(members, m.getString("memberId")))));
    JsonArray out = new JsonArray();
    AttendanceMark.LABELS.forEach((status, words) -> {
      JsonArray people = new JsonArray();
      objects(register).stream().filter(m -> status.equals(m.getString("status"))
          && !("absent".equals(status) && representedBy.containsKey(m.getString("memberId"))))
        .map(m -> person(members, m.getString("memberId"))
          .put("for", m.getString("substituteForMemberId") == null ? null
            : label(person(members, m.getString("substituteForMemberId"))))
          .put("update", m.getString("writtenUpdate"))
          .put("note", note(m, meeting)))
        .sorted(BY_NAME)
        .forEach(people::add);
      out.add(new JsonObject().put("status", status).put("label", words.group()).put("people", people));
      if ("substitute".equals(status)) {
        JsonArray represented = new JsonArray();
        expected(members).filter(m -> representedBy.containsKey(m.getString("memberId"))
            && !AttendanceMark.attended(status(marks, m)))
          .map(m -> person(members, m.getString("memberId")).put("by", representedBy.get(m.getString("memberId"))))
          .sorted(BY_NAME).forEach(represented::add);
        out.add(new JsonObject().put("status", "represented").put("label", AttendanceMark.REPRESENTED.group())
          .put("people", represented));
      }
    });
    JsonArray notMarked = new JsonArray();
    expected(members).filter(m -> status(marks, m) == null && !representedBy.containsKey(m.getString("memberId")))
      .map(m -> person(members, m.getString("memberId")).put("notMarked", true)
        .put("note", marks.containsKey(m.getString("memberId")) ? note(marks.get(m.getString("memberId")), meeting) : null))
      .sorted(BY_NAME).forEach(notMarked::add);
    out.add(new JsonObject().put("status", "not_marked").put("label", AttendanceMark.NOT_MARKED.group())
      .put("people", notMarked));
    return out;
  }

  private static final java.util.Comparator<JsonObject> BY_NAME =
    (a, b) -> a.getString("name").compareToIgnoreCase(b.getString("name"));

  /** Panel members only: a guest admitted to the room who never came is not expected; nor is an observer. */
  private static Stream<JsonObject> expected(Map<String, JsonObject> members) {
    return members.values().stream().filter(m -> !onlyObserver(m) && m.getBoolean("onPanel", true));
  }

  private static String status(Map<String, JsonObject> marks, JsonObject member) {
    JsonObject mark = marks.get(member.getString("memberId"));
    return mark == null ? null : mark.getString("status");
  }

  /** "joined 10:05, left 11:20" for someone remote or not yet marked; the half attended, if only one. */
  private static String note(JsonObject mark, JsonObject meeting) {
    List<String> parts = new java.util.ArrayList<>();
    String status = mark.getString("status");
    if ((status == null || "remote".equals(status)) && mark.getLong("joinedAt") != null) {
      parts.add("joined " + CLOCK.format(Instant.ofEpochMilli(mark.getLong("joinedAt")))
        + (mark.getLong("leftAt") == null ? "" : ", left " + CLOCK.format(Instant.ofEpochMilli(mark.getLong("leftAt")))));
    }
    String half = mark.getString("half");
    if (half != null) {
      String district = meeting == null ? null
        : meeting.getString("first_district".equals(half) ? "firstDistrict" : "secondDistrict");
      parts.add((district == null ? ("first_district".equals(half) ? "first" : "second") + " district's" : district)
        + " half only");
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  private static JsonObject item(JsonObject item, JsonObject state, JsonArray events, Map<String, JsonObject> cases,
                                 Instant now) {
    String itemId = item.getString("id");
    String caseId = item.getString("caseId");
    String meetingId = state.getJsonObject("meeting").getString("id");
    JsonObject out = new JsonObject()
      .put("itemId", itemId)
      .put("position", item.getInteger("position"))
      .put("kind", item.getString("kind"))
      .put("section", item.getString("section"))
      .put("title", item.getString("title"))
      .put("district", item.getString("districtName"))
      .put("familyRef", item.getString("familyRef"))
      .put("plannedSeconds", item.getInteger("allottedSeconds"))
      .put("usedSeconds", used(item, state.getJsonObject("timer"), now))
      .put("discussedFrom", discussedFrom(events, itemId))
      .put("disposition", item.getString("disposition"))
      .put("state", AgendaItem.stateWords(item.getString("disposition")))
      .put("stateNote", item.getString("note"))
      .put("contributions", contributions(state.getJsonArray("contributions"), itemId));
    JsonObject c = caseId == null ? null : cases.get(caseId);
    if (c != null) {
      out.put("presenter", c.getString("presenter"))
        .put("summary", new JsonObject()
          .put("reasonForBringing", c.getString("reasonForBringing"))
          .put("summaryOfConcerns", c.getString("summaryOfConcerns"))
          .put("presentingNeeds", new JsonArray(c.getJsonArray("presentingNeeds", new JsonArray()).stream()
            .map(n -> PresentingNeed.labelOf(String.valueOf(n))).toList()))
          .put("voiceOfChild", c.getString("voiceOfChild")));
    }
    List<JsonObject> actions = objects(state.getJsonArray("actions"));
    boolean aob = "aob".equals(item.getString("kind"));
    String familyRef = item.getString("familyRef");
    out.put("actions", actions(actions.stream().filter(a -> meetingId.equals(a.getString("meetingId"))
      // Proposals never confirmed are not minuted as actions.
      && VolunteeredAction.AGREED.contains(a.getString("status"))
      && (caseId != null ? caseId.equals(a.getString("caseId")) : aob && a.getString("caseId") == null))));
    // Returned actions stay with their proposer (revised at or before the next meeting): minuted so.
    out.put("returned", actions(actions.stream().filter(a -> "returned".equals(a.getString("status"))
      && (caseId != null ? caseId.equals(a.getString("caseId")) : aob && a.getString("caseId") == null))));
    out.put("followUp", actions(actions.stream().filter(a -> !meetingId.equals(a.getString("meetingId"))
      && VolunteeredAction.AGREED.contains(a.getString("status"))
      && (familyRef != null ? familyRef.equals(a.getString("familyRef")) : aob && a.getString("caseId") == null))));
    return out;
  }

  /** The item being timed has used what its timer says; the others what they recorded when left. */
  private static int used(JsonObject item, JsonObject timer, Instant now) {
    if (timer == null || !item.getString("id").equals(timer.getString("itemId"))) {
      return item.getInteger("usedSeconds");
    }
    long ms = timer.getLong("usedBeforeMs", 0L);
    if (timer.getBoolean("running", false) && timer.getLong("startedAt") != null) {
      ms += Math.max(0, now.toEpochMilli() - timer.getLong("startedAt"));
    }
    return (int) Math.max(item.getInteger("usedSeconds"), ms / 1000);
  }

  private static JsonArray contributions(JsonArray all, String itemId) {
    JsonArray out = new JsonArray();
    objects(all).stream()
      .filter(c -> itemId.equals(c.getString("itemId")) && "visible".equals(c.getString("status")))
      .forEach(c -> out.add(new JsonObject()
        .put("author", c.getString("authorName"))
        .put("agency", c.getString("agency"))
        .put("body", c.getString("body"))
        .put("at", CLOCK.format(Instant.ofEpochMilli(c.getLong("createdAt"))))));
    return out;
  }

  private static JsonArray actions(Stream<JsonObject> actions) {
    JsonArray out = new JsonArray();
    actions.sorted((a, b) -> Long.compare(a.getLong("number", Long.MAX_VALUE), b.getLong("number", Long.MAX_VALUE)))
      .forEach(a -> out.add(new JsonObject()
        .put("number", a.getLong("number"))
        .put("description", a.getString("description"))
        .put("lead", a.getString("ownerName") == null ? a.getString("ownerAgency")
          : a.getString("ownerName") + " – " + a.getString("ownerAgency"))
        .put("dueDate", a.getString("dueDate"))
        .put("successMeasure", a.getString("successMeasure"))
        .put("status", a.getString("status"))));
    return out;
  }

  /** R8: every closure records who was present to agree it. */
  private static JsonArray closures(JsonArray events) {
    JsonArray out = new JsonArray();
    objects(events).stream().filter(e -> "action.closed".equals(e.getString("type"))).forEach(e -> {
      JsonObject payload = e.getJsonObject("payload", new JsonObject());
      JsonObject action = payload.getJsonObject("action", new JsonObject());
      out.add(new JsonObject()
        .put("number", action.getLong("number"))
        .put("description", action.getString("description"))
        .put("familyRef", action.getString("familyRef"))
        .put("at", CLOCK.format(Instant.ofEpochMilli(e.getLong("at"))))
        .put("agreedByPresent", payload.getJsonArray("agreedByPresent", new JsonArray()).size()));
    });
    return out;
  }

  /** R8: an objection from a partner present kept an action open; minuted with its reason. */
  private static JsonArray objections(JsonArray events) {
    JsonArray out = new JsonArray();
    objects(events).stream().filter(e -> "action.objected".equals(e.getString("type"))).forEach(e -> {
      JsonObject payload = e.getJsonObject("payload", new JsonObject());
      JsonObject action = payload.getJsonObject("action", new JsonObject());
      JsonObject actor = e.getJsonObject("actor");
      out.add(new JsonObject()
        .put("number", action.getLong("number"))
        .put("description", action.getString("description"))
        .put("familyRef", action.getString("familyRef"))
        .put("by", actor == null ? null : actor.getString("name"))
        .put("at", CLOCK.format(Instant.ofEpochMilli(e.getLong("at"))))
        .put("reason", payload.getString("reason")));
    });
    return out;
  }

  /** When the timer first went to the item: started on it, moved to it, or resumed on it. */
  private static String discussedFrom(JsonArray events, String itemId) {
    for (JsonObject e : objects(events)) {
      String type = e.getString("type");
      if (type.equals("timer.started") || type.equals("timer.moved") || type.equals("timer.resumed")) {
        JsonObject timer = e.getJsonObject("payload", new JsonObject()).getJsonObject("timer");
        if (timer != null && itemId.equals(timer.getString("itemId"))) {
          return CLOCK.format(Instant.ofEpochMilli(e.getLong("at")));
        }
      }
    }
    return null;
  }

  private static String firstAt(JsonArray events, String type) {
    return objects(events).stream().filter(e -> type.equals(e.getString("type"))).findFirst()
      .map(e -> CLOCK.format(Instant.ofEpochMilli(e.getLong("at")))).orElse(null);
  }

  private static JsonObject person(Map<String, JsonObject> members, String memberId) {
    JsonObject m = members.get(memberId);
    return new JsonObject()
      .put("name", m == null ? "Unknown member" : m.getString("fullName"))
      .put("agency", m == null ? null : m.getString("agency"));
  }

  /** "Name (Agency)", and the attendance note if any ("joined 10:05, left 11:20"). */
  static String label(JsonObject person) {
    String name = person.getString("agency") == null ? person.getString("name")
      : person.getString("name") + " (" + person.getString("agency") + ")";
    String note = person.getString("note");
    String by = person.getString("by");
    return name + (by == null ? "" : ", by " + by) + (note == null ? "" : ", " + note);
  }

  /** Who confirmed the register and when, or null while it is not confirmed. */
  private static JsonObject registerConfirmed(JsonObject meeting, Map<String, JsonObject> members) {
    JsonObject confirmed = meeting == null ? null : meeting.getJsonObject("registerConfirmed");
    if (confirmed == null) {
      return null;
    }
    return new JsonObject().put("by", label(person(members, confirmed.getString("byMemberId"))))
      .put("at", CLOCK.format(Instant.ofEpochMilli(confirmed.getLong("at"))));
  }

  private static boolean onlyObserver(JsonObject member) {
    JsonArray roles = member.getJsonArray("roles", new JsonArray());
    return roles.size() == 1 && "observer".equals(roles.getString(0));
  }

  private static Map<String, JsonObject> index(JsonArray array, String key) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    objects(array).forEach(o -> out.put(o.getString(key), o));
    return out;
  }

  private static long sum(JsonArray items, String field) {
    return objects(items).stream().mapToLong(i -> i.getInteger(field, 0)).sum();
  }

  static List<JsonObject> objects(JsonArray array) {
    return array == null ? List.of() : array.stream().map(o -> (JsonObject) o).toList();
  }
}
