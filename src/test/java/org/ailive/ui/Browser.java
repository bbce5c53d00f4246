package org.ailive.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One headless Debian Chromium, driven through Debian's chromedriver: no Selenium Manager, no
 * downloads, no background network traffic. Every browser has its own fresh profile (so its own
 * sessionStorage token and localStorage outbox) and its own chromedriver (a ChromeDriver stops its
 * driver service when it quits, so one service cannot be shared; a chromedriver costs ~100 ms).
 * Reduced motion is forced, so smooth scrolling never moves an element while it is clicked.
 * Close each browser in {@code @AfterAll}.
 */
public final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Duration WAIT = Duration.ofSeconds(15);

  public final String name;
  public final String baseUrl;
  public final ChromeDriver driver;
  private final Path profile;

  private Browser(String name, String baseUrl, ChromeDriver driver, Path profile) {
    this.name = name;
    this.baseUrl = baseUrl;
    this.driver = driver;
    this.profile = profile;
  }

  /** A new browser on {@code http://localhost:port}; {@code name} appears in failure messages. */
  public static Browser open(String name, int port) {
    Path profile = Chromium.newProfile();
    return new Browser(name, "http://localhost:" + port, Chromium.start(profile), profile);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      org.ailive.TestServer.deleteQuietly(profile);
    }
  }

  /** Closes every browser given, even if one fails to close. */
  public static void closeAll(Browser... browsers) {
    for (Browser b : browsers) {
      if (b != null) {
        try {
          b.close();
        } catch (RuntimeException e) {
          System.err.println("closing " + b.name + ": " + e);
        }
      }
    }
  }

  // ---------- navigation and sign-in ----------

  public Browser go(String path) {
    driver.get(baseUrl + (path.startsWith("/") ? path : "/" + path));
    return this;
  }

  /**
   * Signs in through the sign-in page (after forgetting any session) and waits for the session.
   * The form's ids are those of docs/UI.md (#email, #password, #sign-in-button).
   */
  public Browser signIn(String email, String password) {
    signOut();
    return signInHere(email, password);
  }

  /** Fills in the sign-in form the browser shows now (e.g. after being sent to sign in) and waits for the session. */
  public Browser signInHere(String email, String password) {
    WebElement emailBox = visible(By.id("email"));
    emailBox.clear();
    emailBox.sendKeys(email);
    WebElement passwordBox = driver.findElement(By.id("password"));
    passwordBox.clear();
    passwordBox.sendKeys(password);
    click(By.id("sign-in-button"));
    until("signed in as " + email, d -> {
      // js/api.js keeps the session in this tab's sessionStorage under 'ailive.token'.
      Object token = js("return sessionStorage.getItem('ailive.token')");
      if (token != null) {
        return true;
      }
      String error = textOf(By.id("sign-in-error"));
      if (!error.isBlank()) {
        throw new AssertionError(name + ": sign-in of " + email + " refused: " + error);
      }
      return false;
    });
    return this;
  }

  /**
   * Forgets this browser's sign-in without telling the server (as a browser whose tabs and cookies
   * are all gone): this tab's session and the browser's sign-in cookie (js/api.js, issue 16). Then
   * shows the sign-in page.
   */
  public Browser signOut() {
    // A page's session renewal in flight when the cookies are cleared can set the cookie again
    // afterwards (seen under load: the next sign-in found the page still signed in); so clear
    // again until the sign-in form shows.
    for (int attempt = 1; ; attempt++) {
      go("/index.html");
      js("sessionStorage.clear()");
      cdp("Network.clearBrowserCookies", Map.of());
      go("/index.html");
      try {
        until("the sign-in form", Duration.ofSeconds(5), d -> isShown(By.id("email")));
        return this;
      } catch (org.openqa.selenium.TimeoutException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** Signs in, then opens the live room of the meeting and waits until its connection is live. */
  public Browser enterRoom(String email, String password, String meetingId) {
    signIn(email, password);
    go("/room.html?meeting=" + meetingId);
    waitConnectionLive();
    return this;
  }

  /** The room's connection is live with nothing waiting ({@code #connection-state}, docs/UI.md). */
  public void waitConnectionLive() {
    until("the live connection", d -> {
      List<WebElement> state = d.findElements(By.id("connection-state"));
      return !state.isEmpty() && "live".equals(state.get(0).getAttribute("data-phase"))
        && "0".equals(state.get(0).getAttribute("data-pending"));
    });
  }

  public void waitAttribute(By by, String attribute, String value) {
    until(by + " with " + attribute + "=\"" + value + "\"", d -> {
      List<WebElement> found = d.findElements(by);
      return !found.isEmpty() && value.equals(found.get(0).getAttribute(attribute));
    });
  }

  // ---------- waits ----------

  public <T> T until(String what, Function<org.openqa.selenium.WebDriver, T> condition) {
    return until(what, WAIT, condition);
  }

  public <T> T until(String what, Duration timeout, Function<org.openqa.selenium.WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
    wait.ignoring(StaleElementReferenceException.class);
    wait.withMessage(() -> name + " waiting for " + what + " on " + driver.getCurrentUrl());
    return wait.until(condition::apply);
  }

  /**
   * Waits until the page has settled: loaded, nothing marked busy, no "Loading…" in view, and no
   * change to the page for 400 ms except the ticking of timers (the room's countdown changes every
   * second, so a quiet moment between ticks is enough).
   */
  public void settle() {
    until("the page to settle", d -> Boolean.TRUE.equals(js("""
        if (document.readyState !== 'complete') return false;
        if (!window.__settle) {
          window.__settle = { last: performance.now() };
          new MutationObserver((records) => {
            if (records.some((r) => !(r.target.closest && r.target.closest('[role=timer], time, .countdown'))
                && !(r.target.parentElement && r.target.parentElement.closest('[role=timer], time, .countdown')))) {
              window.__settle.last = performance.now();
            }
          }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
          return false;
        }
        if (document.querySelector('[aria-busy="true"]')) return false;
        const loading = [...document.querySelectorAll('[role=status], .status-message, p, td, li')]
          .some((e) => e.offsetParent !== null && /^(Loading|Checking)\b/.test(e.textContent.trim()));
        if (loading) return false;
        return performance.now() - window.__settle.last >= 400;
        """)));
  }

  public WebElement visible(By by) {
    return until(by + " to be visible", ExpectedConditions.visibilityOfElementLocated(by));
  }

  public void click(By by) {
    for (int attempt = 1; ; attempt++) {
      WebElement e = until(by + " to be clickable", ExpectedConditions.elementToBeClickable(by));
      try {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center'})", e);
        e.click();
        return;
      } catch (StaleElementReferenceException redrawn) {
        // Redrawn between finding and clicking it: find it again (a few times at most).
        if (attempt == 3) {
          throw redrawn;
        }
      }
    }
  }

  /** Clears a field and types into it. */
  public void type(By by, String text) {
    WebElement e = visible(by);
    e.clear();
    e.sendKeys(text);
  }

  /** Waits until the element's text passes {@code test}; returns that text. */
  public String waitText(By by, String what, java.util.function.Predicate<String> test) {
    final String[] last = {null};
    try {
      return until(what + " (" + by + ")", d -> {
        List<WebElement> found = d.findElements(by);
        if (found.isEmpty()) {
          return null;
        }
        String t = found.get(0).getText().trim();
        last[0] = t;
        return test.test(t) ? t : null;
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(e.getMessage() + "; last text: \"" + last[0] + "\"", e);
    }
  }

  public String textOf(By by) {
    List<WebElement> found = driver.findElements(by);
    return found.isEmpty() ? "" : found.get(0).getText().trim();
  }

  public boolean isShown(By by) {
    List<WebElement> found = driver.findElements(by);
    return !found.isEmpty() && found.get(0).isDisplayed();
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  // ---------- the network ----------

  /**
   * DevTools' "Offline" switch: new requests fail and {@code navigator.onLine} turns false (the
   * page's {@code offline} event fires). An open WebSocket keeps working under it in Chromium 156,
   * so to cut a live connection put the browser behind a {@link NetworkCut} as well.
   */
  public void goOffline() {
    cdp("Network.enable", Map.of());
    cdp("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
      "downloadThroughput", -1, "uploadThroughput", -1));
  }

  public void goOnline() {
    cdp("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
      "downloadThroughput", -1, "uploadThroughput", -1));
  }

  public Map<String, Object> cdp(String command, Map<String, Object> params) {
    return driver.executeCdpCommand(command, new HashMap<>(params));
  }

  // ---------- the console ----------

  /** What the pages wrote to the console since the last call (errors, warnings, logs). */
  public List<String> console() {
    List<String> out = new java.util.ArrayList<>();
    for (org.openqa.selenium.logging.LogEntry e : driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
      out.add(e.getLevel() + " " + e.getMessage());
    }
    return out;
  }

  /** Uncaught script errors since the last call: a page that throws is broken for someone. */
  public List<String> uncaughtErrors() {
    return console().stream().filter(l -> l.startsWith("SEVERE") && l.contains("Uncaught")).toList();
  }

  // ---------- screenshots ----------

  /**
   * Saves the whole page (not just the viewport) as {@code target/screenshots/<test>-<view>.png}.
   */
  public Path screenshot(String test, String view) {
    Path file = SCREENSHOTS.resolve(test + "-" + view + ".png");
    try {
      Files.createDirectories(SCREENSHOTS);
      byte[] png;
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) cdp("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(((Number) size.get("height")).doubleValue(), 8000);
        Map<String, Object> shot = cdp("Page.captureScreenshot", Map.of("format", "png",
          "captureBeyondViewport", true,
          "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        png = Base64.getDecoder().decode((String) shot.get("data"));
      } catch (RuntimeException e) {
        png = driver.getScreenshotAs(OutputType.BYTES);
      }
      Files.write(file, png);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  /** Renders the page as a phone would (CSS width {@code width}), until {@link #desktop()}. */
  public void narrow(int width) {
    cdp("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 800, "deviceScaleFactor", 1,
      "mobile", true));
  }

  /**
   * Renders the page in a viewport of exactly {@code width} x {@code height} CSS pixels (a laptop
   * screen, or a phone with {@code mobile}), until {@link #desktop()}.
   */
  public void viewport(int width, int height, boolean mobile) {
    cdp("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
      "mobile", mobile));
    until("a " + width + "x" + height + " viewport", d -> Boolean.TRUE.equals(
      js("return window.innerWidth === arguments[0] && window.innerHeight === arguments[1]", width, height)));
  }

  /** Saves what the viewport shows now (pinned bars where they are) as {@code target/screenshots/<test>-<view>.png}. */
  public Path screenshotViewport(String test, String view) {
    Path file = SCREENSHOTS.resolve(test + "-" + view + ".png");
    try {
      Files.createDirectories(SCREENSHOTS);
      Map<String, Object> shot = cdp("Page.captureScreenshot", Map.of("format", "png"));
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  public void desktop() {
    cdp("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  @Override
  public String toString() {
    return name;
  }
}
