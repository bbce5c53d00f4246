package org.ailive.ui;

import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 in the browser: the officer imports 30 members from a CSV. The check refuses two bad rows
 * (and Import stays off); the fixed file checks clean, imports, and lists 30 invitation links. One
 * server, one browser; axe on the report.
 */
class MemberImportBrowserTest {

  private static TestServer server;
  private static Browser browser;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    server = TestServer.start();
    browser = Browser.open("member-import", server.port());
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (server != null) {
      server.stop();
      TestServer.deleteQuietly(server.dataDir);
    }
  }

  private static Path file(boolean withBadRows) throws Exception {
    StringBuilder csv = new StringBuilder("full_name,email,agency,agency_attendance,roles,panels\n");
    for (int i = 1; i <= 30; i++) {
      String email = withBadRows && i == 7 ? "not-an-address" : "import" + i + "@herts.example.org";
      String agency = withBadRows && i == 19 ? "Unheard Of Agency" : "Police";
      csv.append("Imported Member ").append(i).append(',').append(email).append(',').append(agency)
        .append(",,partner,NHST\n");
    }
    Path p = Files.createTempFile("members-", ".csv");
    Files.writeString(p, csv);
    return p;
  }

  private static void check(Path csv) {
    browser.visible(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
    browser.click(By.id("import-check"));
  }

  @Test
  void twoBadRowsAreRefusedThenTheFixedFileImportsThirtyMembers() throws Exception {
    long before = server.query("SELECT count(*) AS n FROM member").getJsonObject(0).getLong("n");
    // The demo's officer: while the demo banner shows, demo accounts need no second factor.
    java.util.regex.Matcher demo = java.util.regex.Pattern.compile("password: (\\S+)")
      .matcher(java.nio.file.Files.readString(server.dataDir.resolve("demo-accounts.txt")));
    assertTrue(demo.find());
    browser.signIn(DemoCounty.OFFICER, demo.group(1));
    browser.go("/members.html");
    browser.visible(By.id("import-section"));
    check(file(true));
    String summary = browser.waitText(By.id("import-summary"), "the check's summary", t -> t.contains("refused"));
    assertTrue(summary.startsWith("2 of 30 rows are refused"), summary);
    assertEquals("true", browser.visible(By.id("import-apply")).getDomAttribute("disabled"));
    String table = browser.textOf(By.id("import-table"));
    assertTrue(table.contains("is not an e-mail address") && table.contains("names no agency"), table);
    browser.settle();
    new Axe("member-import").check(browser, "dry-run-refused");

    check(file(false));
    browser.waitText(By.id("import-summary"), "a clean check", t -> t.startsWith("All 30 rows can be imported"));
    assertEquals("Import 30 members", browser.textOf(By.id("import-apply")));
    browser.click(By.id("import-apply"));
    browser.waitText(By.id("import-links-heading"), "the links", t -> t.equals("Invitation links (30)"));
    assertTrue(browser.visible(By.id("import-invite-31")).getDomProperty("value").contains("/invite.html#code="));
    assertEquals(before + 30, server.query("SELECT count(*) AS n FROM member").getJsonObject(0).getLong("n"));
    browser.settle();
    new Axe("member-import").check(browser, "imported");
  }
}
