package org.ailive.reports;

import org.ailive.export.Table;
import org.ailive.export.TaggedPdf;

import java.util.List;

/**
 * The impact audit as a tagged PDF (PDF/UA, with PDF/A-3a), laid out like the minutes: an XHTML
 * page of real headings and tables with header cells, in British English, in the embedded DejaVu
 * Sans. It shows the same two tables as the XLSX ({@link ImpactAuditTables}) after a summary.
 * Blocking (CPU only): run it with executeBlocking.
 */
final class ImpactAuditPdf {

  static final String MARKING = "OFFICIAL-SENSITIVE: for those involved in the A&I process only";
  static final String FONT = TaggedPdf.FONT;

  private static final String CSS = """
    @page { size: A4 landscape; margin: 50px 40px 60px 40px;
      @bottom-center { content: "%s  ·  Page " counter(page); font-family: '%s'; font-size: 8pt; color: #555; } }
    body { font-family: '%s'; font-size: 9pt; line-height: 1.3; }
    h1 { font-size: 16pt; margin: 4px 0; }
    h2 { font-size: 13pt; margin: 14px 0 4px 0; }
    p { margin: 0 0 4px 0; }
    table { width: 100%%; border-collapse: collapse; margin: 4px 0 6px 0; }
    th, td { border: 1px solid #888; padding: 3px; text-align: left; vertical-align: top; }
    th { background-color: #e6ecf5; font-weight: bold; }
    """;

  private ImpactAuditPdf() {
  }

  static byte[] render(ImpactAudit audit, String scope) {
    return TaggedPdf.render(xhtml(audit, scope), "The impact audit PDF");
  }

  static String title(ImpactAudit audit) {
    return "Impact audit, " + ImpactAuditTables.DAY.format(audit.period().from()) + " to "
      + ImpactAuditTables.DAY.format(audit.period().to());
  }

  static String xhtml(ImpactAudit audit, String scope) {
    String title = title(audit);
    StringBuilder html = new StringBuilder(16 * 1024);
    html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-GB\" xml:lang=\"en-GB\">")
      .append("<head><meta charset=\"utf-8\"/><title>").append(esc(title)).append("</title>")
      .append("<meta name=\"subject\" content=\"").append(esc(title)).append("\"/>")
      .append("<meta name=\"author\" content=\"A&amp;I Live\"/>")
      .append("<style>").append(CSS.formatted(esc(MARKING), FONT, FONT)).append("</style></head><body>")
      .append("<h1>").append(esc(title)).append("</h1>")
      .append("<p>").append(esc(scope + ". Cases discussed at meetings held in the period; actions counted as they stood on "
        + ImpactAuditTables.DAY.format(audit.asOf()) + "; an action was completed on time when it was closed on or"
        + " before its due date.")).append("</p>")
      .append("<p>").append(esc(MARKING)).append("</p>")
      .append("<h2>Summary</h2>");
    summary(html, audit);
    html.append("<h2>Cases discussed</h2>");
    grid(html, ImpactAuditTables.cases(audit), "No case was discussed in this period.");
    html.append("<h2>Their actions</h2>");
    grid(html, ImpactAuditTables.actions(audit), "These cases have no agreed actions.");
    html.append("<h2>Cancelled meetings</h2>");
    grid(html, audit.cancelled().toTable(), "No meeting was cancelled in this period.");
    return html.append("</body></html>").toString();
  }

  private static void summary(StringBuilder html, ImpactAudit audit) {
    var totals = ImpactAudit.totals(audit.allCases());
    var actions = totals.getJsonObject("actions");
    var need = totals.getJsonObject("need");
    Integer onTime = actions.getInteger("onTimePercent");
    List<List<Object>> rows = List.of(
      List.of("Cases discussed", totals.getInteger("cases")),
      List.of("Agreed actions", actions.getInteger("total")),
      List.of("Closed on time", actions.getInteger("onTime")),
      List.of("Closed late", actions.getInteger("late")),
      List.of("Closed on time, of those closed", onTime == null ? "–" : onTime + "%"),
      List.of("Open, past their due date", actions.getInteger("overdue")),
      List.of("Need met at review", need.getInteger("met")),
      List.of("Need not met at review", need.getInteger("notMet")),
      List.of("Not yet reviewed", need.getInteger("notReviewed")),
      List.of("Time planned (min)", TimingReport.minutes(totals.getInteger("plannedSeconds"))),
      List.of("Time got (min)", TimingReport.minutes(totals.getInteger("usedSeconds"))));
    grid(html, new Table("Summary", List.of("Measure", "Figure"), rows), "");
  }

  private static void grid(StringBuilder html, Table table, String empty) {
    if (table.rows().isEmpty()) {
      html.append("<p>").append(esc(empty)).append("</p>");
      return;
    }
    html.append("<table><thead><tr>");
    table.headers().forEach(h -> html.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
    html.append("</tr></thead><tbody>");
    for (List<Object> row : table.rows()) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(esc(ImpactAuditTables.text(cell))).append("</td>"));
      html.append("</tr>");
    }
    html.append("</tbody></table>");
  }

  static String esc(String text) {
    return TaggedPdf.esc(text);
  }
}
