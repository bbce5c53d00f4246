package org.ailive.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.ailive.TestServer;

import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real SMTP server (GreenMail) in this JVM for the mail tests, and the settings that point the
 * service at it. "Nothing more was sent" is read from the outbox: once no notice is pending or being
 * sent, every mail the service will send has arrived.
 */
public final class SmtpInbox implements AutoCloseable {

  public static final String FROM = "ailive@council.example";

  public final int port;
  private final GreenMail smtp;

  public SmtpInbox() throws Exception {
    port = freePort();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  /** The service's mail settings for this server; {@code allowed} the domains that may see family references. */
  public Map<String, Object> settings(String allowed) {
    return Map.of("smtpHost", "127.0.0.1", "smtpPort", port, "smtpStarttls", "disabled", "mailFrom", FROM,
      "mailAllowedDomains", allowed, "mailRetryBaseMs", 1000, "mailMaxAttempts", 3);
  }

  /** Waits until the outbox has nothing pending or in hand, then returns every mail received. */
  public List<MimeMessage> settled(TestServer server) throws Exception {
    waitFor(() -> {
      try {
        return server.query("SELECT 1 FROM notice WHERE status IN ('pending', 'sending')").isEmpty();
      } catch (Exception e) {
        return false;
      }
    }, "the outbox to be sent");
    return all();
  }

  public List<MimeMessage> all() {
    return Arrays.asList(smtp.getReceivedMessages());
  }

  public List<MimeMessage> to(TestServer server, String address) throws Exception {
    return settled(server).stream().filter(m -> to(m).equals(address)).toList();
  }

  public static String to(MimeMessage m) {
    try {
      return m.getRecipients(Message.RecipientType.TO)[0].toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean sentTo(MimeMessage m, String address) {
    return to(m).equals(address);
  }

  public static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first part of this type, looking inside nested parts (a mail with an .ics is text and HTML inside "mixed"). */
  public static String part(MimeMessage mail, String type) throws Exception {
    String found = find((MimeMultipart) mail.getContent(), type);
    if (found == null) {
      throw new AssertionError("no " + type + " part");
    }
    return found;
  }

  private static String find(MimeMultipart parts, String type) throws Exception {
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart p = parts.getBodyPart(i);
      if (p.isMimeType(type)) {
        return p.getContent().toString().replace("\r\n", "\n");
      }
      if (p.getContent() instanceof MimeMultipart inner) {
        String found = find(inner, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  public static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    smtp.stop();
  }
}
