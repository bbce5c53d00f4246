package org.ailive.reports;

import org.ailive.export.CellText;
import org.ailive.export.Table;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The impact audit as two tables, one row per case and one per action, which the XLSX (a sheet
 * each) and the PDF both show, so the files say the same as the JSON. Minutes are rounded to a
 * tenth as in the timing report.
 */
final class ImpactAuditTables {

  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

  static final List<String> CASE_HEADERS = List.of("Panel", "Family reference", "District", "Discussed on",
    "Review date", "Need met at review", "Outcome", "Actions", "Closed on time", "Closed late", "Open, not yet due",
    "Open, past due", "Dropped", "Planned (min)", "Got (min)", "Difference (min)");

  static final List<String> ACTION_HEADERS = List.of("Panel", "Family reference", "Action", "Owner agency",
    "Due date", "Status", "Closed on", "Against its due date");

  private ImpactAuditTables() {
  }

  static Table cases(ImpactAudit audit) {
    List<List<Object>> rows = new ArrayList<>();
    for (ImpactAudit.PanelAudit p : audit.panels()) {
      for (ImpactAudit.Case c : p.cases()) {
        List<Object> row = new ArrayList<>(List.of(p.panel().code(), c.familyRef()));
        row.add(c.district());
        row.add(c.discussedOn().stream().map(DAY::format).collect(Collectors.joining(", ")));
        row.add(c.reviewDate());
        row.add(ImpactAudit.needWords(c));
        row.add(OutcomesReport.LABELS.get(c.outcomeOrNone()));
        row.add(c.actions().size());
        c.counts().values().forEach(row::add);
        row.add(TimingReport.minutes(c.planned()));
        row.add(TimingReport.minutes(c.used()));
        row.add(TimingReport.minutes(c.used() - c.planned()));
        rows.add(row);
      }
    }
    return new Table("Cases", CASE_HEADERS, rows);
  }

  static Table actions(ImpactAudit audit) {
    List<List<Object>> rows = new ArrayList<>();
    for (ImpactAudit.PanelAudit p : audit.panels()) {
      for (ImpactAudit.Case c : p.cases()) {
        for (ImpactAudit.Action a : c.actions()) {
          List<Object> row = new ArrayList<>();
          row.add(p.panel().code());
          row.add(c.familyRef());
          row.add(a.number());
          row.add(a.ownerAgency());
          row.add(a.dueDate());
          row.add(ImpactAudit.statusWords(a));
          row.add(a.closedOn());
          row.add(ImpactAudit.TIMELINESS.get(a.timeliness()));
          rows.add(row);
        }
      }
    }
    return new Table("Actions", ACTION_HEADERS, rows);
  }

  /** A cell as the PDF shows it. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof LocalDate d) {
      return DAY.format(d);
    }
    return String.valueOf(value);
  }

  /** Both tables as sheets of one workbook. Blocking (CPU only): run it with executeBlocking. */
  static byte[] xlsx(ImpactAudit audit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Workbook wb = new Workbook(out, "A&I Live", "1.0");
      sheet(wb, cases(audit));
      sheet(wb, actions(audit));
      sheet(wb, audit.cancelled().toTable());
      wb.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void sheet(Workbook wb, Table table) {
    Worksheet ws = wb.newWorksheet(table.sheetName());
    for (int c = 0; c < table.headers().size(); c++) {
      ws.width(c, Math.max(12, table.headers().get(c).length() + 2));
      ws.inlineString(0, c, table.headers().get(c));
      ws.style(0, c).bold().fillColor("D9E2F3").wrapText(true).set();
    }
    ws.freezePane(0, 1);
    int r = 1;
    for (List<Object> row : table.rows()) {
      for (int c = 0; c < row.size(); c++) {
        Object v = row.get(c);
        if (v instanceof Number n) {
          ws.value(r, c, n);
        } else if (v instanceof LocalDate d) {
          ws.value(r, c, d);
          ws.style(r, c).format("dd/mm/yyyy").set();
        } else if (v != null) {
          ws.inlineString(r, c, CellText.forXlsx(String.valueOf(v)));
        }
      }
      r++;
    }
  }
}
