package org.ailive.ui;

import org.ailive.protocol.FieldLabels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 16 item 7: what people read is plain English. No page text (nor any string in the pages'
 * scripts) carries a rule code like "R7": those stay in comments. And every field a request
 * names in an error has words of its own ({@link FieldLabels}), so no message shows a code name.
 */
class PlainEnglishTest {

  private static final Pattern RULE = Pattern.compile("\\bR\\d{1,2}\\b");
  private static final Path WEBROOT = Path.of("webroot");

  @Test
  void noRuleCodeInWhatThePagesShow() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(WEBROOT)) {
      for (Path file : files.filter(f -> !f.startsWith(WEBROOT.resolve("vendor"))).toList()) {
        String name = file.toString();
        if (name.endsWith(".html")) {
          found.addAll(ruleCodes(name, htmlText(Files.readString(file))));
        } else if (name.endsWith(".js")) {
          found.addAll(ruleCodes(name, String.join("\n", jsStrings(Files.readString(file)))));
        }
      }
    }
    assertEquals(List.of(), found, "rule codes in user-visible text (keep them in comments)");
  }

  /** The scan itself finds what it is for, and leaves comments alone. */
  @Test
  void theScanFindsRuleCodesInTextNotInComments() {
    assertEquals(1, ruleCodes("t.html", htmlText("<!-- R1 --><p title=\"x\">Due in two months (R7).</p>")).size());
    assertEquals(0, ruleCodes("t.html", htmlText("<!-- R1 --><p>Room R2D2, R100</p><script>'R3'</script>")).size());
    assertEquals(List.of("'Consider (R7)'", "`after ${n} (R8)`"),
      jsStrings("// R1\n/* R2 */ const a = 'Consider (R7)', re = /x'y/g; f(`after ${n} (R8)`); // R9"));
  }

  @Test
  void everyFieldAnErrorNamesHasWords() throws IOException {
    Pattern named = Pattern.compile("(?:Json\\.(?:text|uuid|uuids|date|time|bool|integer)\\([a-zA-Z.()]+, "
      + "|ApiError\\.invalid\\(|Query\\.[a-zA-Z]+\\(ctx, )\"([a-zA-Z]+)\"");
    TreeSet<String> missing = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = named.matcher(Files.readString(file));
        while (m.find()) {
          if (!FieldLabels.all().containsKey(m.group(1))) {
            missing.add(m.group(1) + " (" + file.getFileName() + ")");
          }
        }
      }
    }
    assertEquals(new TreeSet<>(), missing, "fields without words in FieldLabels");
    assertEquals("Family reference", FieldLabels.label("familyRef"));
    assertEquals("Some thing", FieldLabels.label("someThingId"), "a field without words of its own is named from its code");
  }

  private static List<String> ruleCodes(String file, String text) {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (String line : lines) {
      Matcher m = RULE.matcher(line);
      if (m.find()) {
        out.add(file + ": " + line.trim());
      }
    }
    return out;
  }

  /** An HTML file without its comments, scripts and styles: the text and attributes people get. */
  static String htmlText(String html) {
    return html.replaceAll("(?s)<!--.*?-->", "").replaceAll("(?s)<script\\b.*?</script>", "")
      .replaceAll("(?s)<style\\b.*?</style>", "");
  }

  /**
   * The string literals of a script ('…', "…", `…` with its ${…}), leaving out comments and
   * regular-expression literals (a '/' where a value may start).
   */
  static List<String> jsStrings(String js) {
    List<String> out = new ArrayList<>();
    int i = 0;
    char prev = '(';
    while (i < js.length()) {
      char c = js.charAt(i);
      if (c == '/' && i + 1 < js.length() && js.charAt(i + 1) == '/') {
        i = js.indexOf('\n', i) < 0 ? js.length() : js.indexOf('\n', i);
      } else if (c == '/' && i + 1 < js.length() && js.charAt(i + 1) == '*') {
        int end = js.indexOf("*/", i + 2);
        i = end < 0 ? js.length() : end + 2;
      } else if (c == '/' && "(,=:[!&|?{};+-*%<>~^".indexOf(prev) >= 0) {
        int j = i + 1;
        boolean inClass = false;
        while (j < js.length() && js.charAt(j) != '\n' && (js.charAt(j) != '/' || inClass)) {
          if (js.charAt(j) == '\\') {
            j++;
          } else if (js.charAt(j) == '[') {
            inClass = true;
          } else if (js.charAt(j) == ']') {
            inClass = false;
          }
          j++;
        }
        i = j + 1;
        prev = 'x';
      } else if (c == '\'' || c == '"' || c == '`') {
        int j = i + 1;
        while (j < js.length() && js.charAt(j) != c) {
          j += js.charAt(j) == '\\' ? 2 : 1;
        }
        out.add(js.substring(i, Math.min(js.length(), j + 1)));
        i = j + 1;
        prev = 'x';
      } else {
        if (!Character.isWhitespace(c)) {
          prev = c;
        }
        i++;
      }
    }
    return out;
  }
}
