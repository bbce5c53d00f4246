package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Zone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Everything a live meeting's owner holds, immutable: each command yields a new state. */
public record RoomState(UUID meetingId, UUID panelId, String panelName, String location, String status,
                        LocalDate meetingDate, LocalTime startsAt, LocalTime endsAt, Agenda agenda, CaseTimer timer, Map<UUID, AttendanceMark> attendance,
                        Map<UUID, PanelMember> members, Map<UUID, String> agencies, List<Contribution> contributions, HandQueue hands,
                        JsonObject highlight, Map<UUID, LiveCaseSummary> cases, Map<UUID, VolunteeredAction> actions,
                        Set<UUID> closureProposals, boolean observersSeeCases, Map<UUID, Guest> guests,
                        RegisterConfirmation register, long lastSeq) {

  /**
   * Someone the room can name: a member of the panel now ({@code onPanel}), or someone on the
   * register or admitted as a guest who is not. Only {@code onPanel} (and admission) opens the room.
   */
  public record PanelMember(UUID memberId, String fullName, UUID agencyId, String agency, Set<String> roles,
                            boolean onPanel) {
    public JsonObject toJson() {
      return new JsonObject().put("memberId", memberId.toString()).put("fullName", fullName)
        .put("agencyId", agencyId == null ? null : agencyId.toString()).put("agency", agency)
        .put("roles", new JsonArray(roles.stream().sorted().toList())).put("onPanel", onPanel);
    }
  }

  public RoomState {
    attendance = Map.copyOf(attendance);
    members = Map.copyOf(members);
    agencies = Map.copyOf(agencies);
    contributions = List.copyOf(contributions);
    cases = Map.copyOf(cases);
    actions = Map.copyOf(actions);
    closureProposals = Set.copyOf(closureProposals);
    guests = Map.copyOf(guests);
  }

  /** A copy to change: {@code s.change().status("live").build()}. */
  public Change change() {
    return new Change(this);
  }

  public static final class Change {
    private String status;
    private Agenda agenda;
    private CaseTimer timer;
    // The state's own (immutable) collections until a change writes to one: only that one is copied.
    private Map<UUID, AttendanceMark> attendance;
    private Map<UUID, PanelMember> members;
    private List<Contribution> contributions;
    private HandQueue hands;
    private JsonObject highlight;
    private Map<UUID, LiveCaseSummary> cases;
    private Map<UUID, VolunteeredAction> actions;
    private Set<UUID> closureProposals;
    private boolean observersSeeCases;
    private Map<UUID, Guest> guests;
    private RegisterConfirmation register;
    private long lastSeq;
    private final RoomState from;

    private Change(RoomState s) {
      from = s;
      status = s.status;
      agenda = s.agenda;
      timer = s.timer;
      attendance = s.attendance;
      members = s.members;
      contributions = s.contributions;
      hands = s.hands;
      highlight = s.highlight;
      cases = s.cases;
      actions = s.actions;
      closureProposals = s.closureProposals;
      observersSeeCases = s.observersSeeCases;
      guests = s.guests;
      register = s.register;
      lastSeq = s.lastSeq;
    }

    public Change status(String v) { status = v; return this; }
    public Change agenda(Agenda v) { agenda = v; return this; }
    public Change timer(CaseTimer v) { timer = v; return this; }
    public Change mark(AttendanceMark v) { attendance = writable(attendance); attendance.put(v.memberId(), v); return this; }
    /** Someone on the register who is not on the panel (a substitute), so screens can name them. */
    public Change member(PanelMember v) { members = writable(members); members.put(v.memberId(), v); return this; }
    public Change hands(HandQueue v) { hands = v; return this; }
    public Change highlight(JsonObject v) { highlight = v; return this; }
    public Change caseSummary(LiveCaseSummary v) { cases = writable(cases); cases.put(v.caseId(), v); return this; }
    public Change action(VolunteeredAction v) { actions = writable(actions); actions.put(v.id(), v); return this; }
    public Change proposeClosure(UUID actionId) { closureProposals = writable(closureProposals); closureProposals.add(actionId); return this; }
    public Change withdrawClosure(UUID actionId) { closureProposals = writable(closureProposals); closureProposals.remove(actionId); return this; }
    public Change seq(long v) { lastSeq = v; return this; }
    public Change observersSeeCases(boolean v) { observersSeeCases = v; return this; }
    public Change admit(Guest v) { guests = writable(guests); guests.put(v.memberId(), v); return this; }
    public Change withdrawGuest(UUID memberId) { guests = writable(guests); guests.remove(memberId); return this; }
    /** The officer's confirmation of the register; null clears it (the register changed). */
    public Change register(RegisterConfirmation v) { register = v; return this; }

    /** Adds a contribution, or replaces the one with the same id. */
    public Change contribution(Contribution v) {
      contributions = contributions instanceof ArrayList ? contributions : new ArrayList<>(contributions);
      contributions.removeIf(c -> c.id().equals(v.id()));
      contributions.add(v);
      contributions.sort(Comparator.comparing(Contribution::createdAt));
      return this;
    }

    private static <K, V> Map<K, V> writable(Map<K, V> m) {
      return m instanceof HashMap ? m : new HashMap<>(m);
    }

    private static <T> Set<T> writable(Set<T> set) {
      return set instanceof HashSet ? set : new HashSet<>(set);
    }

    public RoomState build() {
      return new RoomState(from.meetingId, from.panelId, from.panelName, from.location, status, from.meetingDate, from.startsAt, from.endsAt, agenda,
        timer, attendance, members, from.agencies, contributions, hands, highlight, cases, actions, closureProposals, observersSeeCases, guests,
        register, lastSeq);
    }
  }

  public RoomState withStatus(String s) {
    return change().status(s).build();
  }

  public RoomState with(Agenda a, CaseTimer t) {
    return change().agenda(a).timer(t).build();
  }

  public RoomState withMark(AttendanceMark mark) {
    return change().mark(mark).build();
  }

  public RoomState withSeq(long seq) {
    return change().seq(seq).build();
  }

  /** The case on the agenda item being timed now: the shared focus of every screen. */
  public UUID focusCaseId() {
    return timer.itemId() == null ? null : agenda.find(timer.itemId()).map(AgendaItem::caseId).orElse(null);
  }

  public Contribution contribution(UUID id) {
    return contributions.stream().filter(c -> c.id().equals(id)).findFirst()
      .orElseThrow(() -> ApiError.invalid("contributionId", "is not a contribution of this meeting"));
  }

  public PanelMember member(UUID id) {
    return members.get(id);
  }

  /** An active member of the meeting's panel now (not only someone the room can name). */
  public boolean onPanel(UUID memberId) {
    PanelMember m = members.get(memberId);
    return m != null && m.onPanel();
  }

  public Instant scheduledStart() {
    return meetingDate.atTime(startsAt).atZone(Zone.LONDON).toInstant();
  }

  public Instant scheduledEnd() {
    return meetingDate.atTime(endsAt).atZone(Zone.LONDON).toInstant();
  }

  public int currentAllottedSeconds() {
    return timer.itemId() == null ? 0 : agenda.find(timer.itemId()).map(AgendaItem::allottedSeconds).orElse(0);
  }

  public long currentRemainingSeconds(Instant now) {
    return timer.itemId() == null ? 0 : currentAllottedSeconds() - timer.usedSeconds(now);
  }

  /** Before the meeting starts, the projection counts from the scheduled start. */
  public Instant projectedEnd(Instant now) {
    Instant from = timer.itemId() == null && now.isBefore(scheduledStart()) ? scheduledStart() : now;
    return agenda.projectedEnd(from, timer.itemId(), currentRemainingSeconds(now));
  }

  public JsonObject timerJson() {
    return timer.toJson(currentAllottedSeconds());
  }

  public JsonObject meetingJson() {
    return new JsonObject()
      .put("id", meetingId.toString())
      .put("panelName", panelName)
      .put("location", location)
      .put("status", status)
      .put("meetingDate", meetingDate.toString())
      .put("startsAt", startsAt.toString())
      .put("endsAt", endsAt.toString())
      .put("scheduledStart", scheduledStart().toEpochMilli())
      .put("scheduledEnd", scheduledEnd().toEpochMilli())
      .put("observersSeeCases", observersSeeCases)
      .put("registerConfirmed", register == null ? null : register.toJson());
  }

  public JsonArray attendanceJson() {
    JsonArray out = new JsonArray();
    attendance.values().stream().sorted((a, b) -> a.memberId().compareTo(b.memberId()))
      .forEach(m -> out.add(m.toJson()));
    return out;
  }

  public JsonArray membersJson() {
    JsonArray out = new JsonArray();
    members.values().stream().sorted((a, b) -> a.fullName().compareTo(b.fullName())).forEach(m -> out.add(m.toJson()));
    return out;
  }

  /** The whole picture a client needs to draw the room. */
  public JsonObject snapshot(Instant now) {
    return new JsonObject()
      .put("lastSeq", lastSeq)
      .put("meeting", meetingJson())
      .put("agenda", agendaJson())
      .put("timer", timerJson())
      .put("attendance", attendanceJson())
      .put("members", membersJson())
      .put("projectedEnd", projectedEnd(now).toEpochMilli())
      .put("contributions", contributionsJson())
      .put("hands", hands.toJson())
      .put("focus", focusJson())
      .put("actions", actionsJson())
      .put("guests", guestsJson());
  }

  public JsonArray guestsJson() {
    JsonArray out = new JsonArray();
    guests.values().stream().sorted(Comparator.comparing(Guest::admittedAt)).forEach(g -> out.add(g.toJson()));
    return out;
  }

  public JsonArray contributionsJson() {
    JsonArray out = new JsonArray();
    contributions.forEach(c -> out.add(c.toJson()));
    return out;
  }

  /** The case under discussion, its summary and what the presenter is pointing at. */
  public JsonObject focusJson() {
    UUID caseId = focusCaseId();
    LiveCaseSummary summary = caseId == null ? null : cases.get(caseId);
    return new JsonObject()
      .put("caseId", caseId == null ? null : caseId.toString())
      .put("summary", summary == null ? null : summary.toJson())
      .put("highlight", highlight);
  }

  /** The agenda, each case with its presenter, stand-in and whether they are here (R5, {@link ItemPresenter}). */
  public JsonArray agendaJson() {
    return ItemPresenter.agendaJson(this);
  }

  public JsonArray actionsJson() {
    JsonArray out = new JsonArray();
    actions.values().stream()
      .sorted(Comparator.comparing((VolunteeredAction a) -> a.number() == null ? Long.MAX_VALUE : a.number())
        .thenComparing(a -> a.id().toString()))
      .forEach(a -> out.add(a.toJson().put("closureProposed", closureProposals.contains(a.id()))));
    return out;
  }
}
