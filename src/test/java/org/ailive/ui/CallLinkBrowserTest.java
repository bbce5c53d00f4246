package org.ailive.ui;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 3 (R13) in Chromium: the officer sets the meeting's video-call link on the Prepare
 * page (an http:// link is refused at the field, with the reason); a remote partner opening their
 * join link sees "Join the call" with that link on the landing and pushed in the room's header; a
 * member marked in the room does not get it pushed (it is folded away under "Video call"). axe-core
 * finds no serious fault on the form, the landing or the room.
 */
class CallLinkBrowserTest {

  static final String ZOOM = "https://council.zoom.us/j/81234567890?pwd=AbCdEf";

  private static DemoCounty demo;
  private static Browser browser;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(browser));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    browser = demo.browser("call-link");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(browser);
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void aRemotePartnerIsOfferedTheCallAndAMemberInTheRoomIsNot() throws Exception {
    Axe axe = new Axe("call-link");

    // The officer sets the link where the meeting is prepared; http:// is refused at the field.
    browser.signIn(DemoCounty.OFFICER, demo.password);
    browser.go("/meeting-prep.html?meeting=" + demo.meetingId);
    browser.visible(By.id("call-link-form"));
    browser.type(By.id("call-url"), "http://council.zoom.us/j/81234567890");
    browser.click(By.id("call-link-save"));
    String refused = browser.waitText(By.id("call-url-error"), "the refusal at the field", t -> !t.isBlank());
    assertTrue(refused.contains("https://"), refused);
    assertEquals("true", browser.visible(By.id("call-url")).getAttribute("aria-invalid"));
    assertNull(storedUrl(), "nothing saved");
    browser.settle();
    axe.checkWithKeyboard(browser, "call-link-refused");
    browser.type(By.id("call-url"), ZOOM);
    browser.click(By.id("call-link-save"));
    browser.waitText(By.id("page-status"), "the link saved", t -> t.contains("Call link saved"));
    assertEquals(ZOOM, storedUrl());
    assertTrue(browser.isShown(By.id("call-link-clear")));

    // A member in the room marks themselves so; a partner attending remotely gets a join link.
    demo.command(DemoCounty.CAMHS, "attendance.mark", new JsonObject().put("status", "in_room"));
    String housing = demo.id("SELECT id::text AS id FROM member WHERE email = $1", DemoCounty.HOUSING);
    JsonObject links = demo.post(DemoCounty.OFFICER, "/api/meetings/" + demo.meetingId + "/join-links/batch",
      new JsonObject().put("memberIds", new JsonArray().add(housing)), 201);
    String joinUrl = links.getJsonArray("links").getJsonObject(0).getString("url");

    // The join-link landing offers the call beside the room.
    browser.signOut();
    browser.go(joinUrl);
    browser.visible(By.id("join-call"));
    assertEquals(ZOOM, browser.visible(By.id("join-call-link")).getAttribute("href"));
    assertTrue(browser.textOf(By.id("join-call-link")).startsWith("Join the call"));
    assertEquals("_blank", browser.driver.findElement(By.id("join-call-link")).getAttribute("target"));
    browser.settle();
    axe.checkWithKeyboard(browser, "join-landing-call");

    // In the room, "Join the call" is pushed in the header for the member on their join link.
    browser.click(By.id("join-room-link"));
    browser.waitConnectionLive();
    browser.waitAttribute(By.id("call-push"), "data-placement", "pushed");
    assertEquals(ZOOM, browser.visible(By.id("call-push-link")).getAttribute("href"));
    assertTrue(browser.textOf(By.id("call-push-link")).startsWith("Join the call"));
    assertFalse(browser.isShown(By.id("call-details")));
    browser.settle();
    axe.check(browser, "room-call-pushed");

    // The member in the room is not pushed the call: it is folded away under "Video call".
    browser.enterRoom(DemoCounty.CAMHS, demo.password, demo.meetingId);
    browser.waitAttribute(By.id("call-push"), "data-placement", "details");
    assertFalse(browser.isShown(By.id("call-push")), "not pushed at a member in the room");
    assertFalse(browser.isShown(By.id("call-push-link")));
    assertTrue(browser.isShown(By.id("call-details")));
    assertFalse(browser.isShown(By.id("call-details-link")), "folded away until they open it");
    assertEquals(ZOOM, browser.driver.findElement(By.id("call-details-link")).getAttribute("href"));
    browser.settle();
    axe.check(browser, "room-call-folded");
    axe.assertClean();
  }

  private static String storedUrl() throws Exception {
    return demo.server.query("SELECT call_url FROM meeting WHERE id = $1", UUID.fromString(demo.meetingId))
      .getJsonObject(0).getString("call_url");
  }
}
