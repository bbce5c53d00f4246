package org.ailive.notify;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What mail may carry (R12), held in one place: a notice's template sees only the fields named here,
 * each a short single line (a name, a time, a link, a reference, an item number), so no template can
 * be handed case narrative, a contribution or a written update. A family reference goes only to
 * addresses in the council's allowed domains ({@code mailAllowedDomains}); elsewhere it is replaced.
 */
public final class MailGuard {

  /** The fields a template may show. Never add one that can hold free text written about a family. */
  static final Set<String> FIELDS = Set.of("councilName", "fullName", "url", "expiresAt", "familyRef",
    "itemNumber", "expectedTime", "meetingDate", "panelName", "agencyName",
    "actionNumber", "dueDate", "actorName",
    // The weekly digest of actions (issue 19): a count, and a list only MailList can make and read.
    "actionCount", MailList.FIELD,
    "deadlineDate", "sinceDate", "reviewDate",
    // Meeting notices (issue 19): the meeting's times ("9:30am to 12:30pm") and its place, as the officer typed it.
    "meetingTime", "location",
    // A series of meetings (issue 20): how many, when they fall ("the first Wednesday of each month") and
    // their dates ("7 Jan 2026, 4 Feb 2026"), all made by the service from the series' rule, never typed.
    "meetingCount", "seriesRule", "meetingDates");
  static final String FAMILY_REF = "familyRef";
  static final String WITHHELD = "(not shown in e-mail)";
  private static final int MAX_TEXT = 200;
  private static final int MAX_URL = 2000;

  private MailGuard() {
  }

  /**
   * The fields as a template may show them to {@code to}; refuses (IllegalArgumentException, naming
   * the field, never its value) a field not on the list, a value over a line, or a link that is no link.
   */
  static Map<String, String> fieldsFor(String to, Map<String, String> fields, List<String> allowedDomains) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      String name = f.getKey();
      String value = f.getValue() == null ? "" : f.getValue();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("A mail may not carry the field '" + name + "'");
      }
      if (MailList.FIELD.equals(name)) {
        value = MailList.guard(value, inAllowedDomain(to, allowedDomains));
      } else if ("url".equals(name)) {
        if (value.length() > MAX_URL || !value.matches("(https?://|/)\\S*")) {
          throw new IllegalArgumentException("A mail's link must be a path or an http(s) address");
        }
      } else if (value.length() > MAX_TEXT || value.contains("\n") || value.contains("\r")) {
        throw new IllegalArgumentException("A mail's field '" + name + "' must be one short line");
      }
      out.put(name, value);
    }
    if (out.containsKey(FAMILY_REF) && !inAllowedDomain(to, allowedDomains)) {
      out.put(FAMILY_REF, WITHHELD);
    }
    return out;
  }

  /** Whether a family reference may be shown to this address outside a signed-in page (as in mail). */
  public static boolean familyRefAllowed(String address, List<String> allowedDomains) {
    return address != null && inAllowedDomain(address, allowedDomains);
  }

  /** True when the address's domain is one of the allowed domains (or below one: x.nhs.net for nhs.net). */
  static boolean inAllowedDomain(String address, List<String> allowedDomains) {
    int at = address.lastIndexOf('@');
    if (at < 0) {
      return false;
    }
    String domain = address.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    return allowedDomains.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
  }
}
