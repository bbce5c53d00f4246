package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.Revocations;
import org.ailive.auth.Roles;
import org.ailive.auth.Tokens;
import org.ailive.meeting.JoinLinkRoster.Roster;
import org.ailive.meeting.JoinLinkRoster.Seat;
import org.ailive.notify.MeetingNotices;
import org.ailive.notify.Notices.Recipient;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Join links for the whole meeting at once (issue 18): the officer makes links for a chosen set of
 * panel members, for everyone expected remote ({@link JoinLinkRoster}'s rule) or for every member,
 * sees per member who has one and whether it was used, and withdraws every live link in one step.
 * Each link is still one member's, made and withdrawn as {@link org.ailive.auth.JoinLinks} does.
 */
public final class JoinLinkBatch {

  /** Most members one request names: a panel has 20 to 30. */
  static final int MAX_MEMBERS = 200;

  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('join_link:' || $1::text, 0))";
  private static final String INSERT = """
    INSERT INTO join_link (id, meeting_id, member_id, created_by_member_id, expires_at) VALUES ($1, $2, $3, $4, $5)""";
  private static final String NAMES = "SELECT id, full_name FROM member WHERE id = ANY ($1)";
  private static final String CANCELLED = "SELECT cancelled_at FROM meeting WHERE id = $1";
  private static final String ADDRESSES = "SELECT id, full_name, email FROM member WHERE id = ANY ($1) AND active";
  private static final String MEETING = """
    SELECT p.name AS panel_name, m.starts_at FROM meeting m JOIN panel p ON p.id = m.panel_id WHERE m.id = $1""";

  private final Pool pool;
  private final Tokens tokens;
  private final Outbox outbox;

  public JoinLinkBatch(Pool pool, Tokens tokens, Outbox outbox) {
    this.pool = pool;
    this.tokens = tokens;
    this.outbox = outbox;
  }

  /** {@code GET /api/meetings/{id}/join-links}: officer. Per member: link, use, withdrawn; expected remote. */
  public void list(RoutingContext ctx) {
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    JoinLinkRoster.load(pool, meetingId)
      .onSuccess(roster -> Http.ok(ctx, 200, roster.toJson()))
      .onFailure(ctx::fail);
  }

  /**
   * {@code POST /api/meetings/{id}/join-links/batch {"memberIds": [...], "remote": true, "all": true,
   * "replace": false, "mail": true}}: officer. One transaction: every link is made, or none. With mail
   * on (and {@code "mail"} not false) each link made is mailed to its member in that transaction too;
   * each link in the answer says whether it was ({@code "mailed"}), and its url is there to copy anyway.
   */
  public void create(RoutingContext ctx) {
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    JsonObject body = Http.body(ctx);
    List<UUID> chosen = Json.uuids(body, "memberIds", MAX_MEMBERS, false);
    boolean remote = Boolean.TRUE.equals(Json.bool(body, "remote", false));
    boolean all = Boolean.TRUE.equals(Json.bool(body, "all", false));
    boolean replace = Boolean.TRUE.equals(Json.bool(body, "replace", false));
    boolean mail = !Boolean.FALSE.equals(Json.bool(body, "mail", false)) && outbox.on();
    if ((chosen == null || chosen.isEmpty()) && !remote && !all) {
      throw ApiError.invalid("memberIds", "are needed: choose members, or ask for everyone remote (\"remote\": true)"
        + " or for every member (\"all\": true)");
    }
    Identity officer = Roles.identity(ctx);
    Revocations revocations = tokens.revocations();
    List<Revocations.RevokedLink> replaced = new ArrayList<>();
    pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(meetingId.toString()))
        .compose(v -> conn.preparedQuery(CANCELLED).execute(Tuple.of(meetingId)))
        .compose(rows -> rows.size() == 1 && rows.iterator().next().getValue("cancelled_at") != null
          ? Future.failedFuture(ApiError.conflict("meeting_cancelled", "This meeting was cancelled."))
          : JoinLinkRoster.load(conn, meetingId))
        .compose(roster -> refuseStrangers(conn, roster, chosen == null ? List.of() : chosen).map(roster))
        .compose(roster -> {
          Instant expires = roster.expiresAt();
          if (!expires.isAfter(Instant.now())) {
            return Future.failedFuture(ApiError.conflict("meeting_over", "The meeting day is over."));
          }
          List<Seat> wanted = select(roster, chosen, remote, all, officer.memberId());
          List<Seat> holding = wanted.stream().filter(s -> s.liveLink() != null).toList();
          List<Seat> making = replace ? wanted : wanted.stream().filter(s -> s.liveLink() == null).toList();
          Future<List<Revocations.RevokedLink>> revoked = replace && !holding.isEmpty()
            ? revocations.revokeLinks(conn, meetingId, holding.stream().map(Seat::memberId).toList())
            : Future.succeededFuture(List.of());
          return revoked.compose(gone -> {
            replaced.addAll(gone);
            return make(conn, officer, roster, making, gone, replace ? List.of() : holding,
              new JsonObject().put("memberIds", chosen == null ? 0 : chosen.size()).put("remote", remote)
                .put("all", all).put("replace", replace).put("mail", mail))
              .compose(out -> mail ? mailLinks(conn, roster, out) : Future.succeededFuture(unmailed(out)));
          });
        }))
      .onSuccess(out -> {
        revocations.announceLinks(replaced);
        Http.ok(ctx, out.getJsonArray("links").isEmpty() ? 200 : 201, out);
      })
      .onFailure(ctx::fail);
  }

  /**
   * {@code DELETE /api/meetings/{id}/join-links}: officer. Every live link of the meeting is withdrawn
   * at once; every session from them ends and their sockets close. {@code 200 {"withdrawn": n}}.
   */
  public void withdrawAll(RoutingContext ctx) {
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    UUID officer = Roles.identity(ctx).memberId();
    Revocations revocations = tokens.revocations();
    pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(meetingId.toString()))
        .compose(v -> conn.preparedQuery("SELECT 1 FROM meeting WHERE id = $1").execute(Tuple.of(meetingId)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("The meeting"))
          : revocations.revokeLinks(conn, meetingId, null))
        .compose(gone -> {
          List<AuditTrail.Entry> entries = new ArrayList<>();
          entries.add(new AuditTrail.Entry(officer, AuditAction.JOIN_LINKS_WITHDRAWN, "meeting:" + meetingId,
            new JsonObject().put("withdrawn", gone.size())));
          gone.forEach(g -> entries.add(new AuditTrail.Entry(officer, AuditAction.JOIN_LINK_REVOKED,
            "join_link:" + g.linkId(), new JsonObject().put("meetingId", meetingId.toString())
              .put("memberId", g.memberId().toString()).put("all", true))));
          return AuditTrail.recordAll(conn, entries).map(gone);
        }))
      .onSuccess(gone -> {
        revocations.announceLinks(gone);
        Http.ok(ctx, 200, new JsonObject().put("withdrawn", gone.size()));
      })
      .onFailure(ctx::fail);
  }

  /**
   * Whom the request means, in the roster's order: the chosen (each on the panel, checked before),
   * everyone expected remote, or every member; the last two leave out observers (unless chosen too)
   * and the officer asking, who is signed in already.
   */
  private static List<Seat> select(Roster roster, List<UUID> chosen, boolean remote, boolean all, UUID asking) {
    Set<UUID> named = chosen == null ? Set.of() : new LinkedHashSet<>(chosen);
    return roster.seats().stream().filter(s -> named.contains(s.memberId())
      || s.onPanel() && !s.observer() && !s.memberId().equals(asking) && (all || remote && s.remoteBecause() != null))
      .toList();
  }

  /** The chosen members who are not on the meeting's panel: refused, by name. */
  private static Future<Void> refuseStrangers(SqlConnection conn, Roster roster, List<UUID> chosen) {
    Map<UUID, Seat> seats = roster.byMember();
    List<UUID> strangers = chosen.stream().distinct().filter(id -> seats.get(id) == null || !seats.get(id).onPanel()).toList();
    if (strangers.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(NAMES).execute(Tuple.tuple().addArrayOfUUID(strangers.toArray(UUID[]::new))).compose(rows -> {
      Map<UUID, String> names = new HashMap<>();
      rows.forEach(r -> names.put(r.getUUID("id"), r.getString("full_name")));
      List<String> who = strangers.stream().map(id -> names.getOrDefault(id, "an unknown member (" + id + ")")).toList();
      String list = who.size() == 1 ? who.get(0)
        : String.join(", ", who.subList(0, who.size() - 1)) + " and " + who.get(who.size() - 1);
      return Future.failedFuture(ApiError.invalid("memberIds", "include " + list + ", who "
          + (who.size() == 1 ? "is" : "are") + " not on this meeting's panel: join links are only for its members")
        .with("refused", new JsonArray(strangers.stream().map(UUID::toString).toList())));
    });
  }

  /**
   * Each link made goes to its member by mail (issue 19), in the batch's transaction: a secret, so the
   * mail's body is cleared once sent. A member without an active account gets none ({@code mailed: false}).
   */
  private Future<JsonObject> mailLinks(SqlConnection conn, Roster roster, JsonObject out) {
    JsonArray links = out.getJsonArray("links");
    if (links.isEmpty()) {
      return Future.succeededFuture(unmailed(out));
    }
    UUID[] members = links.stream().map(l -> UUID.fromString(((JsonObject) l).getString("memberId"))).toArray(UUID[]::new);
    return conn.preparedQuery(MEETING).execute(Tuple.of(roster.meetingId())).compose(meeting -> {
      Row m = meeting.iterator().next();
      return conn.preparedQuery(ADDRESSES).execute(Tuple.tuple().addArrayOfUUID(members)).compose(rows -> {
        Map<UUID, Recipient> to = new HashMap<>();
        rows.forEach(r -> to.put(r.getUUID("id"), new Recipient(r.getUUID("id"), r.getString("full_name"), r.getString("email"))));
        List<Future<Void>> mails = new ArrayList<>();
        int mailed = 0;
        for (Object o : links) {
          JsonObject link = (JsonObject) o;
          Recipient r = to.get(UUID.fromString(link.getString("memberId")));
          link.put("mailed", r != null);
          if (r != null) {
            mailed++;
            mails.add(outbox.enqueue(conn, MeetingNotices.joinLink(r, UUID.fromString(link.getString("id")),
              m.getString("panel_name"), roster.meetingDate(), m.getLocalTime("starts_at"), link.getString("url"),
              roster.expiresAt())));
          }
        }
        int count = mailed;
        return Future.all(mails).map(v -> out.put("mailed", count));
      });
    });
  }

  private static JsonObject unmailed(JsonObject out) {
    out.getJsonArray("links").forEach(l -> ((JsonObject) l).put("mailed", false));
    return out.put("mailed", 0);
  }

  /** Inserts the links and their audit rows; the answer names every link made and every member passed over. */
  private Future<JsonObject> make(SqlConnection conn, Identity officer, Roster roster, List<Seat> making,
                                  List<Revocations.RevokedLink> replaced, List<Seat> passedOver, JsonObject asked) {
    Instant expires = roster.expiresAt();
    long ttl = expires.getEpochSecond() - Instant.now().getEpochSecond();
    OffsetDateTime expiresAt = OffsetDateTime.ofInstant(expires, ZoneOffset.UTC);
    List<Tuple> rows = new ArrayList<>();
    List<AuditTrail.Entry> entries = new ArrayList<>();
    JsonArray links = new JsonArray();
    Set<UUID> replacedMembers = new HashSet<>();
    replaced.forEach(r -> {
      replacedMembers.add(r.memberId());
      entries.add(new AuditTrail.Entry(officer.memberId(), AuditAction.JOIN_LINK_REVOKED, "join_link:" + r.linkId(),
        new JsonObject().put("meetingId", roster.meetingId().toString()).put("memberId", r.memberId().toString())
          .put("replaced", true)));
    });
    for (Seat s : making) {
      UUID linkId = UUID.randomUUID();
      rows.add(Tuple.of(linkId, roster.meetingId(), s.memberId(), officer.memberId(), expiresAt));
      entries.add(new AuditTrail.Entry(officer.memberId(), AuditAction.JOIN_LINK_CREATED, "join_link:" + linkId,
        new JsonObject().put("meetingId", roster.meetingId().toString()).put("memberId", s.memberId().toString())
          .put("batch", true)));
      links.add(new JsonObject().put("id", linkId.toString()).put("memberId", s.memberId().toString())
        .put("fullName", s.fullName()).put("agency", s.agency())
        .put("url", "/join.html#token=" + tokens.issueJoinLink(s.memberId(), roster.meetingId(), linkId, ttl))
        .put("expiresAt", expires.toEpochMilli()).put("replaced", replacedMembers.contains(s.memberId())));
    }
    JsonArray already = new JsonArray();
    passedOver.forEach(s -> already.add(new JsonObject().put("memberId", s.memberId().toString())
      .put("fullName", s.fullName()).put("linkId", s.liveLink().id().toString())
      .put("createdAt", s.liveLink().createdAt().toEpochMilli())));
    entries.add(0, new AuditTrail.Entry(officer.memberId(), AuditAction.JOIN_LINKS_MADE, "meeting:" + roster.meetingId(),
      asked.copy().put("made", links.size()).put("replaced", replaced.size()).put("alreadyLinked", already.size())));
    Future<Void> inserted = rows.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(INSERT).executeBatch(rows).mapEmpty();
    return inserted.compose(v -> AuditTrail.recordAll(conn, entries))
      .map(v -> new JsonObject().put("meetingId", roster.meetingId().toString())
        .put("expiresAt", expires.toEpochMilli()).put("links", links).put("alreadyLinked", already));
  }
}
