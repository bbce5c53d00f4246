package org.ailive.roster;

import io.vertx.core.buffer.Buffer;
import org.ailive.protocol.ApiError;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An uploaded members file read into rows: CSV (comma- or semicolon-separated, with or without a
 * byte order mark, UTF-8 or Windows-1252) or XLSX (its first sheet). Bounded: at most
 * {@link #MAX_ROWS} data rows and, for XLSX, {@link #MAX_INFLATED_BYTES} once unzipped. Blocking
 * (CPU only): run it in {@code executeBlocking}. Failures never quote the file's contents.
 */
final class ImportFile {

  static final int MAX_ROWS = 5_000;
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  static final long MAX_INFLATED_BYTES = 64L * 1024 * 1024;
  static final String CSV_TYPE = "text/csv";
  static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  enum Format { CSV, XLSX }

  /** One data row as the spreadsheet numbers it (the header is row 1), cells by column name. */
  record Line(int row, Map<String, String> cells) {
    String get(String column) {
      String v = cells.get(column);
      return v == null ? "" : v.strip();
    }
  }

  record Parsed(Format format, List<Line> lines) {
  }

  private ImportFile() {
  }

  /** Which format the body is, from its content type and its first bytes; anything else is a 415. */
  static Format format(String contentType, Buffer body) {
    String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    byte[] head = body.getBytes(0, Math.min(8, body.length()));
    boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    boolean ole = head.length >= 4 && (head[0] & 0xff) == 0xD0 && (head[1] & 0xff) == 0xCF && head[2] == 0x11
      && (head[3] & 0xff) == 0xE0;
    if (ole) {
      throw unsupported("This is an older Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV, then try again.");
    }
    if (type.equals(XLSX_TYPE)) {
      if (!zip) {
        throw unsupported("The file was sent as an Excel workbook but is not one. Send a .xlsx or a .csv file.");
      }
      return Format.XLSX;
    }
    if (type.equals(CSV_TYPE) || type.equals("application/csv")) {
      if (zip) {
        throw unsupported("The file was sent as CSV but is an Excel workbook. Send it as .xlsx, or save it as CSV.");
      }
      return Format.CSV;
    }
    throw unsupported("Send the members file as CSV (Content-Type: text/csv) or as an Excel workbook (.xlsx).");
  }

  static Parsed read(Format format, Buffer body) {
    return new Parsed(format, format == Format.CSV ? csv(body.getBytes()) : xlsx(body.getBytes()));
  }

  private static List<Line> csv(byte[] bytes) {
    String text = decode(bytes);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    int firstBreak = text.indexOf('\n');
    String headerLine = firstBreak < 0 ? text : text.substring(0, firstBreak);
    char delimiter = headerLine.indexOf(';') >= 0 && headerLine.indexOf(',') < 0 ? ';' : ',';
    CSVFormat csv = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), csv)) {
      return collect(parser.stream().map(ImportFile::cells).iterator());
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw badFile("The CSV file could not be read (a quote may be left open). Save it again from the spreadsheet and retry.");
    }
  }

  private static List<String> cells(CSVRecord record) {
    List<String> out = new ArrayList<>(record.size());
    record.forEach(out::add);
    return out;
  }

  /** UTF-8 when it is; otherwise the Windows code page Excel writes a plain "CSV" in. */
  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, Charset.forName("windows-1252"));
    }
  }

  private static List<Line> xlsx(byte[] bytes) {
    checkInflatedSize(bytes);
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes));
         Stream<Row> rows = wb.getFirstSheet().openStream()) {
      int[] expected = {1};
      Iterator<List<String>> it = rows.<List<String>>mapMulti((row, sink) -> {
        // Rows the sheet leaves out are blank rows: keep the numbering the spreadsheet shows.
        while (expected[0] < row.getRowNum()) {
          sink.accept(List.of());
          expected[0]++;
        }
        expected[0]++;
        List<String> line = new ArrayList<>();
        for (int c = 0; c < Math.min(row.getCellCount(), 64); c++) {
          Cell cell = row.getCell(c);
          line.add(cell == null || cell.getRawValue() == null ? "" : cell.getText());
        }
        sink.accept(line);
      }).iterator();
      return collect(it);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiError api) {
        throw api;
      }
      throw badFile("The Excel file could not be read. Save it again from the spreadsheet (as .xlsx) and retry.");
    }
  }

  /** A zip that unpacks to far more than a members list could be (a "zip bomb") is refused unread. */
  private static void checkInflatedSize(byte[] bytes) {
    long total = 0;
    byte[] chunk = new byte[64 * 1024];
    // commons-compress (fastexcel's own zip reader): it reads stored entries with data descriptors,
    // which the JDK's ZipInputStream refuses and some writers (fastexcel's among them) produce.
    try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(bytes), "UTF-8", true, true)) {
      for (ArchiveEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        for (int n = zip.read(chunk); n >= 0; n = zip.read(chunk)) {
          total += n;
          if (total > MAX_INFLATED_BYTES) {
            throw tooLarge("The Excel file unpacks to more than a members list can be. Save the list alone in a new workbook.");
          }
        }
      }
    } catch (IOException e) {
      throw badFile("The Excel file could not be read. Save it again from the spreadsheet (as .xlsx) and retry.");
    }
  }

  /**
   * The first row names the columns; the rest are members. Blank rows and notes (a first cell that
   * starts with {@code #}) are skipped but keep their numbers. The 5,001st member row stops the read.
   */
  private static List<Line> collect(Iterator<List<String>> records) {
    if (!records.hasNext()) {
      throw badFile("The file is empty. Start from the template: its first row names the columns.");
    }
    List<String> columns = header(records.next());
    List<Line> out = new ArrayList<>();
    int row = 1;
    while (records.hasNext()) {
      List<String> cells = records.next();
      row++;
      if (cells.stream().allMatch(c -> c == null || c.isBlank()) || (!cells.isEmpty() && cells.get(0).strip().startsWith("#"))) {
        continue;
      }
      if (out.size() == MAX_ROWS) {
        throw tooLarge("The file has more than " + String.format(Locale.UK, "%,d", MAX_ROWS) + " members (row " + row
          + " is the first past the limit). Split it into files of " + String.format(Locale.UK, "%,d", MAX_ROWS)
          + " rows or fewer and import each.").with("row", row).with("limit", MAX_ROWS);
      }
      Map<String, String> byName = new HashMap<>();
      for (int c = 0; c < cells.size(); c++) {
        String value = cells.get(c) == null ? "" : cells.get(c);
        if (c >= columns.size()) {
          if (!value.isBlank()) {
            throw badFile("Row " + row + " has a value in column " + (c + 1) + ", which has no name in the first row.")
              .with("row", row);
          }
          continue;
        }
        byName.put(columns.get(c), value);
      }
      out.add(new Line(row, byName));
    }
    return out;
  }

  private static List<String> header(List<String> cells) {
    List<String> columns = new ArrayList<>();
    for (int c = 0; c < cells.size(); c++) {
      String name = cells.get(c) == null ? "" : cells.get(c).strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
      if (name.isEmpty() && cells.subList(c, cells.size()).stream().allMatch(x -> x == null || x.isBlank())) {
        break;
      }
      if (!ImportColumns.ALL.contains(name)) {
        throw badFile("Column " + (c + 1) + " of the first row is not one of the template's columns ("
          + String.join(", ", ImportColumns.ALL) + "). Start from the template.");
      }
      if (columns.contains(name)) {
        throw badFile("Column " + (c + 1) + " of the first row names a column again. Each column once, please.");
      }
      columns.add(name);
    }
    for (String required : ImportColumns.REQUIRED) {
      if (!columns.contains(required)) {
        throw badFile("The first row must name the columns; " + required + " is missing. Start from the template.");
      }
    }
    return columns;
  }

  private static ApiError unsupported(String message) {
    return new ApiError(415, "unsupported_media_type", message);
  }

  private static ApiError badFile(String message) {
    return new ApiError(422, "import_unreadable", message);
  }

  private static ApiError tooLarge(String message) {
    return new ApiError(413, "import_too_large", message);
  }
}
