package org.ailive.export;

/**
 * Spreadsheet formula injection (CSV injection): a cell whose text starts with {@code = + - @}, a tab
 * or a carriage return is run as a formula by Excel and LibreOffice when a CSV file is opened. In CSV
 * such text gets a leading apostrophe, which spreadsheets show as plain text; in XLSX every text is
 * written as a string cell, never as a formula, so it needs no change there.
 */
public final class CellText {

  private CellText() {
  }

  public static boolean looksLikeFormula(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    char first = text.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
  }

  /** The text as it is safe to put in a CSV cell. */
  public static String forCsv(String text) {
    return looksLikeFormula(text) ? "'" + text : text;
  }

  /** A CSV value: text is neutralised, numbers and dates are written as they are. */
  public static Object forCsv(Object value) {
    return value instanceof String s ? forCsv(s) : value;
  }

  /** XLSX cells hold at most 32,767 characters; longer text is cut with a visible mark. */
  public static String forXlsx(String text) {
    if (text == null || text.length() <= 32_767) {
      return text;
    }
    return text.substring(0, 32_700) + " … [cut: the full text is in the CSV export]";
  }
}
