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

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 in Chromium: Next on an item that has had under a minute asks "mark as discussed or
 * defer?" and the server records the chair's answer; the outcome page records a case's step-up and
 * whether its need was met; action cards in "My actions" never say "null".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ItemOutcomeBrowserTest {

  private static final String TEST = "item-outcome";

  private static DemoCounty demo;
  private static Browser chair;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(chair));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    demo.command(DemoCounty.OFFICER, "meeting.open", new JsonObject());
    demo.command(DemoCounty.CHAIR, "meeting.start", new JsonObject());
    demo.command(DemoCounty.CHAIR, "timer.start", new JsonObject());
    chair = demo.browser("chair");
    chair.enterRoom(DemoCounty.CHAIR, demo.password, demo.meetingId);
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(chair);
    if (demo != null) {
      demo.close();
    }
  }

  String currentItem() throws Exception {
    return demo.id("SELECT timer_item_id::text AS id FROM meeting WHERE id = $1::uuid", demo.meetingId);
  }

  @Test
  @Order(1)
  void nextUnderAMinuteAsksAndTheOutcomeIsRecordedOnItsPage() throws Exception {
    chair.waitConnectionLive();
    // A fresh item, so it has had under a minute whatever the browser's start-up took.
    demo.command(DemoCounty.CHAIR, "timer.next", new JsonObject());
    String first = currentItem();
    chair.settle();
    chair.visible(By.id("item-outcome"));
    chair.click(By.id("chair-next"));
    chair.visible(By.id("next-prompt"));
    chair.screenshot(TEST, "next-prompt");
    assertTrue(chair.textOf(By.id("next-prompt")).contains("Mark as discussed or defer?"));
    // Cancel: nothing is sent, the item stays current.
    chair.click(By.id("next-cancel"));
    chair.settle();
    assertEquals(first, currentItem());
    chair.click(By.id("chair-next"));
    chair.click(By.id("next-discussed"));
    chair.until("the timer to move on", d -> {
      try {
        return !first.equals(currentItem());
      } catch (Exception e) {
        return false;
      }
    });
    JsonObject item = demo.server.query("SELECT done, disposition, case_id::text AS case_id FROM agenda_item WHERE id = $1::uuid",
      UUID.fromString(first)).getJsonObject(0);
    assertTrue(item.getBoolean("done"));
    assertEquals("discussed", item.getString("disposition"), "the server recorded what the chair chose");
    String caseId = item.getString("case_id");
    chair.waitText(By.id("item-outcome-done"), "the done item listed", t -> t.contains("Discussed"));

    // Its outcome, on its page (from the room's link).
    chair.click(By.cssSelector("#item-state-" + first + " a"));
    chair.until("the outcome page", d -> d.getCurrentUrl().contains("case-outcome.html?case=" + caseId));
    chair.visible(By.id("outcome-form"));
    new org.openqa.selenium.support.ui.Select(chair.visible(By.id("outcome-step-up"))).selectByValue("ifst");
    chair.click(By.id("need-met-yes"));
    chair.screenshot(TEST, "outcome-page");
    chair.click(By.id("outcome-save"));
    chair.waitText(By.id("page-status"), "saved", t -> t.contains("Outcome saved"));
    JsonObject stored = demo.server.query("SELECT outcome, need_met, status FROM family_case WHERE id = $1::uuid",
      UUID.fromString(caseId)).getJsonObject(0);
    assertEquals("ifst", stored.getString("outcome"));
    assertTrue(stored.getBoolean("need_met"));
    assertEquals("closed", stored.getString("status"), "no actions: closed once its need is met");
    assertTrue(chair.textOf(By.id("outcome-case")).contains("closed"));
    assertTrue(chair.uncaughtErrors().isEmpty(), chair.uncaughtErrors().toString());
  }

  @Test
  @Order(2)
  void actionCardsNeverSayNullAndAReturnedActionIsRevisedByItsProposer() throws Exception {
    String id = UUID.randomUUID().toString();
    demo.command(DemoCounty.POLICE, "action.propose", new JsonObject().put("description", "Card check " + id)
      .put("ownerAgencyId", demo.id("SELECT id::text AS id FROM agency WHERE name = 'Police'"))
      .put("successMeasure", "Seen"));
    String actionId = demo.id("SELECT id::text AS id FROM action WHERE description = $1", "Card check " + id);
    demo.command(DemoCounty.CHAIR, "action.return", new JsonObject().put("actionId", actionId).put("reason", "Vague"));
    try (Browser police = demo.browser("police-actions")) {
      police.signIn(DemoCounty.POLICE, demo.password);
      police.go("/my-actions.html");
      String text = police.waitText(By.id("my-actions-list"), "the returned action", t -> t.contains("Card check"));
      police.screenshot(TEST, "my-actions");
      assertFalse(text.contains("null"), text);
      assertTrue(text.contains("Returned to the proposer") && text.contains("Vague"), text);

      // The action log (the chair's), by default with the returned action; only its proposer gets
      // the forms to revise or withdraw it, not the chair.
      chair.go("/actions.html");
      String log = chair.waitText(By.id("action-log"), "the action log", t -> t.contains("Card check"));
      assertFalse(log.contains("null"), log);
      chair.click(By.cssSelector("#action-" + actionId + "-details > summary"));
      chair.until("the updates loaded", d -> !chair.textOf(By.id("action-" + actionId + "-body")).contains("Loading"));
      assertTrue(chair.driver.findElements(By.id("revise-form-" + actionId)).isEmpty(), "no revise form for the chair");

      // Between meetings its proposer revises it on My actions: it is proposed again, for the next meeting.
      police.click(By.cssSelector("#action-" + actionId + "-details > summary"));
      police.visible(By.id("revise-form-" + actionId));
      police.js("document.getElementById(arguments[0]).value = ''", "revise-description-" + actionId);
      police.click(By.id("revise-submit-" + actionId));
      police.waitText(By.id("revise-form-" + actionId), "the error at the field", t -> t.contains("Say what will be done"));
      assertEquals("returned", status(actionId), "a refused revision changes nothing");
      police.type(By.id("revise-description-" + actionId), "Card check " + id + ", revised");
      police.click(By.id("revise-submit-" + actionId));
      police.until("the revision saved", d -> "proposed".equals(status(actionId)));
      assertEquals("Card check " + id + ", revised",
        demo.id("SELECT description AS id FROM action WHERE id = $1::uuid", actionId));
      assertTrue(police.uncaughtErrors().isEmpty(), police.uncaughtErrors().toString());
    }
  }

  private static String status(String actionId) {
    try {
      return demo.id("SELECT status::text AS id FROM action WHERE id = $1::uuid", actionId);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
