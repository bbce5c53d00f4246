package org.ailive.export;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureNode;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureTreeRoot;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The minutes documents read back as an assistive technology (and Word) would: tags, outline, language. */
final class AccessibleDocuments {

  private AccessibleDocuments() {
  }

  /** What poppler's pdfinfo says about the file, one "Key: value" a line. */
  static String pdfinfo(byte[] pdf) throws Exception {
    Path file = Files.createTempFile("minutes", ".pdf");
    try {
      Files.write(file, pdf);
      Process p = new ProcessBuilder("pdfinfo", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "pdfinfo finished");
      assertEquals(0, p.exitValue(), out);
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The structure tree's element types, depth first (H1, H2, Table, TH, L, LI, ...). */
  static List<String> structureTypes(PDDocument doc) throws IOException {
    PDStructureTreeRoot root = doc.getDocumentCatalog().getStructureTreeRoot();
    assertNotNull(root, "the PDF has a structure tree");
    List<String> out = new ArrayList<>();
    walk(root, out);
    return out;
  }

  private static void walk(PDStructureNode node, List<String> out) {
    for (Object kid : node.getKids()) {
      if (kid instanceof PDStructureElement e) {
        out.add(e.getStructureType());
        walk(e, out);
      }
    }
  }

  static PDDocument pdf(byte[] bytes) throws IOException {
    return Loader.loadPDF(bytes);
  }

  static XWPFDocument docx(byte[] bytes) throws IOException {
    return new XWPFDocument(new ByteArrayInputStream(bytes));
  }

  /** The text of every paragraph in the given Word style (e.g. Heading2), in order. */
  static List<String> styled(XWPFDocument doc, String styleId) {
    return doc.getParagraphs().stream().filter(p -> styleId.equals(p.getStyle())).map(XWPFParagraph::getText)
      .toList();
  }
}
