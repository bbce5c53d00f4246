package org.ailive.roster;

import io.vertx.core.buffer.Buffer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The template to fill in: the columns, one example row (with a real agency and panel code of this
 * council when there are some) and the notes: in the CSV as rows starting with {@code #} (skipped on
 * import), in the workbook on a second sheet (only the first sheet is read).
 */
final class ImportTemplate {

  private ImportTemplate() {
  }

  /** @param agency an agency's name, or null when there is none yet (the example then creates one) */
  static List<String> example(String agency, String panelCode) {
    return List.of("Sam Example", ImportColumns.EXAMPLE_EMAIL, agency == null ? "Example Agency" : agency,
      agency == null ? "county_wide" : "", "partner; presenter", panelCode == null ? "" : panelCode);
  }

  static Buffer csv(List<String> example) {
    StringBuilder out = new StringBuilder("\uFEFF");
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
      csv.printRecord(ImportColumns.ALL);
      csv.printRecord(example);
      for (List<String> note : ImportColumns.NOTES) {
        csv.printRecord("# " + note.get(0) + ": " + note.get(1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toString());
  }

  /** Blocking (CPU only): run it with executeBlocking. */
  static byte[] xlsx(List<String> example) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Workbook wb = new Workbook(out, "A&I Live", "1.0");
      Worksheet members = wb.newWorksheet("Members");
      List<List<String>> rows = new ArrayList<>();
      rows.add(ImportColumns.ALL);
      rows.add(example);
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < rows.get(r).size(); c++) {
          members.inlineString(r, c, rows.get(r).get(c));
        }
      }
      for (int c = 0; c < ImportColumns.ALL.size(); c++) {
        members.width(c, c < 2 ? 30 : 22);
        members.style(0, c).bold().fillColor("D9E2F3").set();
      }
      members.freezePane(0, 1);
      Worksheet notes = wb.newWorksheet("Notes");
      notes.inlineString(0, 0, "Column");
      notes.inlineString(0, 1, "What to write");
      notes.style(0, 0).bold().set();
      notes.style(0, 1).bold().set();
      notes.width(0, 20);
      notes.width(1, 100);
      for (int r = 0; r < ImportColumns.NOTES.size(); r++) {
        notes.inlineString(r + 1, 0, ImportColumns.NOTES.get(r).get(0));
        notes.inlineString(r + 1, 1, ImportColumns.NOTES.get(r).get(1));
        notes.style(r + 1, 1).wrapText(true).set();
      }
      notes.inlineString(ImportColumns.NOTES.size() + 2, 0, "Only the first sheet (Members) is imported.");
      wb.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
