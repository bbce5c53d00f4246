package org.ailive.actions;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.notify.DailyJob;
import org.ailive.notify.DigestNotices;
import org.ailive.notify.MailList;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The weekly digest (issue 19, item 3): each Monday, every owner of open actions due within 14 days
 * or overdue gets one mail listing them (most urgent first, at most {@link MailList#MAX_LINES}), each
 * by its number, family reference and due date with a one-time progress link ({@link ProgressLinks});
 * never an action's description or an update (R12). Other days it does nothing. One mail per owner
 * per week: a Monday run again (or caught up later) finds that week's digest in the outbox and
 * neither mails nor makes links again. Actions owned by an agency with no named owner are not mailed:
 * there is no one person to chase, and the agency's members see them under "My actions".
 */
public final class ActionDigest implements DailyJob {

  static final DayOfWeek DAY = DayOfWeek.MONDAY;

  private final Outbox outbox;

  public ActionDigest(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public String name() {
    return "action_digest";
  }

  private record Due(UUID actionId, long number, String familyRef, LocalDate due) {
  }

  @Override
  public Future<Integer> run(SqlConnection conn, LocalDate day) {
    if (day.getDayOfWeek() != DAY) {
      return Future.succeededFuture(0);
    }
    return conn.preparedQuery(ProgressLinkSql.DUE).execute(Tuple.of(day)).compose(rows -> {
      Map<UUID, Notices.Recipient> owners = new LinkedHashMap<>();
      Map<UUID, List<Due>> dueBy = new LinkedHashMap<>();
      for (Row r : rows) {
        UUID member = r.getUUID("member_id");
        owners.putIfAbsent(member, new Notices.Recipient(member, r.getString("full_name"), r.getString("email")));
        dueBy.computeIfAbsent(member, m -> new ArrayList<>()).add(new Due(r.getUUID("id"), r.getLong("number"),
          r.getString("family_ref"), r.getLocalDate("due_date")));
      }
      String[] keys = owners.values().stream().map(o -> DigestNotices.key(o, day)).toArray(String[]::new);
      return conn.preparedQuery(ProgressLinkSql.ALREADY_SENT).execute(Tuple.of((Object) keys)).compose(sent -> {
        Set<String> done = new java.util.HashSet<>();
        sent.forEach(r -> done.add(r.getString("dedupe_key")));
        Future<Integer> chain = Future.succeededFuture(0);
        for (Notices.Recipient owner : owners.values()) {
          if (!done.contains(DigestNotices.key(owner, day))) {
            // The digest is mail or nothing: no links are made for a mail that would not be sent.
            chain = chain.compose(n -> outbox.wouldMail(conn, owner.memberId(), DigestNotices.ACTION_DIGEST)
              .compose(wanted -> wanted ? mail(conn, owner, dueBy.get(owner.memberId()), day).map(n + 1)
                : Future.succeededFuture(n)));
          }
        }
        return chain;
      });
    });
  }

  private Future<Void> mail(SqlConnection conn, Notices.Recipient owner, List<Due> all, LocalDate day) {
    List<Due> listed = all.subList(0, Math.min(all.size(), MailList.MAX_LINES));
    Instant expires = Instant.now().plus(ProgressLinks.LIFETIME);
    List<UUID> ids = listed.stream().map(Due::actionId).toList();
    return ProgressLinks.issue(conn, owner.memberId(), ids, expires).compose(paths -> {
      List<MailList.ActionLine> lines = listed.stream().map(d -> new MailList.ActionLine(d.number(), d.familyRef(),
        d.due(), d.due().isBefore(day), paths.get(d.actionId()))).toList();
      return outbox.enqueue(conn, DigestNotices.actionDigest(owner, day, lines, all.size(), "/my-actions.html", expires))
        .compose(v -> AuditTrail.record(conn, null, AuditAction.PROGRESS_LINKS_ISSUED, "member:" + owner.memberId(),
          new JsonObject().put("numbers", new JsonArray(listed.stream().map(Due::number).collect(Collectors.toList())))
            .put("expiresAt", expires.toEpochMilli())));
    });
  }
}
