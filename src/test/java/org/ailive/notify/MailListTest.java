package org.ailive.notify;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list field of the weekly digest keeps MailGuard's promise: only lines of an action's number,
 * family reference, due date and link get through; anything else (free text above all) is refused,
 * family references are withheld outside the allowed domains, and HTML escapes every part.
 */
class MailListTest {

  static final List<String> DOMAINS = List.of("council.example");
  static final LocalDate DUE = LocalDate.of(2026, 12, 9);

  @Test
  void linesMadeHereRenderAsTextAndEscapedHtml() {
    String value = MailList.of(List.of(new MailList.ActionLine(12, "NH-<b>14</b>", DUE, true, "/progress.html#code=a"),
      new MailList.ActionLine(13, null, DUE.plusDays(3), false, "https://x.example/progress.html#code=b")));
    Map<String, String> fields = MailGuard.fieldsFor("gemma@council.example", Map.of(MailList.FIELD, value), DOMAINS);
    String text = MailList.render(fields.get(MailList.FIELD), false);
    assertEquals("""
      - Action 12, family NH-<b>14</b>, due Wednesday 9 December 2026 (overdue)
        Post progress: /progress.html#code=a
      - Action 13, due Saturday 12 December 2026
        Post progress: https://x.example/progress.html#code=b""", text);
    String html = MailList.render(fields.get(MailList.FIELD), true);
    assertTrue(html.contains("family NH-&lt;b&gt;14&lt;/b&gt;"), html);
    assertFalse(html.contains("<b>"), html);
    assertTrue(html.contains("<a href=\"/progress.html#code=a\">Post progress on action 12</a>"), html);
  }

  @Test
  void familyReferencesAreWithheldOutsideTheAllowedDomains() {
    String value = MailList.of(List.of(new MailList.ActionLine(12, "NH-2026-014", DUE, false, "/p")));
    String shown = MailGuard.fieldsFor("someone@gmail.example", Map.of(MailList.FIELD, value), DOMAINS).get(MailList.FIELD);
    String text = MailList.render(shown, false);
    assertTrue(text.contains("family (not shown in e-mail)"), text);
    assertFalse(text.contains("NH-2026-014"), text);
  }

  @Test
  void aValueNotMadeOfActionLinesIsRefused() {
    String sep = "\u241F";
    for (String bad : List.of(
      "Action 12: the mother said she cannot cope and the school has concerns",
      "12" + sep + "NH-1" + sep + "2026-12-09" + sep + "due" + sep + "/p" + sep + "the mother said",
      "12" + sep + "NH-1" + sep + "2026-12-09" + sep + "due" + sep + "/p because the mother said",
      "12" + sep + "a family reference far longer than any family reference is" + sep + "2026-12-09" + sep + "due" + sep + "/p",
      "12" + sep + "NH-1" + sep + "next week" + sep + "due" + sep + "/p",
      "12" + sep + "NH-1" + sep + "2026-12-09" + sep + "urgent" + sep + "/p",
      "twelve" + sep + "NH-1" + sep + "2026-12-09" + sep + "due" + sep + "/p",
      "")) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> MailGuard.fieldsFor("gemma@council.example", Map.of(MailList.FIELD, bad), DOMAINS), bad);
      assertFalse(refused.getMessage().contains("mother"), "the refusal names no value: " + refused.getMessage());
    }
    List<MailList.ActionLine> many = new java.util.ArrayList<>();
    for (int i = 0; i <= MailList.MAX_LINES; i++) {
      many.add(new MailList.ActionLine(i, "NH-1", DUE, false, "/p"));
    }
    assertThrows(IllegalArgumentException.class, () -> MailList.of(many));
  }

  @Test
  void theDigestTemplateRendersTheListInBothBodies() {
    Map<String, String> fields = new HashMap<>(MailGuard.fieldsFor("gemma@council.example", Map.of(
      "fullName", "Gemma Rowe", "actionCount", "1", "url", "/my-actions.html", "expiresAt", "Monday",
      MailList.FIELD, MailList.of(List.of(new MailList.ActionLine(12, "NH-1", DUE, false, "/p")))), DOMAINS));
    fields.put("councilName", "Northshire");
    MailTemplates.Rendered mail = MailTemplates.render(DigestNotices.ACTION_DIGEST, fields);
    assertTrue(mail.text().contains("- Action 12, family NH-1, due Wednesday 9 December 2026\n  Post progress: /p"),
      mail.text());
    assertTrue(mail.html().contains("<strong>Action 12</strong>, family NH-1"), mail.html());
  }
}
