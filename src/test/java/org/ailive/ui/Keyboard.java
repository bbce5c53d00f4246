package org.ailive.ui;

import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What axe cannot see: the page used with the Tab key. From the top of the page, presses Tab
 * until focus comes round again and checks each stop: the focused element can be seen (not
 * empty or off screen), it shows a focus indicator (WCAG 2.4.7), and it is not entirely hidden
 * under something pinned to the screen, such as the room's connection state (WCAG 2.2's 2.4.11).
 */
final class Keyboard {

  private static final int MAX_STOPS = 300;

  /**
   * Describes document.activeElement after a Tab: where it is, what covers it, how focus shows.
   * With {@code arguments[0]} true it looks two frames later: with reduced motion every change of
   * style is a 0.01 ms transition that still waits for the next frame (right after Tab a skip link
   * is still above the page), so a stop that looks wrong is looked at again before it counts.
   */
  private static final String INSPECT = """
      const done = arguments[arguments.length - 1];
      if (arguments[0]) requestAnimationFrame(() => requestAnimationFrame(() => done(inspect())));
      else done(inspect());
      function inspect() {
      const e = document.activeElement;
      if (!e || e === document.body || e === document.documentElement) return { key: 'body' };
      const path = [];
      for (let n = e; n && n.nodeType === 1 && path.length < 6; n = n.parentElement) {
        path.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : ''));
        if (n.id) break;
      }
      const name = (e.getAttribute('aria-label') || e.textContent || e.value || e.name || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
      const key = path.join(' > ') + ' "' + name + '" ' + [...document.querySelectorAll('*')].indexOf(e);
      const r = e.getBoundingClientRect();
      const vw = document.documentElement.clientWidth, vh = window.innerHeight;
      const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < vh && r.left < vw;
      const s = getComputedStyle(e);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      const ring = s.boxShadow && s.boxShadow !== 'none';
      let hiddenBy = null;
      for (const p of document.querySelectorAll('body *')) {
        const ps = getComputedStyle(p);
        if ((ps.position !== 'fixed' && ps.position !== 'sticky') || p.contains(e) || e.contains(p)) continue;
        if (ps.visibility === 'hidden' || ps.display === 'none') continue;
        const q = p.getBoundingClientRect();
        if (q.width === 0 || q.height === 0) continue;
        if (q.left <= r.left && q.top <= r.top && q.right >= r.right && q.bottom >= r.bottom) {
          hiddenBy = p.tagName.toLowerCase() + (p.id ? '#' + p.id : '') + (p.className ? '.' + String(p.className).trim().split(/\\s+/).join('.') : '');
          break;
        }
      }
      return { key, desc: path.join(' > ') + (name ? ' "' + name + '"' : ''), onScreen, visibleFocus: outline || ring, hiddenBy };
      }
      """;

  private Keyboard() {
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> inspect(Browser browser, boolean nextFrames) {
    return (Map<String, Object>) browser.driver.executeAsyncScript(INSPECT, nextFrames);
  }

  /** Tabs through what {@code browser} shows and returns the problems found, each naming {@code view}. */
  static List<String> walk(Browser browser, String view) {
    long started = System.nanoTime();
    List<String> problems = new ArrayList<>();
    // Start where a fresh page starts: before the first element (the skip link comes first).
    browser.js("window.scrollTo(0, 0); const start = document.createElement('span'); start.id = 'keyboard-walk-start';"
      + " start.tabIndex = -1; document.body.prepend(start); start.focus({preventScroll: true});");
    Set<String> seen = new HashSet<>();
    String last = "the start";
    String previous = null;
    int sameInARow = 0;
    for (int i = 0; i < MAX_STOPS; i++) {
      new Actions(browser.driver).sendKeys(Keys.TAB).perform(); // an Actions forgets its keys once performed
      Map<String, Object> at = inspect(browser, false);
      if (!Boolean.TRUE.equals(at.get("onScreen")) || at.get("hiddenBy") != null || !Boolean.TRUE.equals(at.get("visibleFocus"))) {
        at = inspect(browser, true);
      }
      String key = (String) at.get("key");
      if (key.equals(previous) && ++sameInARow < 5) {
        continue; // Tab moves between the parts of a date input (day, month, year, picker) without leaving it
      }
      sameInARow = key.equals(previous) ? sameInARow : 0;
      previous = key;
      if ("body".equals(key) || !seen.add(key)) {
        browser.js("document.getElementById('keyboard-walk-start')?.remove()");
        System.out.println("keyboard: " + view + ": " + seen.size() + " stops, then " + ("body".equals(key) ? "the end of the page" : "back to " + at.get("desc")) + " after " + last
          + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
        return problems; // round the page once
      }
      String where = view + " [keyboard]: " + at.get("desc") + ": ";
      last = String.valueOf(at.get("desc"));
      if (!Boolean.TRUE.equals(at.get("onScreen"))) {
        problems.add(where + "focus lands on something not on screen");
      } else if (at.get("hiddenBy") != null) {
        problems.add(where + "the focused control is entirely hidden under " + at.get("hiddenBy") + " (WCAG 2.4.11)");
      }
      if (!Boolean.TRUE.equals(at.get("visibleFocus"))) {
        problems.add(where + "no visible focus indicator (WCAG 2.4.7)");
      }
    }
    problems.add(view + " [keyboard]: focus did not come round after " + MAX_STOPS + " Tab presses");
    return problems;
  }
}
