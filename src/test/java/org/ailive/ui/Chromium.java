package org.ailive.ui;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** How a {@link Browser} starts: Debian's Chromium and chromedriver, a fresh profile, no network of their own. */
final class Chromium {

  /** Held so the setting sticks: Selenium 4.49 knows CDP up to 153 and warns at every start on 156. */
  private static final java.util.logging.Logger CDP_LOG = quiet("org.openqa.selenium.devtools");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  private Chromium() {
  }

  /** A fresh profile (its own sessionStorage and localStorage), after checking both programs are there. */
  static Path newProfile() {
    for (String program : new String[] {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
      if (!Files.isExecutable(Path.of(program))) {
        throw new IllegalStateException(program + " is missing: install Debian's chromium and chromium-driver"
          + " (bin/test does it: apt-get install -y chromium chromium-driver)");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("ailive-chromium-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return profile;
  }

  /** Chromium on {@code profile}, headless, kept off the network, reduced motion, en-GB. */
  static ChromeDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
      // The machine's network is closed: without these Chromium keeps calling Google's hosts.
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      "--disable-quic", "--no-default-browser-check", "--disable-extensions",
      "--force-prefers-reduced-motion", "--lang=en-GB",
      "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File("/usr/bin/chromedriver"))
      .usingAnyFreePort()
      .withSilent(true)
      .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return driver;
  }
}
