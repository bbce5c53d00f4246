package org.ailive.protocol;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error code the code can answer is in docs/PROTOCOL.md's error table with the same status,
 * and every code in the table is one the code answers: third-party clients switch on these codes.
 * The codes are read from the source, where each {@link ApiError} is made.
 */
class ErrorCodesTest {

  /** Where an error gets its code, and the status each factory gives (null: the first argument). */
  private static final Pattern MADE = Pattern.compile(
    "new ApiError\\(|(?<![\\w.])(?:ApiError\\.)?(badRequest|conflict|invalid|unauthorized|forbidden|notFound)\\(");
  private static final Map<String, Integer> FACTORY_STATUS = Map.of("badRequest", 400, "conflict", 409);
  /** The factories whose code is fixed, as ApiError writes them. */
  private static final Map<String, String> FIXED = Map.of("invalid", "invalid_field", "unauthorized", "unauthorized",
    "forbidden", "forbidden", "notFound", "not_found");
  private static final Map<String, Integer> FIXED_STATUS = Map.of("invalid_field", 400, "unauthorized", 401,
    "forbidden", 403, "not_found", 404);
  private static final Pattern LITERAL = Pattern.compile("\"([a-z_]+)\"");

  @Test
  void everyCodeTheCodeAnswersIsInTheErrorTableWithItsStatus() throws IOException {
    Map<String, Set<Integer>> table = documented();
    Map<String, Set<Integer>> emitted = emitted();
    List<String> wrong = new ArrayList<>();
    emitted.forEach((code, statuses) -> statuses.forEach(status -> {
      if (!table.getOrDefault(code, Set.of()).contains(status)) {
        wrong.add(status + " " + code + " (the table has " + table.getOrDefault(code, Set.of()) + ")");
      }
    }));
    assertEquals(List.of(), wrong, "codes the code answers that the error table lacks, or lists with another status");
    assertTrue(emitted.size() > 40, "codes found in the source: " + emitted.keySet());
  }

  @Test
  void everyCodeInTheErrorTableIsOneTheCodeAnswers() throws IOException {
    Set<String> stale = new TreeSet<>(documented().keySet());
    stale.removeAll(emitted().keySet());
    assertEquals(Set.of(), stale, "codes in the error table that nothing answers");
  }

  /** The "## Errors" table: code to status. */
  static Map<String, Set<Integer>> documented() throws IOException {
    String doc = Files.readString(Path.of("docs/PROTOCOL.md"));
    int start = doc.indexOf("## Errors");
    String section = doc.substring(start, doc.indexOf("\n## ", start + 5));
    Map<String, Set<Integer>> out = new TreeMap<>();
    for (String line : section.split("\n")) {
      String[] cells = line.split("\\|");
      if (cells.length < 4 || !cells[1].strip().matches("\\d{3}")) {
        continue;
      }
      int status = Integer.parseInt(cells[1].strip());
      Matcher code = Pattern.compile("`([a-z_]+)`").matcher(cells[2]);
      while (code.find()) {
        out.computeIfAbsent(code.group(1), c -> new TreeSet<>()).add(status);
      }
    }
    return out;
  }

  /** Every code given to an ApiError in src/main/java, with its status. */
  static Map<String, Set<Integer>> emitted() throws IOException {
    Map<String, Set<Integer>> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    for (Path file : files) {
      String src = Files.readString(file);
      boolean inApiError = file.endsWith(Path.of("org/ailive/protocol/ApiError.java"));
      Matcher m = MADE.matcher(src);
      while (m.find()) {
        String factory = m.group(1);
        String where = file.getFileName() + ":" + (src.substring(0, m.start()).split("\n", -1).length);
        // Qualified calls anywhere; ApiError's own factories unqualified only inside ApiError.
        boolean qualified = factory == null || src.startsWith("ApiError.", m.start());
        if (!qualified && !inApiError) {
          continue;
        }
        if (factory != null && isDeclaration(src, m.start())) {
          continue;
        }
        if (factory != null && FIXED.containsKey(factory)) {
          String code = FIXED.get(factory);
          out.computeIfAbsent(code, c -> new TreeSet<>()).add(FIXED_STATUS.get(code));
          continue;
        }
        List<String> args = arguments(src, m.end());
        String statusArg = factory == null ? args.get(0) : null;
        String codeArg = factory == null ? args.get(1) : args.get(0);
        if (inApiError && (factory == null && !statusArg.matches("\\d{3}") || !LITERAL.matcher(codeArg).find())) {
          // ApiError's own factories and copies pass a status and code on: nothing new is made there.
          continue;
        }
        assertTrue(factory != null || statusArg.matches("\\d{3}"),
          where + ": an ApiError's status must be a literal so the table can be checked");
        int status = factory == null ? Integer.parseInt(statusArg) : FACTORY_STATUS.get(factory);
        Matcher literal = LITERAL.matcher(codeArg);
        int found = 0;
        while (literal.find()) {
          out.computeIfAbsent(literal.group(1), c -> new TreeSet<>()).add(status);
          found++;
        }
        assertTrue(found > 0 && !codeArg.contains("+"), where + ": an error code must be a literal, not " + codeArg);
      }
    }
    return out;
  }

  /** {@code public static ApiError conflict(String code, ...)} itself, not a call of it. */
  private static boolean isDeclaration(String src, int at) {
    int lineStart = src.lastIndexOf('\n', at) + 1;
    return src.substring(lineStart, at).strip().endsWith(" ApiError");
  }

  /** The top-level arguments of the call whose "(" ends just before {@code from}. */
  private static List<String> arguments(String src, int from) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    StringBuilder arg = new StringBuilder();
    boolean inString = false;
    for (int i = from; i < src.length(); i++) {
      char c = src.charAt(i);
      if (inString) {
        arg.append(c);
        if (c == '\\') {
          arg.append(src.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth-- == 0) {
        args.add(arg.toString().strip());
        return args;
      } else if (c == ',' && depth == 0) {
        args.add(arg.toString().strip());
        arg.setLength(0);
        continue;
      }
      arg.append(c);
    }
    throw new IllegalStateException("unclosed call");
  }
}
