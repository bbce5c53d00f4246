package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.auth.JoinLinks;
import org.ailive.protocol.ApiError;
import org.ailive.room.AttendanceMark;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A meeting's panel members seen from its join links: who holds a live link, when it was made,
 * whether it has been used (first and last use, from the audit trail's {@code join_link_used} rows),
 * which were withdrawn; and who is expected to join remotely. Read for {@code GET
 * /api/meetings/{id}/join-links} and, inside the batch's transaction, to choose whom links are made for.
 *
 * <p>The remote rule (issue 18): a member is expected remote when this meeting's register marks them
 * remote, or, not yet marked for this meeting, when they last attended one of this panel's earlier
 * meetings remotely. Marked in the room, with apologies, absent or as a substitute: not remote.
 */
final class JoinLinkRoster {

  /** The one attendance mark that means remote (room/AttendanceMark's list). */
  static final String REMOTE = "remote";

  private static final String MEETING = "SELECT meeting_date, panel_id FROM meeting WHERE id = $1";
  private static final String SEATS = """
    SELECT m.id, m.full_name, a.name AS agency, 'observer' = ANY (m.roles) AS observer,
           (pm.member_id IS NOT NULL AND m.active) AS on_panel, att.status AS mark,
           (SELECT p.status FROM attendance p JOIN meeting e ON e.id = p.meeting_id
            WHERE p.member_id = m.id AND e.panel_id = mt.panel_id AND e.meeting_date < mt.meeting_date
              AND p.status IN %s
            ORDER BY e.meeting_date DESC LIMIT 1) AS last_attended
    FROM meeting mt
    JOIN member m ON (m.active AND m.id IN (SELECT member_id FROM panel_member WHERE panel_id = mt.panel_id AND left_at IS NULL))
                  OR m.id IN (SELECT member_id FROM join_link WHERE meeting_id = mt.id)
    LEFT JOIN panel_member pm ON pm.panel_id = mt.panel_id AND pm.member_id = m.id AND pm.left_at IS NULL
    LEFT JOIN agency a ON a.id = m.agency_id
    LEFT JOIN attendance att ON att.meeting_id = mt.id AND att.member_id = m.id
    WHERE mt.id = $1
    ORDER BY m.full_name, m.id""".formatted(AttendanceMark.ATTENDED_SQL);
  private static final String LINKS = """
    SELECT id, member_id, created_at, expires_at, revoked_at, (revoked_at IS NULL AND expires_at > now()) AS live
    FROM join_link WHERE meeting_id = $1 ORDER BY created_at DESC, id""";
  private static final String USES = """
    SELECT subject, min(at) AS first_at, max(at) AS last_at, count(*) AS uses
    FROM audit_entry WHERE action = $1 AND subject = ANY ($2) GROUP BY subject""";

  /** One link of the meeting, with its uses. */
  record Link(UUID id, UUID memberId, Instant createdAt, Instant expiresAt, Instant revokedAt, boolean live,
              Instant firstUsedAt, Instant lastUsedAt, long uses) {

    JsonObject toJson() {
      return new JsonObject().put("id", id.toString()).put("createdAt", millis(createdAt))
        .put("expiresAt", millis(expiresAt)).put("live", live).put("revoked", revokedAt != null)
        .put("revokedAt", millis(revokedAt)).put("used", uses > 0).put("firstUsedAt", millis(firstUsedAt))
        .put("lastUsedAt", millis(lastUsedAt)).put("uses", uses);
    }
  }

  /** One member of the roster: a panel member, or someone who holds a link of this meeting. */
  record Seat(UUID memberId, String fullName, String agency, boolean observer, boolean onPanel, String mark,
              String lastAttended, List<Link> links) {

    /** Why they count as remote ({@code marked_remote}, {@code attended_remotely_last_time}), or null. */
    String remoteBecause() {
      if (REMOTE.equals(mark)) {
        return "marked_remote";
      }
      return mark == null && REMOTE.equals(lastAttended) ? "attended_remotely_last_time" : null;
    }

    /** Their live link (the newest), or null. */
    Link liveLink() {
      return links.stream().filter(Link::live).findFirst().orElse(null);
    }

    JsonObject toJson() {
      Link live = liveLink();
      JsonArray all = new JsonArray();
      links.forEach(l -> all.add(l.toJson()));
      String state = live != null ? "live" : links.isEmpty() ? "none"
        : links.get(0).revokedAt() != null ? "withdrawn" : "expired";
      return new JsonObject().put("memberId", memberId.toString()).put("fullName", fullName).put("agency", agency)
        .put("observer", observer).put("onPanel", onPanel).put("attendance", mark)
        .put("expectedRemote", remoteBecause() != null).put("remoteBecause", remoteBecause())
        .put("state", state).put("link", live == null ? null : live.toJson()).put("links", all);
    }
  }

  /** The meeting's roster; {@code 404} when there is no such meeting. */
  record Roster(UUID meetingId, LocalDate meetingDate, List<Seat> seats) {

    Instant expiresAt() {
      return JoinLinks.endOfDay(meetingDate);
    }

    Map<UUID, Seat> byMember() {
      Map<UUID, Seat> out = new LinkedHashMap<>();
      seats.forEach(s -> out.put(s.memberId(), s));
      return out;
    }

    JsonObject toJson() {
      JsonArray members = new JsonArray();
      seats.forEach(s -> members.add(s.toJson()));
      return new JsonObject().put("meetingId", meetingId.toString()).put("expiresAt", expiresAt().toEpochMilli())
        .put("dayOver", !expiresAt().isAfter(Instant.now())).put("members", members);
    }
  }

  private JoinLinkRoster() {
  }

  static Future<Roster> load(SqlClient client, UUID meetingId) {
    return client.preparedQuery(MEETING).execute(Tuple.of(meetingId)).compose(meeting -> {
      if (meeting.size() == 0) {
        return Future.failedFuture(ApiError.notFound("The meeting"));
      }
      LocalDate date = meeting.iterator().next().getLocalDate("meeting_date");
      return client.preparedQuery(LINKS).execute(Tuple.of(meetingId)).compose(linkRows -> {
        List<Row> links = new ArrayList<>();
        linkRows.forEach(links::add);
        String[] subjects = links.stream().map(r -> "join_link:" + r.getUUID("id")).toArray(String[]::new);
        return client.preparedQuery(USES).execute(Tuple.tuple().addString(AuditAction.JOIN_LINK_USED.stored()).addArrayOfString(subjects))
          .compose(useRows -> {
            Map<String, Row> uses = new LinkedHashMap<>();
            useRows.forEach(r -> uses.put(r.getString("subject"), r));
            Map<UUID, List<Link>> byMember = new LinkedHashMap<>();
            links.forEach(r -> {
              Row u = uses.get("join_link:" + r.getUUID("id"));
              byMember.computeIfAbsent(r.getUUID("member_id"), k -> new ArrayList<>()).add(new Link(r.getUUID("id"),
                r.getUUID("member_id"), instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("expires_at")),
                instant(r.getOffsetDateTime("revoked_at")), r.getBoolean("live"),
                u == null ? null : instant(u.getOffsetDateTime("first_at")),
                u == null ? null : instant(u.getOffsetDateTime("last_at")), u == null ? 0 : u.getLong("uses")));
            });
            return client.preparedQuery(SEATS).execute(Tuple.of(meetingId)).map(seatRows -> {
              List<Seat> seats = new ArrayList<>();
              seatRows.forEach(r -> seats.add(new Seat(r.getUUID("id"), r.getString("full_name"), r.getString("agency"),
                r.getBoolean("observer"), r.getBoolean("on_panel"), r.getString("mark"), r.getString("last_attended"),
                byMember.getOrDefault(r.getUUID("id"), List.of()))));
              return new Roster(meetingId, date, seats);
            });
          });
      });
    });
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }
}
