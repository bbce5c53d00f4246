package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * R5, the presenter must attend: a case's presenter who cannot come names a colleague of their own
 * agency on the panel who presents it instead, or clears that (they present it again). The chair and
 * the officer may do it for them. Who was named, by whom and when is recorded on the item and in
 * the meeting's log. Whether either of them is here is {@link ItemPresenter}'s answer.
 */
final class PresenterCommands {

  private PresenterCommands() {
  }

  static Outcome standIn(RoomState s, Command c, Instant now) {
    AgendaItem item = s.agenda().require(Json.uuid(c.body(), "itemId", true));
    if (!item.isCase()) {
      throw ApiError.invalid("itemId", "is not a case: only a case has a presenter");
    }
    Identity who = c.who();
    if (!Redaction.seesEverything(who) && !who.memberId().equals(item.presenterId())) {
      throw ApiError.forbidden("Only the case's presenter, the chair or the officer names who presents it.");
    }
    if (item.done()) {
      throw ApiError.conflict("item_done", "This item is already " + item.disposition()
        + ": who presents it no longer changes.");
    }
    UUID memberId = Json.uuid(c.body(), "memberId", false);
    AgendaItem.StandIn standIn = memberId == null ? null
      : new AgendaItem.StandIn(colleague(s, item, memberId).memberId(), who.memberId(), now);
    RoomState next = s.with(s.agenda().replace(item.id(), i -> i.withStandIn(standIn)), s.timer());
    Outcome out = Outcome.ofAgenda(next, standIn == null ? "item.standInCleared" : "item.standInNamed");
    JsonObject p = out.payload().put("itemId", item.id().toString()).put("caseId", item.caseId().toString())
      .put("familyRef", item.familyRef())
      .put("presenterMemberId", item.presenterId() == null ? null : item.presenterId().toString());
    if (standIn != null) {
      p.put("standInMemberId", memberId.toString()).put("standInName", next.member(memberId).fullName());
    }
    return out;
  }

  /** A member of this panel, not the presenter, of the presenter's agency, who takes part. */
  private static RoomState.PanelMember colleague(RoomState s, AgendaItem item, UUID memberId) {
    if (memberId.equals(item.presenterId())) {
      throw ApiError.invalid("memberId", "is the case's presenter: to present it yourself, leave the member out");
    }
    RoomState.PanelMember m = s.member(memberId);
    if (m == null || !m.onPanel()) {
      throw ApiError.invalid("memberId", "is not a member of this panel");
    }
    if (Set.of("observer").equals(m.roles())) {
      throw ApiError.invalid("memberId", "only observes: a stand-in presents the case");
    }
    RoomState.PanelMember presenter = s.member(item.presenterId());
    if (presenter == null || presenter.agencyId() == null || !presenter.agencyId().equals(m.agencyId())) {
      throw ApiError.badRequest("not_same_agency", presenter == null || presenter.agencyId() == null
        ? "The presenter's agency is not known here, so no colleague can be named: ask the officer."
        : m.fullName() + " is not of " + presenter.agency() + ": a stand-in is a colleague of the presenter's agency.");
    }
    return m;
  }
}
