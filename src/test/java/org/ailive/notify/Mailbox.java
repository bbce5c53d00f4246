package org.ailive.notify;

import biweekly.Biweekly;
import biweekly.ICalendar;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What a test's GreenMail received, read back: mails by address and subject, their parts, their .ics. */
final class Mailbox {

  static GreenMail smtp;

  private Mailbox() {
  }

  /** Waits for the one mail to {@code to} whose subject starts so, then makes sure no second one follows. */
  static MimeMessage onlyMail(String to, String subject) throws Exception {
    return nthMail(to, subject, 1);
  }

  static MimeMessage nthMail(String to, String subject, int n) throws Exception {
    waitFor(() -> mails(to, subject).size() >= n, n + " mails '" + subject + "' to " + to);
    Thread.sleep(300);
    List<MimeMessage> found = mails(to, subject);
    assertEquals(n, found.size(), "exactly " + n + " '" + subject + "' to " + to);
    return found.get(n - 1);
  }

  static List<MimeMessage> mails(String to, String subject) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(to) && m.getSubject().startsWith(subject);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  static String part(MimeMessage mail, String type) throws Exception {
    return new String(find(mail, type).getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  static BodyPart attachment(MimeMessage mail) throws Exception {
    return find(mail, "text/calendar");
  }

  static ICalendar ics(MimeMessage mail) throws Exception {
    String text = part(mail, "text/calendar");
    ICalendar cal = Biweekly.parse(text).first();
    assertNotNull(cal, text);
    return cal;
  }

  /** The first part of that type, however deep the multipart nests. */
  static BodyPart find(MimeMessage mail, String type) throws Exception {
    BodyPart found = find((MimeMultipart) mail.getContent(), type);
    if (found == null) {
      throw new AssertionError("no " + type + " part");
    }
    return found;
  }

  static BodyPart find(MimeMultipart parts, String type) throws Exception {
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart p = parts.getBodyPart(i);
      if (p.isMimeType(type)) {
        return p;
      }
      if (p.getContent() instanceof MimeMultipart inner) {
        BodyPart deeper = find(inner, type);
        if (deeper != null) {
          return deeper;
        }
      }
    }
    return null;
  }

  static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(50);
    }
  }
}
