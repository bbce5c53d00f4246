package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.ailive.protocol.Json.Type.BOOLEAN;
import static org.ailive.protocol.Json.Type.DATE;
import static org.ailive.protocol.Json.Type.ID;
import static org.ailive.protocol.Json.Type.ID_LIST;
import static org.ailive.protocol.Json.Type.TEXT;
import static org.ailive.protocol.Json.Type.TEXT_OR_TEXT_LIST;
import static org.ailive.protocol.Json.Type.WHOLE_NUMBER;
import static org.ailive.room.CommandTable.Preload.ACCEPTED_CASES;
import static org.ailive.room.CommandTable.Preload.ACTION_NUMBER;
import static org.ailive.room.CommandTable.Preload.ACTION_ROW;
import static org.ailive.room.CommandTable.Preload.MEMBER;
import static org.ailive.room.CommandTable.Preload.NEXT_MEETING;
import static org.ailive.room.CommandTable.Preload.NONE;

/**
 * Every command of the live room, one row each: who may send it, in which meeting statuses,
 * whether observers may, what the owner reads from the database before applying it, whether it
 * commits alone, the pure function that applies it, and its fields with their JSON types. The
 * owner ({@link MeetingRoom}) reads these rows and nothing else decides these things;
 * docs/PROTOCOL.md's command table says the same, and a test holds the two together. Adding a
 * command is one row here, its handler, the state part it changes and its SQL.
 */
public final class CommandTable {

  /** Any member who takes part: everyone but a member who is only an observer. */
  public static final List<String> PARTICIPANTS = List.of("officer", "chair", "presenter", "partner");
  public static final List<String> EVERYONE = List.of("officer", "chair", "presenter", "partner", "observer");
  public static final List<String> ANY_STATUS = List.of("planned", "open", "live", "closed");
  private static final List<String> LIVE = List.of("live");
  private static final List<String> CHAIR = List.of("chair");
  private static final List<String> OFFICER_OR_CHAIR = List.of("officer", "chair");
  /** The chair edits the agenda until the end; the officer prepares it (their handler holds them to before live). */
  private static final List<String> AGENDA_EDITORS = List.of("chair", "officer");
  private static final List<String> UNTIL_CLOSED = List.of("planned", "open", "live");

  /**
   * What the owner reads before applying a command. A preload that refreshes the room's state
   * from the database (an action's current row, the cases' summaries) is only safe when nothing
   * else is waiting to be committed, so its row must commit alone: the table refuses a row that
   * does not (see {@link Row}).
   */
  public enum Preload {
    NONE(false),
    /** The meeting's accepted cases as agenda items, and every case's summary afresh. */
    ACCEPTED_CASES(true),
    /** The next action number. */
    ACTION_NUMBER(false),
    /** The action's current row (its owner may have posted progress outside the meeting). */
    ACTION_ROW(true),
    /** A member the room does not know yet (a substitute or guest from outside the panel), to name them. */
    MEMBER(false),
    /** The panel's next meeting (after this one, not closed), to defer a case to. */
    NEXT_MEETING(false);

    final boolean refreshesState;

    Preload(boolean refreshesState) {
      this.refreshesState = refreshesState;
    }
  }

  /** Applies a command: state, command and server time in; the next state and its event out. */
  @FunctionalInterface
  public interface Handler {
    Outcome apply(RoomState state, Command command, Instant now);
  }

  /**
   * One command. {@code handler} is null for the two reads ({@code sync}, {@code time}), which the
   * owner answers without changing anything; every other row is a change and needs a key.
   */
  public record Row(String type, List<String> roles, List<String> statuses, boolean observers, Preload preload,
                    boolean alone, Handler handler, Map<String, Json.Type> fields) {
    public Row {
      if (preload.refreshesState && !alone) {
        throw new IllegalStateException(type + ": a preload that refreshes the room's state must commit alone");
      }
      if (handler == null && (preload != NONE || !observers)) {
        throw new IllegalStateException(type + ": a read has no preload and is open to observers");
      }
    }

    public boolean isChange() {
      return handler != null;
    }

    /** Observers only listen: checked first, before the command's fields are read. */
    void admitObserver(Identity who) {
      if (!observers && who.isObserverOnly()) {
        throw ApiError.forbidden("Observers follow the meeting but do not change it.");
      }
    }

    /**
     * The checks every command shares, after {@link #admitObserver}: role, then meeting status.
     * The handler then checks what only it knows (a contribution's author, an action's status).
     */
    void admit(RoomState s, Identity who) {
      admitObserver(who);
      if (roles.stream().noneMatch(who::is)) {
        throw ApiError.forbidden("'" + type + "' needs the role " + String.join(" or ", roles) + ".");
      }
      Guards.requireStatus(s, statuses.toArray(String[]::new));
    }

    /**
     * The command's fields, after {@link #admit}: each given one of its type (else 400 naming it),
     * and only those, so a handler cannot read a field whose type nobody checked.
     */
    JsonObject fieldsOf(JsonObject body) {
      Json.check(body, fields);
      JsonObject out = new JsonObject();
      fields.keySet().stream().filter(body::containsKey).forEach(f -> out.put(f, body.getValue(f)));
      return out;
    }
  }

  /** What an action is, as a partner proposes it and its proposer revises it (R7). */
  private static final Map<String, Json.Type> ACTION_FIELDS = fields("description", TEXT, "ownerAgencyId", ID,
    "ownerMemberId", ID, "dueDate", DATE, "successMeasure", TEXT);
  private static final Map<String, Json.Type> ACTION_ID = fields("actionId", ID);
  /** What the chair may correct in an action before confirming it. */
  private static final Map<String, Json.Type> CONFIRM_EDITS = fields("description", TEXT, "ownerAgencyId", ID,
    "ownerMemberId", ID, "dueDate", DATE);

  private static final Map<String, Row> ROWS = table(
    read("sync", fields("after", WHOLE_NUMBER, "state", BOOLEAN, "presence", BOOLEAN)),
    read("time", fields()),
    change("meeting.open", OFFICER_OR_CHAIR, List.of("planned"), NONE, true, MeetingCommands::open, fields()),
    change("meeting.start", CHAIR, List.of("planned", "open"), NONE, true, MeetingCommands::start, fields()),
    change("meeting.end", CHAIR, LIVE, NONE, false, MeetingCommands::end, fields()),
    change("meeting.observerAccess", CHAIR, UNTIL_CLOSED, NONE, false, MeetingCommands::observerAccess,
      fields("allowed", BOOLEAN)),
    change("timer.start", CHAIR, LIVE, NONE, false, TimerCommands::start, fields("itemId", ID)),
    change("timer.pause", CHAIR, LIVE, NONE, false, TimerCommands::pause, fields()),
    change("timer.resume", CHAIR, LIVE, NONE, false, TimerCommands::resume, fields()),
    change("timer.extend", CHAIR, LIVE, NONE, false, TimerCommands::extend, fields("minutes", WHOLE_NUMBER)),
    change("timer.next", CHAIR, LIVE, NONE, false, TimerCommands::next, fields("discussed", BOOLEAN)),
    change("timer.back", CHAIR, LIVE, NONE, false, TimerCommands::back, fields()),
    // Deferring writes outside this meeting (the case moves to the next one, onto its agenda): alone,
    // so a conflict there refuses this change only; the next meeting's room then reloads.
    change("item.defer", CHAIR, ANY_STATUS, NEXT_MEETING, true, ItemCommands::defer, fields("itemId", ID)),
    change("item.withdraw", CHAIR, ANY_STATUS, NONE, false, ItemCommands::withdraw,
      fields("itemId", ID, "reason", TEXT)),
    // R5: the presenter (or the chair or officer for them) names a colleague of their agency to present instead.
    change("item.standIn", PARTICIPANTS, UNTIL_CLOSED, NONE, false, PresenterCommands::standIn,
      fields("itemId", ID, "memberId", ID)),
    change("agenda.build", OFFICER_OR_CHAIR, List.of("planned", "open"), ACCEPTED_CASES, true, AgendaCommands::build,
      fields("caseMinutes", WHOLE_NUMBER, "aobMinutes", WHOLE_NUMBER, "applyToExisting", BOOLEAN)),
    change("agenda.reorder", AGENDA_EDITORS, UNTIL_CLOSED, NONE, false, AgendaCommands::reorder,
      fields("itemIds", ID_LIST)),
    change("agenda.setMinutes", AGENDA_EDITORS, UNTIL_CLOSED, NONE, false, AgendaCommands::setMinutes,
      fields("itemId", ID, "minutes", WHOLE_NUMBER)),
    change("agenda.addMinutes", AGENDA_EDITORS, UNTIL_CLOSED, NONE, false, AgendaCommands::addMinutes,
      fields("itemId", ID, "minutes", WHOLE_NUMBER)),
    change("agenda.add", AGENDA_EDITORS, UNTIL_CLOSED, NONE, false, AgendaCommands::add,
      fields("title", TEXT, "minutes", WHOLE_NUMBER, "afterItemId", ID)),
    change("agenda.shareRemaining", AGENDA_EDITORS, UNTIL_CLOSED, NONE, false, AgendaCommands::shareRemaining,
      fields("totalMinutes", WHOLE_NUMBER)),
    change("attendance.mark", PARTICIPANTS, ANY_STATUS, MEMBER, false, AttendanceCommands::mark,
      fields("memberId", ID, "status", TEXT, "substituteForMemberId", ID, "writtenUpdate", TEXT, "half", TEXT)),
    change("attendance.markConnected", OFFICER_OR_CHAIR, List.of("open", "live", "closed"), NONE, false,
      AttendanceCommands::markConnected, fields()),
    change("attendance.markRestAbsent", OFFICER_OR_CHAIR, List.of("live", "closed"), NONE, false,
      AttendanceCommands::markRestAbsent, fields()),
    change("attendance.confirm", List.of("officer"), List.of("closed"), NONE, false, AttendanceCommands::confirm,
      fields()),
    change("guest.admit", OFFICER_OR_CHAIR, UNTIL_CLOSED, MEMBER, false, GuestCommands::admit,
      fields("memberId", ID, "kind", TEXT, "forMemberId", ID)),
    change("guest.withdraw", OFFICER_OR_CHAIR, UNTIL_CLOSED, NONE, false, GuestCommands::withdraw,
      fields("memberId", ID)),
    change("contribution.add", PARTICIPANTS, LIVE, NONE, false, ContributionCommands::add,
      fields("body", TEXT, "itemId", ID)),
    change("contribution.edit", PARTICIPANTS, LIVE, NONE, false, ContributionCommands::edit,
      fields("contributionId", ID, "body", TEXT)),
    change("contribution.withdraw", PARTICIPANTS, LIVE, NONE, false, ContributionCommands::withdraw,
      fields("contributionId", ID)),
    change("contribution.hide", CHAIR, List.of("open", "live"), NONE, false, ContributionCommands::hide,
      fields("contributionId", ID)),
    change("hand.raise", PARTICIPANTS, LIVE, NONE, false, HandCommands::raise, fields()),
    change("hand.lower", PARTICIPANTS, LIVE, NONE, false, HandCommands::lower, fields("memberId", ID)),
    change("hand.next", CHAIR, LIVE, NONE, false, HandCommands::next, fields()),
    change("hand.clear", CHAIR, LIVE, NONE, false, HandCommands::clear, fields()),
    // Case edits are guarded by the case's version in the database: alone, so a conflict with an
    // edit made outside the meeting refuses this change only.
    change("case.highlight", PARTICIPANTS, LIVE, NONE, true, CaseCommands::highlight, fields("field", TEXT)),
    change("case.edit", PARTICIPANTS, LIVE, NONE, true, CaseCommands::edit,
      fields("field", TEXT, "baseValue", TEXT_OR_TEXT_LIST, "value", TEXT_OR_TEXT_LIST)),
    change("action.propose", PARTICIPANTS, LIVE, ACTION_NUMBER, false, ActionCommands::propose,
      with(ACTION_FIELDS, fields("caseId", ID))),
    change("action.revise", PARTICIPANTS, LIVE, ACTION_ROW, true, ActionCommands::revise,
      with(ACTION_ID, ACTION_FIELDS)),
    change("action.withdraw", PARTICIPANTS, LIVE, ACTION_ROW, true, ActionCommands::withdraw,
      with(ACTION_ID, fields("reason", TEXT))),
    // The chair may correct the wording, owner and due date as they confirm (R7).
    change("action.confirm", CHAIR, LIVE, ACTION_ROW, true, ActionCommands::confirm,
      with(with(ACTION_ID, fields("lateDueReason", TEXT)), CONFIRM_EDITS)),
    change("action.return", CHAIR, LIVE, ACTION_ROW, true, ActionCommands::sendBack,
      with(ACTION_ID, fields("reason", TEXT))),
    change("action.proposeClose", CHAIR, LIVE, ACTION_ROW, true, ActionCommands::proposeClose,
      with(ACTION_ID, fields("completionConfirmed", BOOLEAN))),
    change("action.object", PARTICIPANTS, LIVE, ACTION_ROW, true, ActionCommands::object,
      with(ACTION_ID, fields("reason", TEXT))),
    change("action.close", CHAIR, LIVE, ACTION_ROW, true, ActionCommands::close, ACTION_ID));

  private CommandTable() {
  }

  public static Optional<Row> find(String type) {
    return Optional.ofNullable(ROWS.get(type));
  }

  public static Collection<Row> rows() {
    return ROWS.values();
  }

  private static Row read(String type, Map<String, Json.Type> fields) {
    return new Row(type, EVERYONE, ANY_STATUS, true, NONE, false, null, fields);
  }

  private static Row change(String type, List<String> roles, List<String> statuses, Preload preload, boolean alone,
                            Handler handler, Map<String, Json.Type> fields) {
    return new Row(type, roles, statuses, false, preload, alone, handler, fields);
  }

  /** Field names and types, in pairs, in the order docs/PROTOCOL.md lists them. */
  private static Map<String, Json.Type> fields(Object... namesAndTypes) {
    Map<String, Json.Type> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      out.put((String) namesAndTypes[i], (Json.Type) namesAndTypes[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, Json.Type> with(Map<String, Json.Type> first, Map<String, Json.Type> more) {
    Map<String, Json.Type> out = new LinkedHashMap<>(first);
    out.putAll(more);
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, Row> table(Row... rows) {
    Map<String, Row> out = new LinkedHashMap<>();
    for (Row r : rows) {
      if (out.put(r.type(), r) != null) {
        throw new IllegalStateException("Two rows for " + r.type());
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
