package org.ailive.ui;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 (items 1, 2, 8, 9, 10): the room on one screen. On the demo meeting, live on its first
 * case with a hand raised and an action waiting, the chair at 1366x768 sees the countdown, the timer
 * buttons, Next, the next hand with "Take next", the count of actions waiting and who is connected
 * without scrolling, and keeps them in view while reading further down; a partner on a 390x844 phone
 * raises a hand and opens the update box without scrolling; the room display lists the raised
 * hands; the time strip shows planned against used time per item; ending the meeting says what is
 * still open, and afterwards there is no countdown, only links to the minutes draft and the action
 * log; the officer's register is on the first screen too. Screenshots of the chair's and the
 * partner's views at both sizes go to target/screenshots.
 *
 * <p>The tests run in order on one meeting. Where something must be seen "without scrolling", the
 * page is at the top ({@code scrollY == 0}) and each element's bounding rectangle lies inside the
 * viewport ({@code 0 <= top}, {@code bottom <= innerHeight}); clicks there go through WebDriver's
 * own click, and the page is checked not to have scrolled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomLayoutBrowserTest {

  private static final String TEST = "room-layout";

  private static DemoCounty demo;
  private static Browser chair;
  private static Browser police;
  private static Browser display;
  private static String camhsName;
  private static String policeName;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(chair, police, display));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    camhsName = demo.server.query("SELECT full_name FROM member WHERE email = $1", DemoCounty.CAMHS)
      .getJsonObject(0).getString("full_name");
    policeName = demo.server.query("SELECT full_name FROM member WHERE email = $1", DemoCounty.POLICE)
      .getJsonObject(0).getString("full_name");
    // The meeting is today and ends in half an hour at most: far less than its agenda plans, so the
    // time strip has something to warn about.
    demo.server.query("UPDATE meeting SET meeting_date = (now() AT TIME ZONE 'Europe/London')::date, starts_at = '00:00',"
      + " ends_at = least(((now() AT TIME ZONE 'Europe/London') + interval '30 minutes')::time, '23:59') WHERE id = $1::uuid",
      java.util.UUID.fromString(demo.meetingId));
    // The scene: live on the first case, CAMHS's hand up, an action volunteered by the police.
    demo.command(DemoCounty.OFFICER, "meeting.open", new JsonObject());
    demo.command(DemoCounty.CHAIR, "meeting.start", new JsonObject());
    demo.command(DemoCounty.CHAIR, "timer.start", new JsonObject());
    demo.command(DemoCounty.CAMHS, "hand.raise", new JsonObject());
    demo.command(DemoCounty.POLICE, "action.propose", new JsonObject()
      .put("description", "Police to share the October incident logs with the school DSL")
      .put("ownerAgencyId", demo.id("SELECT id::text AS id FROM agency WHERE name = 'Police'"))
      .put("successMeasure", "The DSL confirms receipt of both logs"));
    chair = demo.browser("chair");
    police = demo.browser("police");
    display = demo.browser("display");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(chair, police, display);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  @Order(1)
  void chairSeesTheWholeConsoleOnOneLaptopScreen() {
    chair.enterRoom(DemoCounty.CHAIR, demo.password, demo.meetingId);
    chair.viewport(1366, 768, false);
    chair.waitAttribute(By.id("queue-next"), "data-count", "1");
    chair.waitAttribute(By.id("pending-jump-count"), "data-count", "1");
    chair.waitText(By.id("current-running"), "the timer running", t -> t.equals("Running"));
    chair.settle();
    chair.js("window.scrollTo(0, 0)");

    List<String> console = List.of("countdown", "chair-pause", "chair-resume", "chair-extend-1", "chair-extend-5",
      "chair-back", "chair-next", "queue-next", "hand-next", "pending-jump", "pending-jump-count", "presence-summary",
      "connection-state");
    assertInView(chair, console, "at the top of the page");
    assertEquals(0L, ((Number) chair.js("return Math.round(window.scrollY)")).longValue(), "the page has not scrolled");
    assertTrue(chair.textOf(By.id("queue-next")).contains(camhsName), "the next hand is named: " + chair.textOf(By.id("queue-next")));
    assertEquals("1", chair.textOf(By.id("pending-jump-count")), "one action waits for confirmation");
    assertTrue(chair.textOf(By.id("presence-summary")).matches("\\d+ (person|people) connected.*"),
      "who is connected, counted: " + chair.textOf(By.id("presence-summary")));
    chair.screenshotViewport(TEST, "chair-1366x768");
    chair.screenshot(TEST, "chair-1366x768-page");

    // Reading further down (the discussion, the agenda) keeps the bar in view.
    chair.js("document.getElementById('agenda').scrollIntoView({block: 'start'})");
    assertTrue(((Number) chair.js("return window.scrollY")).doubleValue() > 200, "the page scrolled down to the agenda");
    assertInView(chair, List.of("countdown", "chair-next", "hand-next", "pending-jump-count"), "scrolled down to the agenda");
    assertNotCovered(chair, "agenda-heading");
    chair.screenshotViewport(TEST, "chair-1366x768-scrolled");

    // One click on the count brings the actions waiting into view, clear of the bar.
    chair.driver.findElement(By.id("pending-jump")).click();
    chair.until("the actions waiting in view", d -> "pending-actions".equals(chair.js("return document.activeElement.id")));
    assertNotCovered(chair, "pending-actions-heading");

    // "Take next" works from the bar.
    chair.driver.findElement(By.id("hand-next")).click();
    chair.waitText(By.id("now-speaking"), "CAMHS called to speak", t -> t.contains(camhsName));
    chair.waitAttribute(By.id("queue-next"), "data-count", "0");
  }

  @Test
  @Order(2)
  void timeStripShowsPlannedAgainstUsedPerItem() throws Exception {
    long items = demo.count("SELECT count(*) AS n FROM agenda_item WHERE meeting_id = $1::uuid", java.util.UUID.fromString(demo.meetingId));
    chair.until("a bar per agenda item", d -> d.findElements(By.cssSelector("#time-use-bars .time-bar")).size() == items);
    assertEquals(items, chair.driver.findElements(By.cssSelector("#time-use-rows tr")).size(), "a table row per item");
    String summary = chair.waitText(By.id("time-use-summary"), "the summary", t -> t.startsWith("So far 1 item"));
    assertTrue(summary.contains("Still to come: " + (items - 1) + " items"), summary);
    assertTrue(summary.contains("after the scheduled end: the cases still to come will be rushed"), summary);
    // The current item's bar moves with the clock.
    By current = By.cssSelector("#time-use-bars .time-bar.is-current");
    int used = Integer.parseInt(chair.driver.findElement(current).getAttribute("data-used"));
    chair.until("the current bar to grow", d -> Integer.parseInt(d.findElement(current).getAttribute("data-used")) > used);
    assertEquals("true", chair.js("return document.getElementById('time-use-bars').getAttribute('aria-hidden')"),
      "the bars are hidden from screen readers: the summary and the table say the same");
    chair.js("document.getElementById('time-use-details').open = true; document.getElementById('time-use').scrollIntoView({block: 'start'})");
    chair.screenshotViewport(TEST, "chair-time-strip");
  }

  @Test
  @Order(3)
  void partnerOnAPhoneRaisesAHandAndOpensTheUpdateBox() {
    police.enterRoom(DemoCounty.POLICE, demo.password, demo.meetingId);
    police.viewport(390, 844, true);
    police.settle();
    police.js("window.scrollTo(0, 0)");
    assertInView(police, List.of("countdown", "current-title", "connection-state", "hand-raise", "update-jump"), "on a phone");
    assertEquals(Boolean.TRUE, police.js("return Boolean(document.getElementById('connection-state').closest('#cockpit'))"),
      "the connection state is in the bar, not floating over the page");
    police.screenshotViewport(TEST, "partner-390x844");

    police.driver.findElement(By.id("hand-raise")).click();
    police.waitAttribute(By.id("hand-raise"), "data-raised", "true");
    police.waitAttribute(By.id("queue-position"), "data-place", "1");
    police.driver.findElement(By.id("update-jump")).click();
    police.until("the update box focused", d -> "contribution-body".equals(police.js("return document.activeElement.id")));
    police.screenshotViewport(TEST, "partner-390x844-update");
    assertInView(police, List.of("contribution-body", "hand-raise", "update-jump", "countdown"), "with the update box open");
    assertNotCovered(police, "contribution-body");
    police.screenshot(TEST, "partner-390x844-page");

    // The officer's register is on the first screen, beside the current item.
    display.enterRoom(DemoCounty.OFFICER, demo.password, demo.meetingId);
    display.viewport(1366, 768, false);
    display.settle();
    display.js("window.scrollTo(0, 0)");
    assertInView(display, List.of("countdown", "attendance-heading", "attendance-summary", "connection-state"), "the officer at 1366x768");
    display.screenshotViewport(TEST, "officer-1366x768");

    // The display lists the raised hand, by name and agency.
    display.go("/display.html?meeting=" + demo.meetingId);
    String queue = display.waitText(By.id("display-queue"), "the police's raised hand", t -> t.contains(policeName));
    assertTrue(queue.contains("Police"), "the agency is shown: " + queue);
    assertEquals("1", display.driver.findElement(By.id("display-queue-count")).getAttribute("data-count"));
    display.screenshot(TEST, "display-hands");
  }

  @Test
  @Order(4)
  void theOtherViewsAtTheOtherSize() {
    chair.viewport(390, 844, true);
    chair.js("window.scrollTo(0, 0)");
    chair.settle();
    chair.screenshotViewport(TEST, "chair-390x844");
    chair.screenshot(TEST, "chair-390x844-page");
    police.viewport(1366, 768, false);
    police.js("window.scrollTo(0, 0)");
    police.settle();
    assertInView(police, List.of("countdown", "hand-raise", "update-jump", "queue-next", "connection-state"), "a partner at 1366x768");
    police.screenshotViewport(TEST, "partner-1366x768");
    chair.viewport(1366, 768, false);
  }

  @Test
  @Order(5)
  void endingSaysWhatIsOpenThenLinksToTheMinutesAndTheActionLog() {
    chair.js("window.__asked = null; window.confirm = (m) => { window.__asked = m; return true; }");
    chair.click(By.id("meeting-end"));
    String asked = (String) chair.until("the question before ending", d -> chair.js("return window.__asked"));
    assertTrue(asked.contains("Still open"), asked);
    assertTrue(asked.contains("1 volunteered action not yet confirmed or returned"), asked);
    assertTrue(asked.matches("(?s).*\\d+ cases? not reached: .*"), asked);

    for (Browser b : List.of(chair, police, display)) {
      b.waitAttribute(By.id(b == display ? "display-status" : "meeting-status"), "data-status", "closed");
    }
    for (Browser b : List.of(chair, police)) {
      b.until("the room to say it has ended", d -> b.isShown(By.id("meeting-ended")));
      assertEquals("The meeting has ended.", b.textOf(By.id("meeting-ended-text")));
      assertFalse(b.isShown(By.id("countdown")), b + ": no countdown once ended");
      assertFalse(b.isShown(By.id("queue-next")), b + ": nobody waits to speak once ended");
    }
    String minutes = chair.driver.findElement(By.id("ended-minutes")).getAttribute("href");
    assertTrue(minutes.endsWith("/minutes.html?meeting=" + demo.meetingId), minutes);
    String log = chair.driver.findElement(By.id("ended-action-log")).getAttribute("href");
    assertTrue(log.endsWith("/actions.html?meetingId=" + demo.meetingId + "&status=all"), log);
    // A partner may not read the minutes draft: the action log on the page and their own actions instead.
    assertFalse(police.isShown(By.id("ended-minutes")), "no minutes link for a partner");
    assertTrue(police.driver.findElement(By.id("ended-action-log")).getAttribute("href").endsWith("#actions"));
    assertTrue(police.driver.findElement(By.id("ended-my-actions")).getAttribute("href").endsWith("/my-actions.html"));
    assertFalse(police.isShown(By.id("hand-raise")), "no hand to raise once ended");
    display.until("no countdown on the display", d -> !display.isShown(By.id("display-countdown")));
    chair.js("window.scrollTo(0, 0)");
    chair.screenshotViewport(TEST, "chair-ended");
    police.screenshotViewport(TEST, "partner-ended");
  }

  // ---------- helpers ----------

  /** Each element is laid out and lies wholly inside the viewport as it is scrolled now. */
  @SuppressWarnings("unchecked")
  private static void assertInView(Browser b, List<String> ids, String when) {
    Map<String, Object> found = (Map<String, Object>) b.js("""
        const out = {};
        for (const id of arguments[0]) {
          const e = document.getElementById(id);
          if (!e) { out[id] = 'missing'; continue; }
          const r = e.getBoundingClientRect();
          const shown = r.width > 0 && r.height > 0;
          const inside = r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
          if (!shown || !inside) out[id] = (shown ? '' : 'not shown, ') + 'top ' + Math.round(r.top) + ', bottom '
            + Math.round(r.bottom) + ' of ' + window.innerHeight + ', left ' + Math.round(r.left) + ', right ' + Math.round(r.right);
        }
        return out;
        """, ids);
    assertTrue(found.isEmpty(), b + " " + when + ": not in view without scrolling: " + found);
  }

  /** The element's middle is not under the pinned bar or the phone's bottom bar. */
  private static void assertNotCovered(Browser b, String id) {
    Object hit = b.js("""
        const e = document.getElementById(arguments[0]);
        const r = e.getBoundingClientRect();
        const x = r.left + Math.min(r.width / 2, 20), y = r.top + Math.min(r.height / 2, 10);
        const top = document.elementFromPoint(x, y);
        return top && (top === e || e.contains(top)) ? null : (top ? top.tagName + '#' + top.id : 'nothing') + ' at ' + Math.round(y)
          + ' (element ' + Math.round(r.top) + '–' + Math.round(r.bottom) + ', scrollY ' + Math.round(window.scrollY)
          + ', bar ' + Math.round(document.getElementById('cockpit').getBoundingClientRect().bottom) + ')';
        """, id);
    assertEquals(null, hit, b + ": #" + id + " is covered");
  }
}
