package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.JoinLinks;
import org.ailive.auth.Tokens;
import org.ailive.notify.Notice;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.ailive.notify.SummonsNotices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Key-agency summons (issue 19 item 5). When the meeting opens (or starts without having opened),
 * each panel member of an agency that attends when relevant and is key for a presenting need of a
 * case on the agenda is told "your agency is key for item 4 (family NH-2027-014), expected about
 * 10:35am" with a join link. When the chair's timing ({@link #RETIMING}) moves an item's expected
 * start ({@link ExpectedStarts}) by more than {@link #MOVED} from what a member was last told, an
 * update goes, at most one round per agency every {@link #EVERY}; the table {@code summons} (V31)
 * remembers what each was told. A county-wide agency is expected anyway and is not summoned; an
 * agency with no member on the panel has nobody to tell (the log says so once, when the meeting opens).
 */
final class KeyAgencySummons implements RoomNotices.Rule {

  private static final Logger log = LoggerFactory.getLogger(KeyAgencySummons.class);

  static final Set<String> OPENING = Set.of("meeting.opened", "meeting.started");
  /** The events after which expected starts are worked out again. */
  static final Set<String> RETIMING = Set.of("meeting.opened", "meeting.started", "agenda.built", "agenda.reordered",
    "agenda.minutesChanged", "agenda.itemAdded", "agenda.shared", "timer.started", "timer.paused", "timer.resumed",
    "timer.extended", "timer.moved", "item.deferred", "item.withdrawn");
  static final Duration MOVED = Duration.ofMinutes(10);
  static final Duration EVERY = Duration.ofMinutes(10);

  private final Tokens tokens;

  KeyAgencySummons(Tokens tokens) {
    this.tokens = tokens;
  }

  /** A panel member of a key agency; {@code signsIn}: an officer or chair, whom a join link does not admit. */
  private record Member(UUID memberId, String fullName, String email, UUID agencyId, String agency, boolean signsIn) {
    Notices.Recipient recipient() {
      return new Notices.Recipient(memberId, fullName, email);
    }
  }

  private record Told(Instant expectedAt, int updates, Instant updatedAt) {
  }

  private record Tell(AgendaItem item, Member to, Instant expectedAt, int update) {
  }

  @Override
  public Future<Void> write(SqlConnection conn, Outbox outbox, RoomState before, RoomState after,
                            List<RoomStore.Written> events) {
    if (!any(events, RETIMING) || !("open".equals(after.status()) || "live".equals(after.status()))) {
      return Future.succeededFuture();
    }
    Instant now = Instant.ofEpochMilli(events.get(events.size() - 1).event().getLong("at"));
    Map<UUID, Instant> expected = ExpectedStarts.of(after, now);
    Map<AgendaItem, List<String>> items = new LinkedHashMap<>();
    Set<String> needs = new HashSet<>();
    for (AgendaItem i : after.agenda().items()) {
      LiveCaseSummary c = i.isCase() && expected.containsKey(i.id()) ? after.cases().get(i.caseId()) : null;
      if (c != null && !c.presentingNeeds().isEmpty()) {
        items.put(i, c.presentingNeeds());
        needs.addAll(c.presentingNeeds());
      }
    }
    if (needs.isEmpty()) {
      return Future.succeededFuture();
    }
    boolean opening = "planned".equals(before.status()) && any(events, OPENING);
    return SavepointRule.run(conn, "summons", () -> conn.preparedQuery(SummonsSql.RECIPIENTS)
      .execute(Tuple.tuple().addValue(after.panelId()).addValue(needs.toArray(new String[0])))
      .compose(recipients -> conn.preparedQuery(SummonsSql.TOLD).execute(Tuple.of(after.meetingId()))
        .compose(told -> {
          List<Tell> summons = new ArrayList<>();
          List<Tell> updates = new ArrayList<>();
          plan(items, expected, byNeed(recipients, opening ? items : null), told(told), lastUpdates(told), now,
            summons, updates);
          return send(conn, outbox, after, actor(events), now, summons, updates);
        })));
  }

  /** Who to summon for the first time and who to update, item by item in agenda order. */
  private static void plan(Map<AgendaItem, List<String>> items, Map<UUID, Instant> expected,
                           Map<String, List<Member>> byNeed, Map<String, Told> told, Map<UUID, Instant> lastUpdate,
                           Instant now, List<Tell> summons, List<Tell> updates) {
    Set<UUID> updatingNow = new HashSet<>();
    items.forEach((item, needs) -> {
      Instant at = expected.get(item.id());
      Map<UUID, Member> theirs = new LinkedHashMap<>();
      needs.forEach(need -> byNeed.getOrDefault(need, List.of()).forEach(m -> theirs.putIfAbsent(m.memberId(), m)));
      for (Member m : theirs.values()) {
        Told t = told.get(item.id() + ":" + m.memberId());
        if (t == null) {
          summons.add(new Tell(item, m, at, 0));
        } else if (Duration.between(t.expectedAt(), at).abs().compareTo(MOVED) > 0) {
          Instant last = lastUpdate.get(m.agencyId());
          // One round of updates per agency at a time: every item and member of it that moved goes in it.
          if (updatingNow.contains(m.agencyId()) || last == null || !last.isAfter(now.minus(EVERY))) {
            updatingNow.add(m.agencyId());
            updates.add(new Tell(item, m, at, t.updates() + 1));
          }
        }
      }
    });
  }

  private Future<Void> send(SqlConnection conn, Outbox outbox, RoomState s, UUID actor, Instant now,
                            List<Tell> summons, List<Tell> updates) {
    if (summons.isEmpty() && updates.isEmpty()) {
      return Future.succeededFuture();
    }
    String room = roomUrl(s.meetingId());
    return links(conn, outbox, s, actor, now, summons).compose(links -> {
      List<Tuple> inserts = new ArrayList<>();
      List<Tuple> changed = new ArrayList<>();
      List<Notice> notices = new ArrayList<>();
      for (Tell t : summons) {
        inserts.add(Tuple.of(s.meetingId(), t.item().id(), t.to().memberId(), t.to().agencyId(), utc(t.expectedAt()),
          utc(now)));
        String url = links.getOrDefault(t.to().memberId(), room);
        notices.add(SummonsNotices.summons(t.to().recipient(), t.to().agency(), item(s, t.item()), t.expectedAt(), url,
          !url.equals(room)));
      }
      for (Tell t : updates) {
        changed.add(Tuple.of(s.meetingId(), t.item().id(), t.to().memberId(), utc(t.expectedAt()), utc(now)));
        notices.add(SummonsNotices.update(t.to().recipient(), t.to().agency(), item(s, t.item()), t.expectedAt(),
          t.update(), room));
      }
      Future<Void> written = inserts.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(SummonsSql.INSERT).executeBatch(inserts).mapEmpty();
      return written
        .compose(v -> changed.isEmpty() ? Future.<Void>succeededFuture()
          : conn.preparedQuery(SummonsSql.UPDATED).executeBatch(changed).mapEmpty())
        // Queued together on the connection rather than one after another.
        .compose(v -> Future.all(notices.stream().map(n -> outbox.enqueue(conn, n)).toList()).mapEmpty());
    });
  }

  /**
   * Each summoned member's own join link for this meeting, made as the officer's links are (good
   * until the end of the meeting day, audited, made by whoever opened the meeting), unless they hold
   * a live one already, cannot use one (an officer or chair signs in with their second factor), mail
   * is off, or the day is over: then the meeting page's link ({@link #roomUrl}).
   */
  private Future<Map<UUID, String>> links(SqlConnection conn, Outbox outbox, RoomState s, UUID actor, Instant now,
                                          List<Tell> summons) {
    Instant expires = JoinLinks.endOfDay(s.meetingDate());
    Map<UUID, Member> wanting = new LinkedHashMap<>();
    summons.stream().map(Tell::to).filter(m -> !m.signsIn()).forEach(m -> wanting.putIfAbsent(m.memberId(), m));
    if (actor == null || wanting.isEmpty() || !outbox.on() || !expires.isAfter(now)) {
      return Future.succeededFuture(Map.of());
    }
    return conn.preparedQuery(SummonsSql.LIVE_LINKS)
      .execute(Tuple.tuple().addValue(s.meetingId()).addArrayOfUUID(wanting.keySet().toArray(UUID[]::new)))
      .compose(held -> {
        held.forEach(r -> wanting.remove(r.getUUID("member_id")));
        Map<UUID, String> out = new HashMap<>();
        List<Tuple> rows = new ArrayList<>();
        List<AuditTrail.Entry> entries = new ArrayList<>();
        long ttl = expires.getEpochSecond() - now.getEpochSecond();
        for (UUID memberId : wanting.keySet()) {
          UUID linkId = UUID.randomUUID();
          rows.add(Tuple.of(linkId, s.meetingId(), memberId, actor, utc(expires)));
          entries.add(new AuditTrail.Entry(actor, AuditAction.JOIN_LINK_CREATED, "join_link:" + linkId,
            new JsonObject().put("meetingId", s.meetingId().toString()).put("memberId", memberId.toString())
              .put("summons", true)));
          out.put(memberId, "/join.html#token=" + tokens.issueJoinLink(memberId, s.meetingId(), linkId, ttl));
        }
        Future<Void> inserted = rows.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(SummonsSql.INSERT_LINK).executeBatch(rows).mapEmpty();
        return inserted.compose(v -> AuditTrail.recordAll(conn, entries)).map(out);
      });
  }

  static String roomUrl(UUID meetingId) {
    return "/room.html?meeting=" + meetingId;
  }

  static SummonsNotices.Item item(RoomState s, AgendaItem item) {
    return new SummonsNotices.Item(s.meetingId(), item.id(), item.position(), item.familyRef(), s.panelName(),
      s.meetingDate());
  }

  static boolean any(List<RoomStore.Written> events, Set<String> types) {
    for (RoomStore.Written w : events) {
      if (types.contains(w.event().getString("type"))) {
        return true;
      }
    }
    return false;
  }

  /** Whoever made the change that opened or retimed the meeting: the join links are theirs. */
  private static UUID actor(List<RoomStore.Written> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).actor() != null && RETIMING.contains(events.get(i).event().getString("type"))) {
        return events.get(i).actor();
      }
    }
    return null;
  }

  /**
   * The members of each need's key agencies. With {@code opening}, an agency with nobody on the
   * panel is logged once (its name and the item number only), since nobody can be summoned for it.
   */
  private static Map<String, List<Member>> byNeed(RowSet<Row> rows, Map<AgendaItem, List<String>> opening) {
    Map<String, List<Member>> out = new HashMap<>();
    for (Row r : rows) {
      if (r.getUUID("member_id") == null) {
        if (opening != null) {
          opening.forEach((item, needs) -> {
            if (needs.contains(r.getString("need"))) {
              log.info("Summons: {} is key for item {} but has no member on the panel; nobody was told",
                r.getString("agency"), item.position());
            }
          });
        }
        continue;
      }
      List<String> roles = Arrays.asList(r.getArrayOfStrings("roles"));
      out.computeIfAbsent(r.getString("need"), n -> new ArrayList<>()).add(new Member(r.getUUID("member_id"),
        r.getString("full_name"), r.getString("email"), r.getUUID("agency_id"), r.getString("agency"),
        roles.contains("officer") || roles.contains("chair")));
    }
    return out;
  }

  private static Map<String, Told> told(RowSet<Row> rows) {
    Map<String, Told> out = new HashMap<>();
    rows.forEach(r -> out.put(r.getUUID("item_id") + ":" + r.getUUID("member_id"), new Told(
      r.getOffsetDateTime("expected_at").toInstant(), r.getInteger("updates"), instant(r.getOffsetDateTime("updated_at")))));
    return out;
  }

  private static Map<UUID, Instant> lastUpdates(RowSet<Row> rows) {
    Map<UUID, Instant> out = new HashMap<>();
    rows.forEach(r -> {
      Instant at = instant(r.getOffsetDateTime("updated_at"));
      if (at != null) {
        out.merge(r.getUUID("agency_id"), at, (a, b) -> a.isAfter(b) ? a : b);
      }
    });
    return out;
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
