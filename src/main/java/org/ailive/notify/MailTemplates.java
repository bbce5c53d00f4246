package org.ailive.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text and HTML bodies of each kind of notice, from {@code src/main/resources/mail/}: {@code
 * <kind>.txt} (its first line {@code Subject: …}, then a blank line, then the text) and {@code
 * <kind>.html} (the HTML body, put inside {@code layout.html}). {@code {{name}}} is replaced with the
 * field (HTML-escaped in HTML); a placeholder without its field is an error, never left blank.
 */
final class MailTemplates {

  /** A rendered mail. */
  record Rendered(String subject, String text, String html) {
  }

  /** The member's notice settings: every mail links to them. */
  static final String SETTINGS_PATH = "/notices.html#preferences";
  static final String SETTINGS_URL = "settingsUrl";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private MailTemplates() {
  }

  static Rendered render(String kind, Map<String, String> fields) {
    String txt = resource(kind + ".txt");
    if (!txt.startsWith("Subject: ") || !txt.contains("\n\n")) {
      throw new IllegalStateException("mail/" + kind + ".txt must start with 'Subject: …' and a blank line");
    }
    String subject = fill(txt.substring("Subject: ".length(), txt.indexOf('\n')).strip(), fields, false);
    String text = fill(txt.substring(txt.indexOf("\n\n") + 2), fields, false);
    String content = fill(resource(kind + ".html"), fields, true);
    Map<String, String> footer = footer(kind, fields);
    text = text.stripTrailing() + "\n" + fill(resource("footer.txt"), footer, false).replace(" \n", "\n");
    footer.put("subject", subject);
    String html = fill(resource("layout.html"), footer, true).replace("<!-- content -->", content);
    return new Rendered(subject, text, html);
  }

  /**
   * What every mail ends with (issue 19): why it was sent (its kind's label), whether it can be
   * turned off, and the link to the member's notice settings ({@code settingsUrl}, made absolute by
   * the outbox).
   */
  private static Map<String, String> footer(String kind, Map<String, String> fields) {
    NoticeKind known = NoticeKind.of(kind).orElse(null);
    Map<String, String> footer = new HashMap<>();
    footer.put("councilName", fields.getOrDefault("councilName", ""));
    footer.put("kindLabel", known == null ? kind : known.label);
    footer.put("essentialNote", known != null && known.essential ? "These cannot be turned off. " : "");
    footer.put("settingsUrl", fields.getOrDefault(SETTINGS_URL, SETTINGS_PATH));
    return footer;
  }

  private static String fill(String template, Map<String, String> fields, boolean html) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = fields.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("mail template field {{" + m.group(1) + "}} has no value");
      }
      // A list (MailList) renders its own lines and escapes each part itself.
      String shown = MailList.FIELD.equals(m.group(1)) ? MailList.render(value, html) : html ? escape(value) : value;
      m.appendReplacement(out, Matcher.quoteReplacement(shown));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
      .replace("'", "&#39;");
  }

  private static String resource(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      try (InputStream in = MailTemplates.class.getResourceAsStream("/mail/" + n)) {
        if (in == null) {
          throw new IllegalStateException("mail/" + n + " is missing from the classpath");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
