package org.ailive.export;

import java.util.List;

/**
 * A small report as rows and columns, to be written as CSV or XLSX. Values are text, numbers,
 * dates ({@link java.time.LocalDate}) or null; reports are a few hundred rows, so a table is held in
 * memory (the action log, which can be any size, streams instead).
 */
public record Table(String sheetName, List<String> headers, List<List<Object>> rows) {

  public Table {
    headers = List.copyOf(headers);
    rows = List.copyOf(rows);
  }
}
