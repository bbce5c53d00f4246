package org.ailive.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.List;

import static org.ailive.ui.LiveRoomWaits.countdownSeconds;
import static org.ailive.ui.LiveRoomWaits.waitContribution;
import static org.ailive.ui.LiveRoomWaits.warned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7, "Done when": the chair and two partners, each in their own browser, run a case of the
 * demo meeting on the real service. The countdown, a contribution and a confirmed action reach
 * the other browsers; then one partner's network is cut, they contribute offline, the network
 * returns and the contribution lands exactly once (also when only its acknowledgement was lost);
 * last, the chair pauses and moves on with the keyboard and every browser follows.
 *
 * <p>The tests run in order on one meeting: each goes on from where the one before left it.
 * CAMHS reaches the service through {@link NetworkCut}, so its network can be cut for real. Ids
 * and {@code data-*} attributes are those of docs/UI.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveRoomBrowserTest {

  private static final String TEST = "live-room";
  private static final Duration LANDS = LiveRoomWaits.LANDS;

  private static DemoCounty demo;
  private static NetworkCut camhsNetwork;
  private static Browser chair;
  private static Browser police;
  private static Browser camhs;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(chair, police, camhs));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    camhsNetwork = new NetworkCut(demo.port());
    chair = demo.browser("chair");
    police = demo.browser("police");
    camhs = Browser.open("camhs", camhsNetwork.port());
    chair.enterRoom(DemoCounty.CHAIR, demo.password, demo.meetingId);
    police.enterRoom(DemoCounty.POLICE, demo.password, demo.meetingId);
    camhs.enterRoom(DemoCounty.CAMHS, demo.password, demo.meetingId);
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(chair, police, camhs);
    if (camhsNetwork != null) {
      camhsNetwork.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  @Order(1)
  void chairAndTwoPartnersRunACase() throws Exception {
    // The chair opens the meeting, starts it and starts the first case's timer.
    chair.click(By.id("meeting-open"));
    police.waitAttribute(By.id("meeting-status"), "data-status", "open");
    chair.click(By.id("meeting-start"));
    for (Browser b : List.of(chair, police, camhs)) {
      b.waitAttribute(By.id("meeting-status"), "data-status", "live");
      assertEquals("In progress", b.textOf(By.id("meeting-status-text")));
    }
    chair.click(By.id("chair-start"));

    // The countdown appears for the partners and agrees with the chair's to within a second.
    for (Browser b : List.of(chair, police, camhs)) {
      b.waitText(By.id("current-running"), "the timer running", t -> t.equals("Running"));
      b.waitText(By.id("countdown"), "a countdown", t -> t.matches("\\d+:\\d\\d"));
      assertEquals("false", b.driver.findElement(By.id("countdown")).getAttribute("data-overrun"));
    }
    // Screen readers hear changes, not the ticking: count what the live region says meanwhile
    // (once it has said the last change: announcements are said one after another, not at once).
    for (Browser b : List.of(chair, police, camhs)) {
      b.until("the timer's start announced", d -> String.valueOf(b.js("return document.getElementById('announcer')"
        + ".textContent")).startsWith("Timer started"));
      b.js("window.__said = []; new MutationObserver(() => window.__said.push(document.getElementById('announcer').textContent))"
        + ".observe(document.getElementById('announcer'), {childList: true, characterData: true, subtree: true});");
    }
    long quietFrom = System.nanoTime();
    String firstCase = chair.textOf(By.id("current-title"));
    assertEquals(firstCase, police.textOf(By.id("current-title")), "police see the chair's current item");
    assertEquals(firstCase, camhs.textOf(By.id("current-title")), "CAMHS see the chair's current item");
    for (int round = 0; round < 3; round++) {
      int before = countdownSeconds(chair);
      int policeSeconds = countdownSeconds(police);
      int camhsSeconds = countdownSeconds(camhs);
      int after = countdownSeconds(chair);
      // The chair's countdown was read before and after: each partner's lies in between, give or take a second.
      assertTrue(policeSeconds <= before + 1 && policeSeconds >= after - 1,
        "police countdown " + policeSeconds + " s vs the chair's " + before + "–" + after + " s");
      assertTrue(camhsSeconds <= before + 1 && camhsSeconds >= after - 1,
        "CAMHS countdown " + camhsSeconds + " s vs the chair's " + before + "–" + after + " s");
      assertTrue(before > 0 && before <= 15 * 60, "a 15-minute case: " + before);
    }
    // A quiet stretch of at least 3 s with the timer running (nothing to wait for: nothing must happen).
    Thread.sleep(Math.max(0, 3000 - (System.nanoTime() - quietFrom) / 1_000_000));
    for (Browser b : List.of(chair, police, camhs)) {
      assertEquals(List.of(), b.js("return window.__said"), b + ": the live region stays quiet while the timer just runs");
    }
    chair.screenshot(TEST, "chair-case-running");
    police.screenshot(TEST, "partner-case-running");

    // A partner's contribution appears in the other browsers.
    String said = "Police attended twice in October; the PCSO can call in weekly after school.";
    police.type(By.id("contribution-body"), said);
    police.click(By.id("contribution-submit"));
    for (Browser b : List.of(police, chair, camhs)) {
      waitContribution(b, said);
    }
    chair.screenshot(TEST, "chair-contribution");

    // A partner volunteers an action; the chair confirms it; it is in everyone's action log.
    String task = "CAMHS to bring forward the assessment appointment for the young person";
    camhs.type(By.id("action-description"), task);
    camhs.type(By.id("action-success-measure"), "An appointment date within four weeks is given to the family");
    camhs.click(By.id("action-submit"));
    String actionId = camhs.until("the action saved as proposed", d -> {
      try {
        var rows = demo.server.query("SELECT id::text AS id FROM action WHERE description = $1 AND status = 'proposed'", task);
        return rows.isEmpty() ? null : rows.getJsonObject(0).getString("id");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    chair.visible(By.id("pending-action-" + actionId));
    chair.screenshot(TEST, "chair-action-waiting");
    chair.click(By.id("confirm-action-" + actionId));
    for (Browser b : List.of(chair, police, camhs)) {
      WebElement logged = b.until("action " + task + " confirmed in the action log", d -> {
        List<WebElement> found = d.findElements(By.cssSelector("#actions-list #action-" + actionId));
        return !found.isEmpty() && "open".equals(found.get(0).getAttribute("data-status")) ? found.get(0) : null;
      });
      assertTrue(logged.getText().contains(task), b + " shows the action's description: " + logged.getText());
    }
    assertEquals(1, demo.count("SELECT count(*) AS n FROM action WHERE description = $1 AND status = 'open'", task));
    police.screenshot(TEST, "partner-action-log");
  }

  @Test
  @Order(2)
  void offlineContributionLandsExactlyOnce() throws Exception {
    camhs.waitConnectionLive();
    camhsNetwork.cut();
    camhs.goOffline();
    camhs.waitAttribute(By.id("connection-state"), "data-phase", "offline");
    assertEquals("Offline", camhs.textOf(By.id("connection-text")));

    String said = "CAMHS: the referral was triaged as urgent on Monday (sent while offline).";
    camhs.type(By.id("contribution-body"), said);
    camhs.click(By.id("contribution-submit"));
    camhs.waitText(By.id("connection-text"), "offline with 1 change waiting",
      t -> t.toLowerCase().matches("offline\\W+1 change waiting"));
    assertEquals("1", camhs.driver.findElement(By.id("connection-state")).getAttribute("data-pending"));
    assertEquals("1", camhs.driver.findElement(By.id("outbox-count")).getAttribute("data-count"));
    assertTrue(camhs.isShown(By.cssSelector("#contributions-list li.is-pending[data-status=pending]")),
      "the waiting contribution is shown where it will land");
    camhs.screenshot(TEST, "partner-offline-waiting");
    assertEquals(0, demo.count("SELECT count(*) AS n FROM contribution WHERE body = $1", said),
      "nothing reaches the service while the network is cut");

    camhs.goOnline();
    camhsNetwork.restore();
    camhs.until("the waiting change to be sent", LANDS, d -> {
      WebElement state = d.findElement(By.id("connection-state"));
      return "live".equals(state.getAttribute("data-phase")) && "0".equals(state.getAttribute("data-pending"));
    });
    assertEquals("Connected", camhs.textOf(By.id("connection-text")));
    waitContribution(chair, said);
    waitContribution(police, said);
    waitContribution(camhs, said);
    assertEquals(1, demo.count("SELECT count(*) AS n FROM contribution WHERE body = $1", said),
      "the contribution made offline is saved exactly once");
    assertEquals(List.of(), camhs.js("return Object.keys(localStorage).filter((k) => k.startsWith('ailive.outbox')"
      + " && localStorage.getItem(k) !== '[]')"), "the outbox is empty once sent");
    camhs.screenshot(TEST, "partner-back-online");
  }

  /**
   * The hardest case for "exactly once": the contribution reaches the service but its
   * acknowledgement is lost, then the connection drops. The page must send it again (same
   * idempotency key) and the service must not apply it twice.
   */
  @Test
  @Order(3)
  void contributionWhoseAcknowledgementIsLostLandsOnce() throws Exception {
    camhs.waitConnectionLive();
    String said = "CAMHS: school nurse appointment booked for Thursday (acknowledgement lost).";
    camhsNetwork.dropReplies(true);
    camhs.type(By.id("contribution-body"), said);
    camhs.click(By.id("contribution-submit"));
    camhs.until("the contribution to reach the service", LANDS, d -> {
      try {
        return demo.count("SELECT count(*) AS n FROM contribution WHERE body = $1", said) == 1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    waitContribution(chair, said);
    assertEquals("1", camhs.driver.findElement(By.id("connection-state")).getAttribute("data-pending"),
      "without its acknowledgement the change still waits");
    camhs.screenshot(TEST, "partner-acknowledgement-lost");

    camhsNetwork.cut();
    camhsNetwork.dropReplies(false);
    camhsNetwork.restore();
    camhs.until("the change re-sent and acknowledged", LANDS, d -> {
      WebElement state = d.findElement(By.id("connection-state"));
      return "live".equals(state.getAttribute("data-phase")) && "0".equals(state.getAttribute("data-pending"));
    });
    waitContribution(camhs, said);
    waitContribution(police, said);
    waitContribution(chair, said);
    assertEquals(1, demo.count("SELECT count(*) AS n FROM contribution WHERE body = $1", said),
      "re-sent with the same key, it is still saved once");
  }

  /**
   * Issue 16: the socket stays open but nothing flows (the relay holds every byte, both ways).
   * Within 5 s the partner's page says "Reconnecting…", never "Connected", for as long as it
   * lasts (long enough for the page to give the silent socket up and open another); once the
   * link flows again it is "Connected" and the contribution made meanwhile is saved once.
   */
  @Test
  @Order(4)
  void stalledConnectionSaysReconnectingAndDeliversOnce() throws Exception {
    camhs.waitConnectionLive();
    camhs.js("window.__connection = []; const el = document.getElementById('connection-text');"
      + "new MutationObserver(() => window.__connection.push({text: el.textContent, at: performance.now()}))"
      + ".observe(el, {childList: true, characterData: true, subtree: true});");
    // A healthy link in a quiet moment (no event for longer than a stall takes to be noticed) stays
    // "Connected": the server's heartbeat is heard.
    Thread.sleep(4_000);
    assertEquals(List.of(), camhs.js("return window.__connection.map((c) => c.text)"), "a quiet link is not taken for stalled");
    assertEquals("Connected", camhs.textOf(By.id("connection-text")));
    String said = "CAMHS: the GP has agreed to a joint home visit next week (sent while the link stalled).";
    double stalledAt = ((Number) camhs.js("return performance.now()")).doubleValue();
    camhsNetwork.stall(true);
    try {
      whileStalled(stalledAt, said);
    } finally {
      camhsNetwork.stall(false);
    }
    camhs.until("back to Connected with nothing waiting", LANDS, d -> {
      WebElement s = d.findElement(By.id("connection-state"));
      return "live".equals(s.getAttribute("data-phase")) && "0".equals(s.getAttribute("data-pending"));
    });
    assertEquals("Connected", camhs.textOf(By.id("connection-text")));
    waitContribution(camhs, said);
    waitContribution(chair, said);
    waitContribution(police, said);
    assertEquals(1, demo.count("SELECT count(*) AS n FROM contribution WHERE body = $1", said),
      "sent on the stalled socket and again on the new one, it is saved once");
  }

  /** What the partner sees while the link is stalled (the caller lets it flow again, whatever happens). */
  private static void whileStalled(double stalledAt, String said) throws Exception {
    camhs.type(By.id("contribution-body"), said);
    camhs.click(By.id("contribution-submit"));

    camhs.until("\"Reconnecting…\" within 5 s of the stall", Duration.ofSeconds(6),
      d -> camhs.textOf(By.id("connection-text")).startsWith("Reconnecting"));
    double reconnectingAt = ((Number) camhs.js("return (window.__connection.find((c) => c.text.startsWith('Reconnecting'))"
      + " || {at: Infinity}).at")).doubleValue();
    System.out.println("LiveRoomBrowserTest: \"Reconnecting…\" " + Math.round(reconnectingAt - stalledAt) + " ms after the stall");
    assertTrue(reconnectingAt - stalledAt < 5000,
      "\"Reconnecting…\" " + Math.round(reconnectingAt - stalledAt) + " ms after the stall began (at most 5 s)");
    WebElement state = camhs.driver.findElement(By.id("connection-state"));
    assertEquals("reconnecting", state.getAttribute("data-phase"));
    assertEquals("1", state.getAttribute("data-pending"), "the contribution waits");
    assertTrue(camhs.textOf(By.id("connection-text")).matches("Reconnecting… 1 change waiting"),
      camhs.textOf(By.id("connection-text")));
    camhs.screenshot(TEST, "partner-stalled");

    // Longer than the page waits before giving the silent socket up (10 s).
    Thread.sleep(Math.max(0, 13_000 - Math.round(((Number) camhs.js("return performance.now()")).doubleValue() - stalledAt)));
    assertEquals(0, demo.count("SELECT count(*) AS n FROM contribution WHERE body = $1", said),
      "nothing reaches the service while the link is stalled");
    // Before the silence is noticed the page cannot know (it says "Connected – sending 1 change"); after, never.
    assertEquals(List.of(), camhs.js("return window.__connection.filter((c) => c.at > arguments[0]"
      + " && c.text.startsWith('Connected')).map((c) => c.text)", reconnectingAt), "never \"Connected\" while nothing flows");
    assertEquals("1", camhs.driver.findElement(By.id("connection-state")).getAttribute("data-pending"));
  }

  /**
   * Issue 16: a time warning is announced while contributions arrive every 5 s (it used to be
   * skipped when anything had been said in the last minute), many contributions are said as a
   * summary, and a person who turned contributions off hears the warning and no contributions,
   * also after reloading the page. What {@code #announcer} says is recorded as it changes.
   */
  @Test
  @Order(5)
  void timeWarningGetsThroughABusyDiscussion() throws Exception {
    // The chair turns contributions off, and the page remembers it.
    chair.click(By.cssSelector("#announce-settings > summary"));
    chair.click(By.id("announce-contributions"));
    assertEquals(false, chair.js("return document.getElementById('announce-contributions').checked"));
    chair.go("/room.html?meeting=" + demo.meetingId);
    chair.waitConnectionLive();
    assertEquals(false, chair.js("return document.getElementById('announce-contributions').checked"),
      "the choice is remembered in this browser");
    assertEquals(true, chair.js("return document.getElementById('announce-time').checked"));
    camhs.waitConnectionLive();
    for (Browser b : List.of(chair, camhs)) {
      b.js("window.__heard = []; const r = document.getElementById('announcer');"
        + "new MutationObserver(() => { const t = r.textContent.trim(); if (t) window.__heard.push({text: t, at: Date.now()}); })"
        + ".observe(r, {childList: true, characterData: true, subtree: true});");
    }

    // Plan the running case so that "1 minute left" comes 12 to 72 s from now.
    var item = demo.server.query("SELECT a.id::text AS id, a.allotted_seconds FROM meeting m"
      + " JOIN agenda_item a ON a.id = m.timer_item_id WHERE m.id = $1::uuid", java.util.UUID.fromString(demo.meetingId))
      .getJsonObject(0);
    int remaining = countdownSeconds(camhs);
    int shift = (int) Math.ceil((72 - remaining) / 60.0);
    int minutes = item.getInteger("allotted_seconds") / 60 + shift;
    assertTrue(minutes >= 2, "minutes " + minutes);
    demo.command(DemoCounty.CHAIR, "agenda.setMinutes", new io.vertx.core.json.JsonObject()
      .put("itemId", item.getString("id")).put("minutes", minutes));

    // Police contribute every 5 s until the warning has been said and at least six have come.
    int sent = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
    while (sent < 6 || !warned(camhs)) {
      assertTrue(System.nanoTime() < deadline, "no \"1 minute left\" within 100 s: " + camhs.js("return window.__heard"));
      demo.command(DemoCounty.POLICE, "contribution.add", new io.vertx.core.json.JsonObject()
        .put("body", "Police update " + (++sent) + ": checked the address again today."));
      Thread.sleep(5_000);
    }
    Thread.sleep(2_000);

    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> heard = (List<java.util.Map<String, Object>>) camhs.js("return window.__heard");
    List<String> texts = heard.stream().map(m -> (String) m.get("text")).toList();
    System.out.println("LiveRoomBrowserTest: " + sent + " contributions; CAMHS heard " + texts);
    long warnedAt = heard.stream().filter(m -> ((String) m.get("text")).startsWith("1 minute left for"))
      .mapToLong(m -> ((Number) m.get("at")).longValue()).findFirst().orElseThrow();
    assertTrue(heard.stream().anyMatch(m -> ((String) m.get("text")).matches(".*contribution.*")
        && ((Number) m.get("at")).longValue() < warnedAt && ((Number) m.get("at")).longValue() > warnedAt - 60_000),
      "a contribution was announced in the minute before the warning (the warning was not skipped for it): " + texts);
    long contributionAnnouncements = texts.stream().filter(t -> t.contains("contribution")).count();
    assertTrue(contributionAnnouncements < sent, sent + " contributions, " + contributionAnnouncements
      + " announcements: " + texts);
    assertTrue(texts.stream().anyMatch(t -> t.matches("\\d+ new (contributions|updates)\\.")),
      "several contributions are said as one summary: " + texts);

    @SuppressWarnings("unchecked")
    List<String> chairHeard = ((List<java.util.Map<String, Object>>) chair.js("return window.__heard")).stream()
      .map(m -> (String) m.get("text")).toList();
    assertTrue(chairHeard.stream().anyMatch(t -> t.startsWith("1 minute left for")), "the chair hears the warning: " + chairHeard);
    assertTrue(chairHeard.stream().noneMatch(t -> t.contains("contribution")),
      "the chair turned contributions off: " + chairHeard);
  }

  @Test
  @Order(6)
  void chairPausesAndMovesOnByKeyboard() throws Exception {
    String before = chair.textOf(By.id("current-title"));
    chair.js("document.activeElement && document.activeElement.blur()");
    new Actions(chair.driver).sendKeys(Keys.SPACE).perform();
    for (Browser b : List.of(chair, police, camhs)) {
      b.waitText(By.id("current-running"), "the timer paused by the chair's Space key", t -> t.equals("Paused"));
    }
    // Paused, the countdown is the same number everywhere, to the second.
    String chairShows = chair.waitText(By.id("countdown"), "a countdown", t -> t.matches("\\d+:\\d\\d"));
    assertEquals(chairShows, police.textOf(By.id("countdown")), "police see the paused countdown");
    assertEquals(chairShows, camhs.textOf(By.id("countdown")), "CAMHS see the paused countdown");

    new Actions(chair.driver).sendKeys("n").perform();
    String next = chair.waitText(By.id("current-title"), "the next item after N", t -> !t.isEmpty() && !t.equals(before));
    for (Browser b : List.of(police, camhs)) {
      b.waitText(By.id("current-title"), "the chair's next item", t -> t.equals(next));
    }
    assertEquals(2, demo.server.query("SELECT a.position FROM meeting m JOIN agenda_item a ON a.id = m.timer_item_id "
      + "WHERE m.id = $1::uuid", java.util.UUID.fromString(demo.meetingId)).getJsonObject(0).getInteger("position"),
      "the service's timer is on the second item");
    chair.screenshot(TEST, "chair-next-item");
  }
}
