package org.ailive.ui;

import org.ailive.TestServer;
import org.ailive.TwoFactorFixture;
import org.ailive.auth.FirstOfficer;
import org.ailive.auth.Totp;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The set-up wizard and settings page driven as an officer would (their ids are docs/UI.md's), for
 * {@link CouncilSetupBrowserTest} and any longer end-to-end test that starts from an empty copy:
 * each step waits until the page has answered, so the next one starts from a settled page.
 */
final class CouncilSetupSteps {

  private final Browser browser;
  private final TestServer server;

  CouncilSetupSteps(Browser browser, TestServer server) {
    this.browser = browser;
    this.server = server;
  }

  /** The first officer's one-time password, from the owner-only file the first start wrote. */
  String oneTimePassword() throws Exception {
    Matcher m = Pattern.compile("password: (\\S+)").matcher(Files.readString(server.dataDir.resolve(FirstOfficer.PASSWORD_FILE)));
    assertTrue(m.find(), "the one-time password file");
    return m.group(1);
  }

  /** Signs in with the one-time password, chooses {@code newPassword}, and lands on the wizard's first step. */
  void firstSignIn(String newPassword) throws Exception {
    browser.signOut();
    browser.type(By.id("email"), TestServer.OFFICER_EMAIL);
    browser.type(By.id("password"), oneTimePassword());
    browser.click(By.id("sign-in-button"));
    browser.visible(By.id("change-password-section"));
    browser.type(By.id("new-password"), newPassword);
    browser.type(By.id("new-password-confirm"), newPassword);
    browser.click(By.id("change-password-button"));
    secret = enrolTwoFactor(browser);
    browser.until("the set-up wizard", d -> d.getCurrentUrl().contains("/setup.html"));
    waitStep(1);
  }

  /** The first officer's two-factor secret, once {@link #firstSignIn} has set it up. */
  String secret;

  /**
   * On two-factor.html (where an officer or chair without it is sent after signing in): starts set-up,
   * reads the key shown as text (as a person without a camera would), confirms with a code computed
   * from it, ticks "I have saved these codes" and continues. Returns the key without spaces.
   */
  static String enrolTwoFactor(Browser browser) {
    browser.until("the two-factor set-up page", d -> d.getCurrentUrl().contains("/two-factor.html"));
    browser.visible(By.id("setup-required"));
    browser.click(By.id("start-setup-button"));
    String shown = browser.waitText(By.id("two-factor-secret"), "the key to type in", t -> !t.isBlank()).replace(" ", "");
    browser.type(By.id("confirm-code"), Totp.code(Totp.fromBase32(shown), Totp.step(Instant.now())));
    browser.click(By.id("confirm-button"));
    browser.visible(By.id("codes-section"));
    assertEquals(10L, browser.js("return document.querySelectorAll('#recovery-codes code').length"));
    browser.click(By.id("codes-saved"));
    browser.click(By.id("codes-saved-button"));
    browser.until("away from the two-factor page", d -> !d.getCurrentUrl().contains("/two-factor.html"));
    return shown;
  }

  /** Signs in with the password, then a code computed from {@code secret}, and waits for the home page. */
  static void signInWithCode(Browser browser, TestServer server, String email, String password, String secret)
    throws Exception {
    browser.signOut();
    browser.type(By.id("email"), email);
    browser.type(By.id("password"), password);
    browser.click(By.id("sign-in-button"));
    browser.visible(By.id("code-section"));
    assertEquals(null, browser.js("return sessionStorage.getItem('ailive.token')"), "no session before the code");
    browser.type(By.id("code"), TwoFactorFixture.freshCode(server, email, secret));
    browser.click(By.id("code-button"));
    browser.until("signed in with the code", d -> browser.js("return sessionStorage.getItem('ailive.token')") != null);
  }

  /** Accepts an invitation link in this browser with {@code password}, leaving the page the invitation goes to. */
  static void acceptInvitation(Browser browser, String link, String password) {
    browser.signOut();
    browser.driver.get(link);
    browser.type(By.id("invite-password"), password);
    browser.type(By.id("invite-password-confirm"), password);
    browser.click(By.id("invite-accept"));
    browser.until("away from the invitation", d -> !d.getCurrentUrl().contains("/invite.html"));
  }

  /** Waits until step {@code n} shows with focus on its heading. */
  void waitStep(int n) {
    browser.visible(By.id("step-" + n + "-heading"));
    browser.until("focus on step " + n + "'s heading", d -> ("step-" + n + "-heading").equals(focused()));
    browser.settle();
  }

  String focused() {
    return (String) browser.js("return document.activeElement && document.activeElement.id");
  }

  /** "Save and continue" from step {@code from}. */
  void next(int from) {
    browser.click(By.id("setup-next"));
    waitStep(from + 1);
  }

  void goToStep(int n) {
    browser.click(By.id("step-link-" + n));
    waitStep(n);
  }

  void councilName(String name) {
    browser.type(By.id("council-name"), name);
  }

  /** Adds a panel (on step 2 or the settings page); {@code firstGoesFirst} false: the second district goes first. */
  void addPanel(String name, String code, String first, String second, boolean firstGoesFirst) {
    int before = browser.driver.findElements(By.cssSelector("#panel-list > li")).size();
    browser.type(By.id("panel-add-name"), name);
    browser.type(By.id("panel-add-code"), code);
    browser.type(By.id("panel-add-district-1"), first);
    browser.type(By.id("panel-add-district-2"), second);
    new Select(browser.visible(By.id("panel-add-first"))).selectByVisibleText(firstGoesFirst ? first : second);
    browser.click(By.id("panel-add-submit"));
    browser.until("panel " + code + " in the list", d -> d.findElements(By.cssSelector("#panel-list > li")).size() == before + 1);
    browser.until("the form ready for the next panel", d -> "panel-add-name".equals(focused()));
  }

  /** Adds agencies one after another with Enter, checking the name box keeps focus for the next. */
  void addAgencies(boolean countyWide, String... names) {
    new Select(browser.visible(By.id("agency-add-attendance"))).selectByValue(countyWide ? "county_wide" : "when_relevant");
    WebElement box = browser.visible(By.id("agency-add-name"));
    for (String name : names) {
      int before = browser.driver.findElements(By.cssSelector("#agency-list > li")).size();
      box.click();
      box.sendKeys(name, Keys.ENTER);
      browser.until(name + " in the list", d -> d.findElements(By.cssSelector("#agency-list > li")).size() == before + 1);
      browser.until("the name box empty, with focus, for the next agency",
        d -> "agency-add-name".equals(focused()) && box.getAttribute("value").isEmpty());
    }
  }

  String agencyId(String name) throws Exception {
    return server.query("SELECT id::text AS id FROM agency WHERE name = $1", name).getJsonObject(0).getString("id");
  }

  String panelId(String code) throws Exception {
    return server.query("SELECT p.id::text AS id FROM panel p JOIN double_district dd ON dd.id = p.double_district_id"
      + " WHERE dd.code = $1", code).getJsonObject(0).getString("id");
  }

  /** Ticks (or unticks) a key agency of a presenting need; {@code agency} null: "every county-wide agency". */
  void keyAgency(String need, String agency, boolean on) throws Exception {
    By box = By.id(agency == null ? "need-" + need + "-county-wide" : "need-" + need + "-agency-" + agencyId(agency));
    WebElement input = browser.visible(box);
    if (input.isSelected() != on) {
      browser.click(box);
    }
  }

  /** Invites a new chair for the panel and returns the invitation link shown to copy. */
  String inviteChair(String panelCode, String fullName, String email, String agency) throws Exception {
    String id = panelId(panelCode);
    browser.type(By.id("chair-" + id + "-invite-name"), fullName);
    browser.type(By.id("chair-" + id + "-invite-email"), email);
    if (agency != null) {
      new Select(browser.visible(By.id("chair-" + id + "-invite-agency"))).selectByVisibleText(agency);
    }
    browser.click(By.id("chair-" + id + "-invite"));
    WebElement link = browser.visible(By.id("chair-" + id + "-link"));
    browser.waitText(By.id("chair-" + id + "-current"), "the chair named", t -> t.contains(fullName));
    return link.getAttribute("value");
  }

  /** Makes an existing member the panel's chair (the select shows "Name, Agency"). */
  void chooseChair(String panelCode, String optionText) throws Exception {
    String id = panelId(panelCode);
    new Select(browser.visible(By.id("chair-" + id + "-member"))).selectByVisibleText(optionText);
    browser.click(By.id("chair-" + id + "-choose"));
    browser.waitText(By.id("chair-" + id + "-current"), "the chair named", t -> t.startsWith("Chair: " + optionText.split(",")[0]));
  }

  /** Finishes set-up from the summary step and waits for "Set-up is complete". */
  void finish() {
    browser.click(By.id("setup-finish"));
    browser.visible(By.id("setup-done"));
    browser.until("focus on the done heading", d -> "setup-done-heading".equals(focused()));
  }

  /** The status region's text once it says something. */
  String status() {
    return browser.waitText(By.id("page-status"), "a confirmation", t -> !t.isBlank());
  }

  void assertValue(By by, String expected) {
    assertEquals(expected, browser.visible(by).getAttribute("value"), by.toString());
  }
}
