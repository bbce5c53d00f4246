package org.ailive.reports;

import org.ailive.export.Table;
import org.ailive.export.TaggedPdf;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The quarterly pack as a tagged PDF (PDF/UA, PDF/A-3a), laid out by openhtmltopdf like the minutes:
 * a heading and a table with header cells per section, from the same {@link Table}s as the XLSX, so
 * the two files say the same. A4 landscape, for the wide attendance table. Blocking (CPU only): run
 * it with executeBlocking.
 */
final class QuarterlyPackPdf {

  static final String FONT = TaggedPdf.FONT;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

  /** Each section's heading and the sentence under it, in the order of {@link QuarterlyPack#tables()}. */
  private static final List<String[]> SECTIONS = List.of(
    new String[] {"Attendance per agency", "Meetings each agency attended this quarter: in the room, remote or by a substitute."},
    new String[] {"Attendance over the last four quarters", "The percentage of meetings attended, quarter by quarter."},
    new String[] {"Presenting-needs themes", "Cases brought this quarter with each need; a case may have several."},
    new String[] {"Step-up outcomes", "Of the cases brought this quarter: stepped up to an Assessment, IFST, TYS or otherwise."},
    new String[] {"Referrals by presenting agency", "Cases brought this quarter, by the presenter's agency."},
    new String[] {"Referrals by district", "Cases brought this quarter, by the family's district."},
    new String[] {"Cancelled meetings", "Meetings of this quarter that were cancelled: they are not counted in attendance."});

  private static final String CSS = """
    @page { size: A4 landscape; margin: 40px 36px 50px 36px;
      @bottom-center { content: "A&amp;I Live  ·  Page " counter(page) " of " counter(pages); font-family: '%s'; font-size: 7pt; color: #555; } }
    body { font-family: '%s'; font-size: 8pt; line-height: 1.25; }
    h1 { font-size: 15pt; margin: 0 0 4px 0; }
    h2 { font-size: 11pt; margin: 14px 0 2px 0; }
    p { margin: 0 0 4px 0; }
    p.none { font-style: italic; }
    table { width: 100%%; border-collapse: collapse; margin: 2px 0 6px 0; -fs-table-paginate: paginate; }
    th, td { border: 1px solid #888; padding: 2px 3px; text-align: left; vertical-align: top; }
    td.n { text-align: right; }
    tr { page-break-inside: avoid; }
    th { background-color: #e6ecf5; font-weight: bold; }
    """;

  private QuarterlyPackPdf() {
  }

  static byte[] render(QuarterlyPack pack) {
    return TaggedPdf.render(xhtml(pack), "The quarterly pack PDF");
  }

  static String xhtml(QuarterlyPack pack) {
    StringBuilder html = new StringBuilder(32 * 1024);
    html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-GB\" xml:lang=\"en-GB\">")
      .append("<head><meta charset=\"utf-8\"/><title>").append(esc(pack.title())).append("</title>")
      .append("<meta name=\"subject\" content=\"").append(esc(pack.title())).append("\"/>")
      .append("<meta name=\"author\" content=\"A&amp;I Live\"/>")
      .append("<style>").append(CSS.formatted(FONT, FONT)).append("</style></head><body>")
      .append("<h1>").append(esc(pack.title())).append("</h1>")
      .append("<p>Meetings from ").append(esc(DAY.format(pack.quarter().from()))).append(" to ")
      .append(esc(DAY.format(pack.quarter().to()))).append(". ").append(esc(pack.coverage())).append(".</p>");
    List<Table> tables = pack.tables();
    for (int i = 0; i < tables.size(); i++) {
      html.append("<h2>").append(esc(SECTIONS.get(i)[0])).append("</h2><p>").append(esc(SECTIONS.get(i)[1])).append("</p>");
      table(html, tables.get(i));
    }
    return html.append("</body></html>").toString();
  }

  private static void table(StringBuilder html, Table t) {
    if (t.rows().isEmpty()) {
      html.append("<p class=\"none\">None this quarter.</p>");
      return;
    }
    html.append("<table><thead><tr>");
    t.headers().forEach(h -> html.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
    html.append("</tr></thead><tbody>");
    for (List<Object> row : t.rows()) {
      html.append("<tr>");
      row.forEach(v -> html.append(v instanceof Number ? "<td class=\"n\">" : "<td>").append(esc(cell(v))).append("</td>"));
      html.append("</tr>");
    }
    html.append("</tbody></table>");
  }

  /** A cell as the XLSX shows it: numbers as they are, nothing as a dash. */
  static String cell(Object v) {
    return v == null || "".equals(v) ? "–" : v instanceof Boolean b ? (b ? "Yes" : "No")
      : v instanceof java.time.LocalDate d ? DAY.format(d) : String.valueOf(v);
  }

  static String esc(String text) {
    return TaggedPdf.esc(text);
  }
}
