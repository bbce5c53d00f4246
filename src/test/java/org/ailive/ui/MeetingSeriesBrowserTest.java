package org.ailive.ui;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 5 in Chromium: on the meetings page the officer describes a series (the last Monday
 * of each month from May 2028, four meetings), previews it (the dates, the two moved off a bank
 * holiday, the district going first at each, and nothing created yet), changes their mind (the
 * preview goes), previews again and creates it; the list then shows the meetings, and one cancelled
 * later shows as "Cancelled". axe-core finds no serious fault on the form with its preview.
 */
class MeetingSeriesBrowserTest {

  private static DemoCounty demo;
  private static Browser browser;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    browser = demo.browser("meeting-series");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theOfficerPreviewsAndCreatesASeries() throws Exception {
    Axe axe = new Axe("meeting-series");
    browser.signIn(DemoCounty.OFFICER, demo.password);
    browser.go("/meetings.html");
    browser.visible(By.id("series-form"));
    String panelName = new Select(browser.visible(By.id("series-panel"))).getFirstSelectedOption().getText();
    new Select(browser.visible(By.id("series-week"))).selectByValue("last");
    new Select(browser.visible(By.id("series-weekday"))).selectByValue("monday");
    OfficerPreparesMeetingTest.setDate(browser, By.id("series-from"), LocalDate.parse("2028-05-01"));
    browser.type(By.id("series-count"), "3");
    browser.js("const e = arguments[0]; e.value = '10:00'; e.dispatchEvent(new Event('input', {bubbles: true}));",
      browser.visible(By.id("series-starts")));
    browser.type(By.id("series-location"), "Stevenage Borough Council, Room 2");
    browser.click(By.id("series-preview"));
    browser.visible(By.id("series-plan-list"));
    assertEquals(3, rows().size(), "three meetings previewed");

    // Changing the form after a preview asks for a new one.
    browser.type(By.id("series-count"), "4");
    assertFalse(browser.isShown(By.id("series-plan")), "the old preview is gone");
    browser.click(By.id("series-preview"));
    browser.visible(By.id("series-plan-list"));
    // Chromium writes "Tuesday, 30 May 2028": read the dates without the comma.
    List<String> rows = rows().stream().map(r -> r.getText().replace(",", "")).toList();
    assertEquals(4, rows.size());
    assertTrue(rows.get(0).startsWith("Tuesday 30 May 2028"), rows.get(0));
    assertTrue(rows.get(0).contains("Moved from Monday 29 May 2028 (Spring bank holiday) to the next working day"),
      rows.get(0));
    assertTrue(rows.get(1).startsWith("Monday 26 June 2028"), rows.get(1));
    assertTrue(rows.get(3).contains("Summer bank holiday"), rows.get(3));
    String first = cell(rows().get(0), 1);
    assertTrue(!first.isBlank() && !first.equals(cell(rows().get(1), 1)), "the first district alternates: " + first);
    assertEquals(first, cell(rows().get(2), 1));
    assertTrue(browser.textOf(By.id("series-plan-summary")).startsWith("4 meetings on the last Monday of each month, 10:00–12:30"),
      browser.textOf(By.id("series-plan-summary")));
    assertEquals(0, count("SELECT count(*) AS n FROM meeting_series"), "a preview creates nothing");
    browser.settle();
    axe.check(browser, "series-preview");

    browser.click(By.id("series-create"));
    String done = browser.waitText(By.id("series-created"), "the series created", t -> t.startsWith("Created"));
    assertTrue(done.replace(",", "").startsWith("Created 4 meetings on the last Monday of each month from Tuesday 30 May 2028."),
      done);
    assertEquals(1, count("SELECT count(*) AS n FROM meeting_series"));
    assertEquals(4, count("SELECT count(*) AS n FROM meeting WHERE series_id IS NOT NULL"));
    assertFalse(browser.isShown(By.id("series-plan")));

    // One meeting of it cancelled: the list says so.
    String june = demo.id("SELECT id::text AS id FROM meeting WHERE meeting_date = '2028-06-26'");
    demo.post(DemoCounty.OFFICER, "/api/meetings/" + june + "/cancel", new JsonObject(), 200);
    browser.go("/meetings.html");
    String badge = browser.waitText(By.id("cancelled-" + june), "the cancelled badge", t -> !t.isBlank());
    assertTrue(badge.contains("Cancelled"), badge);
    assertTrue(browser.textOf(By.id("meetings-list")).contains(panelName.replaceAll(" \\(.*\\)$", "")));
    assertFalse(browser.isShown(By.id("room-link-" + june)), "no room for a cancelled meeting");
    browser.settle();
    axe.check(browser, "meetings-with-cancelled");
    axe.assertClean();
  }

  private static List<WebElement> rows() {
    return browser.driver.findElements(By.cssSelector("#series-plan-list tbody tr"));
  }

  private static String cell(WebElement row, int i) {
    return row.findElements(By.cssSelector("td, th")).get(i).getText();
  }

  private static long count(String sql) throws Exception {
    return demo.server.query(sql).getJsonObject(0).getLong("n");
  }
}
