package org.ailive.ui;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 2 in Chromium: a partner records their agency's check on a case in the pre-meeting
 * pack (a "known to us" without an update is refused at the field); the chair sees the answer and
 * the update beside the case in the live room; the officer's preparation page shows who has read the
 * pack as a table. axe-core finds no serious fault on the pack, the room or the grid.
 */
class PackChecksBrowserTest {

  static final String UPDATE = "Two call-outs to the address in May; the older child was not at home.";

  private static DemoCounty demo;
  private static Browser browser;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    // The scene: the demo meeting is today, so its pack is open to the partners.
    demo.server.query("UPDATE meeting SET meeting_date = $2 WHERE id = $1", UUID.fromString(demo.meetingId),
      LocalDate.now(ZoneId.of("Europe/London")));
    browser = demo.browser("pack-checks");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void aPartnerAnswersInThePackAndTheChairSeesItBesideTheCase() throws Exception {
    Axe axe = new Axe("pack-checks");
    demo.command(DemoCounty.OFFICER, "meeting.open", new JsonObject());
    demo.command(DemoCounty.CHAIR, "meeting.start", new JsonObject());
    demo.command(DemoCounty.CHAIR, "timer.start", new JsonObject());
    String caseId = focusCaseId();

    // The partner answers in the pack; "known to us" needs an update, said at the field.
    browser.signIn(DemoCounty.POLICE, demo.password);
    browser.go("/pack.html?meeting=" + demo.meetingId);
    browser.visible(By.id("check-form-" + caseId));
    browser.click(By.id("check-known-" + caseId));
    browser.click(By.id("check-save-" + caseId));
    String refused = browser.waitText(By.id("check-update-" + caseId + "-error"), "the refusal at the field",
      t -> !t.isBlank());
    assertTrue(refused.contains("short update"), refused);
    assertEquals("true", browser.visible(By.id("check-update-" + caseId)).getAttribute("aria-invalid"));
    assertEquals(0, demo.count("SELECT count(*) AS n FROM pack_check"), "nothing sent");
    browser.settle();
    axe.checkWithKeyboard(browser, "pack-check-refused");

    browser.type(By.id("check-update-" + caseId), UPDATE);
    browser.click(By.id("check-save-" + caseId));
    browser.waitText(By.id("check-status-" + caseId), "the check saved", t -> t.contains("is saved"));
    assertEquals(1, demo.count("SELECT count(*) AS n FROM pack_check WHERE case_id = $1 AND answer = 'known'"
      + " AND update_text = $2", UUID.fromString(caseId), UPDATE));
    String current = browser.textOf(By.id("check-current-" + caseId));
    assertTrue(current.startsWith("Recorded: Known to us"), current);
    browser.settle();
    axe.checkWithKeyboardOnPhone(browser, "pack-check-saved");

    // The chair sees it beside the case in focus.
    browser.enterRoom(DemoCounty.CHAIR, demo.password, demo.meetingId);
    String list = browser.waitText(By.id("key-agencies-list"), "the partner's check beside the case",
      t -> t.contains(UPDATE));
    assertTrue(list.contains("Pack check: Known to us."), list);
    String summary = browser.textOf(By.id("key-agencies-summary"));
    assertTrue(summary.contains("answered the pack check"), summary);
    browser.settle();
    axe.check(browser, "room-pack-checks");

    // The officer's preparation page: who has read the pack, as a table.
    browser.signIn(DemoCounty.OFFICER, demo.password);
    browser.go("/meeting-prep.html?meeting=" + demo.meetingId);
    browser.visible(By.id("readers-table"));
    String police = demo.id("SELECT id::text AS id FROM member WHERE email = $1", DemoCounty.POLICE);
    String camhs = demo.id("SELECT id::text AS id FROM member WHERE email = $1", DemoCounty.CAMHS);
    List<WebElement> policeCells = browser.driver.findElements(
      By.cssSelector("#readers-table tr[data-member-id='" + police + "'] td[data-read]"));
    assertTrue(policeCells.size() >= 2, "a cell per case");
    assertTrue(policeCells.stream().allMatch(c -> "true".equals(c.getAttribute("data-read"))
      && c.getText().equals("Read")), "the partner opened the pack: every case is read");
    assertTrue(browser.driver.findElements(By.cssSelector("#readers-table tr[data-member-id='" + camhs + "'] td[data-read]"))
      .stream().allMatch(c -> "false".equals(c.getAttribute("data-read")) && c.getText().equals("Not read")));
    assertEquals("Who has read each case of the pack", browser.textOf(By.cssSelector("#readers-table caption")));
    assertTrue(browser.textOf(By.id("readers-summary")).contains("have read every case"));
    browser.visible(By.id("readers-section"));
    browser.js("document.getElementById('readers-section').scrollIntoView()");
    browser.settle();
    axe.checkWithKeyboard(browser, "prep-pack-readers");
    axe.assertClean();
  }

  private static String focusCaseId() throws Exception {
    var res = demo.server.client.get("/api/meetings/" + demo.meetingId + "/room")
      .bearerTokenAuthentication(demo.server.demoToken(DemoCounty.OFFICER)).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getJsonObject("state").getJsonObject("focus").getString("caseId");
  }
}
