package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.calendar.BankHolidays;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Query;
import org.ailive.protocol.Zone;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A panel's meetings made as a series (issue 20): {@code POST /api/panels/{id}/meeting-series}
 * (officer; {@code ?dryRun=true} answers the dates and first districts and makes nothing) and
 * {@code GET} (the officer, or a chair who runs the panel). The dates follow {@link SeriesRule}, a
 * bank holiday moving to the next working day; a date the panel already meets on refuses the whole
 * series ({@code 409 series_dates_taken}); the first district rotates (R2, {@link Rotation}) on from
 * the panel's last meeting; the members get ONE notice for the whole series. Each meeting is then
 * its own: moved or cancelled one by one ({@link MeetingChanges}), after which {@link #rotateAfter}
 * gives the later meetings of series their turns again.
 */
public final class MeetingSeries {

  private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

  private final Pool pool;
  private final MeetingMail mail;

  public MeetingSeries(Pool pool, MeetingMail mail) {
    this.pool = pool;
    this.mail = mail;
  }

  /** What the request asks for, checked. */
  private record Request(UUID panelId, SeriesRule rule, LocalTime startsAt, LocalTime endsAt, String location,
                         LocalDate from, Integer count, LocalDate until, List<SeriesRule.Date> dates) {
  }

  /** One meeting the series makes: its date and the district going first. */
  private record Planned(SeriesRule.Date date, UUID firstId, String first) {
    JsonObject toJson() {
      return new JsonObject().put("meetingDate", date.date().toString()).put("plannedDate", date.planned().toString())
        .put("shifted", date.shifted()).put("holiday", date.holiday())
        .put("firstDistrictId", firstId.toString()).put("firstDistrict", first);
    }
  }

  public void create(RoutingContext ctx) {
    Request req = request(ctx);
    boolean dryRun = Query.flag(ctx, "dryRun");
    UUID officer = Roles.identity(ctx).memberId();
    Future<JsonObject> done = dryRun
      ? pool.withConnection(conn -> plan(conn, req)).map(planned -> summary(req, planned).put("dryRun", true))
      : pool.withTransaction(conn -> conn.preparedQuery(MeetingSql.LOCK_PANEL).execute(Tuple.of(req.panelId()))
        .compose(v -> plan(conn, req))
        .compose(planned -> insert(conn, req, officer, planned)));
    done.recover(MeetingApi::duplicateDate)
      .onSuccess(out -> Http.ok(ctx, dryRun ? 200 : 201, out))
      .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    UUID panelId = Json.uuid(ctx.pathParam("panelId"), "panelId");
    PanelReach.scope(pool, Roles.identity(ctx), panelId, "panelId")
      .compose(v -> pool.preparedQuery(MeetingSql.SERIES_OF_PANEL).execute(Tuple.of(panelId)))
      .map(rows -> {
        JsonArray out = new JsonArray();
        for (Row r : rows) {
          SeriesRule rule = SeriesRule.stored(r.getInteger("week"), r.getInteger("weekday"));
          out.add(new JsonObject().put("id", r.getUUID("id").toString()).put("panelId", panelId.toString())
            .put("week", rule.weekWord()).put("weekday", rule.weekdayWord()).put("rule", rule.describe())
            .put("startsAt", r.getLocalTime("starts_at").toString()).put("endsAt", r.getLocalTime("ends_at").toString())
            .put("location", r.getString("location")).put("fromDate", r.getLocalDate("from_date").toString())
            .put("count", r.getInteger("meeting_count"))
            .put("untilDate", r.getLocalDate("until_date") == null ? null : r.getLocalDate("until_date").toString())
            .put("createdBy", r.getString("created_by"))
            .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toEpochMilli())
            .put("meetings", new JsonArray(r.getValue("meetings").toString())));
        }
        return out;
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  private static Request request(RoutingContext ctx) {
    UUID panelId = Json.uuid(ctx.pathParam("panelId"), "panelId");
    JsonObject body = Http.body(ctx);
    SeriesRule rule = SeriesRule.of(Json.text(body, "week", 20, true), Json.text(body, "weekday", 20, true));
    LocalTime startsAt = orDefault(Json.time(body, "startsAt", false), LocalTime.of(9, 30));
    LocalTime endsAt = orDefault(Json.time(body, "endsAt", false), LocalTime.of(12, 30));
    String location = orDefault(Json.text(body, "location", 200, false), "").strip();
    LocalDate from = Json.date(body, "fromDate", true);
    Integer count = Json.integer(body, "count", 1, SeriesRule.MAX_MEETINGS, false);
    LocalDate until = Json.date(body, "untilDate", false);
    if (!endsAt.isAfter(startsAt)) {
      throw ApiError.invalid("endsAt", "must be after the start time");
    }
    if (from.isBefore(LocalDate.now(Zone.LONDON))) {
      throw ApiError.invalid("fromDate", "must not be in the past");
    }
    if ((count == null) == (until == null)) {
      throw ApiError.invalid("count", count == null ? "is needed, or a last date: say how long the series runs"
        : "or a last date, not both: say how long the series runs one way");
    }
    if (until != null && until.isBefore(from)) {
      throw ApiError.invalid("untilDate", "must not be before the first date");
    }
    return new Request(panelId, rule, startsAt, endsAt, location, from, count, until,
      rule.dates(from, count, until, BankHolidays.current()));
  }

  /** The series' meetings with their first districts, or 409 when the panel already meets on any of the dates. */
  private static Future<List<Planned>> plan(SqlConnection conn, Request req) {
    Future<RowSet<Row>> districts = conn.preparedQuery(MeetingSql.PANEL_DISTRICTS).execute(Tuple.of(req.panelId()));
    Future<RowSet<Row>> meetings = conn.preparedQuery(MeetingSql.PANEL_MEETINGS).execute(Tuple.of(req.panelId()));
    return Future.all(districts, meetings).compose(all -> {
      if (districts.result().size() == 0) {
        return Future.failedFuture(ApiError.notFound("The panel"));
      }
      List<UUID> ids = new ArrayList<>();
      Map<UUID, String> names = new HashMap<>();
      districts.result().forEach(r -> {
        ids.add(r.getUUID("id"));
        names.put(r.getUUID("id"), r.getString("name"));
      });
      UUID panelFirst = districts.result().iterator().next().getUUID("first_district_id");
      Map<LocalDate, Boolean> existing = new HashMap<>();
      TreeMap<LocalDate, UUID> firsts = new TreeMap<>();
      for (Row r : meetings.result()) {
        existing.put(r.getLocalDate("meeting_date"), r.getBoolean("cancelled"));
        if (!r.getBoolean("cancelled")) {
          firsts.put(r.getLocalDate("meeting_date"), r.getUUID("first_district_id"));
        }
      }
      List<SeriesRule.Date> taken = req.dates().stream().filter(d -> existing.containsKey(d.date())).toList();
      if (!taken.isEmpty()) {
        return Future.failedFuture(taken(taken, existing));
      }
      List<Planned> out = new ArrayList<>();
      for (SeriesRule.Date d : req.dates()) {
        var before = firsts.lowerEntry(d.date());
        UUID first = Rotation.nextFirst(ids, panelFirst, before == null ? null : before.getValue());
        firsts.put(d.date(), first);
        out.add(new Planned(d, first, names.get(first)));
      }
      return Future.succeededFuture(out);
    });
  }

  private static ApiError taken(List<SeriesRule.Date> taken, Map<LocalDate, Boolean> existing) {
    List<String> words = taken.stream().map(d -> d.date().format(LONG_DATE)
      + (existing.get(d.date()) ? " (a cancelled meeting)" : "")).toList();
    return ApiError.conflict("series_dates_taken", "This panel already has a meeting on " + String.join(", ", words)
        + ". Nothing was created: choose other dates, or move that meeting first.")
      .with("dates", new JsonArray(taken.stream().map(d -> d.date().toString()).toList()));
  }

  private Future<JsonObject> insert(SqlConnection conn, Request req, UUID officer, List<Planned> planned) {
    return conn.preparedQuery(MeetingSql.INSERT_SERIES).execute(Tuple.tuple().addValue(req.panelId())
        .addValue((short) req.rule().week()).addValue((short) req.rule().weekday().getValue())
        .addValue(req.startsAt()).addValue(req.endsAt()).addValue(req.location()).addValue(req.from())
        .addValue(req.count() == null ? null : req.count().shortValue()).addValue(req.until()).addValue(officer))
      .compose(rows -> {
        UUID seriesId = rows.iterator().next().getUUID("id");
        // Queued on the connection together (it runs them in order), not chained one after another.
        List<Future<Meeting>> made = planned.stream().map(p -> conn.preparedQuery(MeetingSql.INSERT_IN_SERIES)
            .execute(Tuple.tuple().addValue(req.panelId()).addValue(p.date().date()).addValue(req.startsAt())
              .addValue(req.endsAt()).addValue(req.location()).addValue(p.firstId()).addValue(seriesId))
            .compose(r -> MeetingApi.load(conn, r.iterator().next().getUUID("id"))))
          .toList();
        return Future.all(made).compose(v -> {
          List<Meeting> meetings = made.stream().map(Future::result).toList();
          return mail.tellPanelOfSeries(conn, seriesId, req.rule().describe(), meetings).compose(told ->
            AuditTrail.record(conn, officer, AuditAction.MEETING_SERIES_CREATED, "meeting_series:" + seriesId,
                new JsonObject().put("panelId", req.panelId().toString()).put("rule", req.rule().describe())
                  .put("dates", new JsonArray(meetings.stream().map(m -> m.meetingDate().toString()).toList()))
                  .put("notified", told))
              .map(x -> {
                JsonArray list = new JsonArray();
                meetings.forEach(m -> list.add(m.toJson()));
                return summary(req, planned).put("id", seriesId.toString()).put("notified", told).put("meetings", list);
              }));
        });
      });
  }

  private static JsonObject summary(Request req, List<Planned> planned) {
    JsonArray dates = new JsonArray();
    planned.forEach(p -> dates.add(p.toJson()));
    return new JsonObject().put("panelId", req.panelId().toString()).put("week", req.rule().weekWord())
      .put("weekday", req.rule().weekdayWord()).put("rule", req.rule().describe())
      .put("startsAt", req.startsAt().toString()).put("endsAt", req.endsAt().toString()).put("location", req.location())
      .put("fromDate", req.from().toString()).put("count", req.count())
      .put("untilDate", req.until() == null ? null : req.until().toString())
      .put("dates", dates).put("meetings", new JsonArray());
  }

  /**
   * R2 after a cancel (on the cancel's connection): the cancelled meeting had no turn, so each later
   * meeting of a series not yet open takes the turn after the meeting before it. A meeting made on
   * its own keeps its first district, which the officer may have chosen, and passes the turn on; one
   * open or held keeps its own, and so does one whose agenda is built (its sections follow its first
   * district, R1, and an agenda is not rebuilt behind the officer's back). Returns the meetings whose first district changed.
   */
  static Future<List<UUID>> rotateAfter(SqlConnection conn, Meeting cancelled) {
    Future<RowSet<Row>> districts = conn.preparedQuery(MeetingSql.PANEL_DISTRICTS).execute(Tuple.of(cancelled.panelId()));
    Future<RowSet<Row>> meetings = conn.preparedQuery(MeetingSql.PANEL_MEETINGS).execute(Tuple.of(cancelled.panelId()));
    return Future.all(districts, meetings).compose(all -> {
      List<UUID> ids = new ArrayList<>();
      districts.result().forEach(r -> ids.add(r.getUUID("id")));
      UUID panelFirst = districts.result().iterator().next().getUUID("first_district_id");
      UUID previous = null;
      List<UUID> changed = new ArrayList<>();
      List<Future<?>> updates = new ArrayList<>();
      for (Row r : meetings.result()) {
        if (r.getBoolean("cancelled")) {
          continue;
        }
        UUID first = r.getUUID("first_district_id");
        if (r.getLocalDate("meeting_date").isAfter(cancelled.meetingDate()) && r.getUUID("series_id") != null
          && "planned".equals(r.getString("status")) && !r.getBoolean("has_agenda")) {
          UUID turn = Rotation.nextFirst(ids, panelFirst, previous);
          if (!turn.equals(first)) {
            first = turn;
            changed.add(r.getUUID("id"));
            updates.add(conn.preparedQuery(MeetingSql.SET_FIRST_DISTRICT).execute(Tuple.of(r.getUUID("id"), turn)));
          }
        }
        previous = first;
      }
      return Future.all(updates).map(v -> changed);
    });
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
