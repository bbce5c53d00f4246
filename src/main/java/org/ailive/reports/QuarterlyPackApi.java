package org.ailive.reports;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Roles;
import org.ailive.export.Download;
import org.ailive.export.Spreadsheets;
import org.ailive.protocol.Http;
import org.ailive.protocol.Query;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/reports/quarterly?quarter=2026-Q4&panelId=}: the quarterly pack for the Local
 * Implementation Groups (R11) as JSON, {@code .pdf} or {@code .xlsx} (one sheet per section). It is
 * the existing reports ({@link ReportsApi}) run for the quarter, and for attendance for each of the
 * last four quarters, under the same rule: officer county-wide, a chair the panels they run. Each
 * file download is recorded in the audit trail.
 */
public final class QuarterlyPackApi {

  static final String AUDIT_SUBJECT = "quarterly_pack";

  private final Vertx vertx;
  private final Pool pool;
  private final ReportsApi reports;

  public QuarterlyPackApi(Vertx vertx, Pool pool, ReportsApi reports) {
    this.vertx = vertx;
    this.pool = pool;
    this.reports = reports;
  }

  public void pack(RoutingContext ctx) {
    Quarter quarter = Quarter.from(ctx);
    // The quarter sets the dates (from/to are not read); the panel is asked for as in every report.
    Period asked = new Period(quarter.from(), quarter.to(), Query.uuid(ctx, "panelId"), null);
    String path = ctx.request().path();
    String format = path.endsWith(".pdf") ? "pdf" : path.endsWith(".xlsx") ? "xlsx" : "json";
    Future<QuarterlyPack> pack = reports.scoped(ctx, asked).compose(scoped -> compose(quarter, scoped));
    if (format.equals("json")) {
      pack.onSuccess(p -> Http.ok(ctx, 200, p.toJson())).onFailure(ctx::fail);
      return;
    }
    String fileName = Download.fileName(format, "quarterly-pack", quarter.key());
    pack.compose(p -> vertx.executeBlocking(() -> file(format, p), false)
        .compose(body -> AuditTrail.record(pool, Roles.identity(ctx).memberId(), AuditAction.EXPORT, AUDIT_SUBJECT,
          new JsonObject().put("format", format).put("quarter", quarter.key()).put("filters", p.period().toJson())
            .put("rows", p.tables().stream().mapToInt(t -> t.rows().size()).sum())).map(body)))
      .onSuccess(body -> Download.send(ctx, format.equals("pdf") ? Download.PDF : Download.XLSX, fileName, body))
      .onFailure(ctx::fail);
  }

  private Future<QuarterlyPack> compose(Quarter quarter, Period scoped) {
    List<Quarter> quarters = quarter.lastFour();
    List<Future<AttendanceReport>> attendance = new ArrayList<>();
    quarters.forEach(q -> attendance.add(reports.attendance(in(q, scoped))));
    Future<NeedsReport> needs = reports.needs(scoped);
    Future<OutcomesReport> outcomes = reports.outcomes(scoped);
    Future<RowSet<Row>> byAgency = pool.preparedQuery(ReportsSql.REFERRALS_BY_AGENCY).execute(scoped.params());
    Future<RowSet<Row>> byDistrict = pool.preparedQuery(ReportsSql.REFERRALS_BY_DISTRICT).execute(scoped.params());
    List<Future<?>> all = new ArrayList<>(attendance);
    all.addAll(List.of(needs, outcomes, byAgency, byDistrict));
    return Future.all(all).map(done -> new QuarterlyPack(quarter, quarters,
      attendance.stream().map(Future::result).toList(), needs.result(), outcomes.result(),
      ReferralsReport.from(byAgency.result(), byDistrict.result())));
  }

  /** The same panels, over another quarter. */
  private static Period in(Quarter q, Period scoped) {
    return new Period(q.from(), q.to(), scoped.panelId(), scoped.panels());
  }

  private static Buffer file(String format, QuarterlyPack pack) {
    return Buffer.buffer(format.equals("pdf") ? QuarterlyPackPdf.render(pack) : Spreadsheets.xlsx(pack.tables()));
  }
}
