package org.ailive.notify;

import io.vertx.core.Vertx;
import org.ailive.App;
import org.ailive.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: bad mail settings stop the start with a message that names the variable and what it
 * should be; what a mail may carry is held by one guard (R12).
 */
class MailSettingsTest {

  private static final Map<String, String> GOOD = Map.of("AILIVE_SMTP_HOST", "127.0.0.1", "AILIVE_SMTP_PORT", "2525",
    "AILIVE_SMTP_STARTTLS", "disabled", "AILIVE_MAIL_FROM", "ailive@council.example");

  @Test
  void goodSettingsPassAndMailIsOffWithoutAHost() throws Exception {
    AppConfig good = config(Map.of());
    good.checkMail();
    assertTrue(good.mailOn());
    assertEquals(2525, good.smtpPort());
    AppConfig off = AppConfig.load(null, Map.of());
    off.checkMail();
    assertFalse(off.mailOn(), "no smtpHost: mail is off");
  }

  @Test
  void badSettingsAreRefusedWithTheirReason() {
    assertRefused(Map.of("AILIVE_SMTP_PORT", "70000"), "AILIVE_SMTP_PORT must be a port from 1 to 65535, got 70000");
    assertRefused(Map.of("AILIVE_SMTP_STARTTLS", "always"),
      "AILIVE_SMTP_STARTTLS must be required, optional or disabled, got 'always'");
    assertRefused(Map.of("AILIVE_MAIL_FROM", ""), "AILIVE_MAIL_FROM is needed when AILIVE_SMTP_HOST is set");
    assertRefused(Map.of("AILIVE_MAIL_FROM", "ailive"), "AILIVE_MAIL_FROM must be an e-mail address, got 'ailive'");
    assertRefused(Map.of("AILIVE_PUBLIC_URL", "ailive.council.example"),
      "AILIVE_PUBLIC_URL must start with http:// or https:// and name a host, got 'ailive.council.example'");
    assertRefused(Map.of("AILIVE_SMTP_USER", "ailive"), "AILIVE_SMTP_PASSWORD (or AILIVE_SMTP_PASSWORD_FILE) is needed");
    assertRefused(Map.of("AILIVE_MAIL_ALLOWED_DOMAINS", "council.example, not a domain"),
      "AILIVE_MAIL_ALLOWED_DOMAINS must be domains separated by commas");
    IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
      () -> config(Map.of("AILIVE_SMTP_PORT", "smtp")));
    assertEquals("AILIVE_SMTP_PORT must be a number, got 'smtp'", notANumber.getMessage());
  }

  @Test
  void theServiceDoesNotStartOnBadMailSettings() throws Exception {
    AppConfig bad = config(Map.of("AILIVE_SMTP_STARTTLS", "sometimes"))
      .with("dataDir", java.nio.file.Files.createTempDirectory("ailive-bad-mail").toString());
    Vertx vertx = Vertx.vertx();
    try {
      Exception failure = assertThrows(Exception.class, () -> App.start(vertx, bad).await(1, TimeUnit.MINUTES));
      assertTrue(failure.getMessage().contains("AILIVE_SMTP_STARTTLS must be required, optional or disabled"),
        failure.getMessage());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMailCarriesOnlyTheFieldsTheGuardAllows() {
    IllegalArgumentException narrative = assertThrows(IllegalArgumentException.class, () -> MailGuard.fieldsFor(
      "a@council.example", Map.of("summaryOfConcerns", "Worries at home"), List.of()));
    assertEquals("A mail may not carry the field 'summaryOfConcerns'", narrative.getMessage());
    assertFalse(narrative.getMessage().contains("Worries"), "the refusal never quotes the value");
    assertThrows(IllegalArgumentException.class, () -> MailGuard.fieldsFor("a@council.example",
      Map.of("fullName", "A name\nand a second line of free text"), List.of()));
    assertThrows(IllegalArgumentException.class, () -> MailGuard.fieldsFor("a@council.example",
      Map.of("panelName", "x".repeat(201)), List.of()));
    assertThrows(IllegalArgumentException.class, () -> MailGuard.fieldsFor("a@council.example",
      Map.of("url", "javascript:alert(1)"), List.of()));
  }

  @Test
  void aFamilyReferenceGoesOnlyToTheAllowedDomains() {
    List<String> allowed = List.of("council.example", "nhs.net");
    assertEquals("NH-2027-014", MailGuard.fieldsFor("a@council.example", Map.of("familyRef", "NH-2027-014"), allowed)
      .get("familyRef"));
    assertEquals("NH-2027-014", MailGuard.fieldsFor("b@trust.nhs.net", Map.of("familyRef", "NH-2027-014"), allowed)
      .get("familyRef"));
    assertEquals(MailGuard.WITHHELD, MailGuard.fieldsFor("c@gmail.example", Map.of("familyRef", "NH-2027-014"), allowed)
      .get("familyRef"));
    assertEquals(MailGuard.WITHHELD, MailGuard.fieldsFor("d@notnhs.net", Map.of("familyRef", "NH-2027-014"), allowed)
      .get("familyRef"));
    assertEquals(MailGuard.WITHHELD, MailGuard.fieldsFor("a@council.example", Map.of("familyRef", "NH-2027-014"),
      List.of()).get("familyRef"), "no allowed domains: no address gets a family reference");
  }

  @Test
  void everyTemplateRendersWithItsFieldsAndSaysWhyItWasSent() {
    for (Notice n : List.of(
        Notices.invitation(new Notices.Recipient(null, "Jo <Bloggs>", "jo@council.example"), "/invite.html#code=x",
          java.time.Instant.parse("2026-12-09T14:46:00Z")),
        Notices.passwordReset(new Notices.Recipient(null, "Jo <Bloggs>", "jo@council.example"), "/reset.html#code=y",
          java.time.Instant.parse("2026-07-09T09:05:00Z")))) {
      Map<String, String> fields = new HashMap<>(n.fields());
      fields.put("councilName", "Northshire County Council");
      MailTemplates.Rendered r = MailTemplates.render(n.kind(), fields);
      assertTrue(r.text().contains("Dear Jo <Bloggs>,"), r.text());
      assertTrue(r.html().contains("Dear Jo &lt;Bloggs&gt;,"), "HTML escapes fields: " + r.html());
      assertTrue(r.text().contains("Why you got this email") && r.html().contains("Why you got this email"), n.kind());
      assertTrue(r.text().contains("Northshire County Council") && r.html().contains("Northshire County Council"));
      assertFalse(r.text().contains("{{") || r.html().contains("{{") || r.subject().contains("{{"), n.kind());
    }
    assertEquals("Wednesday 9 December 2026 at 2:46pm", Notices.when(java.time.Instant.parse("2026-12-09T14:46:00Z")));
    assertEquals("Thursday 9 July 2026 at 10:05am", Notices.when(java.time.Instant.parse("2026-07-09T09:05:00Z")),
      "London time, summer time included");
    assertEquals(30_000, MailWorker.delayAfter(1, 30_000));
    assertEquals(120_000, MailWorker.delayAfter(2, 30_000));
    assertEquals(480_000, MailWorker.delayAfter(3, 30_000));
    assertEquals(MailWorker.MAX_DELAY_MS, MailWorker.delayAfter(9, 30_000));
  }

  private static void assertRefused(Map<String, String> change, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(change).checkMail());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  private static AppConfig config(Map<String, String> change) throws Exception {
    Map<String, String> env = new HashMap<>(GOOD);
    env.putAll(change);
    return AppConfig.load(null, env);
  }
}
