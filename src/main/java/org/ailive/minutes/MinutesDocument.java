package org.ailive.minutes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.Zone;
import org.ailive.room.VolunteeredAction;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.ailive.minutes.MinutesContent.objects;

/**
 * A minutes version as a document: headings, paragraphs, lists and tables, in reading order, built
 * once from the stored {@link MinutesContent} and written out by both {@link MinutesPdf} and
 * {@link MinutesDocx}, so the PDF and the Word file hold the same sections in the same words.
 * Fields of the content this class does not know (a section added to the model later) are laid
 * out generically, so they reach both documents without a change here.
 */
record MinutesDocument(String title, List<Block> blocks) {

  static final String MARKING = "OFFICIAL-SENSITIVE: for those involved in the A&I process only";
  static final String LANGUAGE = "en-GB";

  /** One piece of the document. Text is as people wrote it: each writer escapes it for its format. */
  sealed interface Block permits Heading, Para, Bullets, Grid {
  }

  /** @param level 1 for the document's title, 2 for a section, 3 within a section */
  record Heading(int level, String text) implements Block {
  }

  /** @param label bold words before the text, or null; @param style how it stands out */
  record Para(String label, String text, Style style) implements Block {
  }

  record Bullets(List<String> items) implements Block {
  }

  /** A table whose first row is its column headers. */
  record Grid(List<String> headers, List<List<String>> rows) implements Block {
  }

  enum Style { NORMAL, SMALL, STAMP }

  private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.UK);

  private static final Set<String> KNOWN = Set.of("format", "meeting", "lastSeq", "attendance", "items", "closures",
    "objections", "totals");
  private static final Set<String> KNOWN_ITEM = Set.of("position", "kind", "section", "title", "district",
    "familyRef", "plannedSeconds", "usedSeconds", "discussedFrom", "contributions", "presenter", "summary",
    "actions", "followUp", "returned", "disposition", "state", "stateNote", "itemId", "minutedSummary",
    "decisions");

  /** @param version the version's metadata as the versions list returns it */
  static MinutesDocument of(JsonObject content, JsonObject version) {
    JsonObject meeting = content.getJsonObject("meeting");
    List<Block> out = new ArrayList<>();
    heading(out, meeting, version);
    attendance(out, content.getJsonArray("attendance"));
    timing(out, content);
    for (JsonObject item : objects(content.getJsonArray("items"))) {
      item(out, item);
    }
    closures(out, content.getJsonArray("closures"));
    objections(out, content.getJsonArray("objections"));
    for (String key : content.fieldNames()) {
      if (!KNOWN.contains(key)) {
        generic(out, 2, key, content.getValue(key));
      }
    }
    String title = "Minutes: " + meeting.getString("panelName") + ", "
      + LocalDate.parse(meeting.getString("meetingDate")).format(LONG_DATE);
    return new MinutesDocument(title, List.copyOf(out));
  }

  /** The section headings (level 2), in order: what the PDF and the DOCX must both show. */
  List<String> sections() {
    return blocks.stream().filter(b -> b instanceof Heading h && h.level() == 2).map(b -> ((Heading) b).text())
      .toList();
  }

  private static void heading(List<Block> out, JsonObject meeting, JsonObject version) {
    out.add(new Para(null, MARKING, Style.SMALL));
    out.add(new Heading(1, meeting.getString("panelName")));
    out.add(new Para(null, "Minutes of the meeting on " + LocalDate.parse(meeting.getString("meetingDate"))
      .format(LONG_DATE) + ", " + meeting.getString("startsAt") + "–" + meeting.getString("endsAt"), Style.NORMAL));
    String location = meeting.getString("location");
    if (location != null && !location.isBlank()) {
      out.add(new Para("Location", location, Style.NORMAL));
    }
    StringBuilder ran = new StringBuilder();
    if (meeting.getString("startedAt") != null) {
      ran.append("Started ").append(meeting.getString("startedAt"));
    }
    if (meeting.getString("endedAt") != null) {
      ran.append(ran.isEmpty() ? "Ended " : ", ended ").append(meeting.getString("endedAt"));
    }
    if (!ran.isEmpty()) {
      out.add(new Para(null, ran.toString(), Style.NORMAL));
    }
    boolean approved = "approved".equals(version.getString("status"));
    out.add(new Para(null, "Version " + version.getInteger("version") + " – " + (approved
      ? "APPROVED by " + version.getString("approvedByName") + " on " + day(version.getLong("approvedAt"))
      : "DRAFT, not yet approved by the chair (drafted by " + version.getString("createdByName") + " on "
        + day(version.getLong("createdAt")) + ")"), Style.STAMP));
    if (version.getString("note") != null) {
      out.add(new Para("Note on this version", version.getString("note"), Style.NORMAL));
    }
    out.add(new Para(null, "Written from the meeting log (events 1–" + version.getLong("lastSeq") + ").",
      Style.SMALL));
  }

  private static void attendance(List<Block> out, JsonArray groups) {
    out.add(new Heading(2, "Attendance"));
    for (JsonObject group : objects(groups)) {
      List<JsonObject> people = objects(group.getJsonArray("people"));
      if (people.isEmpty()) {
        continue;
      }
      out.add(new Heading(3, group.getString("label") + " (" + people.size() + ")"));
      List<String> lines = new ArrayList<>();
      for (JsonObject person : people) {
        StringBuilder line = new StringBuilder(MinutesContent.label(person));
        if (person.getString("for") != null) {
          line.append(", for ").append(person.getString("for"));
        }
        if (Boolean.TRUE.equals(person.getBoolean("notMarked"))) {
          line.append(" (not marked)");
        }
        if (person.getString("update") != null) {
          line.append(". Update: “").append(person.getString("update")).append("”");
        }
        lines.add(line.toString());
      }
      out.add(new Bullets(lines));
    }
  }

  private static void timing(List<Block> out, JsonObject content) {
    out.add(new Heading(2, "Agenda and time (planned / used)"));
    List<List<String>> rows = new ArrayList<>();
    for (JsonObject item : objects(content.getJsonArray("items"))) {
      int planned = item.getInteger("plannedSeconds");
      int used = item.getInteger("usedSeconds");
      String title = item.getString("title") + (item.getString("district") == null ? ""
        : " (" + item.getString("district") + ")");
      rows.add(List.of(String.valueOf(item.getInteger("position")), title, clock(planned),
        used == 0 ? "not discussed" : clock(used), used == 0 ? "" : signed(used - planned)));
    }
    JsonObject totals = content.getJsonObject("totals");
    int planned = totals.getInteger("plannedSeconds");
    int used = totals.getInteger("usedSeconds");
    rows.add(List.of("", "Total", clock(planned), clock(used), signed(used - planned)));
    out.add(new Grid(List.of("#", "Item", "Planned", "Used", "Difference"), rows));
  }

  private static void item(List<Block> out, JsonObject item) {
    String kind = item.getString("kind");
    String title = item.getInteger("position") + ". " + item.getString("title");
    if ("case".equals(kind) && item.getString("district") != null) {
      title += " (" + item.getString("district") + ")";
    }
    out.add(new Heading(2, title));
    int planned = item.getInteger("plannedSeconds");
    int used = item.getInteger("usedSeconds");
    boolean discussed = "discussed".equals(item.getString("disposition"));
    out.add(new Para(null, "Time: planned " + clock(planned) + (used == 0 ? ""
      : ", used " + clock(used) + (used > planned ? " (" + clock(used - planned) + " over)" : ""))
      + (!discussed || item.getString("discussedFrom") == null ? "" : "; discussed from " + item.getString("discussedFrom")),
      Style.NORMAL));
    // What became of the item: discussed, deferred, withdrawn (with why) or not discussed; never "discussed" for a skip.
    out.add(new Para(null, item.getString("state", used == 0 ? "Not discussed" : "Discussed")
      + (item.getString("stateNote") == null ? "" : ": " + item.getString("stateNote")), Style.NORMAL));
    // What the officer or chair wrote (issue 17): the summary, then the decisions one per line.
    labelled(out, "Summary", item.getString("minutedSummary"));
    String decisions = item.getString("decisions");
    if (decisions != null && !decisions.isBlank()) {
      out.add(new Heading(3, "Decisions"));
      out.add(new Bullets(decisions.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()));
    }
    if (item.getString("presenter") != null) {
      out.add(new Para(null, "Presented by " + item.getString("presenter"), Style.NORMAL));
    }
    JsonObject summary = item.getJsonObject("summary");
    if (summary != null) {
      labelled(out, "Reason for bringing", summary.getString("reasonForBringing"));
      labelled(out, "Summary of concerns", summary.getString("summaryOfConcerns"));
      labelled(out, "Presenting needs", String.join(", ", summary.getJsonArray("presentingNeeds", new JsonArray())
        .stream().map(String::valueOf).toList()));
      labelled(out, "Voice of the child", summary.getString("voiceOfChild"));
    }
    List<JsonObject> said = objects(item.getJsonArray("contributions"));
    if (!said.isEmpty()) {
      out.add(new Heading(3, "aob".equals(kind) ? "Partner updates and any other business" : "Discussion"));
      out.add(new Bullets(said.stream().map(c -> c.getString("author")
        + (c.getString("agency") == null ? "" : " (" + c.getString("agency") + ")") + ", " + c.getString("at")
        + ": " + c.getString("body")).toList()));
    } else if ("aob".equals(kind)) {
      out.add(new Para(null, "No partner updates or other business were recorded.", Style.NORMAL));
    }
    actions(out, "Actions agreed", item.getJsonArray("actions"));
    actions(out, "Actions followed up from earlier meetings", item.getJsonArray("followUp"));
    actions(out, "Actions returned to their proposer", item.getJsonArray("returned"));
    for (String key : item.fieldNames()) {
      if (!KNOWN_ITEM.contains(key)) {
        generic(out, 3, key, item.getValue(key));
      }
    }
  }

  private static void actions(List<Block> out, String heading, JsonArray actions) {
    if (actions == null || actions.isEmpty()) {
      return;
    }
    out.add(new Heading(3, heading));
    List<List<String>> rows = new ArrayList<>();
    for (JsonObject a : objects(actions)) {
      rows.add(List.of(a.getLong("number") == null ? "–" : String.valueOf(a.getLong("number")),
        a.getString("description") + (a.getString("successMeasure") == null ? ""
          : "\nMeasure: " + a.getString("successMeasure")),
        text(a.getString("lead")), LocalDate.parse(a.getString("dueDate")).format(SHORT_DATE),
        VolunteeredAction.label(a.getString("status"))));
    }
    out.add(new Grid(List.of("No.", "Action (and how success is measured)", "Lead", "Due", "Status"), rows));
  }

  private static void closures(List<Block> out, JsonArray closures) {
    if (closures == null || closures.isEmpty()) {
      return;
    }
    out.add(new Heading(2, "Actions closed with the partners' agreement"));
    out.add(new Bullets(objects(closures).stream().map(c -> "Action " + c.getLong("number")
      + (c.getString("familyRef") == null ? "" : " (" + c.getString("familyRef") + ")") + ": "
      + c.getString("description") + ". Closed at " + c.getString("at") + ", no objection from the "
      + c.getInteger("agreedByPresent") + " present.").toList()));
  }

  private static void objections(List<Block> out, JsonArray objections) {
    if (objections == null || objections.isEmpty()) {
      return;
    }
    out.add(new Heading(2, "Objections to closing actions"));
    out.add(new Bullets(objects(objections).stream().map(o -> "Action " + o.getLong("number")
      + (o.getString("familyRef") == null ? "" : " (" + o.getString("familyRef") + ")") + ": "
      + o.getString("description") + ". " + (o.getString("by") == null ? "An objection" : o.getString("by") + " objected")
      + " at " + o.getString("at") + (o.getString("reason") == null ? "" : ": " + o.getString("reason"))
      + "; the action stays open.").toList()));
  }

  /**
   * A part of the content this class has no layout for: text as a labelled paragraph, a list of
   * words as a list, a list of records as a table (a column per field), a record as its fields.
   */
  private static void generic(List<Block> out, int level, String key, Object value) {
    if (value == null) {
      return;
    }
    String label = words(key);
    if (value instanceof JsonArray array) {
      if (array.isEmpty()) {
        return;
      }
      out.add(new Heading(level, label));
      if (array.stream().allMatch(o -> o instanceof JsonObject)) {
        List<String> columns = new ArrayList<>();
        objects(array).forEach(o -> o.fieldNames().stream().filter(f -> !columns.contains(f)).forEach(columns::add));
        out.add(new Grid(columns.stream().map(MinutesDocument::words).toList(), objects(array).stream()
          .map(o -> columns.stream().map(c -> flat(o.getValue(c))).toList()).toList()));
      } else {
        out.add(new Bullets(array.stream().map(MinutesDocument::flat).toList()));
      }
    } else if (value instanceof JsonObject object) {
      out.add(new Heading(level, label));
      object.fieldNames().forEach(f -> out.add(new Para(words(f), flat(object.getValue(f)), Style.NORMAL)));
    } else {
      labelled(out, label, flat(value));
    }
  }

  /** {@code returnedActions} reads "Returned actions". */
  static String words(String key) {
    String spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(Locale.UK);
    return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }

  private static String flat(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof JsonObject o) {
      return String.join("; ", o.fieldNames().stream().map(f -> words(f) + ": " + flat(o.getValue(f))).toList());
    }
    if (value instanceof JsonArray a) {
      return String.join(", ", a.stream().map(MinutesDocument::flat).toList());
    }
    return String.valueOf(value);
  }

  private static void labelled(List<Block> out, String label, String text) {
    if (text != null && !text.isBlank()) {
      out.add(new Para(label, text, Style.NORMAL));
    }
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static String clock(int seconds) {
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }

  private static String signed(int seconds) {
    return seconds == 0 ? "0:00" : (seconds > 0 ? "+" : "−") + clock(Math.abs(seconds));
  }

  private static String day(Long epochMillis) {
    return epochMillis == null ? "" : Instant.ofEpochMilli(epochMillis).atZone(Zone.LONDON).toLocalDate()
      .format(SHORT_DATE);
  }
}
