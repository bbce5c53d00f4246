package org.ailive.export;

import io.vertx.core.Future;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The action log as an XLSX workbook, written on a worker thread with fastexcel's streaming writer:
 * each cursor page is written and flushed out of memory before the next is read. Text goes in as
 * inline string cells, so the workbook keeps no table of every string it has seen, and a text is
 * never a formula, whatever it starts with.
 */
final class XlsxActionLog {

  private static final double[] WIDTHS = {10, 14, 50, 36, 30, 12, 22, 60, 14, 8, 28, 26};
  private static final String DATE_FORMAT = "dd/mm/yyyy";
  private static final long PAGE_WAIT_SECONDS = 120;

  private XlsxActionLog() {
  }

  /** Blocking: run it with executeBlocking. Returns the number of actions written. */
  static long write(ActionLogCursor cursor, OutputStream out, AtomicLong rows) throws Exception {
    try (out) {
      Workbook wb = new Workbook(out, "A&I Live", "1.0");
      Worksheet ws = wb.newWorksheet("Action log");
      header(ws);
      int r = 1;
      while (cursor.hasMore()) {
        List<ActionLogRow> page = await(cursor.next());
        for (ActionLogRow row : page) {
          if (r >= Worksheet.MAX_ROWS) {
            throw new IllegalStateException("More actions than one XLSX sheet holds: use the CSV export.");
          }
          row(ws, r++, row);
        }
        ws.flush();
        rows.addAndGet(page.size());
      }
      ws.setAutoFilter(0, 0, ActionLogRow.HEADERS.size() - 1);
      ws.finish();
      wb.finish();
    }
    return rows.get();
  }

  private static void header(Worksheet ws) {
    List<String> headers = ActionLogRow.HEADERS;
    for (int c = 0; c < headers.size(); c++) {
      ws.width(c, WIDTHS[c]);
      ws.inlineString(0, c, headers.get(c));
      ws.style(0, c).bold().fillColor("D9E2F3").wrapText(true).set();
    }
    ws.freezePane(0, 1);
  }

  private static void row(Worksheet ws, int r, ActionLogRow row) {
    ws.value(r, 0, row.number());
    text(ws, r, 1, row.familyRef(), false);
    text(ws, r, 2, row.description(), true);
    text(ws, r, 3, row.successMeasure(), true);
    text(ws, r, 4, row.lead(), false);
    ws.value(r, 5, row.dueDate());
    ws.style(r, 5).format(DATE_FORMAT).verticalAlignment("top").set();
    text(ws, r, 6, row.status(), false);
    text(ws, r, 7, row.progress(), true);
    ws.value(r, 8, row.meetingRaised());
    ws.style(r, 8).format(DATE_FORMAT).verticalAlignment("top").set();
    text(ws, r, 9, row.panel(), false);
    text(ws, r, 10, row.flags(), false);
    text(ws, r, 11, row.rag(), false);
  }

  private static void text(Worksheet ws, int r, int c, String value, boolean wrap) {
    ws.inlineString(r, c, CellText.forXlsx(value));
    if (wrap) {
      ws.style(r, c).wrapText(true).verticalAlignment("top").set();
    }
  }

  /** Waits, on this worker thread, for the event loop to fetch the next page. */
  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(PAGE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
