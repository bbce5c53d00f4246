package org.ailive.security;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6, "a table of role x route, one test generated from it": every row of
 * {@code security/routes.csv} sent as every identity to the real service, each cell its own test.
 */
class RouteAccessTest {

  static final String TABLE = "/security/routes.csv";

  static SecurityFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = SecurityFixture.start();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @TestFactory
  List<DynamicTest> everyRouteAsEveryIdentity() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, String> row : SecurityFixture.table(TABLE)) {
      for (String identity : SecurityFixture.IDENTITIES) {
        String expected = row.get(identity);
        String name = row.get("method") + " " + row.get("path") + " as " + identity + " -> " + expected
          + " (routes.csv line " + row.get("#line") + ")";
        tests.add(DynamicTest.dynamicTest(name, () -> cell(row, identity, expected)));
      }
    }
    return tests;
  }

  private static void cell(Map<String, String> row, String identity, String expected) throws Exception {
    String path = fx.expand(row.get("path"));
    String body = row.get("body").isEmpty() ? null : fx.expand(row.get("body"));
    var res = fx.send(row.get("method"), path, body, fx.token(identity));
    String what = row.get("method") + " " + path + " as " + identity + ": " + res.statusCode() + " "
      + abbreviate(res.bodyAsString());
    switch (expected) {
      case "allow" -> {
        assertTrue(res.statusCode() != 401 && res.statusCode() != 403, "expected the auth layer to let it through; " + what);
        assertTrue(res.statusCode() < 500, "a server error; " + what);
      }
      case "401", "403" -> {
        assertEquals(Integer.parseInt(expected), res.statusCode(), what);
        String error = new JsonObject(res.bodyAsString()).getString("error");
        assertEquals(expected.equals("401") ? "unauthorized" : "forbidden", error, what);
      }
      default -> throw new IllegalArgumentException("routes.csv line " + row.get("#line") + ": unknown outcome " + expected);
    }
  }

  /** The table covers the route table: a route added to HttpVerticle without a row here fails. */
  @Test
  void theTableHasARowForEveryRouteOfHttpVerticle() throws Exception {
    String source = Files.readString(Path.of("src/main/java/org/ailive/web/HttpVerticle.java"));
    Matcher m = Pattern.compile("router\\.(get|post|put|patch|delete)\\(\"([^\"]+)\"\\)").matcher(source);
    Set<String> routes = new TreeSet<>();
    while (m.find()) {
      routes.add(m.group(1).toUpperCase() + " " + m.group(2).replaceAll(":[A-Za-z]+", ":id"));
    }
    assertTrue(routes.size() > 40, "read the route table: " + routes);
    Set<String> rows = new TreeSet<>();
    for (Map<String, String> row : SecurityFixture.table(TABLE)) {
      rows.add(row.get("method") + " " + row.get("path").replaceAll("\\?.*", "")
        .replaceAll("\\{[A-Za-z:-]+}", ":id").replace("/latest", "/:id"));
    }
    Set<String> missing = new TreeSet<>(routes);
    missing.removeAll(rows);
    assertTrue(missing.isEmpty(), "routes without a row in " + TABLE + ": " + missing);
    for (Map<String, String> row : SecurityFixture.table(TABLE)) {
      for (String identity : SecurityFixture.IDENTITIES) {
        assertTrue(Set.of("allow", "401", "403").contains(row.get(identity)),
          TABLE + " line " + row.get("#line") + " " + identity + ": " + row.get(identity));
      }
    }
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
