package org.ailive.ui;

import org.ailive.notify.Notice;
import org.ailive.notify.Outbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 7 in a real browser: the bell on a signed-in page counts the member's unread
 * notices, goes up live when one commits (mail is off here: the in-app notice is written anyway),
 * opens a list where a notice is marked read, and the notices page saves the member's choices.
 * axe stays clean with the list open and on the notices page.
 */
class NoticeBellBrowserTest {

  private static DemoCounty demo;
  private static Browser police;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(police));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    police = demo.browser("police");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(police);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theBellCountsUpLiveMarksReadAndTheNoticesPageSavesChoices() throws Exception {
    Axe axe = new Axe("notice-bell");
    police.signIn(DemoCounty.POLICE, demo.password);
    police.go("/my-actions.html");
    police.waitAttribute(By.id("bell-button"), "data-count", "0");
    UUID memberId = UUID.fromString(demo.id("SELECT id FROM member WHERE email = $1", DemoCounty.POLICE));
    // Let the bell's live listener open before the notice commits (it reads the count again when it does).
    Thread.sleep(1500);

    notify(memberId, "Ama Mensah");
    police.waitAttribute(By.id("bell-button"), "data-count", "1");
    police.waitText(By.id("bell-live"), "the live announcement", t -> t.contains("New notice: Mail to Ama Mensah"));

    police.click(By.id("bell-button"));
    police.visible(By.id("bell-panel"));
    assertEquals("true", police.driver.findElement(By.id("bell-button")).getAttribute("aria-expanded"));
    String subject = police.textOf(By.cssSelector("#bell-list li"));
    assertTrue(subject.contains("Mail to Ama Mensah is not getting through"), subject);
    assertTrue(police.driver.findElement(By.cssSelector("#bell-list a")).getAttribute("href").contains("/members.html"));
    axe.check(police, "bell-open");
    police.click(By.cssSelector("#bell-list button"));
    police.waitAttribute(By.id("bell-button"), "data-count", "0");
    assertEquals(1, demo.server.query("SELECT id FROM notice WHERE member_id = $1::uuid AND read_at IS NOT NULL",
      memberId.toString()).size(), "read on the server");

    police.go("/notices.html#preferences");
    police.visible(By.id("pref-invitation-mail"));
    assertFalse(police.driver.findElement(By.id("pref-invitation-mail")).isEnabled(), "an essential kind stays");
    assertTrue(police.driver.findElement(By.id("pref-mail_problem-mail")).isSelected());
    assertTrue(police.driver.findElements(By.id("pref-action_digest-app")).isEmpty(), "the digest is mail or off");
    assertTrue(police.textOf(By.id("pref-action_digest")).contains("By e-mail or not at all"));
    police.click(By.id("pref-mail_problem-app"));
    police.click(By.id("preferences-save"));
    police.waitText(By.id("page-status"), "saved", t -> t.contains("Your choices are saved."));
    assertEquals("app", demo.server.query("SELECT choice FROM notice_preference WHERE member_id = $1::uuid"
      + " AND kind = 'mail_problem'", memberId.toString()).getJsonObject(0).getString("choice"));
    assertTrue(police.textOf(By.id("notices-list")).contains("Mail to Ama Mensah"), "the notice is listed");

    notify(memberId, "Ben Ode");
    police.waitAttribute(By.id("bell-button"), "data-count", "1");
    police.waitText(By.id("notices-list"), "the new notice listed", t -> t.contains("Mail to Ben Ode"));
    axe.check(police, "notices-page");
    axe.assertClean();
  }

  private static void notify(UUID memberId, String about) throws Exception {
    Outbox outbox = new Outbox(demo.server.vertx, demo.server.config);
    Notice notice = new Notice("mail_problem", memberId, DemoCounty.POLICE, "mail_problem:test-" + UUID.randomUUID(),
      Map.of("fullName", about, "url", "/members.html"), false, null);
    demo.server.app.db().pool().withTransaction(conn -> outbox.enqueue(conn, notice)).await(10, TimeUnit.SECONDS);
  }
}
