package org.ailive.export;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The service's PDFs (the minutes, the impact audit, the quarterly pack) laid out one way: from an
 * XHTML page by openhtmltopdf, tagged (PDF/UA) and archivable (PDF/A-3a), in the embedded DejaVu
 * Sans, so a screen reader reads them and they print the same everywhere.
 */
public final class TaggedPdf {

  /** The font family the pages' CSS names. */
  public static final String FONT = "DejaVu Sans";

  private TaggedPdf() {
  }

  /** The PDF of {@code xhtml}; {@code what} names it if it cannot be laid out ("The minutes PDF"). */
  public static byte[] render(String xhtml, String what) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.usePdfUaAccessbility(true);
    builder.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_3_A);
    builder.useFont(() -> font("DejaVuSans.ttf"), FONT, 400, FontStyle.NORMAL, true);
    builder.useFont(() -> font("DejaVuSans-Bold.ttf"), FONT, 700, FontStyle.NORMAL, true);
    builder.withHtmlContent(xhtml, null);
    builder.withProducer("A&I Live");
    builder.toStream(out);
    try {
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException(what + " could not be laid out", e);
    }
    return out.toByteArray();
  }

  /**
   * Escaped for XML text and attributes; characters XML cannot hold at all (controls other than
   * tab and newline, lone surrogates) become spaces, so no input can break the page. Null is "".
   */
  public static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(cp -> {
      switch (cp) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\n', '\t' -> out.appendCodePoint(cp);
        default -> {
          boolean xmlChar = cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000;
          out.appendCodePoint(xmlChar ? cp : ' ');
        }
      }
    });
    return out.toString();
  }

  private static InputStream font(String file) {
    InputStream in = TaggedPdf.class.getResourceAsStream("/fonts/" + file);
    if (in == null) {
      throw new IllegalStateException("The font " + file + " is missing from the jar");
    }
    return in;
  }
}
