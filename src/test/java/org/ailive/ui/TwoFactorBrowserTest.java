package org.ailive.ui;

import org.ailive.TwoFactorFixture;
import org.ailive.auth.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 5 in the browser: a chair sets up two-factor sign-in by typing the key the page
 * shows (as a person without a camera would), saves the recovery codes, signs out, and signs in
 * again with the password and a code, the code field made for one-time codes; no serious or
 * critical axe finding on the way.
 */
class TwoFactorBrowserTest {

  private static DemoCounty demo;
  private static Browser browser;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    browser = demo.browser("two-factor");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void aChairSetsItUpFromTheKeyTextSignsOutAndSignsInWithACode() throws Exception {
    Axe axe = new Axe("two-factor");
    browser.signIn(DemoCounty.CHAIR, demo.password);
    browser.go("/two-factor.html");
    browser.visible(By.id("setup-section"));
    assertFalse(browser.isShown(By.id("setup-required")), "a demo account may, need not");
    browser.click(By.id("start-setup-button"));
    String shown = browser.waitText(By.id("two-factor-secret"), "the key to type in", t -> !t.isBlank());
    String alt = browser.visible(By.id("two-factor-qr")).getAttribute("alt");
    assertTrue(alt.contains("QR code") && alt.contains("key"), alt);
    assertTrue((Boolean) browser.js("const i = document.getElementById('two-factor-qr');"
      + " return i.complete && i.naturalWidth > 0"), "the QR code is drawn");
    browser.settle();
    axe.checkWithKeyboard(browser, "setup");
    byte[] key = Totp.fromBase32(shown);

    browser.type(By.id("confirm-code"), "12345");
    browser.click(By.id("confirm-button"));
    browser.visible(By.id("confirm-code-error"));
    browser.type(By.id("confirm-code"), Totp.code(key, Totp.step(Instant.now())));
    browser.click(By.id("confirm-button"));
    browser.visible(By.id("codes-section"));
    assertEquals(10L, browser.js("return document.querySelectorAll('#recovery-codes code').length"));
    String recovery = browser.textOf(By.cssSelector("#recovery-codes li:first-child code"));
    browser.settle();
    axe.check(browser, "recovery-codes");
    browser.click(By.id("codes-saved-button"));
    browser.visible(By.id("codes-saved-error"));
    browser.click(By.id("codes-saved"));
    browser.click(By.id("codes-saved-button"));
    browser.visible(By.id("manage-section"));
    assertTrue(browser.textOf(By.id("manage-summary")).contains("10 unused recovery codes"), browser.textOf(By.id("manage-summary")));
    assertTrue(browser.isShown(By.id("off-part")), "a demo chair may turn it off");
    browser.settle();
    axe.check(browser, "manage");

    browser.signOut();
    browser.type(By.id("email"), DemoCounty.CHAIR);
    browser.type(By.id("password"), demo.password);
    browser.click(By.id("sign-in-button"));
    browser.visible(By.id("code-section"));
    assertNull(browser.js("return sessionStorage.getItem('ailive.token')"), "no session before the code");
    assertEquals("one-time-code", browser.visible(By.id("code")).getAttribute("autocomplete"));
    assertEquals("numeric", browser.visible(By.id("code")).getAttribute("inputmode"));
    browser.until("focus on the heading", d -> "code-heading".equals(
      browser.js("return document.activeElement && document.activeElement.id")));
    browser.settle();
    axe.checkWithKeyboard(browser, "code-step");
    browser.click(By.id("use-recovery-code"));
    browser.visible(By.id("recovery-code"));
    assertFalse(browser.isShown(By.id("code")));
    browser.click(By.id("use-recovery-code"));

    String wrong = "123456".equals(Totp.code(key, Totp.step(Instant.now()))) ? "654321" : "123456";
    browser.type(By.id("code"), wrong);
    browser.click(By.id("code-button"));
    browser.waitText(By.id("code-error"), "the refusal", t -> t.contains("wrong"));
    browser.settle();
    axe.check(browser, "code-refused");
    browser.type(By.id("code"), TwoFactorFixture.freshCode(demo.server, DemoCounty.CHAIR, shown.replace(" ", "")));
    browser.click(By.id("code-button"));
    browser.visible(By.id("meetings-section"));
    assertTrue(browser.js("return sessionStorage.getItem('ailive.token')") != null, "signed in with the code");
    assertFalse(recovery.isBlank());
    axe.assertClean();
  }
}
