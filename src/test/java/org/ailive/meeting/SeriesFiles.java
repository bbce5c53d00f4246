package org.ailive.meeting;

import biweekly.Biweekly;
import biweekly.ICalendar;
import io.vertx.core.buffer.Buffer;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** MeetingSeriesTest's readers: a mail's calendar file (biweekly) and a workbook's sheets (fastexcel-reader). */
final class SeriesFiles {

  private SeriesFiles() {
  }

  /** The mail's calendar file, read back with biweekly. */
  static ICalendar ics(MimeMessage mail) throws Exception {
    BodyPart part = calendarPart((MimeMultipart) mail.getContent());
    assertTrue(part != null, "a calendar file");
    ICalendar cal = Biweekly.parse(new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).first();
    assertTrue(cal != null, "a calendar");
    return cal;
  }

  static BodyPart calendarPart(MimeMultipart parts) throws Exception {
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart p = parts.getBodyPart(i);
      if (p.isMimeType("text/calendar")) {
        return p;
      }
      if (p.getContent() instanceof MimeMultipart inner && calendarPart(inner) != null) {
        return calendarPart(inner);
      }
    }
    return null;
  }

  /** Every sheet by name, each row as the text of its cells. */
  static Map<String, List<List<String>>> sheets(Buffer body) throws Exception {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(body.getBytes()))) {
      for (Sheet sheet : wb.getSheets().toList()) {
        List<List<String>> rows = new ArrayList<>();
        for (Row row : sheet.read()) {
          List<String> cells = new ArrayList<>();
          for (int c = 0; c < row.getCellCount(); c++) {
            cells.add(row.getCell(c) == null ? "" : row.getCell(c).getText());
          }
          rows.add(cells);
        }
        out.put(sheet.getName(), rows);
      }
    }
    return out;
  }
}
