package org.ailive.reports;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.export.Download;
import org.ailive.export.Spreadsheets;
import org.ailive.export.Table;
import org.ailive.protocol.Http;
import org.ailive.protocol.Query;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code GET /api/reports/{attendance,needs,outcomes,timing}}: JSON for the web page's charts, and the
 * same report as {@code .csv} or {@code .xlsx} for Local Implementation Groups (R3, R11). A file
 * download is recorded in the audit trail like any export. The officer's reports cover the county; a
 * chair's only the panels they run ({@link PanelReach}), and asking for another panel is 403.
 */
public final class ReportsApi {

  private final Vertx vertx;
  private final Pool pool;

  public ReportsApi(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public void attendance(RoutingContext ctx) {
    Period period = Period.from(ctx);
    respond(ctx, "attendance", period.toJson(), scoped(ctx, period).compose(this::attendance),
      AttendanceReport::toJson, r -> List.of(r.toTable(), r.cancelled().toTable()));
  }

  public void needs(RoutingContext ctx) {
    Period period = Period.from(ctx);
    respond(ctx, "presenting-needs", period.toJson(), scoped(ctx, period).compose(this::needs),
      NeedsReport::toJson, r -> List.of(r.toTable()));
  }

  public void outcomes(RoutingContext ctx) {
    Period period = Period.from(ctx);
    respond(ctx, "outcomes", period.toJson(), scoped(ctx, period).compose(this::outcomes),
      OutcomesReport::toJson, r -> List.of(r.toTable()));
  }

  public void timing(RoutingContext ctx) {
    Period period = Period.from(ctx);
    UUID meetingId = Query.uuid(ctx, "meetingId");
    Future<Void> meetingInReach = meetingId == null ? Future.succeededFuture()
      : PanelReach.requireRunsMeeting(pool, Roles.identity(ctx), meetingId, "meetingId");
    Future<TimingReport> report = meetingInReach.compose(v -> scoped(ctx, period))
      .compose(scope -> pool.preparedQuery(ReportsSql.TIMING).execute(scope.params().addValue(meetingId))
        .map(rows -> TimingReport.assemble(scope, meetingId, rows)));
    respond(ctx, "timing", period.toJson().put("meetingId", meetingId == null ? null : meetingId.toString()), report,
      TimingReport::toJson, r -> List.of(r.toTable()));
  }

  /** The period, reading only the panels the caller runs (403 for a panel asked for that they do not). */
  Future<Period> scoped(RoutingContext ctx, Period period) {
    return PanelReach.scope(pool, Roles.identity(ctx), period.panelId(), "panelId").map(period::within);
  }

  Future<AttendanceReport> attendance(Period period) {
    Future<RowSet<Row>> held = pool.preparedQuery(ReportsSql.MEETINGS_HELD).execute(period.params());
    Future<RowSet<Row>> partners = pool.preparedQuery(ReportsSql.PANEL_PARTNER_AGENCIES)
      .execute(Tuple.tuple().addValue(period.panels()));
    Future<RowSet<Row>> marks = pool.preparedQuery(ReportsSql.ATTENDANCE).execute(period.params());
    Future<RowSet<Row>> agencies = pool.query(ReportsSql.AGENCIES).execute();
    Future<RowSet<Row>> byMonth = pool.preparedQuery(ReportsSql.ATTENDANCE_BY_MONTH).execute(period.params());
    return Future.all(List.of(panels(period), held, partners, marks, agencies, byMonth)).map(all -> {
      Map<UUID, Integer> meetings = counts(held.result(), "meetings");
      List<AttendanceReport.Panel> panels = new ArrayList<>();
      for (ReportPanel p : panelsOf(all)) {
        panels.add(new AttendanceReport.Panel(p.id(), p.code(), p.name(), meetings.getOrDefault(p.id(), 0)));
      }
      Map<UUID, AttendanceReport.Agency> agencyMap = new HashMap<>();
      agencies.result().forEach(r -> agencyMap.put(r.getUUID("id"), new AttendanceReport.Agency(r.getUUID("id"),
        r.getString("name"), "county_wide".equals(r.getString("attendance")))));
      Map<UUID, Set<UUID>> partnerAgencies = new HashMap<>();
      partners.result().forEach(r -> partnerAgencies.computeIfAbsent(r.getUUID("panel_id"), k -> new HashSet<>())
        .add(r.getUUID("agency_id")));
      List<AttendanceReport.Mark> markList = new ArrayList<>();
      marks.result().forEach(r -> markList.add(new AttendanceReport.Mark(r.getUUID("panel_id"), r.getUUID("agency_id"),
        r.getInteger("rank"), r.getInteger("meetings"))));
      Map<YearMonth, AttendanceReport.Month> months = new HashMap<>();
      byMonth.result().forEach(r -> {
        YearMonth month = YearMonth.parse(r.getString("month"));
        AttendanceReport.Month m = months.computeIfAbsent(month,
          k -> new AttendanceReport.Month(k, r.getInteger("meetings"), new HashMap<>()));
        if (r.getUUID("agency_id") != null) {
          m.attended().put(r.getUUID("agency_id"), r.getInteger("attended"));
        }
      });
      return AttendanceReport.assemble(period, panels, agencyMap, partnerAgencies, markList)
        .withMonths(AttendanceReport.Month.everyMonth(period.from(), period.to(), months));
    }).compose(report -> CancelledMeetings.read(pool, period).map(report::withCancelled));
  }

  Future<NeedsReport> needs(Period period) {
    Future<RowSet<Row>> cases = pool.preparedQuery(ReportsSql.CASE_COUNTS).execute(period.params());
    Future<RowSet<Row>> needs = pool.preparedQuery(ReportsSql.NEEDS).execute(period.params());
    return Future.all(panels(period), cases, needs).map(all -> {
      List<NeedsReport.Count> counts = new ArrayList<>();
      needs.result().forEach(r -> counts.add(new NeedsReport.Count(r.getUUID("panel_id"), r.getString("need"),
        r.getInteger("cases"))));
      return NeedsReport.assemble(period, panelsOf(all), counts(cases.result(), "cases"), counts);
    });
  }

  Future<OutcomesReport> outcomes(Period period) {
    Future<RowSet<Row>> rows = pool.preparedQuery(ReportsSql.OUTCOMES).execute(period.params());
    return Future.all(panels(period), rows).map(all -> {
      List<OutcomesReport.Count> counts = new ArrayList<>();
      rows.result().forEach(r -> counts.add(new OutcomesReport.Count(r.getUUID("panel_id"), r.getInteger("year"),
        r.getInteger("quarter"), r.getString("outcome"), r.getInteger("cases"))));
      return OutcomesReport.assemble(period, panelsOf(all), counts);
    });
  }

  private Future<List<ReportPanel>> panels(Period period) {
    return pool.preparedQuery(ReportsSql.PANELS).execute(Tuple.tuple().addValue(period.panels()))
      .map(rows -> {
        List<ReportPanel> out = new ArrayList<>();
        rows.forEach(r -> out.add(ReportPanel.from(r)));
        return out;
      });
  }

  @SuppressWarnings("unchecked")
  private static List<ReportPanel> panelsOf(CompositeFuture all) {
    return (List<ReportPanel>) all.resultAt(0);
  }

  private static Map<UUID, Integer> counts(RowSet<Row> rows, String column) {
    Map<UUID, Integer> out = new HashMap<>();
    rows.forEach(r -> out.put(r.getUUID("panel_id"), r.getInteger(column)));
    return out;
  }

  /**
   * JSON, or the report's tables as a CSV (the first table) or an XLSX (a sheet each) download, chosen by
   * the path's extension, audited.
   */
  private <R> void respond(RoutingContext ctx, String name, JsonObject filters, Future<R> report,
                           Function<R, JsonObject> json, Function<R, List<Table>> tables) {
    String path = ctx.request().path();
    String format = path.endsWith(".csv") ? "csv" : path.endsWith(".xlsx") ? "xlsx" : "json";
    if (format.equals("json")) {
      report.onSuccess(r -> Http.ok(ctx, 200, json.apply(r))).onFailure(ctx::fail);
      return;
    }
    String fileName = Download.fileName(format, name, filters.getString("from"), "to", filters.getString("to"));
    report.map(tables)
      .compose(t -> file(format, t).compose(body -> AuditTrail.record(pool, Roles.identity(ctx).memberId(),
          AuditAction.EXPORT, name.replace('-', '_') + "_report",
          new JsonObject().put("format", format).put("filters", filters).put("rows", t.get(0).rows().size()))
        .map(body)))
      .onSuccess(body -> Download.send(ctx, format.equals("csv") ? Download.CSV : Download.XLSX, fileName, body))
      .onFailure(ctx::fail);
  }

  /** CSV is quick to write on the event loop; the XLSX writer runs on a worker. */
  private Future<Buffer> file(String format, List<Table> tables) {
    return format.equals("csv") ? Future.succeededFuture(Spreadsheets.csv(tables.get(0)))
      : vertx.executeBlocking(() -> Buffer.buffer(Spreadsheets.xlsx(tables)), false);
  }
}
