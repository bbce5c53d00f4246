package org.ailive.ui;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * axe-core against WCAG 2.2 AA. A view fails on any violation of impact serious or critical, at
 * desktop width and again at 320 CSS pixels (a phone; also what 400% zoom of a 1280 px window
 * gives), where the page must also not scroll sideways (WCAG 1.4.10 reflow). Lesser violations
 * are printed, not failed. An uncaught script error is a problem too. Problems are collected
 * across views so one run lists them all.
 */
public final class Axe {

  static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa");
  static final Set<String> FAILING = Set.of("serious", "critical");
  static final int PHONE_WIDTH = 320;

  private final List<String> problems = new ArrayList<>();
  private final String test;

  public Axe(String test) {
    this.test = test;
  }

  /**
   * Scans what {@code browser} shows now as {@code view} at both widths and saves a screenshot of
   * each ({@code <test>-<view>.png} and {@code <test>-<view>-320.png}).
   */
  public void check(Browser browser, String view) {
    browser.screenshot(test, view);
    for (String error : browser.uncaughtErrors()) {
      problems.add(view + ": script error in the page: " + error);
    }
    scan(browser, view, "desktop");
    browser.narrow(PHONE_WIDTH);
    try {
      try {
        browser.until("the layout at " + PHONE_WIDTH + " px", java.time.Duration.ofSeconds(5),
          d -> Long.valueOf(PHONE_WIDTH).equals(browser.js("return document.documentElement.clientWidth")));
      } catch (org.openqa.selenium.TimeoutException e) {
        problems.add(view + " [" + PHONE_WIDTH + " px]: the page does not adapt to a phone's width (no viewport meta?):"
          + " laid out at " + browser.js("return document.documentElement.clientWidth") + " px");
      }
      scan(browser, view, PHONE_WIDTH + " px");
      Object overflow = browser.js("""
          const w = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= w + 1) return null;
          const wide = [...document.querySelectorAll('body *')]
            .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 1
              && getComputedStyle(e).position !== 'fixed' && !e.closest('.visually-hidden'); })
            .filter((e, _, all) => !all.some((o) => o !== e && e.contains(o)))
            .slice(0, 5)
            .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
              + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)');
          return 'page is ' + document.documentElement.scrollWidth + ' px wide at ' + w + ' px: ' + wide.join(', ');
          """);
      if (overflow != null) {
        problems.add(view + " [" + PHONE_WIDTH + " px]: reflow (WCAG 1.4.10): " + overflow);
      }
      browser.screenshot(test, view + "-" + PHONE_WIDTH);
    } finally {
      browser.desktop();
    }
  }

  private void scan(Browser browser, String view, String width) {
    Results results = new AxeBuilder().withTags(TAGS).analyze(browser.driver);
    if (results.isErrored()) {
      problems.add(view + " [" + width + "]: axe failed: " + results.getErrorMessage());
      return;
    }
    if (results.getPasses() == null || results.getPasses().isEmpty()) {
      problems.add(view + " [" + width + "]: axe checked nothing (is the page empty?)");
    }
    for (Rule rule : results.getViolations()) {
      String line = view + " [" + width + "] " + rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp()
        + nodes(rule.getNodes());
      if (FAILING.contains(rule.getImpact())) {
        problems.add(line);
      } else {
        System.out.println("axe (not failing): " + line);
      }
    }
  }

  private static String nodes(List<CheckedNode> nodes) {
    StringBuilder out = new StringBuilder();
    for (CheckedNode n : nodes.subList(0, Math.min(nodes.size(), 8))) {
      out.append("\n      at ").append(n.getTarget()).append(": ")
        .append(n.getHtml() == null ? "" : n.getHtml().replaceAll("\\s+", " "));
      if (n.getFailureSummary() != null) {
        out.append("\n         ").append(n.getFailureSummary().replaceAll("\\s+", " "));
      }
    }
    if (nodes.size() > 8) {
      out.append("\n      … and ").append(nodes.size() - 8).append(" more");
    }
    return out.toString();
  }

  /** Also goes through the view with the Tab key (see {@link Keyboard}), at desktop width. */
  public void checkWithKeyboard(Browser browser, String view) {
    check(browser, view);
    problems.addAll(Keyboard.walk(browser, view));
  }

  /** As {@link #checkWithKeyboard}, and with the Tab key at 320 px too (where pinned bars cover most). */
  public void checkWithKeyboardOnPhone(Browser browser, String view) {
    checkWithKeyboard(browser, view);
    browser.narrow(PHONE_WIDTH);
    try {
      browser.until("the layout at " + PHONE_WIDTH + " px", java.time.Duration.ofSeconds(5),
        d -> Long.valueOf(PHONE_WIDTH).equals(browser.js("return document.documentElement.clientWidth")));
      problems.addAll(Keyboard.walk(browser, view + " " + PHONE_WIDTH + " px"));
    } finally {
      browser.desktop();
    }
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Fails with every problem found so far, one per line. */
  public void assertClean() {
    if (!problems.isEmpty()) {
      fail(problems.size() + " accessibility problem(s):\n  - " + String.join("\n  - ", problems));
    }
  }
}
