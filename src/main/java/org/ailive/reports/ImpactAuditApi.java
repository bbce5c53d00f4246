package org.ailive.reports;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.export.Download;
import org.ailive.protocol.Http;
import org.ailive.protocol.Zone;
import org.ailive.room.VolunteeredAction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code GET /api/reports/impact-audit} (and {@code .pdf}, {@code .xlsx}): the bi-monthly impact
 * audit (R12) for a period and a panel. The same readers as the other reports (the officer county
 * wide, a chair the panels they run; {@link PanelReach}); without dates it covers the two months
 * to today. Each file download is recorded in the audit trail.
 */
public final class ImpactAuditApi {

  static final String SUBJECT = "impact_audit_report";

  private final Vertx vertx;
  private final Pool pool;

  public ImpactAuditApi(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public void audit(RoutingContext ctx) {
    Period period = twoMonthsByDefault(ctx, Period.from(ctx));
    String path = ctx.request().path();
    String format = path.endsWith(".pdf") ? "pdf" : path.endsWith(".xlsx") ? "xlsx" : "json";
    Future<ImpactAudit> report = PanelReach.scope(pool, Roles.identity(ctx), period.panelId(), "panelId")
      .map(period::within).compose(this::assemble);
    if (format.equals("json")) {
      report.onSuccess(r -> Http.ok(ctx, 200, r.toJson())).onFailure(ctx::fail);
      return;
    }
    String fileName = Download.fileName(format, "impact-audit", period.from(), "to", period.to());
    report.compose(r -> vertx.executeBlocking(() -> Buffer.buffer(format.equals("pdf")
          ? ImpactAuditPdf.render(r, scope(r)) : ImpactAuditTables.xlsx(r)), false)
        .compose(body -> AuditTrail.record(pool, Roles.identity(ctx).memberId(), AuditAction.EXPORT, SUBJECT,
          new JsonObject().put("format", format).put("filters", period.toJson())
            .put("cases", r.allCases().size())
            .put("actions", r.allCases().stream().mapToInt(c -> c.actions().size()).sum()))
          .map(body)))
      .onSuccess(body -> Download.send(ctx, format.equals("pdf") ? Download.PDF : Download.XLSX, fileName, body))
      .onFailure(ctx::fail);
  }

  /**
   * An audit every two months: with neither date given it covers the two months to today, with one
   * of them the two months from or to it.
   */
  private static Period twoMonthsByDefault(RoutingContext ctx, Period asked) {
    boolean from = ctx.queryParams().contains("from");
    boolean to = ctx.queryParams().contains("to");
    if (from && to) {
      return asked;
    }
    LocalDate end = to ? asked.to() : from ? asked.from().plusMonths(2).minusDays(1) : Zone.today();
    LocalDate start = from ? asked.from() : end.minusMonths(2).plusDays(1);
    return new Period(start, end, asked.panelId(), null);
  }

  private Future<ImpactAudit> assemble(Period period) {
    LocalDate asOf = Zone.today();
    Future<List<ReportPanel>> panels = pool.preparedQuery(ReportsSql.PANELS)
      .execute(Tuple.tuple().addValue(period.panels()))
      .map(rows -> {
        List<ReportPanel> out = new ArrayList<>();
        rows.forEach(r -> out.add(ReportPanel.from(r)));
        return out;
      });
    Future<List<Row>> cases = pool.preparedQuery(ImpactAuditSql.CASES).execute(period.params()).map(rows -> {
      List<Row> out = new ArrayList<>();
      rows.forEach(out::add);
      return out;
    });
    Future<Map<UUID, List<ImpactAudit.Action>>> actions = cases.compose(rows -> pool
      .preparedQuery(ImpactAuditSql.ACTIONS)
      .execute(Tuple.tuple().addValue(rows.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new))
        .addValue(VolunteeredAction.AGREED.toArray(new String[0])))
      .map(found -> {
        Map<UUID, List<ImpactAudit.Action>> out = new HashMap<>();
        found.forEach(r -> out.computeIfAbsent(r.getUUID("case_id"), k -> new ArrayList<>())
          .add(ImpactAudit.Action.from(r, asOf)));
        return out;
      }));
    Future<CancelledMeetings> cancelled = CancelledMeetings.read(pool, period);
    return Future.all(panels, actions, cancelled).map(all -> ImpactAudit.assemble(period, asOf, panels.result(),
      cases.result().stream().map(r -> ImpactAudit.Case.from(r, actions.result().getOrDefault(r.getUUID("id"), List.of())))
        .toList(), cancelled.result()));
  }

  private static String scope(ImpactAudit audit) {
    return audit.panels().stream().map(p -> p.panel().label()).collect(Collectors.joining("; "));
  }
}
