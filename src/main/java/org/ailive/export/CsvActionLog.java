package org.ailive.export;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.apache.commons.csv.CSVFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The action log as CSV, written on the event loop a cursor page at a time: a page is formatted and
 * written, and the next is read only once the response's write queue has drained.
 */
final class CsvActionLog {

  /** RFC 4180: commas, double quotes, CRLF; what Excel and LibreOffice open without asking. */
  static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get();

  private CsvActionLog() {
  }

  static Future<Long> write(ActionLogCursor cursor, StreamedResponse out, AtomicLong rows) {
    StringBuilder head = new StringBuilder(Download.BOM);
    print(head, ActionLogRow.HEADERS.toArray());
    return out.write(Buffer.buffer(head.toString())).compose(v -> pump(cursor, out, rows));
  }

  private static Future<Long> pump(ActionLogCursor cursor, StreamedResponse out, AtomicLong rows) {
    if (!cursor.hasMore()) {
      return Future.succeededFuture(rows.get());
    }
    return cursor.next()
      .compose(page -> {
        if (page.isEmpty()) {
          return Future.succeededFuture();
        }
        out.write(Buffer.buffer(lines(page)));
        rows.addAndGet(page.size());
        return out.drained();
      })
      .compose(v -> pump(cursor, out, rows));
  }

  static String lines(List<ActionLogRow> page) {
    StringBuilder sb = new StringBuilder(page.size() * 256);
    for (ActionLogRow row : page) {
      print(sb, row.csv());
    }
    return sb.toString();
  }

  static void print(StringBuilder sb, Object... values) {
    try {
      FORMAT.printRecord(sb, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
  }
}
