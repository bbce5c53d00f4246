package org.ailive.ui;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;

/**
 * When a browser test fails, keeps what each of its browsers showed (a screenshot) and what their
 * pages logged ({@code target/screenshots/<test>-FAILED-<browser>.png/.log}).
 * Register with {@code @RegisterExtension static OnFailure onFailure = new OnFailure(() -> List.of(...))}.
 */
final class OnFailure implements TestWatcher {

  private final Supplier<List<Browser>> browsers;

  OnFailure(Supplier<List<Browser>> browsers) {
    this.browsers = browsers;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    String test = context.getRequiredTestMethod().getName();
    for (Browser b : browsers.get()) {
      if (b == null) {
        continue;
      }
      try {
        b.screenshot(test, "FAILED-" + b.name);
        Files.write(Browser.SCREENSHOTS.resolve(test + "-FAILED-" + b.name + ".log"),
          (b.driver.getCurrentUrl() + "\n" + String.join("\n", b.console()) + "\n").getBytes());
      } catch (RuntimeException | java.io.IOException e) {
        System.err.println("could not keep the failure of " + b.name + ": " + e);
      }
    }
  }
}
