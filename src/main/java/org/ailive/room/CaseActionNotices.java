package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.ailive.notify.ActionNotices;
import org.ailive.notify.CaseNotices;
import org.ailive.notify.Notice;
import org.ailive.notify.NoticeRecipients;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The notices of the meeting's decisions on cases and actions, written in the room's commit
 * ({@link RoomNotices}): a case deferred to the next meeting (to its presenter); an action
 * confirmed or closed (to its owner), returned (to its proposer), withdrawn by its proposer
 * (dropped: to its owner). Whoever made the change is not told of it. Each notice's key is the
 * action or case, the transition and the event's seq, so the same event never mails twice.
 */
final class CaseActionNotices implements RoomNotices.Rule {

  private static final Set<String> TYPES =
    Set.of("item.deferred", "action.confirmed", "action.returned", "action.closed", "action.withdrawn");

  @Override
  public Future<Void> write(SqlConnection conn, Outbox outbox, RoomState before, RoomState after,
                            List<RoomStore.Written> events) {
    Future<Void> chain = Future.succeededFuture();
    for (RoomStore.Written w : events) {
      String type = w.event().getString("type");
      if (TYPES.contains(type)) {
        chain = chain.compose(v -> one(conn, outbox, before, after, w, type));
      }
    }
    return chain;
  }

  private static Future<Void> one(SqlConnection conn, Outbox outbox, RoomState before, RoomState after,
                                  RoomStore.Written w, String type) {
    JsonObject p = w.event().getJsonObject("payload");
    String seq = "e" + w.event().getLong("seq");
    if ("item.deferred".equals(type)) {
      UUID caseId = UUID.fromString(p.getString("caseId"));
      LiveCaseSummary summary = after.cases().getOrDefault(caseId, before.cases().get(caseId));
      CaseNotices.Case c = new CaseNotices.Case(caseId, p.getString("familyRef"),
        UUID.fromString(p.getString("toMeetingId")), LocalDate.parse(p.getString("toMeetingDate")));
      return summary == null ? Future.succeededFuture()
        : tell(conn, outbox, List.of(summary.presenterId()), w.actor(), to -> CaseNotices.deferred(to, c));
    }
    JsonObject a = p.getJsonObject("action");
    ActionNotices.Action action = new ActionNotices.Action(UUID.fromString(a.getString("id")), a.getLong("number"),
      a.getString("familyRef"), LocalDate.parse(a.getString("dueDate")));
    if ("action.returned".equals(type)) {
      return tell(conn, outbox, List.of(UUID.fromString(a.getString("proposedBy"))), w.actor(),
        to -> ActionNotices.returned(to, action, seq));
    }
    Function<Notices.Recipient, Notice> notice = switch (type) {
      case "action.confirmed" -> to -> ActionNotices.confirmed(to, action, seq);
      case "action.closed" -> to -> ActionNotices.closed(to, action, seq);
      default -> to -> ActionNotices.dropped(to, action, seq);
    };
    String owner = a.getString("ownerMemberId");
    if ("action.withdrawn".equals(type) && owner == null) {
      return Future.succeededFuture(); // never confirmed, it was no agency's yet: only a named owner is told
    }
    return NoticeRecipients.actionOwners(conn, owner == null ? null : UUID.fromString(owner),
        UUID.fromString(a.getString("ownerAgencyId")), after.panelId())
      .compose(owners -> enqueue(conn, outbox, owners, w.actor(), notice));
  }

  private static Future<Void> tell(SqlConnection conn, Outbox outbox, List<UUID> memberIds, UUID actor,
                                   Function<Notices.Recipient, Notice> notice) {
    Future<Void> chain = Future.succeededFuture();
    for (UUID id : memberIds) {
      chain = chain.compose(v -> NoticeRecipients.member(conn, id))
        .compose(to -> to == null ? Future.succeededFuture() : enqueue(conn, outbox, List.of(to), actor, notice));
    }
    return chain;
  }

  private static Future<Void> enqueue(SqlConnection conn, Outbox outbox, List<Notices.Recipient> to, UUID actor,
                                      Function<Notices.Recipient, Notice> notice) {
    Future<Void> chain = Future.succeededFuture();
    for (Notices.Recipient r : to) {
      if (!r.memberId().equals(actor)) {
        chain = chain.compose(v -> outbox.enqueue(conn, notice.apply(r)));
      }
    }
    return chain;
  }
}
