package org.ailive.ui;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 4 (R5) in Chromium: the chair's agenda and current item say who presents each case
 * and, in words, whether they are here; the flag changes as the presenter's screen connects and
 * leaves; the presenter names a colleague of their agency to present instead, which the chair sees
 * and the database records. Axe scans both rooms.
 */
class PresenterAttendsBrowserTest {

  private static final String TEST = "presenter-attends";
  private static final String AMIRA = "presenter-health-visiting@demo.ailive.test";

  private static DemoCounty demo;
  private static Browser chair;
  private static Browser presenter;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(chair, presenter));

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
    Browser.closeAll(chair, presenter);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theChairSeesThePresenterArriveAndThePresenterNamesAStandIn() throws Exception {
    Axe axe = new Axe(TEST);
    String item = demo.id("SELECT ai.id::text AS id FROM agenda_item ai JOIN family_case fc ON fc.id = ai.case_id "
      + "JOIN member m ON m.id = fc.presenter_member_id WHERE ai.meeting_id = $1::uuid AND m.email = $2",
      demo.meetingId, AMIRA);
    By flag = By.id("presenter-flag-" + item);
    By line = By.id("item-presenter-" + item);

    chair.waitText(flag, "the flag of a presenter not here", t -> t.contains("Presenter not here – consider deferring"));
    assertEquals("false", chair.visible(flag).getAttribute("data-here"));
    assertTrue(chair.textOf(line).contains("Presented by Amira Haddad (Health Visiting)"), chair.textOf(line));
    assertTrue(chair.isShown(By.id("presenter-defer-" + item)), "the chair may defer a case whose presenter is not here");
    assertTrue(chair.textOf(By.id("current-presenter")).contains("Presented by"), "the current item says who presents it");
    chair.waitText(By.id("key-agencies-summary"), "the key agencies card's word on the current case's presenter",
      t -> t.contains("The presenter, Sarah Whitfield, is not here: consider deferring the case."));
    axe.check(chair, "chair-presenter-not-here");

    presenter = demo.browser("presenter");
    presenter.enterRoom(AMIRA, demo.password, demo.meetingId);
    chair.waitText(flag, "the flag once the presenter connects", t -> t.contains("Presenter here"));
    assertEquals("true", chair.visible(flag).getAttribute("data-here"));
    assertTrue(!chair.isShown(By.id("presenter-defer-" + item)), "no Defer beside a presenter who is here");

    presenter.waitText(line, "the presenter's own line", t -> t.contains("Presented by you"));
    Select who = new Select(presenter.visible(By.id("stand-in-" + item)));
    assertTrue(who.getOptions().stream().anyMatch(o -> o.getText().equals("Ruth Adeyemi")), "her agency's colleague");
    assertTrue(who.getOptions().stream().noneMatch(o -> o.getText().equals("Gemma Rowe")), "no one of another agency");
    axe.checkWithKeyboard(presenter, "presenter-stand-in-form");
    who.selectByVisibleText("Ruth Adeyemi");
    presenter.click(By.id("stand-in-save-" + item));
    chair.waitText(line, "the stand-in on the chair's agenda", t -> t.contains("Ruth Adeyemi presents instead"));
    String ruth = demo.id("SELECT id::text AS id FROM member WHERE email = 'health-visiting@demo.ailive.test'");
    String amira = demo.id("SELECT id::text AS id FROM member WHERE email = $1", AMIRA);
    JsonObject row = demo.server.query("SELECT stand_in_member_id::text AS s, stand_in_named_by::text AS b "
      + "FROM agenda_item WHERE id = $1", UUID.fromString(item)).getJsonObject(0);
    assertEquals(ruth, row.getString("s"));
    assertEquals(amira, row.getString("b"), "recorded: who named the stand-in");

    presenter.close();
    presenter = null;
    chair.waitText(flag, "the flag once the presenter has gone (the stand-in is not here either)",
      t -> t.contains("Presenter not here"));
    axe.check(chair, "chair-stand-in-named");
    assertTrue(chair.uncaughtErrors().isEmpty(), chair.uncaughtErrors().toString());
    axe.assertClean();
  }
}
