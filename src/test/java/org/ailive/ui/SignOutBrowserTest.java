package org.ailive.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Issue 15, items 6 and 11h: signing out forgets what the browser keeps for the member (unsent
 * commands in every meeting's outbox, this tab's drafts) and signs out their other tabs; "Sign out
 * everywhere" ends the member's sessions on other devices too.
 */
class SignOutBrowserTest {

  private static DemoCounty demo;
  private static Browser police;

  @RegisterExtension
  static final OnFailure ON_FAILURE = new OnFailure(() -> java.util.Arrays.asList(police));

  @BeforeAll
  static void setUp() throws Exception {
    demo = DemoCounty.start();
    police = demo.browser("police");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Browser.closeAll(police);
    if (demo != null) {
      demo.close();
    }
  }

  static int status(String token) throws Exception {
    return demo.server.client.get("/api/me").bearerTokenAuthentication(token).send().await(20, TimeUnit.SECONDS)
      .statusCode();
  }

  static void untilSignedOut(String what) {
    police.until(what, d -> d.getCurrentUrl().contains("reason=signed-out")
      && police.js("return sessionStorage.getItem('ailive.token')") == null);
  }

  @Test
  void signingOutForgetsUnsentCommandsAndSignsOutTheMembersOtherTabs() throws Exception {
    police.signIn(DemoCounty.POLICE, demo.password);
    String memberId = (String) police.js("return JSON.parse(sessionStorage.getItem('ailive.member')).id");
    String outbox = "ailive.outbox." + demo.meetingId + "." + memberId;
    String othersOutbox = "ailive.outbox." + demo.meetingId + ".someone-else";
    // As js/outbox.js keeps them: a contribution about a family that never reached the server.
    police.js("localStorage.setItem(arguments[0], arguments[1]); localStorage.setItem(arguments[2], arguments[1]);"
      + " sessionStorage.setItem('ailive.caseDrafts', '[{\"key\":\"c:summary\",\"text\":\"draft\"}]');", outbox,
      "[{\"key\":\"k-1\",\"type\":\"contribution.add\",\"fields\":{\"text\":\"Mum says the family is moving\"}}]",
      othersOutbox);
    String firstTab = police.driver.getWindowHandle();
    police.driver.switchTo().newWindow(WindowType.TAB);
    police.go("/index.html");
    police.signInHere(DemoCounty.POLICE, demo.password);
    String secondTabsToken = (String) police.js("return sessionStorage.getItem('ailive.token')");
    String secondTab = police.driver.getWindowHandle();
    assertEquals(200, status(secondTabsToken));

    police.driver.switchTo().window(firstTab);
    police.click(By.id("sign-out"));
    untilSignedOut("this tab signed out");
    assertNull(police.js("return localStorage.getItem(arguments[0])", outbox), "the member's unsent commands are gone");
    assertNull(police.js("return sessionStorage.getItem('ailive.caseDrafts')"), "this tab's drafts are gone");
    assertNotNull(police.js("return localStorage.getItem(arguments[0])", othersOutbox), "another member's are kept");

    police.driver.switchTo().window(secondTab);
    untilSignedOut("the member's other tab signed out too");
    police.until("the other tab's token stopped working on the server", d -> {
      try {
        return status(secondTabsToken) == 401;
      } catch (Exception e) {
        return false;
      }
    });
    police.driver.close();
    police.driver.switchTo().window(firstTab);
  }

  @Test
  void signOutEverywhereEndsTheMembersSessionsOnOtherDevices() throws Exception {
    String phone = demo.server.demoToken(DemoCounty.HOUSING);
    String otherMember = demo.server.demoToken(DemoCounty.CAMHS);
    police.signIn(DemoCounty.HOUSING, demo.password);
    police.visible(By.id("sign-out-everywhere"));
    police.click(By.id("sign-out-everywhere"));
    untilSignedOut("signed out here");
    assertEquals(401, status(phone), "the member's session on another device ended");
    assertEquals(200, status(otherMember), "another member's did not");
    police.signInHere(DemoCounty.HOUSING, demo.password);
    police.visible(By.id("sign-out"));
  }
}
