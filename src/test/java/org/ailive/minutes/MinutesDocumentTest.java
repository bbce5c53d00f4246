package org.ailive.minutes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two minutes documents from one model, without a server: what people typed (markup, controls)
 * is shown as text in both, and a section the writers know nothing about reaches both.
 */
class MinutesDocumentTest {

  static final String HOSTILE = "Mum said </p><h1>\"no\" & 'never'</h1> <script>x</script>\u0001 – £20";

  @Test
  void typedTextIsTextAndAnUnknownSectionReachesBothDocuments() throws Exception {
    JsonObject content = content();
    content.put("decisions", new JsonArray().add(new JsonObject().put("item", 1).put("decision", "Refer to IFST")));
    content.getJsonArray("items").getJsonObject(0).put("objections", new JsonArray().add("Police objected"));
    MinutesDocument doc = MinutesDocument.of(content, new JsonObject().put("version", 1).put("status", "draft")
      .put("createdByName", "Helen Marsh").put("createdAt", 1795430400123L).put("lastSeq", 9));
    List<String> sections = doc.sections();
    assertEquals(List.of("Attendance", "Agenda and time (planned / used)", "1. Family A (Stevenage)", "Decisions"),
      sections);

    String pdfText;
    try (PDDocument pdf = Loader.loadPDF(MinutesPdf.render(doc))) {
      pdfText = new PDFTextStripper().getText(pdf);
    }
    String flat = pdfText.replaceAll("\\s+", " ");
    assertTrue(flat.contains("Mum said </p><h1>\"no\" & 'never'</h1> <script>x</script> – £20"), flat);
    assertTrue(flat.contains("Objections") && flat.contains("Police objected"), flat);
    assertTrue(flat.contains("Refer to IFST"), flat);

    try (XWPFDocument docx = new XWPFDocument(new ByteArrayInputStream(MinutesDocx.render(doc)))) {
      assertEquals(sections, docx.getParagraphs().stream().filter(p -> "Heading2".equals(p.getStyle()))
        .map(XWPFParagraph::getText).toList());
      assertTrue(docx.getParagraphs().stream().anyMatch(p -> "Heading3".equals(p.getStyle())
        && p.getText().equals("Objections")));
      String all = String.join("\n", docx.getParagraphs().stream().map(XWPFParagraph::getText).toList())
        + docx.getTables().stream().map(t -> t.getText()).reduce("", String::concat);
      assertTrue(all.contains("Mum said </p><h1>\"no\" & 'never'</h1> <script>x</script>  – £20"), all);
      assertTrue(all.contains("Refer to IFST"), all);
    }
  }

  private static JsonObject content() {
    JsonObject meeting = new JsonObject().put("panelName", "North Herts & Stevenage A&I panel")
      .put("meetingDate", "2027-01-06").put("startsAt", "09:30").put("endsAt", "12:30").put("location", "Room 1");
    JsonObject person = new JsonObject().put("name", "Gemma Rowe").put("agency", "Police").put("update", HOSTILE);
    JsonObject item = new JsonObject().put("position", 1).put("kind", "case").put("title", "Family A")
      .put("district", "Stevenage").put("plannedSeconds", 900).put("usedSeconds", 0)
      .put("contributions", new JsonArray()).put("actions", new JsonArray()).put("followUp", new JsonArray());
    return new JsonObject().put("format", 1).put("meeting", meeting).put("lastSeq", 9)
      .put("attendance", new JsonArray().add(new JsonObject().put("status", "in_room").put("label", "In the room")
        .put("people", new JsonArray().add(person))))
      .put("items", new JsonArray().add(item)).put("closures", new JsonArray())
      .put("totals", new JsonObject().put("plannedSeconds", 900).put("usedSeconds", 0));
  }
}
