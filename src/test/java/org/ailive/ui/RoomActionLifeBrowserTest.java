package org.ailive.ui;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The room's action cards and case summary, end to end in two browsers (the parts of
 * js/room/action-*.js and js/room/case-editor.js that LiveRoomBrowserTest does not reach): the
 * chair returns a partner's action, the partner revises it, the chair corrects its wording as they
 * confirm it, puts its closure to the partners present (refused first without "Completion
 * confirmed"), the partner objects, and the chair puts it again and closes it. The chair edits a
 * section of the case in focus and the partner sees the new text. No script error on the way.
 */
class RoomActionLifeBrowserTest {

  private static final String TEST = "room-action-life";

  private static DemoCounty demo;
  private static Browser chair;
  private static Browser police;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(chair, police));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    demo.command(DemoCounty.OFFICER, "meeting.open", new JsonObject());
    demo.command(DemoCounty.CHAIR, "meeting.start", new JsonObject());
    demo.command(DemoCounty.CHAIR, "timer.start", new JsonObject());
    String policeId = demo.id("SELECT id::text AS id FROM member WHERE lower(email) = lower($1)", DemoCounty.POLICE);
    demo.command(DemoCounty.CHAIR, "attendance.mark", new JsonObject().put("memberId", policeId).put("status", "in_room"));
    chair = demo.browser("chair");
    police = demo.browser("police");
    chair.enterRoom(DemoCounty.CHAIR, demo.password, demo.meetingId);
    police.enterRoom(DemoCounty.POLICE, demo.password, demo.meetingId);
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(chair, police);
    if (demo != null) {
      demo.close();
    }
  }

  private static String status(String actionId) throws Exception {
    return demo.server.query("SELECT status FROM action WHERE id = $1::uuid", actionId).getJsonObject(0).getString("status");
  }

  private static void waitStatus(String actionId, String expected) {
    chair.until("action " + actionId + " " + expected, d -> {
      try {
        return expected.equals(status(actionId)) ? true : null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void anActionIsReturnedRevisedCorrectedConfirmedObjectedToAndClosed() throws Exception {
    String task = "Police to ask the PCSO to call in weekly after school";
    police.type(By.id("action-description"), task);
    police.type(By.id("action-success-measure"), "The family say the visits happen");
    police.click(By.id("action-submit"));
    String actionId = police.until("the action saved as proposed", d -> {
      try {
        var rows = demo.server.query("SELECT id::text AS id FROM action WHERE description = $1", task);
        return rows.isEmpty() ? null : rows.getJsonObject(0).getString("id");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    // Returned with a reason: the proposer sees why, and revises it in the form.
    chair.type(By.id("return-reason-" + actionId), "Say which school");
    chair.click(By.id("return-action-" + actionId));
    waitStatus(actionId, "returned");
    police.waitText(By.id("action-" + actionId), "the chair's reason on the card", t -> t.contains("Say which school"));
    police.click(By.id("action-revise-" + actionId));
    police.waitText(By.id("action-form-heading"), "the form revising the action", t -> t.startsWith("Revise action"));
    String revised = task + " at Hill Street Primary";
    police.type(By.id("action-description"), revised);
    police.click(By.id("action-submit"));
    waitStatus(actionId, "proposed");

    // The chair corrects the wording as they confirm it.
    chair.visible(By.id("pending-action-" + actionId));
    chair.waitText(By.id("pending-action-" + actionId), "the revised wording", t -> t.contains(revised));
    chair.click(By.cssSelector("#correct-" + actionId + " > summary"));
    String corrected = revised + ", from January";
    chair.type(By.id("correct-description-" + actionId), corrected);
    chair.click(By.id("confirm-action-" + actionId));
    waitStatus(actionId, "open");
    assertEquals(corrected, demo.server.query("SELECT description FROM action WHERE id = $1::uuid", actionId)
      .getJsonObject(0).getString("description"));

    // Closure without "Completion confirmed" is refused on the card, next to the box.
    chair.click(By.id("propose-close-" + actionId));
    chair.waitText(By.id("action-error-" + actionId), "the refusal on the card",
      t -> t.startsWith("Tick \"Completion confirmed\" first"));
    chair.click(By.id("completion-" + actionId));
    chair.click(By.id("propose-close-" + actionId));
    waitStatus(actionId, "done_awaiting_agreement");

    // A partner present objects; the chair sees the objection.
    police.type(By.id("object-reason-" + actionId), "The visits have not started yet");
    police.click(By.id("object-action-" + actionId));
    waitStatus(actionId, "in_progress");
    chair.waitText(By.id("action-" + actionId), "the objection on the chair's card",
      t -> t.contains("The visits have not started yet"));
    chair.screenshot(TEST, "objection");

    // Put again, and closed.
    chair.click(By.id("completion-" + actionId));
    chair.click(By.id("propose-close-" + actionId));
    waitStatus(actionId, "done_awaiting_agreement");
    chair.click(By.id("close-action-" + actionId));
    waitStatus(actionId, "closed");
    police.waitAttribute(By.id("action-" + actionId), "data-status", "closed");

    assertEquals(List.of(), chair.uncaughtErrors(), "the chair's page ran without a script error");
    assertEquals(List.of(), police.uncaughtErrors(), "the partner's page ran without a script error");
  }

  @Test
  void theChairEditsASectionOfTheCaseInFocus() {
    String field = "reasonForBringing";
    chair.click(By.id("case-edit-" + field));
    WebElement box = chair.visible(By.id("case-edit-value-" + field));
    String added = " Edited live by the chair.";
    String now = box.getAttribute("value");
    chair.type(By.id("case-edit-value-" + field), now + added);
    chair.click(By.id("case-edit-save-" + field));
    police.waitText(By.id("case-value-" + field), "the chair's edit", t -> t.endsWith(added.trim()));
    assertTrue(chair.isShown(By.id("case-edit-" + field)), "the Edit button is back once saved");
    assertEquals(List.of(), chair.uncaughtErrors(), "the chair's page ran without a script error");
  }
}
