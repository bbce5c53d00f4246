package org.ailive.minutes;

import org.ailive.minutes.MinutesDocument.Block;
import org.ailive.minutes.MinutesDocument.Bullets;
import org.ailive.minutes.MinutesDocument.Grid;
import org.ailive.minutes.MinutesDocument.Heading;
import org.ailive.minutes.MinutesDocument.Para;
import org.apache.poi.xwpf.usermodel.XWPFAbstractNum;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFNumbering;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTAbstractNum;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTLvl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STNumberFormat;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;

/**
 * Renders a {@link MinutesDocument} as a Word document (DOCX, Apache POI XWPF) for councils that
 * file minutes in Word: Word's own Heading 1–3 styles (so the navigation pane and accessibility
 * checker see the outline), bulleted lists, tables whose first row is a repeating header row, the
 * title in the document properties and British English as the document's language. Blocking:
 * run it with executeBlocking.
 */
final class MinutesDocx {

  private static final int[] HEADING_HALF_POINTS = {32, 26, 22};

  private MinutesDocx() {
  }

  static byte[] render(MinutesDocument doc) {
    try (XWPFDocument docx = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024)) {
      docx.getProperties().getCoreProperties().setTitle(doc.title());
      docx.getProperties().getCoreProperties().setCreator("A&I Live");
      XWPFStyles styles = docx.createStyles();
      styles.setSpellingLanguage(MinutesDocument.LANGUAGE);
      for (int level = 1; level <= 3; level++) {
        styles.addStyle(heading(level));
      }
      BigInteger bullets = bullets(docx.createNumbering());
      for (Block block : doc.blocks()) {
        write(docx, block, bullets);
      }
      docx.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("The minutes DOCX could not be written", e);
    }
  }

  private static void write(XWPFDocument docx, Block block, BigInteger bullets) {
    if (block instanceof Heading h) {
      XWPFParagraph p = docx.createParagraph();
      p.setStyle("Heading" + h.level());
      p.createRun().setText(clean(h.text()));
    } else if (block instanceof Para para) {
      XWPFParagraph p = docx.createParagraph();
      if (para.label() != null) {
        XWPFRun label = p.createRun();
        label.setBold(true);
        label.setText(clean(para.label() + ": "));
      }
      XWPFRun run = p.createRun();
      switch (para.style()) {
        case SMALL -> { run.setFontSize(8); run.setColor("555555"); }
        case STAMP -> { run.setBold(true); run.setFontSize(11); run.setColor("A01E1E"); }
        case NORMAL -> { }
      }
      lines(run, para.text());
    } else if (block instanceof Bullets b) {
      for (String item : b.items()) {
        XWPFParagraph p = docx.createParagraph();
        p.setNumID(bullets);
        lines(p.createRun(), item);
      }
    } else if (block instanceof Grid g) {
      grid(docx, g);
    }
  }

  private static void grid(XWPFDocument docx, Grid g) {
    XWPFTable table = docx.createTable(g.rows().size() + 1, g.headers().size());
    table.setWidth("100%");
    XWPFTableRow header = table.getRow(0);
    header.setRepeatHeader(true);
    for (int c = 0; c < g.headers().size(); c++) {
      XWPFTableCell cell = header.getCell(c);
      cell.setColor("E6ECF5");
      XWPFRun run = cell.getParagraphs().get(0).createRun();
      run.setBold(true);
      run.setText(clean(g.headers().get(c)));
    }
    for (int r = 0; r < g.rows().size(); r++) {
      List<String> row = g.rows().get(r);
      for (int c = 0; c < row.size(); c++) {
        lines(table.getRow(r + 1).getCell(c).getParagraphs().get(0).createRun(), row.get(c));
      }
    }
    docx.createParagraph(); // Word joins two tables that touch
  }

  /** A new line in the text is a line break in the run. */
  private static void lines(XWPFRun run, String text) {
    String[] parts = clean(text).split("\n", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        run.addBreak();
      }
      run.setText(parts[i], i);
    }
  }

  /** Word's own "heading N" (its built-in name, lower case), with the outline level it stands for. */
  private static XWPFStyle heading(int level) {
    CTStyle style = CTStyle.Factory.newInstance();
    style.setStyleId("Heading" + level);
    style.setType(STStyleType.PARAGRAPH);
    style.addNewName().setVal("heading " + level);
    style.addNewBasedOn().setVal("Normal");
    style.addNewNext().setVal("Normal");
    style.addNewUiPriority().setVal(BigInteger.valueOf(9));
    style.addNewQFormat();
    style.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(level - 1));
    style.getPPr().addNewKeepNext();
    style.getPPr().addNewSpacing().setBefore(BigInteger.valueOf(level == 1 ? 120 : 240));
    CTRPr run = style.addNewRPr();
    run.addNewB();
    run.addNewSz().setVal(BigInteger.valueOf(HEADING_HALF_POINTS[level - 1]));
    return new XWPFStyle(style);
  }

  private static BigInteger bullets(XWPFNumbering numbering) {
    CTAbstractNum abstractNum = CTAbstractNum.Factory.newInstance();
    abstractNum.setAbstractNumId(BigInteger.ONE);
    CTLvl level = abstractNum.addNewLvl();
    level.setIlvl(BigInteger.ZERO);
    level.addNewNumFmt().setVal(STNumberFormat.BULLET);
    level.addNewLvlText().setVal("•");
    level.addNewPPr().addNewInd().setLeft(BigInteger.valueOf(360));
    level.getPPr().getInd().setHanging(BigInteger.valueOf(360));
    BigInteger id = numbering.addAbstractNum(new XWPFAbstractNum(abstractNum));
    return numbering.addNum(id);
  }

  /** Characters XML cannot hold (controls other than tab and newline) become spaces. */
  private static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      boolean xmlChar = cp == '\n' || cp == '\t' || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD
        || cp >= 0x10000;
      out.appendCodePoint(xmlChar ? cp : ' ');
    });
    return out.toString();
  }
}
