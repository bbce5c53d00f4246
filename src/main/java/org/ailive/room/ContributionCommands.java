package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.util.UUID;

import static org.ailive.room.Guards.requireCurrent;

/** Partners' updates during the meeting: add, edit or withdraw your own; the chair may hide one. */
final class ContributionCommands {

  private ContributionCommands() {
  }

  /** On the item being discussed, unless the partner names another (e.g. AOB and partner updates). */
  static Outcome add(RoomState s, Command c, Instant now) {
    String body = Json.text(c.body(), "body", Contribution.MAX_LENGTH, true);
    UUID itemId = Json.uuid(c.body(), "itemId", false);
    AgendaItem item = s.agenda().require(itemId != null ? itemId : requireCurrent(s));
    Contribution added = new Contribution(UUID.randomUUID(), item.id(), item.caseId(), c.who().memberId(),
      c.who().fullName(), c.who().agencyId(), c.who().agency(), body.strip(), "visible", now, null);
    return outcome(s, added, "contribution.added");
  }

  static Outcome edit(RoomState s, Command c, Instant now) {
    Contribution own = own(s, c);
    String body = Json.text(c.body(), "body", Contribution.MAX_LENGTH, true);
    return outcome(s, own.withBody(body.strip(), now), "contribution.edited");
  }

  static Outcome withdraw(RoomState s, Command c, Instant now) {
    return outcome(s, own(s, c).withStatus("withdrawn"), "contribution.withdrawn");
  }

  /** Hidden from screens, kept in the log (R12: the chair keeps the meeting to what is relevant). */
  static Outcome hide(RoomState s, Command c, Instant now) {
    Contribution target = s.contribution(Json.uuid(c.body(), "contributionId", true));
    return outcome(s, target.withStatus("hidden"), "contribution.hidden");
  }

  private static Contribution own(RoomState s, Command c) {
    Contribution target = s.contribution(Json.uuid(c.body(), "contributionId", true));
    if (!target.authorId().equals(c.who().memberId())) {
      throw ApiError.forbidden("Only its author changes a contribution.");
    }
    // One literal code per status, so the protocol's error table can be checked against the code.
    if ("withdrawn".equals(target.status())) {
      throw ApiError.conflict("contribution_withdrawn", "This contribution was withdrawn.");
    }
    if ("hidden".equals(target.status())) {
      throw ApiError.conflict("contribution_hidden", "This contribution was hidden.");
    }
    return target;
  }

  private static Outcome outcome(RoomState s, Contribution changed, String eventType) {
    return new Outcome(s.change().contribution(changed).build(), eventType,
      new JsonObject().put("contribution", changed.toJson()));
  }
}
