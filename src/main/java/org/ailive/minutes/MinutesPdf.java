package org.ailive.minutes;

import org.ailive.export.TaggedPdf;
import org.ailive.minutes.MinutesDocument.Block;
import org.ailive.minutes.MinutesDocument.Bullets;
import org.ailive.minutes.MinutesDocument.Grid;
import org.ailive.minutes.MinutesDocument.Heading;
import org.ailive.minutes.MinutesDocument.Para;

import java.util.List;

/**
 * Renders a {@link MinutesDocument} as a tagged PDF (PDF/UA, with PDF/A-3a): an XHTML page of real
 * headings, lists and tables with header cells, in British English, with the document's title,
 * laid out by openhtmltopdf in an embedded font (DejaVu Sans, shipped in the jar). Everything in the
 * page is text people wrote, so every bit of it is escaped. Blocking (CPU only): run it with
 * executeBlocking.
 */
final class MinutesPdf {

  static final String FONT = TaggedPdf.FONT;

  private static final String CSS = """
    @page { size: A4; margin: 60px 50px 70px 50px;
      @bottom-center { content: "%s  ·  Page " counter(page); font-family: '%s'; font-size: 8pt; color: #555; } }
    body { font-family: '%s'; font-size: 10pt; line-height: 1.3; }
    h1 { font-size: 16pt; margin: 4px 0; }
    h2 { font-size: 13pt; margin: 14px 0 4px 0; }
    h3 { font-size: 11pt; margin: 8px 0 3px 0; }
    p { margin: 0 0 4px 0; }
    p.small { font-size: 8pt; color: #555; }
    p.stamp { font-size: 11pt; font-weight: bold; color: #a01e1e; margin-top: 6px; }
    ul { margin: 0 0 4px 0; padding-left: 16px; }
    li { margin-bottom: 2px; }
    table { width: 100%%; border-collapse: collapse; margin: 4px 0 6px 0; }
    th, td { border: 1px solid #888; padding: 4px; text-align: left; vertical-align: top; }
    th { background-color: #e6ecf5; font-weight: bold; }
    """;

  private MinutesPdf() {
  }

  static byte[] render(MinutesDocument doc) {
    return TaggedPdf.render(xhtml(doc), "The minutes PDF");
  }

  /** The page the PDF is laid out from (XML: openhtmltopdf parses it strictly). */
  static String xhtml(MinutesDocument doc) {
    StringBuilder html = new StringBuilder(32 * 1024);
    html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"").append(MinutesDocument.LANGUAGE)
      .append("\" xml:lang=\"").append(MinutesDocument.LANGUAGE).append("\"><head><meta charset=\"utf-8\"/><title>")
      .append(esc(doc.title())).append("</title>")
      .append("<meta name=\"subject\" content=\"").append(esc(doc.title())).append("\"/>")
      .append("<meta name=\"author\" content=\"A&amp;I Live\"/>")
      .append("<style>").append(CSS.formatted(esc(MinutesDocument.MARKING), FONT, FONT)).append("</style>")
      .append("</head><body>");
    for (Block block : doc.blocks()) {
      block(html, block);
    }
    return html.append("</body></html>").toString();
  }

  private static void block(StringBuilder html, Block block) {
    if (block instanceof Heading h) {
      html.append("<h").append(h.level()).append('>').append(esc(h.text())).append("</h").append(h.level()).append('>');
    } else if (block instanceof Para p) {
      html.append("<p").append(switch (p.style()) {
        case NORMAL -> "";
        case SMALL -> " class=\"small\"";
        case STAMP -> " class=\"stamp\"";
      }).append('>');
      if (p.label() != null) {
        html.append("<strong>").append(esc(p.label() + ": ")).append("</strong>");
      }
      html.append(lines(p.text())).append("</p>");
    } else if (block instanceof Bullets b) {
      html.append("<ul>");
      b.items().forEach(i -> html.append("<li>").append(lines(i)).append("</li>"));
      html.append("</ul>");
    } else if (block instanceof Grid g) {
      grid(html, g);
    }
  }

  private static void grid(StringBuilder html, Grid g) {
    html.append("<table><thead><tr>");
    g.headers().forEach(h -> html.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
    html.append("</tr></thead><tbody>");
    for (List<String> row : g.rows()) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(lines(cell)).append("</td>"));
      html.append("</tr>");
    }
    html.append("</tbody></table>");
  }

  private static String lines(String text) {
    return esc(text).replace("\n", "<br/>");
  }

  static String esc(String text) {
    return TaggedPdf.esc(text);
  }
}
