package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.notify.Notice;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.ailive.notify.SummonsNotices;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * When the chair's timer moves onto a case item, everyone summoned for it ({@link KeyAgencySummons})
 * is told it is starting: in the app only if they are connected to the meeting at that moment, else
 * by a short mail too. Who is connected lives in the room owner's memory ({@link Presence}), not in
 * the database: the owner hands this rule a snapshot of it, read when the commit runs. That is safe
 * without locks because the commit's callbacks run on the owner's own event loop, where presence
 * changes too; a member who connects a moment later still has the in-app notice.
 */
final class ItemStartNotices implements RoomNotices.Rule {

  private final Supplier<Set<UUID>> connected;

  ItemStartNotices(Supplier<Set<UUID>> connected) {
    this.connected = connected;
  }

  @Override
  public Future<Void> write(SqlConnection conn, Outbox outbox, RoomState before, RoomState after,
                            List<RoomStore.Written> events) {
    UUID current = after.timer().itemId();
    // Every change but the timer's keeps the same timer: nothing to do, and nothing read.
    if (current == null || current.equals(before.timer().itemId())) {
      return Future.succeededFuture();
    }
    AgendaItem item = after.agenda().find(current).filter(AgendaItem::isCase).orElse(null);
    if (item == null) {
      return Future.succeededFuture();
    }
    Instant now = Instant.ofEpochMilli(events.get(events.size() - 1).event().getLong("at"));
    return SavepointRule.run(conn, "item_starting", () -> tell(conn, outbox, after, item, now));
  }

  private Future<Void> tell(SqlConnection conn, Outbox outbox, RoomState s, AgendaItem item, Instant now) {
    return conn.preparedQuery(SummonsSql.STARTING).execute(Tuple.of(s.meetingId(), item.id())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Set<UUID> here = connected.get();
      String url = KeyAgencySummons.roomUrl(s.meetingId());
      List<Notice> notices = new ArrayList<>();
      rows.forEach(r -> notices.add(SummonsNotices.itemStarting(new Notices.Recipient(r.getUUID("member_id"),
          r.getString("full_name"), r.getString("email")), r.getString("agency"), KeyAgencySummons.item(s, item),
        here.contains(r.getUUID("member_id")), url)));
      return conn.preparedQuery(SummonsSql.STARTED).execute(Tuple.of(s.meetingId(), item.id(), KeyAgencySummons.utc(now)))
        .compose(v -> Future.all(notices.stream().map(n -> outbox.enqueue(conn, n)).toList()).mapEmpty());
    });
  }
}
