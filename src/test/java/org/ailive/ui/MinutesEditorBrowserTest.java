package org.ailive.ui;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, item 5, in Chromium: after the meeting the officer writes an item's decisions in the
 * minutes editor, sees them in the preview as the minutes will read, saves, and the next version
 * drafted holds them; the chair publishes the approved version from the same page; a partner of
 * the panel opens the published minutes from their home page and reads the decisions (audited).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MinutesEditorBrowserTest {

  private static final String DECISION = "School to check attendance every week";
  private static final String SECOND = "Police to share the school-gate notes <by Friday>";

  private static DemoCounty demo;
  private static Browser browser;
  private static String itemId;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    demo.command(DemoCounty.OFFICER, "meeting.open", new JsonObject());
    demo.command(DemoCounty.CHAIR, "meeting.start", new JsonObject());
    demo.command(DemoCounty.CHAIR, "meeting.end", new JsonObject());
    itemId = demo.id("SELECT id::text AS id FROM agenda_item WHERE meeting_id = $1::uuid ORDER BY position LIMIT 1",
      demo.meetingId);
    browser = demo.browser("minutes-editor");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  @Order(1)
  void theOfficerEditsAnItemsDecisionsSeesThePreviewAndSaves() throws Exception {
    browser.signIn(DemoCounty.OFFICER, demo.password);
    browser.go("/minutes.html?meeting=" + demo.meetingId);
    browser.visible(By.id("editor-none"));
    browser.click(By.id("minutes-draft"));
    browser.visible(By.id("edit-decisions-" + itemId));
    browser.type(By.id("edit-decisions-" + itemId), DECISION + "\n" + SECOND);
    browser.until("the preview lists both decisions", d -> List.of(DECISION, SECOND).equals(
      d.findElements(By.cssSelector("#edit-preview-" + itemId + " li")).stream().map(e -> e.getText()).toList()));
    browser.click(By.id("edit-save-" + itemId));
    browser.waitText(By.id("page-status"), "saved", t -> t.startsWith("Saved 1."));
    assertEquals(DECISION + "\n" + SECOND, demo.server.query("SELECT decisions FROM minutes_edit WHERE item_id = $1",
      UUID.fromString(itemId)).getJsonObject(0).getString("decisions"));

    // The next version carries the decisions; a reload shows them in the editor again.
    browser.click(By.id("minutes-draft"));
    browser.waitText(By.id("page-status"), "version 2 drafted", t -> t.startsWith("Version 2 drafted"));
    JsonObject item = demo.server.query("SELECT content->'items'->0 AS item FROM minutes_version"
      + " WHERE meeting_id = $1::uuid AND version = 2", demo.meetingId).getJsonObject(0).getJsonObject("item");
    assertEquals(DECISION + "\n" + SECOND, item.getString("decisions"));
    browser.go("/minutes.html?meeting=" + demo.meetingId);
    browser.until("the saved decisions shown again", d -> (DECISION + "\n" + SECOND).equals(
      d.findElement(By.id("edit-decisions-" + itemId)).getAttribute("value")));
  }

  @Test
  @Order(2)
  void theChairPublishesAndAPartnerReadsThePublishedMinutes() throws Exception {
    demo.post(DemoCounty.CHAIR, "/api/exports/meetings/" + demo.meetingId + "/minutes/2/approve", new JsonObject(), 200);
    switchTo(DemoCounty.CHAIR);
    browser.go("/minutes.html?meeting=" + demo.meetingId);
    browser.visible(By.id("editor-locked"));
    browser.click(By.id("minutes-publish-2"));
    browser.waitText(By.id("page-status"), "published", t -> t.startsWith("Version 2 published"));

    long reads = demo.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'minutes_read'");
    switchTo(DemoCounty.POLICE);
    browser.go("/index.html");
    browser.click(By.id("published-minutes-link-" + demo.meetingId));
    browser.waitText(By.id("published-meta"), "the published version", t -> t.startsWith("Version 2, approved and published by David Okafor"));
    String text = browser.textOf(By.id("published-minutes"));
    assertTrue(text.contains(DECISION) && text.contains(SECOND), text);
    assertTrue(browser.textOf(By.id("page-heading")).startsWith("Minutes: North Herts & Stevenage"));
    assertEquals(reads + 1, demo.count("SELECT count(*) AS n FROM audit_entry WHERE action = 'minutes_read'"));
  }

  /** Signs the one browser out through the page's own button, then in as someone else. */
  private static void switchTo(String email) {
    browser.go("/index.html");
    browser.click(By.id("sign-out"));
    browser.visible(By.id("email"));
    browser.signInHere(email, demo.password);
  }
}
