package org.ailive.ui;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 items 6 and 8: the officer reorders the demo meeting's agenda with the keyboard alone
 * (focus stays on the moved item's button, the new position is announced, the order survives a
 * reload); an empty minutes box is refused at the field (error summary linking to it, the message
 * at the field, nothing saved); building again with new minutes asks whether the items already
 * built get them; and the reports page draws its charts with text alternatives beside their tables.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgendaEditorAndReportsTest {

  private static final String TEST = "agenda-editor";

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
  @Order(1)
  void theAgendaIsReorderedByKeyboardAlone() throws Exception {
    openPrep();
    List<String> before = storedOrder();
    int n = before.size();
    assertTrue(n >= 3, "the demo agenda has items: " + before);
    String first = before.get(0);

    // Tab to the first item's "Move down" from its minutes box, then press Enter.
    officer.js("document.getElementById(arguments[0]).focus()", "item-minutes-" + first);
    tabTo("item-down-" + first);
    new Actions(officer.driver).sendKeys(Keys.ENTER).perform();
    officer.until("the first item stored second", d -> orderNow().indexOf(first) == 1);
    officer.waitText(By.id("agenda-live"), "the new position announced", t -> t.endsWith("moved to position 2 of " + n + "."));
    assertEquals("item-down-" + first, activeId(), "focus stays on the moved item's button");
    officer.until("the list redrawn", d -> rowIds().indexOf(first) == 1);

    // Then straight on to "Move to end" (the next button) with the space bar.
    new Actions(officer.driver).sendKeys(Keys.TAB).perform();
    assertEquals("item-end-" + first, activeId());
    new Actions(officer.driver).sendKeys(Keys.SPACE).perform();
    officer.until("the item stored last", d -> orderNow().indexOf(first) == n - 1);
    officer.waitText(By.id("agenda-live"), "the last position announced", t -> t.endsWith("moved to position " + n + " of " + n + "."));
    assertEquals("item-end-" + first, activeId(), "focus stays on the moved item's button");
    assertEquals("true", officer.driver.findElement(By.id("item-end-" + first)).getAttribute("aria-disabled"));

    // The order persists: after a reload the page shows the stored order, the item last.
    List<String> after = storedOrder();
    List<String> expected = new ArrayList<>(before.subList(1, n));
    expected.add(first);
    assertEquals(expected, after);
    openPrep();
    assertEquals(after, rowIds());
    officer.screenshot(TEST, "prep-agenda-reordered");
  }

  @Test
  @Order(2)
  void anEmptyMinutesBoxIsRefusedAtTheField() throws Exception {
    openPrep();
    String item = storedOrder().get(0);
    long seconds = allotted(item);
    String input = "item-minutes-" + item;
    WebElement box = officer.visible(By.id(input));
    box.clear();
    box.sendKeys(Keys.ENTER);
    officer.waitText(By.id("page-error"), "the error summary", t -> t.startsWith("There is a problem"));
    WebElement link = officer.driver.findElement(By.cssSelector("#page-error a[href='#" + input + "']"));
    assertTrue(link.getText().contains("the box is empty"), link.getText());
    WebElement message = officer.visible(By.id(input + "-error"));
    assertTrue(message.getText().contains("whole number from 0 to 240"), message.getText());
    box = officer.driver.findElement(By.id(input));
    assertEquals("true", box.getAttribute("aria-invalid"));
    assertTrue(box.getAttribute("aria-describedby").contains(input + "-error"), box.getAttribute("aria-describedby"));
    assertEquals(input, activeId(), "the field keeps focus");
    officer.screenshot(TEST, "prep-minutes-empty");
    Thread.sleep(300);
    assertEquals(seconds, allotted(item), "nothing saved");

    // The server refuses it too, with the field named in words.
    var res = demo.server.client.post("/api/meetings/" + demo.meetingId + "/commands")
      .bearerTokenAuthentication(demo.server.demoToken(DemoCounty.OFFICER))
      .sendJsonObject(new JsonObject().put("type", "agenda.setMinutes").put("key", "empty-minutes").put("itemId", item)
        .put("minutes", "")).await(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(400, res.statusCode(), res.bodyAsString());
    assertEquals("invalid_field", res.bodyAsJsonObject().getString("error"));
    assertEquals("minutes", res.bodyAsJsonObject().getString("field"));
    assertEquals(seconds, allotted(item), "nothing saved");

    // Put right, it saves and the error goes.
    officer.type(By.id(input), "12");
    officer.click(By.id("item-set-" + item));
    officer.until("12 minutes saved", d -> allottedNow(item) == 720);
    officer.until("the field error gone", d -> d.findElements(By.id(input + "-error")).isEmpty());
  }

  @Test
  @Order(3)
  void buildingAgainAsksWhetherTheNewMinutesApplyToTheItemsBuilt() throws Exception {
    openPrep();
    officer.type(By.id("build-case-minutes"), "17");
    officer.visible(By.id("build-apply"));
    officer.click(By.id("build-agenda"));
    officer.waitText(By.id("page-error"), "the question must be answered", t -> t.contains("keep their minutes or get the new ones"));
    officer.visible(By.id("build-apply-error"));
    assertEquals("17", officer.driver.findElement(By.id("build-case-minutes")).getAttribute("value"), "nothing typed is lost");
    officer.screenshot(TEST, "prep-build-asks");

    officer.click(By.id("build-apply-change"));
    officer.click(By.id("build-agenda"));
    officer.waitText(By.id("page-status"), "built with the new minutes", t -> t.contains("now have 17 minutes a case"));
    assertEquals(0, demo.count("SELECT count(*) AS n FROM agenda_item WHERE meeting_id = $1::uuid AND kind = 'case'"
      + " AND allotted_seconds <> 1020", demo.meetingId), "every case has 17 minutes");

    // Asked again and told to keep them, they stay.
    officer.type(By.id("build-case-minutes"), "9");
    officer.click(By.id("build-apply-keep"));
    officer.click(By.id("build-agenda"));
    officer.waitText(By.id("page-status"), "built keeping the minutes", t -> t.contains("kept their minutes"));
    assertEquals(0, demo.count("SELECT count(*) AS n FROM agenda_item WHERE meeting_id = $1::uuid AND kind = 'case'"
      + " AND allotted_seconds <> 1020", demo.meetingId), "the cases kept 17 minutes");
  }

  @Test
  @Order(4)
  void theReportsChartsHaveTextAlternativesAndTables() throws Exception {
    // Last month's closed meeting: three items run, and who came.
    String closed = demo.id("SELECT id::text AS id FROM meeting WHERE status = 'closed'");
    demo.server.query("INSERT INTO agenda_item (meeting_id, position, kind, section, title, allotted_seconds, used_seconds, done)"
      + " VALUES ($1::uuid, 1, 'other', 'other', 'Welcome', 300, 240, true), ($1::uuid, 2, 'other', 'other', 'Partner updates', 900, 1500, true),"
      + " ($1::uuid, 3, 'other', 'other', 'Close', 300, 120, true)", closed);
    demo.server.query("INSERT INTO attendance (meeting_id, member_id, status) SELECT $1::uuid, id, 'in_room' FROM member"
      + " WHERE email = ANY ($2::text[])", closed, new String[] {DemoCounty.POLICE, DemoCounty.CHAIR});

    officer.go("/reports.html");
    WebElement timing = officer.visible(By.cssSelector("#timing-meetings-chart svg[role='img']"));
    assertChart(timing, "timing-meetings-chart", "used");
    officer.visible(By.id("timing-meetings-table"));
    WebElement items = officer.visible(By.cssSelector("#timing-chart-1 svg[role='img']"));
    String desc = assertChart(items, "timing-chart-1", "ran over the plan");
    assertTrue(desc.contains("Partner updates"), desc);
    assertEquals(3, items.findElements(By.cssSelector("rect.bar-used")).size());
    officer.visible(By.id("timing-table-1"));

    WebElement months = officer.visible(By.cssSelector("#attendance-months-chart svg[role='img']"));
    assertChart(months, "attendance-months-chart", "meetings were held in 1 of them");
    // Drawn from the data: a column for every agency in the month of the meeting, labelled rows.
    assertTrue(months.findElements(By.cssSelector("rect.cell-fill")).size() >= 2, "columns drawn");
    assertTrue(months.getText().contains("Police") || (Boolean) officer.js(
      "return [...arguments[0].querySelectorAll('text')].some(t => t.textContent === 'Police')", months), "rows labelled");
    String table = officer.textOf(By.id("attendance-months-table"));
    assertTrue(table.contains("Police") && table.contains("1 of 1 (100%)"), table);
    officer.screenshot(TEST, "reports-charts");
  }

  // ---------- helpers ----------

  /** The SVG is named by its title and described in words; the description is shown beside it too. */
  private static String assertChart(WebElement svg, String id, String descContains) {
    assertEquals(id + "-title " + id + "-desc", svg.getAttribute("aria-labelledby"));
    String title = (String) officer.js("return document.getElementById(arguments[0]).textContent", id + "-title");
    String desc = (String) officer.js("return document.getElementById(arguments[0]).textContent", id + "-desc");
    assertFalse(title.isBlank(), id + " title");
    assertTrue(desc.contains(descContains), id + ": " + desc);
    assertTrue(officer.textOf(By.cssSelector("#" + id + " figcaption")).contains(desc), id + " caption");
    return desc;
  }

  private static void openPrep() {
    officer.go("/meeting-prep.html?meeting=" + demo.meetingId);
    officer.until("the agenda", d -> d.findElements(By.cssSelector("#agenda-list > li.agenda-row")).size() >= 3);
    officer.settle();
  }

  private static void tabTo(String id) {
    for (int i = 0; i < 12 && !id.equals(activeId()); i++) {
      new Actions(officer.driver).sendKeys(Keys.TAB).perform();
    }
    assertEquals(id, activeId(), "reached by Tab");
  }

  private static String activeId() {
    return (String) officer.js("return document.activeElement && document.activeElement.id");
  }

  private static List<String> rowIds() {
    return officer.driver.findElements(By.cssSelector("#agenda-list > li.agenda-row")).stream()
      .map(r -> r.getAttribute("id").replace("agenda-item-", "")).toList();
  }

  private static List<String> storedOrder() throws Exception {
    JsonArray rows = demo.server.query("SELECT id::text AS id FROM agenda_item WHERE meeting_id = $1::uuid ORDER BY position",
      demo.meetingId);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      out.add(rows.getJsonObject(i).getString("id"));
    }
    return out;
  }

  private static List<String> orderNow() {
    try {
      return storedOrder();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long allotted(String item) throws Exception {
    return demo.server.query("SELECT allotted_seconds FROM agenda_item WHERE id = $1::uuid", item).getJsonObject(0)
      .getLong("allotted_seconds");
  }

  private static long allottedNow(String item) {
    try {
      return allotted(item);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
