package org.ailive.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the live room browser tests read and wait for in a browser: the countdown, a contribution, a warning heard. */
final class LiveRoomWaits {

  /** How long a change may take to land in every browser. */
  static final Duration LANDS = Duration.ofSeconds(20);

  private LiveRoomWaits() {
  }

  static boolean warned(Browser b) {
    return Boolean.TRUE.equals(b.js("return window.__heard.some((s) => s.text.startsWith('1 minute left for'))"));
  }

  /** The seconds the countdown shows ({@code data-remaining-seconds}, negative when over), checked against its text. */
  static int countdownSeconds(Browser b) {
    WebElement countdown = b.driver.findElement(By.id("countdown"));
    String text = countdown.getText().trim();
    int seconds = Integer.parseInt(countdown.getAttribute("data-remaining-seconds"));
    int shown = 0;
    for (String part : text.replace("+", "").split(":")) {
      shown = shown * 60 + Integer.parseInt(part.trim());
    }
    // The text is redrawn on the same tick as the attribute; allow for a read between the two.
    assertTrue(Math.abs(Math.abs(seconds) - shown) <= 1, b + " shows \"" + text + "\" for " + seconds + " s");
    return seconds;
  }

  /** Waits until {@code text} is in the browser's discussion exactly once, saved (not pending). */
  static void waitContribution(Browser b, String text) {
    b.until("the contribution \"" + text + "\" in the discussion, once", LANDS, d -> {
      List<WebElement> bodies = d.findElements(By.cssSelector("#contributions-list li.contribution .contribution-body"));
      long saved = bodies.stream().filter(e -> e.getText().trim().equals(text)
        && !e.findElement(By.xpath("ancestor::li[1]")).getAttribute("class").contains("is-pending")).count();
      long pending = d.findElements(By.cssSelector("#contributions-list li.is-pending")).stream()
        .filter(e -> e.getText().contains(text)).count();
      if (saved > 1) {
        throw new AssertionError(b + " shows the contribution " + saved + " times: " + text);
      }
      return saved == 1 && pending == 0;
    });
  }
}
