package org.ailive.export;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads in tests, read back with the libraries a council's tools would use. */
public final class Downloaded {

  private Downloaded() {
  }

  public static HttpResponse<Buffer> get(TestServer server, String path, String token) throws Exception {
    return server.client.get(path).bearerTokenAuthentication(token).send().await(60, TimeUnit.SECONDS);
  }

  /** Checks status, content type and that it is an attachment with the file name pattern. */
  public static HttpResponse<Buffer> download(TestServer server, String path, String token, String contentType,
                                              String fileNamePattern) throws Exception {
    HttpResponse<Buffer> res = get(server, path, token);
    assertEquals(200, res.statusCode(), () -> path + ": " + res.bodyAsString());
    assertEquals(contentType, res.getHeader("Content-Type"));
    String disposition = res.getHeader("Content-Disposition");
    assertTrue(disposition != null && disposition.matches("attachment; filename=\"" + fileNamePattern + "\""),
      "Content-Disposition: " + disposition);
    return res;
  }

  /** Parsed with commons-csv, after checking the byte order mark Excel needs for UTF-8. */
  public static List<CSVRecord> csv(Buffer body) throws IOException {
    String text = body.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\uFEFF"), "a UTF-8 byte order mark for Excel");
    try (CSVParser parser = CSVParser.parse(new StringReader(text.substring(1)), CSVFormat.DEFAULT)) {
      return parser.getRecords();
    }
  }

  /** The first sheet's rows, read with fastexcel-reader. */
  public static List<Row> xlsx(Buffer body) throws IOException {
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(body.getBytes()))) {
      return wb.getFirstSheet().read();
    }
  }

  /** The raw XML of the first worksheet (to check no cell is a formula). */
  public static String sheetXml(Buffer body) throws IOException {
    // A streamed workbook's entries carry their sizes after the data, which ZipInputStream refuses.
    java.nio.file.Path file = java.nio.file.Files.createTempFile("export", ".xlsx");
    try {
      java.nio.file.Files.write(file, body.getBytes());
      try (ZipFile zip = new ZipFile(file.toFile())) {
        ZipEntry sheet = zip.getEntry("xl/worksheets/sheet1.xml");
        if (sheet == null) {
          throw new AssertionError("no sheet1.xml in the workbook");
        }
        return new String(zip.getInputStream(sheet).readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  /** The PDF's text as PDFBox extracts it, whitespace (line wrapping) collapsed to single spaces. */
  public static String pdfText(Buffer body) throws IOException {
    try (PDDocument doc = Loader.loadPDF(body.getBytes())) {
      return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
  }

  public static long auditCount(TestServer server, String action, String subject) throws Exception {
    return server.query("SELECT count(*) AS n FROM audit_entry WHERE action = $1 AND subject = $2", action, subject)
      .getJsonObject(0).getLong("n");
  }
}
