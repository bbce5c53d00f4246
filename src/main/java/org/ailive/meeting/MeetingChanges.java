package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Revocations;
import org.ailive.auth.Roles;
import org.ailive.auth.Tokens;
import org.ailive.calendar.BankHolidays;
import org.ailive.protocol.Addresses;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Zone;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The officer moves a meeting (another date, times or place) or cancels it, before it starts (issue
 * 19). Each change raises the meeting's calendar sequence and tells every member of the panel in the
 * same transaction ({@link MeetingMail}): their calendar entry is updated or removed. A new date or
 * a cancel also withdraws the meeting's live join links (they were good until the end of the old
 * day): the officer sends new ones for the new day.
 */
public final class MeetingChanges {

  private final Vertx vertx;
  private final Pool pool;
  private final MeetingMail mail;
  private final Revocations revocations;

  public MeetingChanges(Vertx vertx, Pool pool, MeetingMail mail, Tokens tokens) {
    this.vertx = vertx;
    this.pool = pool;
    this.mail = mail;
    this.revocations = tokens.revocations();
  }

  /**
   * {@code PATCH /api/meetings/{id} {"meetingDate", "startsAt", "endsAt", "location", "confirmed"}}:
   * officer; any of the four, the rest kept. Nothing changed: the meeting as it is, nobody told.
   */
  public void move(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    JsonObject body = Http.body(ctx);
    LocalDate date = Json.date(body, "meetingDate", false);
    LocalTime startsAt = Json.time(body, "startsAt", false);
    LocalTime endsAt = Json.time(body, "endsAt", false);
    String location = Json.text(body, "location", 200, false);
    boolean confirmed = Boolean.TRUE.equals(Json.bool(body, "confirmed", false));
    if (date == null && startsAt == null && endsAt == null && location == null) {
      throw ApiError.invalid("meetingDate", "is needed, or a new start time, end time or place: say what changes");
    }
    UUID officer = Roles.identity(ctx).memberId();
    List<Revocations.RevokedLink> withdrawn = new ArrayList<>();
    pool.withTransaction(conn -> locked(conn, id).compose(before -> {
        LocalDate newDate = date == null ? before.meetingDate() : date;
        LocalTime newStart = startsAt == null ? before.startsAt() : startsAt;
        LocalTime newEnd = endsAt == null ? before.endsAt() : endsAt;
        String newPlace = location == null ? before.location() : location.strip();
        if (!newEnd.isAfter(newStart)) {
          return Future.failedFuture(ApiError.invalid("endsAt", "must be after the start time"));
        }
        if (!newDate.equals(before.meetingDate()) && !confirmed) {
          ApiError refused = MeetingDate.refusal(newDate, LocalDate.now(Zone.LONDON), BankHolidays.current()).orElse(null);
          if (refused != null) {
            return Future.failedFuture(refused);
          }
        }
        if (newDate.equals(before.meetingDate()) && newStart.equals(before.startsAt()) && newEnd.equals(before.endsAt())
          && Objects.equals(newPlace, before.location())) {
          return Future.succeededFuture(before.toJson().put("notified", 0).put("linksWithdrawn", 0));
        }
        boolean newDay = !newDate.equals(before.meetingDate());
        return conn.preparedQuery(MeetingSql.MOVE).execute(Tuple.of(id, newDate, newStart, newEnd, newPlace))
          .compose(v -> withdrawLinks(conn, id, officer, newDay, "moved", withdrawn))
          .compose(v -> MeetingApi.load(conn, id))
          .compose(after -> mail.tellPanel(conn, after, MeetingMail.Change.MOVED).compose(told ->
            AuditTrail.record(conn, officer, AuditAction.MEETING_MOVED, "meeting:" + id, new JsonObject()
                .put("from", when(before)).put("to", when(after)).put("sequence", after.sequence()).put("notified", told)
                .put("linksWithdrawn", withdrawn.size()))
              .map(v -> after.toJson().put("notified", told).put("linksWithdrawn", withdrawn.size()))));
      }))
      .recover(MeetingApi::duplicateDate)
      .onSuccess(out -> {
        revocations.announceLinks(withdrawn);
        reloadRoom(id);
        Http.ok(ctx, 200, out);
      })
      .onFailure(ctx::fail);
  }

  /** {@code POST /api/meetings/{id}/cancel}: officer; a meeting not yet started. The panel is told. */
  public void cancel(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    UUID officer = Roles.identity(ctx).memberId();
    List<Revocations.RevokedLink> withdrawn = new ArrayList<>();
    List<UUID> rotated = new ArrayList<>();
    pool.withTransaction(conn -> locked(conn, id)
        .compose(before -> conn.preparedQuery(MeetingSql.CANCEL).execute(Tuple.of(id, officer)))
        .compose(v -> withdrawLinks(conn, id, officer, true, "cancelled", withdrawn))
        .compose(v -> MeetingApi.load(conn, id))
        // Issue 20: the cancelled meeting had no turn (R2), so later meetings of a series take theirs again.
        .compose(after -> MeetingSeries.rotateAfter(conn, after).map(changed -> {
          rotated.addAll(changed);
          return after;
        }))
        .compose(after -> mail.tellPanel(conn, after, MeetingMail.Change.CANCELLED).compose(told ->
          AuditTrail.record(conn, officer, AuditAction.MEETING_CANCELLED, "meeting:" + id, new JsonObject()
              .put("meetingDate", after.meetingDate().toString()).put("sequence", after.sequence()).put("notified", told)
              .put("linksWithdrawn", withdrawn.size()).put("rotationChanged", rotated.size()))
            .map(v -> after.toJson().put("notified", told).put("linksWithdrawn", withdrawn.size())
              .put("rotationChanged", new JsonArray(rotated.stream().map(UUID::toString).toList()))))))
      .onSuccess(out -> {
        revocations.announceLinks(withdrawn);
        reloadRoom(id);
        rotated.forEach(this::reloadRoom);
        Http.ok(ctx, 200, out);
      })
      .onFailure(ctx::fail);
  }

  /**
   * When {@code needed}, every live join link of the meeting is withdrawn on {@code conn}, each audited
   * ({@code join_link_revoked} with {@code why}); {@code into} collects them to announce after the commit.
   */
  private Future<Void> withdrawLinks(SqlConnection conn, UUID id, UUID officer, boolean needed, String why,
                                     List<Revocations.RevokedLink> into) {
    if (!needed) {
      return Future.succeededFuture();
    }
    return revocations.revokeLinks(conn, id, null).compose(gone -> {
      into.addAll(gone);
      return AuditTrail.recordAll(conn, gone.stream().map(g -> new AuditTrail.Entry(officer, AuditAction.JOIN_LINK_REVOKED,
        "join_link:" + g.linkId(), new JsonObject().put("meetingId", id.toString()).put("memberId", g.memberId().toString())
          .put(why, true))).toList());
    });
  }

  /** A room already loaded (members waiting in it) takes the new date or the cancellation from the database. */
  private void reloadRoom(UUID id) {
    vertx.eventBus().publish(Addresses.ROOMS_RELOAD, new JsonObject().put("meetingIds", new JsonArray().add(id.toString())));
  }

  /** The meeting, locked for this transaction: refused when cancelled already, opened, started or over. */
  private static Future<Meeting> locked(SqlConnection conn, UUID id) {
    return conn.preparedQuery(MeetingSql.LOCK).execute(Tuple.of(id))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("The meeting")) : MeetingApi.load(conn, id))
      .compose(m -> {
        if (m.cancelledAt() != null) {
          return Future.failedFuture(ApiError.conflict("meeting_cancelled", "This meeting was cancelled."));
        }
        if (!"planned".equals(m.status())) {
          // Once open, members are in its room and its key agencies have their summons: it goes ahead.
          return Future.failedFuture(ApiError.conflict("meeting_started",
            "This meeting is open, has started or is over: only a meeting not yet open for joining can be moved or cancelled."));
        }
        return Future.succeededFuture(m);
      });
  }

  private static JsonObject when(Meeting m) {
    return new JsonObject().put("meetingDate", m.meetingDate().toString()).put("startsAt", m.startsAt().toString())
      .put("endsAt", m.endsAt().toString()).put("location", m.location());
  }
}
