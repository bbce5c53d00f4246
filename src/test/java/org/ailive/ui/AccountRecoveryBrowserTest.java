package org.ailive.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 4 in Chromium: a member who forgot their password asks for a reset on the sign-in
 * page's link; the officer sees the request on the members page and issues a link; the member sets
 * a new password with it (the code leaves the address bar at once) and signs in with it.
 */
class AccountRecoveryBrowserTest {

  private static DemoCounty demo;
  private static Browser browser;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    browser = demo.browser("recover");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void forgottenThenTheOfficersLinkThenANewPasswordThenSignedIn() throws Exception {
    String memberId = demo.id("SELECT id::text AS id FROM member WHERE email = $1", DemoCounty.HOUSING);

    browser.signOut();
    browser.click(By.id("forgot-link"));
    browser.type(By.id("forgot-email"), DemoCounty.HOUSING);
    browser.click(By.id("forgot-submit"));
    String done = browser.waitText(By.id("forgot-done"), "the answer", t -> !t.isBlank());
    assertTrue(done.contains("Ask your project officer for the link"), done);

    browser.signIn(DemoCounty.OFFICER, demo.password);
    browser.go("/members.html");
    String card = browser.waitText(By.id("member-" + memberId), "the member's card",
      t -> t.contains("Asked for a new password"));
    assertTrue(card.contains("Give them a password reset link"), card);
    browser.click(By.id("member-" + memberId + "-reset"));
    browser.visible(By.id("member-" + memberId + "-link"));
    String url = (String) browser.js("return document.getElementById(arguments[0]).value", "member-" + memberId + "-link");
    assertTrue(url.contains("/reset.html#code="), url);
    browser.until("the request answered", d -> !browser.textOf(By.id("member-" + memberId)).contains("Asked for a new password"));

    browser.signOut();
    browser.driver.get(url);
    browser.visible(By.id("reset-form"));
    browser.until("the code out of the address bar", d -> !d.getCurrentUrl().contains("code="));
    browser.type(By.id("reset-password"), "Password1234");
    browser.type(By.id("reset-password-confirm"), "Password1234");
    browser.click(By.id("reset-submit"));
    String refused = browser.waitText(By.id("reset-password-error"), "the refusal at its field", t -> !t.isBlank());
    assertTrue(refused.contains("common"), refused);
    browser.type(By.id("reset-password"), "gulls above the ferry port");
    browser.type(By.id("reset-password-confirm"), "gulls above the ferry port");
    browser.click(By.id("reset-submit"));
    browser.visible(By.id("reset-done"));
    assertFalse(browser.isShown(By.id("reset-form")));

    browser.click(By.id("reset-sign-in"));
    browser.signInHere(DemoCounty.HOUSING, "gulls above the ferry port");
    browser.click(By.id("nav-account"));
    browser.visible(By.id("account-password-form"));
    assertEquals("two-factor.html", browser.js(
      "return document.querySelector('#two-factor-link a').getAttribute('href')"));
  }
}
