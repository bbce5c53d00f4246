package org.ailive.ui;

import org.ailive.protocol.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, item 7 in Chromium: the reports page offers the quarterly pack for the last quarter that
 * ended, and its PDF and XLSX buttons fetch the files for the chosen quarter, each download audited.
 */
class QuarterlyPackBrowserTest {

  private static final String TEST = "quarterly-pack";

  private static DemoCounty demo;
  private static Browser officer;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(officer));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    officer = demo.browser("officer");
    officer.signIn(DemoCounty.OFFICER, demo.password);
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(officer);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void thePackIsDownloadedForTheChosenQuarterAndAudited() throws Exception {
    officer.go("/reports.html#quarterly-section");
    Select quarter = new Select(officer.visible(By.id("quarterly-quarter")));
    LocalDate today = LocalDate.now(Zone.LONDON);
    int index = today.getYear() * 4 + (today.getMonthValue() - 1) / 3 - 1;
    String lastEnded = Math.floorDiv(index, 4) + "-Q" + (Math.floorMod(index, 4) + 1);
    assertEquals(lastEnded, quarter.getFirstSelectedOption().getAttribute("value"), "the last quarter that ended");
    assertEquals(8, quarter.getOptions().size());
    assertTrue(quarter.getOptions().get(0).getText().endsWith(", so far"), quarter.getOptions().get(0).getText());

    String older = quarter.getOptions().get(4).getAttribute("value");
    quarter.selectByValue(older);
    officer.click(By.id("report-quarterly-xlsx"));
    officer.until("the workbook downloaded and audited", d -> audited("xlsx", older));
    officer.click(By.id("report-quarterly-pdf"));
    officer.until("the PDF downloaded and audited", d -> audited("pdf", older));
    assertEquals("", officer.textOf(By.id("page-error")), "no error shown");
    officer.screenshot(TEST, "reports-quarterly");
  }

  private static boolean audited(String format, String quarter) {
    try {
      return demo.server.query("SELECT count(*) AS n FROM audit_entry WHERE action = 'export' AND subject = 'quarterly_pack'"
        + " AND detail->>'format' = $1 AND detail->>'quarter' = $2", format, quarter).getJsonObject(0).getLong("n") == 1;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
