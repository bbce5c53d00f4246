package org.ailive.ui;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.calendar.BankHolidays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7, "Done when": the officer prepares a meeting in the browser: creates it, builds the
 * agenda from the accepted cases, sets an item's minutes, records an apology with its written
 * update in the register table by keyboard (issue 17) and opens the meeting for joining; entering
 * the room, the join prompt records "In the room" in one tap. Every step is checked in the database too.
 *
 * <p>The cases themselves are the presenters' work, submitted here over the API before the officer
 * builds the agenda (the presenter's form is scanned by {@link AccessibilityTest}).
 */
class OfficerPreparesMeetingTest {

  private static final String TEST = "officer-prepares";

  private static DemoCounty demo;
  private static Browser officer;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(officer));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    officer = demo.browser("officer");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(officer);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void officerPreparesAMeeting() throws Exception {
    // Three months on, a Wednesday: clear of the demo's meetings, and far from the case deadline.
    LocalDate date = LocalDate.now(ZoneId.of("Europe/London")).plusMonths(3)
      .with(TemporalAdjusters.nextOrSame(DayOfWeek.WEDNESDAY));

    // Opened without a session, the meetings page sends the officer to sign in, then back.
    officer.signOut();
    officer.go("/meetings.html");
    officer.until("the sign-in page, to come back to the meetings", d -> d.getCurrentUrl().contains("index.html?next="));
    officer.signInHere(DemoCounty.OFFICER, demo.password);
    officer.until("back on the meetings page", d -> d.getCurrentUrl().endsWith("/meetings.html"));
    officer.visible(By.id("create-meeting-form"));
    String panelId = demo.id("SELECT id::text AS id FROM panel");
    Select panel = officer.until("the panels to load", d -> {
      Select select = new Select(d.findElement(By.id("meeting-panel")));
      return select.getOptions().stream().anyMatch(o -> panelId.equals(o.getAttribute("value"))) ? select : null;
    });
    panel.selectByValue(panelId);
    setDate(officer, By.id("meeting-date"), date);
    officer.type(By.id("meeting-location"), "Hitchin Town Hall, Committee Room / online");
    officer.screenshot(TEST, "meetings-create");
    officer.click(By.id("meeting-create"));
    officer.visible(By.id("meeting-created-prep"));
    String meetingId = demo.server.query("SELECT id::text AS id FROM meeting WHERE meeting_date = $1", date)
      .getJsonObject(0).getString("id");
    assertEquals("Hitchin Town Hall, Committee Room / online", demo.server.query(
      "SELECT location FROM meeting WHERE id = $1::uuid", meetingId).getJsonObject(0).getString("location"));

    // Two presenters' cases, one per district, submitted on time: accepted.
    submitCase(meetingId, "North Herts", "NH-" + date.getYear() + "-101");
    submitCase(meetingId, "Stevenage", "ST-" + date.getYear() + "-102");

    officer.click(By.id("meeting-created-prep"));
    officer.until("the prepare page of the new meeting", d -> d.getCurrentUrl().contains("meeting-prep.html?meeting=" + meetingId));
    officer.waitText(By.id("case-inbox"), "both cases in the inbox",
      t -> t.contains("NH-" + date.getYear() + "-101") && t.contains("ST-" + date.getYear() + "-102"));

    // Build the agenda from the accepted cases: first district, AOB, second district (R1).
    officer.click(By.id("build-agenda"));
    List<WebElement> rows = officer.until("the built agenda", d -> {
      List<WebElement> found = d.findElements(By.cssSelector("#agenda-list > li.agenda-row"));
      return found.size() == 3 ? found : null;
    });
    assertEquals(List.of("case", "aob", "case"), rows.stream().map(r -> r.getAttribute("data-kind")).toList());
    // R2: the district that went second last time goes first.
    String first = demo.server.query("SELECT d.name FROM meeting m JOIN district d ON d.id = m.first_district_id "
      + "WHERE m.id = $1::uuid", meetingId).getJsonObject(0).getString("name");
    String firstRef = first.equals("North Herts") ? "NH-" + date.getYear() + "-101" : "ST-" + date.getYear() + "-102";
    String secondRef = first.equals("North Herts") ? "ST-" + date.getYear() + "-102" : "NH-" + date.getYear() + "-101";
    assertTrue(rows.get(0).getText().contains(firstRef), rows.get(0).getText());
    assertTrue(rows.get(2).getText().contains(secondRef), rows.get(2).getText());
    assertEquals(3, demo.count("SELECT count(*) AS n FROM agenda_item WHERE meeting_id = $1::uuid", meetingId));

    // Give the first case 25 minutes.
    String firstItem = rows.get(0).getAttribute("id").replace("agenda-item-", "");
    officer.type(By.id("item-minutes-" + firstItem), "25");
    officer.click(By.id("item-set-" + firstItem));
    officer.until("25 minutes saved", d -> {
      try {
        return demo.count("SELECT count(*) AS n FROM agenda_item WHERE id = $1::uuid AND allotted_seconds = 1500",
          firstItem) == 1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    officer.until("25 minutes shown", d -> "25".equals(d.findElement(By.id("item-minutes-" + firstItem)).getAttribute("value")));
    officer.screenshot(TEST, "prep-agenda-built");

    // The register is one table used from the keyboard: the police partner's row, first "Remote"
    // with an arrow key, then apologies with the written update (R10), typed and left with Tab.
    String police = memberId(DemoCounty.POLICE);
    String update = "Both families are known to us; no new incidents since the last panel. PC Rowe can be phoned.";
    WebElement inRoom = officer.visible(By.id("mark-in_room-" + police));
    officer.js("arguments[0].focus()", inRoom);
    inRoom.sendKeys(Keys.ARROW_RIGHT);
    officer.until("remote chosen with an arrow key and recorded", d -> "remote".equals(status(meetingId, police)));
    assertTrue(officer.visible(By.id("mark-remote-" + police)).isSelected());
    WebElement remote = officer.visible(By.id("mark-remote-" + police));
    remote.sendKeys(Keys.ARROW_RIGHT);
    officer.driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
    assertEquals("mark-apologies_with_update-" + police, officer.driver.switchTo().activeElement().getAttribute("id"));
    officer.driver.switchTo().activeElement().sendKeys(Keys.TAB); // "Substitute for"
    officer.driver.switchTo().activeElement().sendKeys(Keys.TAB); // "Written update", shown for this status
    assertEquals("mark-update-" + police, officer.driver.switchTo().activeElement().getAttribute("id"));
    officer.driver.switchTo().activeElement().sendKeys(update, Keys.TAB);
    officer.until("the apology recorded", d -> "apologies_with_update".equals(status(meetingId, police)));
    JsonObject mark = demo.server.query("SELECT status, written_update FROM attendance WHERE meeting_id = $1::uuid "
      + "AND member_id = $2::uuid", meetingId, police).getJsonObject(0);
    assertEquals("apologies_with_update", mark.getString("status"));
    assertEquals(update, mark.getString("written_update"));
    officer.waitText(By.id("mark-state-" + police), "a marked row says nothing more under the name", String::isBlank);
    officer.screenshot(TEST, "prep-apology-recorded");

    // Open it for joining.
    officer.click(By.id("open-meeting"));
    officer.until("the meeting open", d -> {
      try {
        return "open".equals(demo.server.query("SELECT status FROM meeting WHERE id = $1::uuid", meetingId)
          .getJsonObject(0).getString("status"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    officer.waitText(By.id("overview-facts"), "the status shown as open", t -> t.contains("Open"));
    officer.visible(By.id("prep-room-link"));
    officer.screenshot(TEST, "prep-opened");

    // Opening the room records when, not how: the room asks once, in one tap.
    String me = memberId(DemoCounty.OFFICER);
    officer.click(By.id("prep-room-link"));
    officer.waitConnectionLive();
    officer.visible(By.id("where-in-room"));
    assertEquals(null, status(meetingId, me), "not recorded remote for opening the room");
    officer.screenshot(TEST, "room-join-prompt");
    officer.click(By.id("where-in-room"));
    officer.until("recorded in the room", d -> "in_room".equals(status(meetingId, me)));
    officer.waitText(By.id("where-answered"), "the answer shown", t -> t.contains("in the room"));
    // Remembered for the meeting: a reload does not ask again, and the answer can be changed.
    officer.go("/room.html?meeting=" + meetingId);
    officer.waitConnectionLive();
    officer.waitText(By.id("where-answered"), "still answered", t -> t.contains("in the room"));
    assertTrue(!officer.isShown(By.id("where-in-room")), "not asked again");
    officer.click(By.id("where-change"));
    officer.until("changed to remote", d -> "remote".equals(status(meetingId, me)));
  }

  /** A member's status on the meeting's register, or null (none, or not yet marked). */
  static String status(String meetingId, String memberId) {
    try {
      JsonArray rows = demo.server.query("SELECT status FROM attendance WHERE meeting_id = $1::uuid AND member_id = $2::uuid",
        meetingId, memberId);
      return rows.isEmpty() ? null : rows.getJsonObject(0).getString("status");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Issue 17: a meeting on a bank holiday is warned about, and created only once the officer confirms. */
  @Test
  void aBankHolidayIsWarnedAboutAndCreatedOnlyOnceConfirmed() throws Exception {
    LocalDate from = LocalDate.now(ZoneId.of("Europe/London")).plusDays(40);
    LocalDate holiday = java.util.stream.Stream.iterate(from, d -> d.plusDays(1)).limit(800)
      .filter(d -> BankHolidays.current().holiday(d).isPresent()).findFirst().orElseThrow();
    String name = BankHolidays.current().holiday(holiday).orElseThrow();
    officer.signIn(DemoCounty.OFFICER, demo.password);
    officer.go("/meetings.html");
    officer.visible(By.id("create-meeting-form"));
    String panelId = demo.id("SELECT id::text AS id FROM panel");
    officer.until("the panels to load", d -> {
      Select select = new Select(d.findElement(By.id("meeting-panel")));
      return select.getOptions().stream().anyMatch(o -> panelId.equals(o.getAttribute("value"))) ? select : null;
    }).selectByValue(panelId);
    setDate(officer, By.id("meeting-date"), holiday);
    officer.click(By.id("meeting-create"));
    officer.waitText(By.id("meeting-date-warning-text"), "the bank holiday warning",
      t -> t.contains("is a bank holiday (" + name + ")"));
    assertEquals(0, demo.count("SELECT count(*) AS n FROM meeting WHERE meeting_date = $1", holiday),
      "nothing is created before the officer confirms");
    officer.screenshot(TEST, "meetings-bank-holiday");
    officer.click(By.id("meeting-confirm-date"));
    officer.waitText(By.id("meeting-created"), "the meeting created", t -> t.startsWith("Created:"));
    assertEquals(1, demo.count("SELECT count(*) AS n FROM meeting WHERE meeting_date = $1", holiday));
  }

  /** Issue 17: the action log says each action's RAG rating in words, not by colour alone. */
  @Test
  void theActionLogSaysEachRatingInWords() throws Exception {
    String[][] actions = {{"RAG test: overdue referral", "-3"}, {"RAG test: due in a fortnight", "14"},
      {"RAG test: due next quarter", "80"}};
    for (String[] a : actions) {
      demo.server.query("INSERT INTO action (meeting_id, description, owner_agency_id, due_date, success_measure,"
        + " status, proposed_by_member_id, confirmed_at)"
        + " SELECT m.id, $1, ag.id, (now() AT TIME ZONE 'Europe/London')::date + $2::int, 'Done', 'open', ch.id, now()"
        + " FROM meeting m, agency ag, member ch WHERE m.status = 'closed' AND ag.name = 'Police'"
        + " AND ch.email = 'chair@demo.ailive.test' LIMIT 1", a[0], Integer.parseInt(a[1]));
    }
    officer.signIn(DemoCounty.OFFICER, demo.password);
    officer.go("/actions.html");
    String log = officer.waitText(By.id("action-log"), "the three actions",
      t -> java.util.Arrays.stream(actions).allMatch(a -> t.contains(a[0])));
    for (WebElement card : officer.until("the cards", d -> d.findElements(By.cssSelector("#action-log > li")))) {
      String text = card.getText();
      if (text.contains(actions[0][0])) {
        assertTrue(text.contains("Red: Overdue"), text);
      } else if (text.contains(actions[1][0])) {
        assertTrue(text.contains("Amber: Due within 14 days"), text);
      } else if (text.contains(actions[2][0])) {
        assertTrue(text.contains("Green: On track"), text);
      }
    }
    assertTrue(log.contains("Red: Overdue") && log.contains("Amber: Due within 14 days") && log.contains("Green: On track"), log);
  }

  /**
   * Issue 18: the join links panel: links for two chosen members at once, each "Not used yet" with
   * its Copy button, then every link withdrawn after the confirmation.
   */
  @Test
  void joinLinksForTheChosenThenWithdrawAll() throws Exception {
    String police = demo.id("SELECT id::text AS id FROM member WHERE email = $1", DemoCounty.POLICE);
    String housing = demo.id("SELECT id::text AS id FROM member WHERE email = $1", DemoCounty.HOUSING);
    officer.signIn(DemoCounty.OFFICER, demo.password);
    officer.go("/meeting-prep.html?meeting=" + demo.meetingId);
    // The page draws its panels as their data arrives: tick the boxes once it is still.
    officer.visible(By.id("link-choose-" + police));
    officer.settle();
    officer.click(By.id("link-choose-" + police));
    officer.click(By.id("link-choose-" + housing));
    officer.click(By.id("links-make-chosen"));
    officer.waitText(By.id("page-status"), "the links made", t -> t.startsWith("2 links made"));
    for (String member : List.of(police, housing)) {
      String row = officer.textOf(By.xpath("//input[@id='link-choose-" + member + "']/ancestor::tr"));
      assertTrue(row.contains("Not used yet") && row.contains("Live, made"), row);
      officer.visible(By.id("link-copy-" + member));
    }
    assertEquals(2, demo.count("SELECT count(*) AS n FROM join_link WHERE meeting_id = $1::uuid AND revoked_at IS NULL",
      demo.meetingId));
    officer.screenshot(TEST, "join-links-made");
    officer.js("window.__asked = null; window.confirm = (m) => { window.__asked = m; return true; }");
    officer.click(By.id("links-withdraw-all"));
    officer.waitText(By.id("page-status"), "the links withdrawn", t -> t.equals("2 join links withdrawn."));
    assertTrue(String.valueOf(officer.js("return window.__asked")).contains("Withdraw all 2 join links"));
    assertEquals(0, demo.count("SELECT count(*) AS n FROM join_link WHERE meeting_id = $1::uuid AND revoked_at IS NULL",
      demo.meetingId));
    String row = officer.textOf(By.xpath("//input[@id='link-choose-" + police + "']/ancestor::tr"));
    assertTrue(row.contains("Withdrawn"), row);
  }

  // ---------- helpers ----------

  /** A date input's value as the browser's own date picker would set it (typing depends on the locale). */
  static void setDate(Browser b, By by, LocalDate date) {
    WebElement input = b.visible(by);
    b.js("const e = arguments[0]; e.focus(); e.value = arguments[1];"
      + " e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
      input, date.toString());
  }

  private String memberId(String email) throws Exception {
    return demo.server.query("SELECT id::text AS id FROM member WHERE email = $1", email).getJsonObject(0).getString("id");
  }

  /** A complete case by the Families First presenter, submitted through the API (accepted: on time). */
  private void submitCase(String meetingId, String district, String familyRef) throws Exception {
    String token = demo.server.demoToken(DemoCounty.PRESENTER);
    String districtId = demo.server.query("SELECT id::text AS id FROM district WHERE name = $1", district)
      .getJsonObject(0).getString("id");
    var created = demo.server.client.post("/api/cases").bearerTokenAuthentication(token)
      .sendJsonObject(new JsonObject().put("meetingId", meetingId).put("familyRef", familyRef)
        .put("districtId", districtId).put("ffaOpen", true).put("consentToShare", true)
        .put("reasonForBringing", "Attendance has fallen to 70% and mum is struggling with her own health.")
        .put("summaryOfConcerns", "Late most days; missed the last two school meetings; no other adult at home.")
        .put("presentingNeeds", new JsonArray().add("attendance_school").add("parental_mental_health"))
        .put("voiceOfChild", "\"I like my teacher but mornings are hard because I help mum get up.\""))
      .await(20, TimeUnit.SECONDS);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String caseId = created.bodyAsJsonObject().getString("id");
    var submitted = demo.server.client.post("/api/cases/" + UUID.fromString(caseId) + "/submit")
      .bearerTokenAuthentication(token).sendJsonObject(new JsonObject()).await(20, TimeUnit.SECONDS);
    assertEquals(200, submitted.statusCode(), submitted.bodyAsString());
    assertEquals("accepted", submitted.bodyAsJsonObject().getString("status"));
  }
}
