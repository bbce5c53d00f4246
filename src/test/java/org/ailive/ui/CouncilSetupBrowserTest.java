package org.ailive.ui;

import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 item 1 in Chromium: a copy started without demo data leads the first officer, after the
 * forced password change, through set-up in the browser (the council's name, two panels, twelve
 * agencies, key agencies, a chair invited with the link shown, another chosen), refusing to finish
 * while something needed is missing; then the settings page renames an agency, retires one in use,
 * and a version conflict from a second tab shows the message and keeps what was typed. One server,
 * one browser; {@link CouncilSetupSteps} holds the steps for longer tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CouncilSetupBrowserTest {

  static final String PASSWORD = "a quiet walk by the river";
  static final String[] COUNTY_WIDE = {"Police", "Children's Social Care", "Education Welfare", "Health Visiting",
    "Housing", "Early Help"};
  static final String[] WHEN_RELEVANT = {"CAMHS", "Probation", "Youth Justice", "Adult Mental Health",
    "Substance Misuse Service", "Domestic Abuse Service"};

  private static TestServer server;
  private static Browser browser;
  private static CouncilSetupSteps steps;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    server = TestServer.start(Files.createTempDirectory("ailive-council-setup-ui"), false,
      config -> config.with("firstOfficerPassword", ""));
    browser = Browser.open("officer", server.port());
    steps = new CouncilSetupSteps(browser, server);
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
  @Order(1)
  void theFirstOfficerSetsUpTheCouncilInTheWizard() throws Exception {
    // axe scans the wizard's own parts here; its editors are scanned full on the settings page below.
    Axe axe = new Axe("council-setup");
    steps.firstSignIn(PASSWORD);
    axe.checkWithKeyboard(browser, "setup-name");

    // Finishing with nothing set up is refused, and the summary says what is missing.
    steps.goToStep(6);
    browser.click(By.id("setup-finish"));
    String refused = browser.waitText(By.id("setup-refused"), "the refusal", t -> !t.isBlank());
    assertTrue(browser.textOf(By.id("setup-missing")).contains("At least one panel"), browser.textOf(By.id("setup-missing")));
    assertTrue(browser.textOf(By.id("page-error")).contains(refused), browser.textOf(By.id("page-error")));
    browser.settle();
    axe.check(browser, "setup-refused");

    // 1: the name, saved on "Save and continue" (an empty one is refused at its field).
    steps.goToStep(1);
    steps.councilName("");
    browser.click(By.id("setup-next"));
    browser.visible(By.id("council-name-error"));
    assertEquals("council-name", steps.focused());
    steps.councilName("Northshire County Council");
    steps.next(1);

    // 2: two double-district panels; the second has its second district going first.
    steps.addPanel("North Hartley & South Tey", "NHST", "North Hartley", "South Tey", true);
    steps.addPanel("Wyvern & Oakmoor", "WYOK", "Wyvern", "Oakmoor", false);
    assertEquals("Oakmoor", server.query("SELECT d.name FROM panel p JOIN district d ON d.id = p.first_district_id"
      + " JOIN double_district dd ON dd.id = p.double_district_id WHERE dd.code = 'WYOK'").getJsonObject(0).getString("name"));
    steps.next(2);

    // 3: twelve agencies, added one after another with Enter.
    steps.addAgencies(true, COUNTY_WIDE);
    steps.addAgencies(false, WHEN_RELEVANT);
    assertEquals(12, browser.driver.findElements(By.cssSelector("#agency-list > li")).size());
    steps.next(3);

    // 4: key agencies, saved on "Save and continue".
    steps.keyAgency("domestic_abuse", null, true);
    steps.keyAgency("domestic_abuse", "Domestic Abuse Service", true);
    steps.keyAgency("parental_substance_misuse", "Substance Misuse Service", true);
    steps.next(4);
    assertEquals(2L, server.query("SELECT count(DISTINCT need) AS n FROM need_key_agency").getJsonObject(0).getLong("n"),
      "two needs saved");

    // 5: a chair invited (the link shown to copy), and the same member chosen for the second panel.
    String link = steps.inviteChair("NHST", "Grace Okafor", "grace.okafor@northshire.example", "Early Help");
    assertTrue(link.contains("/invite.html#code="), link);
    steps.chooseChair("WYOK", "Grace Okafor, Early Help");
    browser.settle();
    axe.check(browser, "setup-chairs");
    steps.next(5);

    // 6: the summary, and finishing.
    String summary = browser.textOf(By.id("summary-list"));
    assertTrue(summary.contains("Northshire County Council") && summary.contains("12 agencies")
      && summary.contains("Chosen for 2 of 15") && summary.contains("WYOK: Grace Okafor"), summary);
    assertTrue(!browser.isShown(By.id("setup-missing")), "nothing missing");
    steps.finish();
    axe.assertClean();

    // Set up: home is home again.
    browser.go("/index.html");
    browser.visible(By.id("meetings-section"));
    assertTrue(browser.driver.getCurrentUrl().endsWith("/index.html"), browser.driver.getCurrentUrl());
  }

  @Test
  @Order(2)
  void settingsRenameRetireAndAVersionConflictKeepsTheTyping() throws Exception {
    Axe axe = new Axe("council-settings");
    browser.go("/settings.html");
    browser.visible(By.id("nav-settings"));
    String police = steps.agencyId("Police");
    String housing = steps.agencyId("Housing");
    String earlyHelp = steps.agencyId("Early Help");
    browser.visible(By.id("agency-" + police + "-name"));
    browser.settle();
    axe.check(browser, "settings");

    // Rename an agency.
    browser.type(By.id("agency-" + police + "-name"), "Northshire Police");
    browser.click(By.id("agency-" + police + "-save"));
    browser.waitText(By.cssSelector("#agency-" + police + " h4"), "the new name", t -> t.equals("Northshire Police"));
    assertEquals("Northshire Police", server.query("SELECT name FROM agency WHERE id = $1::uuid", police)
      .getJsonObject(0).getString("name"));

    // Retire one in use (the invited chair's agency): it stays, marked retired, with its use counted.
    assertTrue(browser.textOf(By.id("agency-" + earlyHelp + "-use")).contains("1 member"), browser.textOf(By.id("agency-" + earlyHelp + "-use")));
    browser.click(By.id("agency-" + earlyHelp + "-retire"));
    browser.waitText(By.cssSelector("#agency-" + earlyHelp + " h4"), "marked retired", t -> t.contains("Retired"));
    assertEquals("Reinstate", browser.textOf(By.id("agency-" + earlyHelp + "-retire")).split("\\s")[0]);

    // A second tab saves Housing while this one has typed a new name for it.
    browser.type(By.id("agency-" + housing + "-name"), "Housing Options");
    String first = browser.driver.getWindowHandle();
    browser.driver.switchTo().newWindow(WindowType.TAB);
    browser.go("/settings.html");
    browser.type(By.id("agency-" + housing + "-name"), "Northshire Homes");
    browser.click(By.id("agency-" + housing + "-save"));
    browser.waitText(By.cssSelector("#agency-" + housing + " h4"), "their name saved", t -> t.equals("Northshire Homes"));
    browser.driver.close();
    browser.driver.switchTo().window(first);

    browser.click(By.id("agency-" + housing + "-save"));
    String message = browser.waitText(By.id("agency-" + housing + "-form-conflict-message"), "the conflict", t -> !t.isBlank());
    assertTrue(message.startsWith("Someone else changed"), message);
    steps.assertValue(By.id("agency-" + housing + "-name"), "Housing Options");
    assertEquals("Northshire Homes", server.query("SELECT name FROM agency WHERE id = $1::uuid", housing)
      .getJsonObject(0).getString("name"), "nothing overwritten");
    browser.settle();
    axe.check(browser, "settings-conflict");

    // Reload draws their version and keeps the typing; saving again then goes through.
    browser.click(By.id("agency-" + housing + "-form-reload"));
    browser.until("the conflict gone", d -> d.findElements(By.id("agency-" + housing + "-form-conflict")).isEmpty());
    browser.waitText(By.cssSelector("#agency-" + housing + " h4"), "their name", t -> t.equals("Northshire Homes"));
    steps.assertValue(By.id("agency-" + housing + "-name"), "Housing Options");
    browser.click(By.id("agency-" + housing + "-save"));
    browser.waitText(By.cssSelector("#agency-" + housing + " h4"), "the typed name saved", t -> t.equals("Housing Options"));
    axe.assertClean();
  }
}
