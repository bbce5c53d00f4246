package org.ailive.contributions;

import io.vertx.core.json.JsonObject;
import org.ailive.agenda.AgendaItem;
import org.ailive.meeting.RoomCommands.Command;
import org.ailive.meeting.RoomCommands.Outcome;
import org.ailive.meeting.RoomState;
import org.ailive.web.ApiError;
import org.ailive.web.Json;

import java.time.Instant;
import java.util.UUID;

import static org.ailive.meeting.Guards.requireCurrent;
import static org.ailive.meeting.Guards.requireRole;
import static org.ailive.meeting.Guards.requireStatus;

/** Partners' updates during the meeting: add, edit or withdraw your own; the chair may hide one. */
public final class ContributionCommands {

  private ContributionCommands() {
  }

  public static Outcome apply(RoomState s, Command c, Instant now) {
    return switch (c.type()) {
      case "contribution.add" -> add(s, c, now);
      case "contribution.edit" -> edit(s, c, now);
      case "contribution.withdraw" -> ownChange(s, c, "withdrawn", "contribution.withdrawn");
      case "contribution.hide" -> hide(s, c);
      default -> throw ApiError.badRequest("unknown_command", "Unknown command type '" + c.type() + "'.");
    };
  }

  /** On the item being discussed, unless the partner names another (e.g. AOB and partner updates). */
  private static Outcome add(RoomState s, Command c, Instant now) {
    requireStatus(s, "live");
    String body = Json.text(c.body(), "body", Contribution.MAX_LENGTH, true);
    UUID itemId = Json.uuid(c.body(), "itemId", false);
    AgendaItem item = s.agenda().require(itemId != null ? itemId : requireCurrent(s));
    Contribution added = new Contribution(UUID.randomUUID(), item.id(), item.caseId(), c.who().memberId(),
      c.who().fullName(), c.who().agencyId(), c.who().agency(), body.strip(), "visible", now, null);
    return outcome(s, added, "contribution.added");
  }

  private static Outcome edit(RoomState s, Command c, Instant now) {
    requireStatus(s, "live");
    Contribution own = own(s, c);
    String body = Json.text(c.body(), "body", Contribution.MAX_LENGTH, true);
    return outcome(s, own.withBody(body.strip(), now), "contribution.edited");
  }

  private static Outcome ownChange(RoomState s, Command c, String status, String eventType) {
    requireStatus(s, "live");
    return outcome(s, own(s, c).withStatus(status), eventType);
  }

  /** Hidden from screens, kept in the log (R12: the chair keeps the meeting to what is relevant). */
  private static Outcome hide(RoomState s, Command c) {
    requireRole(c, "chair");
    requireStatus(s, "open", "live");
    Contribution target = s.contribution(Json.uuid(c.body(), "contributionId", true));
    return outcome(s, target.withStatus("hidden"), "contribution.hidden");
  }

  private static Contribution own(RoomState s, Command c) {
    Contribution target = s.contribution(Json.uuid(c.body(), "contributionId", true));
    if (!target.authorId().equals(c.who().memberId())) {
      throw ApiError.forbidden("Only its author changes a contribution.");
    }
    if (!"visible".equals(target.status())) {
      throw ApiError.conflict("contribution_" + target.status(), "This contribution was " + target.status() + ".");
    }
    return target;
  }

  private static Outcome outcome(RoomState s, Contribution changed, String eventType) {
    return new Outcome(s.change().contribution(changed).build(), eventType,
      new JsonObject().put("contribution", changed.toJson()));
  }
}
