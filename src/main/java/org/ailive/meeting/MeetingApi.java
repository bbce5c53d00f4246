package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.calendar.BankHolidays;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Zone;
import org.ailive.room.Redaction;
import org.ailive.room.RoomAccess;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * REST for panels and meetings: create (with the R2 rotation; the panel is told, issue 19), list,
 * read. Moving and cancelling one: {@link MeetingChanges}.
 */
public final class MeetingApi {

  private final Pool pool;
  private final MeetingMail mail;
  private CallLinks callLinks = new CallLinks(List.of());

  public MeetingApi(Pool pool, MeetingMail mail) {
    this.pool = pool;
    this.mail = mail;
  }

  /** The hosts a meeting's call link may point at (the callLinkHosts setting). */
  public MeetingApi withCallLinks(CallLinks links) {
    this.callLinks = links;
    return this;
  }

  /** Every panel for the officer; a chair's list holds the panels they run ({@link PanelReach}). */
  public void listPanels(RoutingContext ctx) {
    PanelReach.panelsRun(pool, Roles.identity(ctx))
      .compose(run -> pool.preparedQuery(MeetingSql.PANELS)
        .execute(Tuple.tuple().addValue(run == null ? null : run.toArray(new UUID[0]))))
      .map(rows -> {
        JsonArray out = new JsonArray();
        for (Row row : rows) {
          out.add(new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))
            .put("code", row.getString("code")).put("doubleDistrict", row.getString("double_district"))
            .put("districts", new JsonArray(row.getValue("districts").toString())));
        }
        return out;
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** Every agency, for choosing who owns an action or whom a member represents. */
  public void listAgencies(RoutingContext ctx) {
    pool.query(MeetingSql.AGENCIES).execute()
      .map(rows -> {
        JsonArray out = new JsonArray();
        rows.forEach(r -> out.add(new JsonObject().put("id", r.getUUID("id").toString())
          .put("name", r.getString("name")).put("attendance", r.getString("attendance"))));
        return out;
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    Future<RowSet<Row>> rows = who.is("officer")
      ? pool.query(MeetingSql.ALL).execute()
      : pool.preparedQuery(MeetingSql.FOR_MEMBER).execute(Tuple.of(who.memberId()));
    rows.map(found -> toJsonArray(who, found))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  public void get(RoutingContext ctx) {
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    load(id)
      .compose(meeting -> checkAccess(Roles.identity(ctx), meeting))
      .onSuccess(meeting -> Http.ok(ctx, 200, Redaction.meeting(Roles.identity(ctx), meeting.toJson())))
      .onFailure(ctx::fail);
  }

  public void create(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    UUID panelId = Json.uuid(body, "panelId", true);
    LocalDate date = Json.date(body, "meetingDate", true);
    LocalTime startsAt = orDefault(Json.time(body, "startsAt", false), LocalTime.of(9, 30));
    LocalTime endsAt = orDefault(Json.time(body, "endsAt", false), LocalTime.of(12, 30));
    String location = orDefault(Json.text(body, "location", 200, false), "");
    UUID requestedFirst = Json.uuid(body, "firstDistrictId", false);
    String callUrl = callLinks.check(Json.text(body, "callUrl", 2000, false));
    if (!endsAt.isAfter(startsAt)) {
      throw ApiError.invalid("endsAt", "must be after the start time");
    }
    if (!Boolean.TRUE.equals(Json.bool(body, "confirmed", false))) {
      MeetingDate.refusal(date, LocalDate.now(Zone.LONDON), BankHolidays.current()).ifPresent(e -> {
        throw e;
      });
    }
    pool.withTransaction(conn -> conn.preparedQuery(MeetingSql.PANEL_DISTRICTS).execute(Tuple.of(panelId))
        .compose(districtRows -> {
          List<UUID> districts = new ArrayList<>();
          districtRows.forEach(r -> districts.add(r.getUUID("id")));
          if (districts.isEmpty()) {
            return Future.failedFuture(ApiError.invalid("panelId", "is not a known panel"));
          }
          if (requestedFirst != null) {
            return districts.contains(requestedFirst)
              ? Future.succeededFuture(requestedFirst)
              : Future.failedFuture(ApiError.invalid("firstDistrictId", "is not a district of this panel"));
          }
          return conn.preparedQuery(MeetingSql.PREVIOUS_FIRST_DISTRICT).execute(Tuple.of(panelId, date))
            .map(prev -> Rotation.nextFirst(districts, districtRows.iterator().next().getUUID("first_district_id"),
              prev.iterator().hasNext() ? prev.iterator().next().getUUID(0) : null));
        })
        .compose(first -> conn.preparedQuery(MeetingSql.INSERT)
          .execute(Tuple.of(panelId, date, startsAt, endsAt, location, first).addString(callUrl)))
        // Issue 19: each member of the panel gets the meeting for their calendar, in this transaction.
        .compose(rows -> load(conn, rows.iterator().next().getUUID("id")))
        .compose(meeting -> mail.tellPanel(conn, meeting, MeetingMail.Change.SCHEDULED).map(meeting)))
      .recover(MeetingApi::duplicateDate)
      .onSuccess(meeting -> {
        ctx.response().putHeader("Location", "/api/meetings/" + meeting.id());
        Http.ok(ctx, 201, meeting.toJson());
      })
      .onFailure(ctx::fail);
  }

  public Future<Meeting> load(UUID id) {
    return load(pool, id);
  }

  /** The meeting as {@code client} (a transaction's connection, say) sees it. */
  static Future<Meeting> load(SqlClient client, UUID id) {
    return client.preparedQuery(MeetingSql.BY_ID).execute(Tuple.of(id))
      .compose(rows -> rows.iterator().hasNext()
        ? Future.succeededFuture(Meeting.from(rows.iterator().next()))
        : Future.failedFuture(ApiError.notFound("The meeting")));
  }

  /** Who may reach the meeting is the room's one rule ({@link RoomAccess}), asked of the database. */
  public Future<Meeting> checkAccess(Identity who, Meeting meeting) {
    return RoomAccess.seat(pool, meeting.id(), who.memberId())
      .compose(seat -> RoomAccess.mayEnter(who, meeting.id(), seat) ? Future.succeededFuture(meeting)
        : Future.failedFuture(ApiError.forbidden("You are not a member of this meeting's panel.")));
  }

  static <T> Future<T> duplicateDate(Throwable failure) {
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(ApiError.conflict("meeting_exists", "This panel already meets on that date."));
    }
    return Future.failedFuture(failure);
  }

  private static JsonArray toJsonArray(Identity who, RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(row -> out.add(Redaction.meeting(who, Meeting.from(row).toJson())));
    return out;
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
