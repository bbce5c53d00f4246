package org.ailive.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 6 in Chromium, signed out: the weekly digest's link opens progress.html, which
 * shows the owner their action (the code leaves the address bar at once), asks for the update's text
 * at its field, posts it, and refuses the link in plain words when it comes back. axe-core finds no
 * serious fault on the form or the refusal.
 */
class ProgressLinkBrowserTest {

  private static DemoCounty demo;
  private static Browser browser;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    browser = demo.browser("progress-link");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theOwnerPostsOneUpdateFromTheLinkWithoutSigningIn() throws Exception {
    var owner = demo.server.query("SELECT id, agency_id FROM member WHERE email = $1", DemoCounty.POLICE).getJsonObject(0);
    UUID ownerId = UUID.fromString(owner.getString("id"));
    String chairId = demo.id("SELECT id::text AS id FROM member WHERE email = $1", DemoCounty.CHAIR);
    demo.server.query("INSERT INTO panel_member (panel_id, member_id) SELECT panel_id, $2 FROM meeting WHERE id = $1"
      + " AND NOT EXISTS (SELECT 1 FROM panel_member pm JOIN meeting mt ON mt.panel_id = pm.panel_id"
      + " WHERE mt.id = $1 AND pm.member_id = $2 AND pm.left_at IS NULL)", UUID.fromString(demo.meetingId), ownerId);
    String actionId = demo.server.query("""
        INSERT INTO action (meeting_id, description, owner_agency_id, owner_member_id, due_date, success_measure,
                            status, proposed_by_member_id, confirmed_by_member_id, confirmed_at)
        VALUES ($1, 'Ask the school about attendance since half term', $2, $3, current_date + 3,
                'Attendance known', 'open', $4, $4, now()) RETURNING id, number""",
      UUID.fromString(demo.meetingId), UUID.fromString(owner.getString("agency_id")), ownerId,
      UUID.fromString(chairId)).getJsonObject(0).getString("id");
    long number = demo.server.query("SELECT number FROM action WHERE id = $1", UUID.fromString(actionId))
      .getJsonObject(0).getLong("number");
    // A link as the digest stores it: only the code's SHA-256.
    String code = "browserLink" + UUID.randomUUID().toString().replace("-", "");
    demo.server.query("INSERT INTO progress_link (action_id, member_id, code_hash, expires_at)"
      + " VALUES ($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'), now() + interval '7 days')",
      UUID.fromString(actionId), ownerId, code);

    Axe axe = new Axe("progress-link");
    browser.signOut();
    browser.go("/progress.html#code=" + code);
    browser.visible(By.id("progress-form"));
    browser.until("the code out of the address bar", d -> !d.getCurrentUrl().contains("code="));
    assertEquals("Action " + number, browser.textOf(By.id("progress-number")));
    // The demo sets no mailAllowedDomains: like its mail, the link shows neither the family nor the action's words.
    assertEquals("Not shown on this link: sign in to see it", browser.textOf(By.id("progress-description")));
    assertEquals("Not shown on this link: sign in to see it", browser.textOf(By.id("progress-family")));
    assertTrue(browser.textOf(By.id("progress-expires")).startsWith("This link works once, until"));
    browser.settle();
    axe.checkWithKeyboard(browser, "progress-form");

    browser.click(By.id("progress-submit"));
    String refused = browser.waitText(By.id("progress-body-error"), "the text asked for", t -> !t.isBlank());
    assertTrue(refused.contains("Write what has happened"), refused);

    browser.type(By.id("progress-body"), "The school says attendance is up to 85%.");
    browser.click(By.id("progress-submit"));
    browser.visible(By.id("progress-done"));
    assertFalse(browser.isShown(By.id("progress-form")));
    assertEquals(1, demo.server.query("SELECT count(*) AS n FROM action_update WHERE action_id = $1 AND body = $2",
      UUID.fromString(actionId), "The school says attendance is up to 85%.").getJsonObject(0).getLong("n"));

    // Opened again (a fresh page load: only the fragment would differ otherwise).
    browser.go("/index.html");
    browser.go("/progress.html#code=" + code);
    String error = browser.waitText(By.id("page-error"), "the used link refused", t -> !t.isBlank());
    assertTrue(error.contains("This link has been used"), error);
    browser.visible(By.id("progress-sign-in"));
    assertFalse(browser.isShown(By.id("progress-action")));
    browser.settle();
    axe.check(browser, "progress-refused");
    axe.assertClean();
  }
}
