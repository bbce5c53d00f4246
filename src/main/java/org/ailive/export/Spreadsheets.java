package org.ailive.export;

import io.vertx.core.buffer.Buffer;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;

/** Writes a {@link Table} as CSV or XLSX, safe against formula injection either way. */
public final class Spreadsheets {

  private Spreadsheets() {
  }

  /** UTF-8 with a byte order mark, RFC 4180, text cells neutralised. */
  public static Buffer csv(Table table) {
    StringBuilder sb = new StringBuilder(Download.BOM);
    CsvActionLog.print(sb, table.headers().toArray());
    for (List<Object> row : table.rows()) {
      CsvActionLog.print(sb, row.stream().map(v -> v instanceof Boolean b ? (b ? "Yes" : "No") : CellText.forCsv(v))
        .toArray());
    }
    return Buffer.buffer(sb.toString());
  }

  /** Blocking (CPU only): run it with executeBlocking. Text is always a string cell, never a formula. */
  public static byte[] xlsx(Table table) {
    return xlsx(List.of(table));
  }

  /** One sheet per table, named by its sheet name (unique, at most 31 characters), in order. */
  public static byte[] xlsx(List<Table> tables) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Workbook wb = new Workbook(out, "A&I Live", "1.0");
      for (Table table : tables) {
        sheet(wb, table);
      }
      wb.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void sheet(Workbook wb, Table table) {
    Worksheet ws = wb.newWorksheet(table.sheetName());
    for (int c = 0; c < table.headers().size(); c++) {
      ws.width(c, c == 0 ? 30 : Math.max(12, table.headers().get(c).length() + 2));
      ws.inlineString(0, c, table.headers().get(c));
      ws.style(0, c).bold().fillColor("D9E2F3").wrapText(true).set();
    }
    ws.freezePane(0, 1);
    int r = 1;
    for (List<Object> row : table.rows()) {
      for (int c = 0; c < row.size(); c++) {
        cell(ws, r, c, row.get(c));
      }
      r++;
    }
    if (!table.rows().isEmpty()) {
      ws.setAutoFilter(0, 0, table.headers().size() - 1);
    }
  }

  private static void cell(Worksheet ws, int r, int c, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Number n) {
      ws.value(r, c, n);
    } else if (value instanceof LocalDate d) {
      ws.value(r, c, d);
      ws.style(r, c).format("dd/mm/yyyy").set();
    } else if (value instanceof Boolean b) {
      ws.inlineString(r, c, b ? "Yes" : "No");
    } else {
      ws.inlineString(r, c, CellText.forXlsx(String.valueOf(value)));
    }
  }
}
