package org.ailive.ui;

import org.ailive.TestServer;
import org.ailive.auth.FirstOfficer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 8 in the browser: every page of a copy that holds the demo county says "Demo data"
 * in a status region at its top, and the sign-in page leads the first officer from the one-time
 * password to one of their own (a common one refused at its field), then to setting up two-factor
 * sign-in (issue 18), with no serious or critical
 * axe finding on the way.
 */
class FirstSignInBrowserTest {

  private static TestServer server;
  private static Browser browser;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    server = TestServer.start(Files.createTempDirectory("ailive-first-sign-in-ui"), true,
      config -> config.with("firstOfficerPassword", ""));
    browser = Browser.open("first-officer", server.port());
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (server != null) {
      server.stop();
      TestServer.deleteQuietly(server.dataDir);
    }
  }

  @Test
  void everyPageSaysDemoDataAndTheFirstOfficerChoosesTheirOwnPassword() throws Exception {
    Matcher m = Pattern.compile("password: (\\S+)").matcher(Files.readString(server.dataDir.resolve(FirstOfficer.PASSWORD_FILE)));
    assertTrue(m.find());
    String oneTime = m.group(1);
    Axe axe = new Axe("first-sign-in");

    browser.signOut();
    assertBanner("sign-in");
    browser.type(By.id("email"), TestServer.OFFICER_EMAIL);
    browser.type(By.id("password"), oneTime);
    browser.click(By.id("sign-in-button"));
    browser.visible(By.id("change-password-section"));
    browser.until("focus on the heading", d -> "change-password-heading".equals(
      browser.js("return document.activeElement && document.activeElement.id")));
    assertNull(browser.js("return sessionStorage.getItem('ailive.token')"), "no session is kept before the change");
    browser.settle();
    axe.checkWithKeyboard(browser, "change-password");

    browser.type(By.id("new-password"), "Password1234");
    browser.type(By.id("new-password-confirm"), "Password1234");
    browser.click(By.id("change-password-button"));
    String error = browser.waitText(By.id("new-password-error"), "the refusal next to the field", t -> !t.isBlank());
    assertTrue(error.contains("common"), error);
    browser.settle();
    axe.check(browser, "change-password-refused");

    browser.type(By.id("new-password"), "a quiet walk by the river");
    browser.type(By.id("new-password-confirm"), "a quiet walk by the river");
    browser.click(By.id("change-password-button"));
    // The password first, then two-factor sign-in (issue 18): the officer sets it up before anything else.
    browser.visible(By.id("setup-section"));
    assertTrue(browser.isShown(By.id("setup-required")), "it says why");
    browser.click(By.id("start-setup-button"));
    String secret = browser.waitText(By.id("two-factor-secret"), "the key to type in", t -> !t.isBlank());
    browser.settle();
    axe.check(browser, "two-factor-setup");
    browser.type(By.id("confirm-code"), org.ailive.auth.Totp.code(org.ailive.auth.Totp.fromBase32(secret),
      org.ailive.auth.Totp.step(java.time.Instant.now())));
    browser.click(By.id("confirm-button"));
    browser.visible(By.id("codes-section"));
    assertEquals(10L, browser.js("return document.querySelectorAll('#recovery-codes li').length"));
    browser.click(By.id("codes-saved"));
    browser.click(By.id("codes-saved-button"));
    browser.visible(By.id("meetings-section"));
    assertTrue(browser.js("return sessionStorage.getItem('ailive.token')") != null, "signed in now");
    assertBanner("home");
    // The new password began the browser's session (issue 16): another tab opens signed in.
    String firstTab = browser.driver.getWindowHandle();
    browser.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    browser.go("/meetings.html");
    browser.visible(By.id("nav-who"));
    assertTrue(browser.driver.getCurrentUrl().endsWith("/meetings.html"), browser.driver.getCurrentUrl());
    browser.driver.close();
    browser.driver.switchTo().window(firstTab);

    String meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    for (String page : List.of("/meetings.html", "/members.html", "/meeting-prep.html?meeting=" + meetingId,
        "/room.html?meeting=" + meetingId, "/display.html?meeting=" + meetingId)) {
      browser.go(page);
      assertBanner(page);
    }
    axe.assertClean();
  }

  private static void assertBanner(String where) {
    WebElement banner = browser.visible(By.id("demo-banner"));
    assertEquals("status", banner.getAttribute("role"), where);
    assertTrue(banner.getText().startsWith("Demo data."), where + ": " + banner.getText());
    assertEquals(Boolean.TRUE, browser.js("const b = document.getElementById('demo-banner');"
      + " return b.getBoundingClientRect().top < 80"), where + ": the banner is at the top");
  }
}
