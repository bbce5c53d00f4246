package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.ailive.room.Guards.isPresent;

/**
 * Actions in the meeting: a partner volunteers one; the chair confirms it once it is SMART (R7) or
 * sends it back; closing an action needs completion confirmed and no objection from the partners
 * present (R8): the chair puts the closure to them, anyone present may object, and only then may
 * the chair close it.
 */
public final class ActionCommands {

  /** R7: due within two months of the meeting, unless the chair records why not. */
  public static final int MAX_MONTHS = 2;

  private ActionCommands() {
  }

  /** Proposed on the case under discussion unless another case is named (or none, for AOB). */
  static Outcome propose(RoomState s, Command c, Instant now) {
    Long number = c.preloaded().actionNumber();
    UUID caseId = c.body().containsKey("caseId") ? Json.uuid(c.body(), "caseId", false) : s.focusCaseId();
    if (caseId != null && !s.cases().containsKey(caseId)) {
      throw ApiError.invalid("caseId", "is not a case of this meeting");
    }
    VolunteeredAction draft = fields(s, c, new VolunteeredAction(UUID.randomUUID(), number, caseId,
      caseId == null ? null : s.cases().get(caseId).familyRef(), s.meetingId(), null, null, null, null, null,
      s.meetingDate().plusMonths(MAX_MONTHS), null, null, "proposed", null, null, c.who().memberId(), null, null,
      null));
    return outcome(s.change().action(draft).build(), "action.proposed", draft);
  }

  /**
   * Its proposer reworks an action (one the chair sent back stays theirs, in this meeting or the
   * next); the chair corrects one as they confirm it instead ({@link #confirm}).
   */
  static Outcome revise(RoomState s, Command c, Instant now) {
    VolunteeredAction a = action(s, c);
    requireProposer(a, c);
    requireActionStatus(a, List.of("proposed", "returned"));
    VolunteeredAction revised = fields(s, c, a).withStatus("proposed");
    return outcome(s.change().action(revised).build(), "action.revised", revised);
  }

  /** Its proposer withdraws an action not yet confirmed: it is dropped with their reason. */
  static Outcome withdraw(RoomState s, Command c, Instant now) {
    VolunteeredAction a = action(s, c);
    requireProposer(a, c);
    requireActionStatus(a, List.of("proposed", "returned"));
    String reason = Json.text(c.body(), "reason", 1000, true).strip();
    if (reason.isEmpty()) {
      throw ApiError.invalid("reason", "must not be blank");
    }
    VolunteeredAction dropped = a.dropped(reason);
    return outcome(s.change().action(dropped).build(), "action.withdrawn", dropped);
  }

  private static void requireProposer(VolunteeredAction a, Command c) {
    if (!a.proposedBy().equals(c.who().memberId())) {
      throw ApiError.forbidden("Only whoever proposed the action revises or withdraws it; the chair corrects it "
        + "when confirming.");
    }
  }

  /**
   * The chair confirms a proposed action, and may correct its wording, owner and due date in the
   * same command (the fields given replace the proposer's; the event lists them as {@code corrected}).
   */
  static Outcome confirm(RoomState s, Command c, Instant now) {
    VolunteeredAction proposed = action(s, c);
    requireActionStatus(proposed, List.of("proposed"));
    VolunteeredAction a = fields(s, c, proposed);
    JsonArray corrected = new JsonArray();
    if (!a.description().equals(proposed.description())) {
      corrected.add("description");
    }
    if (!a.ownerAgencyId().equals(proposed.ownerAgencyId())) {
      corrected.add("ownerAgencyId");
    }
    if (!java.util.Objects.equals(a.ownerMemberId(), proposed.ownerMemberId())) {
      corrected.add("ownerMemberId");
    }
    if (!a.dueDate().equals(proposed.dueDate())) {
      corrected.add("dueDate");
    }
    String lateReason = Json.text(c.body(), "lateDueReason", 1000, false);
    LocalDate latest = s.meetingDate().plusMonths(MAX_MONTHS);
    if (a.dueDate().isAfter(latest) && (lateReason == null || lateReason.isBlank())) {
      throw ApiError.invalid("lateDueReason", "is needed: the action is due after " + latest
        + ", more than " + MAX_MONTHS + " months after the meeting"); // R7
    }
    VolunteeredAction confirmed = a.confirmed(c.who().memberId(), now, a.dueDate().isAfter(latest) ? lateReason : null);
    Outcome out = outcome(s.change().action(confirmed).build(), "action.confirmed", confirmed);
    out.payload().put("corrected", corrected);
    return out;
  }

  static Outcome sendBack(RoomState s, Command c, Instant now) {
    VolunteeredAction a = action(s, c);
    requireActionStatus(a, List.of("proposed"));
    VolunteeredAction returned = a.returned(Json.text(c.body(), "reason", 1000, true));
    return outcome(s.change().action(returned).build(), "action.returned", returned);
  }

  static Outcome proposeClose(RoomState s, Command c, Instant now) {
    VolunteeredAction a = action(s, c);
    requireActionStatus(a, VolunteeredAction.FOLLOWED_UP);
    if (!Boolean.TRUE.equals(Json.bool(c.body(), "completionConfirmed", false))) {
      throw ApiError.invalid("completionConfirmed", "must be true: an action closes only once it is completed"); // R8
    }
    VolunteeredAction awaiting = a.withStatus("done_awaiting_agreement");
    return outcome(s.change().action(awaiting).proposeClosure(a.id()).build(), "action.closureProposed", awaiting);
  }

  /** One objection from a partner present keeps the action open (R8). */
  static Outcome object(RoomState s, Command c, Instant now) {
    VolunteeredAction a = action(s, c);
    if (!s.closureProposals().contains(a.id())) {
      throw ApiError.conflict("no_closure_proposed", "The chair has not put this action's closure to the panel.");
    }
    if (!isPresent(s, c.who().memberId())) {
      throw ApiError.forbidden("Only partners present at the meeting take part in agreeing a closure.");
    }
    String reason = Json.text(c.body(), "reason", 1000, true);
    VolunteeredAction kept = a.withStatus("in_progress");
    Outcome out = outcome(s.change().action(kept).withdrawClosure(a.id()).build(), "action.objected", kept);
    out.payload().put("reason", reason);
    return out;
  }

  static Outcome close(RoomState s, Command c, Instant now) {
    VolunteeredAction a = action(s, c);
    if (!s.closureProposals().contains(a.id()) || !"done_awaiting_agreement".equals(a.status())) {
      throw ApiError.conflict("no_agreement", "Put the closure to the partners present first; an objection keeps it open.");
    }
    VolunteeredAction closed = a.closed(now);
    Outcome out = outcome(s.change().action(closed).withdrawClosure(a.id()).build(), "action.closed", closed);
    JsonArray agreed = new JsonArray();
    s.attendance().values().stream().filter(m -> isPresent(s, m.memberId()))
      .forEach(m -> agreed.add(m.memberId().toString()));
    out.payload().put("agreedByPresent", agreed);
    return out;
  }

  /** The SMART fields (R7), checked as a partner types them. */
  private static VolunteeredAction fields(RoomState s, Command c, VolunteeredAction a) {
    JsonObject b = c.body();
    String description = orElse(Json.text(b, "description", 4000, a.description() == null), a.description());
    UUID agencyId = orElse(Json.uuid(b, "ownerAgencyId", a.ownerAgencyId() == null), a.ownerAgencyId());
    if (!s.agencies().containsKey(agencyId)) {
      throw ApiError.invalid("ownerAgencyId", "is not a known agency that can own new actions (a retired one cannot)");
    }
    UUID ownerMember = b.containsKey("ownerMemberId") ? Json.uuid(b, "ownerMemberId", false) : a.ownerMemberId();
    RoomState.PanelMember owner = ownerMember == null ? null : s.member(ownerMember);
    if (ownerMember != null && (owner == null || !agencyId.equals(owner.agencyId()))) {
      throw ApiError.invalid("ownerMemberId", "must be a panel member of the owning agency");
    }
    LocalDate due = orElse(Json.date(b, "dueDate", false), a.dueDate());
    if (due.isBefore(s.meetingDate())) {
      throw ApiError.invalid("dueDate", "must not be before the meeting");
    }
    String measure = orElse(Json.text(b, "successMeasure", 4000, a.successMeasure() == null), a.successMeasure());
    if (description.isBlank() || measure.isBlank()) {
      throw ApiError.invalid(description.isBlank() ? "description" : "successMeasure", "must not be blank");
    }
    return new VolunteeredAction(a.id(), a.number(), a.caseId(), a.familyRef(), a.meetingId(), description.strip(),
      agencyId, s.agencies().get(agencyId), ownerMember, owner == null ? null : owner.fullName(), due,
      a.lateDueReason(), measure.strip(), a.status(), a.returnedReason(), a.dropReason(), a.proposedBy(),
      a.confirmedBy(), a.confirmedAt(), a.closedAt());
  }

  private static VolunteeredAction action(RoomState s, Command c) {
    UUID id = Json.uuid(c.body(), "actionId", true);
    VolunteeredAction a = s.actions().get(id);
    if (a == null) {
      throw ApiError.invalid("actionId", "is not an action of this panel's meetings");
    }
    return a;
  }

  private static void requireActionStatus(VolunteeredAction a, List<String> allowed) {
    if (!allowed.contains(a.status())) {
      throw ApiError.conflict("wrong_action_status", "The action is " + a.status().replace('_', ' ')
        + "; this needs it to be " + String.join(" or ", allowed).replace('_', ' ') + ".");
    }
  }

  private static Outcome outcome(RoomState next, String eventType, VolunteeredAction a) {
    return new Outcome(next, eventType, new JsonObject().put("action", a.toJson()
      .put("closureProposed", next.closureProposals().contains(a.id()))));
  }

  private static <T> T orElse(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
