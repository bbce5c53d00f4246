package org.ailive.minutes;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfWriter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.protocol.Zone;
import org.ailive.room.VolunteeredAction;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import static org.ailive.minutes.MinutesContent.objects;

/**
 * Renders a minutes version (its stored content) as a PDF: heading and version status, attendance by
 * group, the agenda with time planned and used, each item's summary, discussion and actions, and the
 * closures agreed. Blocking (CPU only): run it with executeBlocking.
 */
final class MinutesPdf {

  private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.UK);
  private static final Color GREY = new Color(90, 90, 90);
  private static final Color SHADE = new Color(230, 236, 245);
  private static final Charset WIN_ANSI = Charset.forName("windows-1252");

  private static final Font TITLE = new Font(Font.HELVETICA, 16, Font.BOLD);
  private static final Font H1 = new Font(Font.HELVETICA, 13, Font.BOLD);
  private static final Font H2 = new Font(Font.HELVETICA, 11, Font.BOLD);
  private static final Font BODY = new Font(Font.HELVETICA, 10, Font.NORMAL);
  private static final Font BOLD = new Font(Font.HELVETICA, 10, Font.BOLD);
  private static final Font SMALL = new Font(Font.HELVETICA, 8, Font.NORMAL, GREY);
  private static final Font STAMP = new Font(Font.HELVETICA, 11, Font.BOLD, new Color(160, 30, 30));

  static final String MARKING = "OFFICIAL-SENSITIVE: for those involved in the A&I process only (R12)";

  private MinutesPdf() {
  }

  /** @param version the version's metadata as the versions list returns it */
  static byte[] render(JsonObject content, JsonObject version) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    Document doc = new Document(PageSize.A4, 50, 50, 60, 60);
    try {
      PdfWriter writer = PdfWriter.getInstance(doc, out);
      writer.setPageEvent(new Footer());
      JsonObject meeting = content.getJsonObject("meeting");
      doc.addTitle("Minutes: " + meeting.getString("panelName") + ", " + meeting.getString("meetingDate"));
      doc.addCreator("A&I Live");
      doc.open();
      heading(doc, meeting, version);
      attendance(doc, content.getJsonArray("attendance"));
      timing(doc, content);
      for (JsonObject item : objects(content.getJsonArray("items"))) {
        item(doc, item, meeting);
      }
      closures(doc, content.getJsonArray("closures"));
      doc.close();
    } catch (DocumentException e) {
      throw new IllegalStateException("The minutes PDF could not be laid out", e);
    }
    return out.toByteArray();
  }

  private static void heading(Document doc, JsonObject meeting, JsonObject version) throws DocumentException {
    doc.add(para(MARKING, SMALL));
    doc.add(para(meeting.getString("panelName"), TITLE));
    doc.add(para("Minutes of the meeting on " + LocalDate.parse(meeting.getString("meetingDate")).format(LONG_DATE)
      + ", " + meeting.getString("startsAt") + "–" + meeting.getString("endsAt"), H2));
    String location = meeting.getString("location");
    if (location != null && !location.isBlank()) {
      doc.add(para("Location: " + location, BODY));
    }
    StringBuilder ran = new StringBuilder();
    if (meeting.getString("startedAt") != null) {
      ran.append("Started ").append(meeting.getString("startedAt"));
    }
    if (meeting.getString("endedAt") != null) {
      ran.append(ran.isEmpty() ? "Ended " : ", ended ").append(meeting.getString("endedAt"));
    }
    if (!ran.isEmpty()) {
      doc.add(para(ran.toString(), BODY));
    }
    boolean approved = "approved".equals(version.getString("status"));
    String stamp = "Version " + version.getInteger("version") + " – " + (approved
      ? "APPROVED by " + version.getString("approvedByName") + " on " + day(version.getLong("approvedAt"))
      : "DRAFT, not yet approved by the chair (drafted by " + version.getString("createdByName") + " on "
        + day(version.getLong("createdAt")) + ")");
    Paragraph p = para(stamp, STAMP);
    p.setSpacingBefore(6);
    doc.add(p);
    if (version.getString("note") != null) {
      doc.add(para("Note on this version: " + version.getString("note"), BODY));
    }
    doc.add(para("Written from the meeting log (events 1–" + version.getLong("lastSeq") + ").", SMALL));
  }

  private static void attendance(Document doc, JsonArray groups) throws DocumentException {
    section(doc, "Attendance");
    for (JsonObject group : objects(groups)) {
      List<JsonObject> people = objects(group.getJsonArray("people"));
      if (people.isEmpty()) {
        continue;
      }
      doc.add(para(group.getString("label") + " (" + people.size() + ")", BOLD));
      for (JsonObject person : people) {
        StringBuilder line = new StringBuilder(MinutesContent.label(person));
        if (person.getString("for") != null) {
          line.append(", for ").append(person.getString("for"));
        }
        if (Boolean.TRUE.equals(person.getBoolean("notMarked"))) {
          line.append(" (not marked)");
        }
        if (person.getString("update") != null) {
          line.append(". Update: “").append(person.getString("update")).append("”");
        }
        doc.add(bullet(line.toString()));
      }
    }
  }

  private static void timing(Document doc, JsonObject content) throws DocumentException {
    section(doc, "Agenda and time (planned / used)");
    PdfPTable table = table(new float[] {1, 7, 2, 2, 2}, "#", "Item", "Planned", "Used", "Difference");
    for (JsonObject item : objects(content.getJsonArray("items"))) {
      int planned = item.getInteger("plannedSeconds");
      int used = item.getInteger("usedSeconds");
      String title = item.getString("title") + (item.getString("district") == null ? ""
        : " (" + item.getString("district") + ")");
      cells(table, String.valueOf(item.getInteger("position")), title, clock(planned),
        used == 0 ? "not discussed" : clock(used), used == 0 ? "" : signed(used - planned));
    }
    JsonObject totals = content.getJsonObject("totals");
    int planned = totals.getInteger("plannedSeconds");
    int used = totals.getInteger("usedSeconds");
    cells(table, "", "Total", clock(planned), clock(used), signed(used - planned));
    doc.add(table);
  }

  private static void item(Document doc, JsonObject item, JsonObject meeting) throws DocumentException {
    String kind = item.getString("kind");
    String title = item.getInteger("position") + ". " + item.getString("title");
    if ("case".equals(kind) && item.getString("district") != null) {
      title += " (" + item.getString("district") + ")";
    }
    section(doc, title);
    int planned = item.getInteger("plannedSeconds");
    int used = item.getInteger("usedSeconds");
    boolean discussed = "discussed".equals(item.getString("disposition"));
    String time = "Time: planned " + clock(planned) + (used == 0 ? "" : ", used " + clock(used)
      + (used > planned ? " (" + clock(used - planned) + " over)" : ""))
      + (!discussed || item.getString("discussedFrom") == null ? "" : "; discussed from " + item.getString("discussedFrom"));
    doc.add(para(time, BODY));
    // What became of the item: discussed, deferred, withdrawn (with why) or not discussed; never "discussed" for a skip.
    doc.add(para(item.getString("state", used == 0 ? "Not discussed" : "Discussed")
      + (item.getString("stateNote") == null ? "" : ": " + item.getString("stateNote")), BODY));
    if (item.getString("presenter") != null) {
      doc.add(para("Presented by " + item.getString("presenter"), BODY));
    }
    JsonObject summary = item.getJsonObject("summary");
    if (summary != null) {
      labelled(doc, "Reason for bringing", summary.getString("reasonForBringing"));
      labelled(doc, "Summary of concerns", summary.getString("summaryOfConcerns"));
      labelled(doc, "Presenting needs", String.join(", ", summary.getJsonArray("presentingNeeds").stream()
        .map(String::valueOf).toList()));
      labelled(doc, "Voice of the child", summary.getString("voiceOfChild"));
    }
    List<JsonObject> said = objects(item.getJsonArray("contributions"));
    if (!said.isEmpty()) {
      doc.add(para("aob".equals(kind) ? "Partner updates and any other business" : "Discussion", H2));
      for (JsonObject c : said) {
        String who = c.getString("author") + (c.getString("agency") == null ? "" : " (" + c.getString("agency") + ")");
        doc.add(bullet(who + ", " + c.getString("at") + ": " + c.getString("body")));
      }
    } else if ("aob".equals(kind)) {
      doc.add(para("No partner updates or other business were recorded.", BODY));
    }
    actions(doc, "Actions agreed", item.getJsonArray("actions"));
    actions(doc, "Actions followed up from earlier meetings", item.getJsonArray("followUp"));
    actions(doc, "Actions returned to their proposer", item.getJsonArray("returned"));
  }

  private static void actions(Document doc, String heading, JsonArray actions) throws DocumentException {
    if (actions == null || actions.isEmpty()) {
      return;
    }
    doc.add(para(heading, H2));
    PdfPTable table = table(new float[] {1.2f, 7, 4, 2.2f, 2.6f}, "No.", "Action (and how success is measured)",
      "Lead", "Due", "Status");
    for (JsonObject a : objects(actions)) {
      cells(table, a.getLong("number") == null ? "–" : String.valueOf(a.getLong("number")),
        a.getString("description") + (a.getString("successMeasure") == null ? ""
          : "\nMeasure: " + a.getString("successMeasure")),
        a.getString("lead"), LocalDate.parse(a.getString("dueDate")).format(SHORT_DATE),
        VolunteeredAction.label(a.getString("status")));
    }
    doc.add(table);
  }

  private static void closures(Document doc, JsonArray closures) throws DocumentException {
    if (closures == null || closures.isEmpty()) {
      return;
    }
    section(doc, "Actions closed with the partners' agreement (R8)");
    for (JsonObject c : objects(closures)) {
      doc.add(bullet("Action " + c.getLong("number") + (c.getString("familyRef") == null ? ""
        : " (" + c.getString("familyRef") + ")") + ": " + c.getString("description") + ". Closed at " + c.getString("at")
        + ", no objection from the " + c.getInteger("agreedByPresent") + " present."));
    }
  }

  private static void section(Document doc, String title) throws DocumentException {
    Paragraph p = para(title, H1);
    p.setSpacingBefore(12);
    p.setSpacingAfter(3);
    doc.add(p);
  }

  private static void labelled(Document doc, String label, String text) throws DocumentException {
    if (text == null || text.isBlank()) {
      return;
    }
    Paragraph p = new Paragraph();
    p.add(new Chunk(safe(label + ": "), BOLD));
    p.add(new Chunk(safe(text), BODY));
    p.setSpacingAfter(3);
    doc.add(p);
  }

  private static Paragraph para(String text, Font font) {
    Paragraph p = new Paragraph(safe(text), font);
    p.setSpacingAfter(2);
    return p;
  }

  private static Paragraph bullet(String text) {
    Paragraph p = new Paragraph(safe("• " + text), BODY);
    p.setIndentationLeft(12);
    p.setFirstLineIndent(-8);
    p.setSpacingAfter(2);
    return p;
  }

  private static PdfPTable table(float[] widths, String... headers) {
    PdfPTable table = new PdfPTable(widths);
    table.setWidthPercentage(100);
    table.setSpacingBefore(4);
    table.setSpacingAfter(6);
    table.setHeaderRows(1);
    for (String h : headers) {
      PdfPCell cell = new PdfPCell(new Phrase(safe(h), BOLD));
      cell.setBackgroundColor(SHADE);
      cell.setPadding(4);
      table.addCell(cell);
    }
    return table;
  }

  private static void cells(PdfPTable table, String... values) {
    for (String v : values) {
      PdfPCell cell = new PdfPCell(new Phrase(safe(v == null ? "" : v), BODY));
      cell.setPadding(4);
      table.addCell(cell);
    }
  }

  private static String clock(int seconds) {
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }

  private static String signed(int seconds) {
    return seconds == 0 ? "0:00" : (seconds > 0 ? "+" : "−") + clock(Math.abs(seconds));
  }

  private static String day(Long epochMillis) {
    return epochMillis == null ? "" : java.time.Instant.ofEpochMilli(epochMillis).atZone(Zone.LONDON)
      .toLocalDate().format(SHORT_DATE);
  }

  /**
   * The standard PDF fonts carry the Windows-1252 characters (dashes, curly quotes, £, accented
   * letters); anything else is shown as '?' rather than silently dropped.
   */
  static String safe(String text) {
    if (text == null) {
      return "";
    }
    CharsetEncoder encoder = WIN_ANSI.newEncoder();
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      String ch = new String(Character.toChars(cp));
      if (cp == '\n') {
        out.append(ch);
      } else if (cp == '\u2212') {
        out.append('-');
      } else if (Character.isISOControl(cp)) {
        out.append(' ');
      } else {
        out.append(encoder.canEncode(ch) ? ch : "?");
      }
    });
    return out.toString();
  }

  /** Marking and page number on every page. */
  private static final class Footer extends PdfPageEventHelper {
    @Override
    public void onEndPage(PdfWriter writer, Document document) {
      PdfContentByte canvas = writer.getDirectContent();
      Phrase footer = new Phrase(safe(MARKING + "  ·  Page " + writer.getPageNumber()), SMALL);
      ColumnText.showTextAligned(canvas, Element.ALIGN_CENTER, footer,
        (document.left() + document.right()) / 2, document.bottom() - 25, 0);
    }
  }
}
