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
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's "Done when", in Chromium: a council from nothing. The service starts on an empty data
 * directory without demo data; the first officer signs in with the one-time password, chooses a new
 * one, sets up two-factor sign-in (the key read as text, a code computed from it) and is led through
 * set-up (the council's name, two panels, twelve agencies, key agencies, a chair invited with the
 * link shown, another chosen), refused while something needed is missing; the settings page renames
 * an agency, retires one in use, and a version conflict from a second tab keeps what was typed. Then,
 * on the members page, 30 members imported from a CSV (two bad rows refused in the dry run, then the
 * fixed file); the invited chair accepts in a second browser, sets up two-factor sign-in, signs out
 * and signs in with a code; the officer creates the panel's meeting (meetings page), adds two items
 * and opens it (prepare page); two imported partners accept their invitations and enter the room;
 * the chair starts the meeting, runs the first item's timer, moves on and ends it, and the partners
 * see each change. All through the pages, no REST shortcut; the database is read only to check.
 * One server, three browsers at most (the officer's serves the second partner once done);
 * {@link CouncilSetupSteps} holds the steps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CouncilSetupBrowserTest {

  static final String PASSWORD = "a quiet walk by the river";
  static final String[] COUNTY_WIDE = {"Police", "Children's Social Care", "Education Welfare", "Health Visiting",
    "Housing", "Early Help"};
  static final String[] WHEN_RELEVANT = {"CAMHS", "Probation", "Youth Justice", "Adult Mental Health",
    "Substance Misuse Service", "Domestic Abuse Service"};

  static final String CHAIR = "grace.okafor@northshire.example";
  static final String CHAIR_PASSWORD = "lanterns along the harbour wall";
  static final String PARTNER_PASSWORD = "seven green kites over the hill";

  private static TestServer server;
  private static Browser browser;
  private static Browser chair;
  private static Browser partner;
  private static CouncilSetupSteps steps;
  private static String chairLink;
  private static final List<String> partnerLinks = new ArrayList<>();

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser, chair, partner));

  @BeforeAll
  static void setUp() throws Exception {
    server = TestServer.start(Files.createTempDirectory("ailive-council-setup-ui"), false,
      config -> config.with("firstOfficerPassword", ""));
    browser = Browser.open("officer", server.port());
    steps = new CouncilSetupSteps(browser, server);
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser, chair, partner);
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
    String link = steps.inviteChair("NHST", "Grace Okafor", CHAIR, "Early Help");
    assertTrue(link.contains("/invite.html#code="), link);
    chairLink = link;
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

  /** 30 partners of the first panel, from Probation; {@code withBadRows}: row 7's e-mail and row 19's agency are wrong. */
  private static Path members(boolean withBadRows) throws Exception {
    StringBuilder csv = new StringBuilder("full_name,email,agency,agency_attendance,roles,panels\n");
    for (int i = 1; i <= 30; i++) {
      String email = withBadRows && i == 7 ? "not-an-address" : "partner" + i + "@northshire.example";
      String agency = withBadRows && i == 19 ? "Unheard Of Agency" : "Probation";
      csv.append("Partner Number ").append(i).append(',').append(email).append(',').append(agency).append(",,partner,NHST\n");
    }
    Path p = Files.createTempFile("council-members-", ".csv");
    Files.writeString(p, csv);
    return p;
  }

  private static void checkImport(Path csv) {
    browser.visible(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
    browser.click(By.id("import-check"));
  }

  @Test
  @Order(3)
  void thirtyMembersImportedAfterTwoBadRowsAreRefused() throws Exception {
    browser.go("/members.html");
    browser.visible(By.id("import-section"));
    checkImport(members(true));
    String summary = browser.waitText(By.id("import-summary"), "the check's summary", t -> t.contains("refused"));
    assertTrue(summary.startsWith("2 of 30 rows are refused"), summary);
    assertEquals("true", browser.visible(By.id("import-apply")).getDomAttribute("disabled"));
    String table = browser.textOf(By.id("import-table"));
    assertTrue(table.contains("is not an e-mail address") && table.contains("names no agency"), table);
    assertEquals(0L, server.query("SELECT count(*) AS n FROM member WHERE email LIKE 'partner%'").getJsonObject(0).getLong("n"),
      "the dry run changes nothing");

    checkImport(members(false));
    browser.waitText(By.id("import-summary"), "a clean check", t -> t.startsWith("All 30 rows can be imported"));
    browser.click(By.id("import-apply"));
    browser.waitText(By.id("import-links-heading"), "the links", t -> t.equals("Invitation links (30)"));
    // The file's rows 2 and 3 (its first two members) are the partners who come to the meeting.
    for (int row = 2; row <= 3; row++) {
      String link = browser.visible(By.id("import-invite-" + row)).getDomProperty("value");
      assertTrue(link.contains("/invite.html#code="), link);
      partnerLinks.add(link);
    }
    assertEquals(30L, server.query("SELECT count(*) AS n FROM member m JOIN panel_member pm ON pm.member_id = m.id"
      + " WHERE m.email LIKE 'partner%'").getJsonObject(0).getLong("n"), "all 30 on the panel");
  }

  @Test
  @Order(4)
  void theInvitedChairEnrolsTwoFactorThenSignsInWithACode() throws Exception {
    chair = Browser.open("chair", server.port());
    CouncilSetupSteps.acceptInvitation(chair, chairLink, CHAIR_PASSWORD);
    String secret = CouncilSetupSteps.enrolTwoFactor(chair);
    chair.visible(By.id("meetings-section"));
    chair.signOut();
    // The password alone is not enough for a chair now.
    CouncilSetupSteps.signInWithCode(chair, server, CHAIR, CHAIR_PASSWORD, secret);
    chair.visible(By.id("meetings-section"));
    assertTrue(server.query("SELECT t.last_step FROM member_two_factor t JOIN member m ON m.id = t.member_id"
      + " WHERE m.email = $1", CHAIR).size() == 1, "the chair's two-factor sign-in is stored");
  }

  @Test
  @Order(5)
  void aShortMeetingWithTheChairAndTwoImportedPartners() throws Exception {
    // The officer creates the first panel's meeting, gives it two items and opens it for joining.
    LocalDate date = LocalDate.now(ZoneId.of("Europe/London")).plusMonths(3).with(TemporalAdjusters.nextOrSame(DayOfWeek.WEDNESDAY));
    String panelId = steps.panelId("NHST");
    browser.go("/meetings.html");
    Select panel = browser.until("the panels to load", d -> {
      Select select = new Select(d.findElement(By.id("meeting-panel")));
      return select.getOptions().stream().anyMatch(o -> panelId.equals(o.getAttribute("value"))) ? select : null;
    });
    panel.selectByValue(panelId);
    OfficerPreparesMeetingTest.setDate(browser, By.id("meeting-date"), date);
    browser.type(By.id("meeting-location"), "County Hall, Room 2 / online");
    browser.click(By.id("meeting-create"));
    browser.click(By.id("meeting-created-prep"));
    browser.until("the prepare page", d -> d.getCurrentUrl().contains("meeting-prep.html?meeting="));
    String meetingId = server.query("SELECT id::text AS id FROM meeting WHERE meeting_date = $1", date).getJsonObject(0).getString("id");
    for (String title : List.of("Introductions and apologies", "Any other business")) {
      int before = browser.driver.findElements(By.cssSelector("#agenda-list > li.agenda-row")).size();
      browser.type(By.id("add-item-title"), title);
      browser.type(By.id("add-item-minutes"), "5");
      browser.click(By.id("add-item-button"));
      browser.until(title + " on the agenda", d -> d.findElements(By.cssSelector("#agenda-list > li.agenda-row")).size() == before + 1);
    }
    browser.click(By.id("open-meeting"));
    browser.waitText(By.id("overview-facts"), "the status shown as open", t -> t.contains("Open"));

    // The chair enters the room; the two imported partners accept their invitations and enter it too
    // (the officer's browser, done, serves the second partner).
    chair.go("/room.html?meeting=" + meetingId);
    chair.waitConnectionLive();
    partner = Browser.open("partner", server.port());
    Browser second = browser;
    CouncilSetupSteps.acceptInvitation(partner, partnerLinks.get(0), PARTNER_PASSWORD);
    CouncilSetupSteps.acceptInvitation(second, partnerLinks.get(1), PARTNER_PASSWORD);
    for (Browser b : List.of(partner, second)) {
      b.go("/room.html?meeting=" + meetingId);
      b.waitConnectionLive();
      b.waitAttribute(By.id("meeting-status"), "data-status", "open");
    }

    // The chair starts the meeting and the first item's timer; the partners see both.
    chair.click(By.id("meeting-start"));
    for (Browser b : List.of(chair, partner, second)) {
      b.waitAttribute(By.id("meeting-status"), "data-status", "live");
    }
    chair.click(By.id("chair-start"));
    String firstItem = chair.waitText(By.id("current-title"), "the first item", t -> !t.isEmpty());
    for (Browser b : List.of(chair, partner, second)) {
      b.waitText(By.id("current-running"), "the timer running", t -> t.equals("Running"));
      b.waitText(By.id("current-title"), "the chair's current item", t -> t.equals(firstItem));
    }
    // Next item, then the end; the partners follow.
    chair.click(By.id("chair-next"));
    // Under a minute on the item: the room asks first, and the chair says it was discussed.
    chair.waitText(By.id("next-prompt-text"), "the question", t -> t.contains("has had under a minute"));
    chair.click(By.id("next-discussed"));
    String next = chair.waitText(By.id("current-title"), "the next item", t -> !t.isEmpty() && !t.equals(firstItem));
    for (Browser b : List.of(partner, second)) {
      b.waitText(By.id("current-title"), "the chair's next item", t -> t.equals(next));
    }
    chair.js("window.confirm = () => true");
    chair.click(By.id("meeting-end"));
    for (Browser b : List.of(chair, partner, second)) {
      b.waitAttribute(By.id("meeting-status"), "data-status", "closed");
      b.until("the room to say it has ended", d -> b.isShown(By.id("meeting-ended")));
    }
    assertEquals("closed", server.query("SELECT status FROM meeting WHERE id = $1::uuid", meetingId)
      .getJsonObject(0).getString("status"));
  }
}
