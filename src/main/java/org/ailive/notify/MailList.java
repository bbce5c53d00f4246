package org.ailive.notify;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A list of actions in one mail (the weekly digest, issue 19), held to {@link MailGuard} as strictly
 * as a single field. Why a list field rather than one field per line: a template names its fields,
 * and a digest has from one to {@link #MAX_LINES} actions; and why not free text joined with line
 * breaks: then any text could ride in. So the field's value can only be made here ({@link #of}) from
 * typed parts (a number, a family reference, a date, overdue or not, a link), and {@link MailGuard}
 * takes it apart again before any template sees it: every line must be exactly those five parts, the
 * family reference no longer than a family reference may be, the link a link. There is no part where
 * an action's description or an update could go, and a value made any other way is refused.
 */
public final class MailList {

  /** One listed action: named by its number and family reference (never its description). */
  public record ActionLine(long number, String familyRef, LocalDate due, boolean overdue, String url) {
  }

  /** The one field that holds a list. */
  static final String FIELD = "actionList";
  /** The most lines one mail lists; a digest says how many there are in all and links to the rest. */
  public static final int MAX_LINES = 25;
  /** As long as a family reference may be (cases/CaseFields.FAMILY_REF_MAX). */
  private static final int MAX_REF = 40;
  private static final int MAX_URL = 2000;
  // Separators no one types and no whitespace rule of the outbox folds away.
  private static final String LINE = "\u241E";
  private static final String PART = "\u241F";
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,12}");
  private static final Pattern URL = Pattern.compile("(https?://|/)[^\\s\u241E\u241F]*");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

  private MailList() {
  }

  /** The field's value for these lines (at most {@link #MAX_LINES}). */
  public static String of(List<ActionLine> lines) {
    if (lines.isEmpty() || lines.size() > MAX_LINES) {
      throw new IllegalArgumentException("A mail lists from 1 to " + MAX_LINES + " actions");
    }
    List<String> out = new ArrayList<>();
    for (ActionLine l : lines) {
      String ref = l.familyRef() == null ? "" : l.familyRef().replace(LINE, "").replace(PART, "");
      out.add(String.join(PART, Long.toString(l.number()), ref, l.due().toString(),
        l.overdue() ? "overdue" : "due", l.url()));
    }
    return String.join(LINE, out);
  }

  /**
   * The value as {@code to} may see it: parsed strictly (IllegalArgumentException naming no value),
   * family references replaced when the address is outside the allowed domains.
   */
  static String guard(String value, boolean showRefs) {
    List<ActionLine> lines = parse(value);
    return of(showRefs ? lines : lines.stream().map(l -> new ActionLine(l.number(),
      l.familyRef().isEmpty() ? "" : MailGuard.WITHHELD, l.due(), l.overdue(), l.url())).toList());
  }

  /** The same lines with each link made absolute (the outbox's {@code publicUrl}). */
  static String absolute(String value, UnaryOperator<String> absolute) {
    return of(parse(value).stream().map(l -> new ActionLine(l.number(), l.familyRef(), l.due(), l.overdue(),
      absolute.apply(l.url()))).toList());
  }

  /** The list as the text body shows it, or as HTML (every part escaped). */
  static String render(String value, boolean html) {
    StringBuilder out = new StringBuilder(html ? "<ul style=\"padding-left:20px\">\n" : "");
    for (ActionLine l : parse(value)) {
      String name = "Action " + l.number();
      String family = l.familyRef().isEmpty() ? "" : ", family " + l.familyRef();
      String due = ", due " + DAY.format(l.due()) + (l.overdue() ? " (overdue)" : "");
      if (html) {
        out.append("<li style=\"margin-bottom:12px\"><strong>").append(name).append("</strong>")
          .append(MailTemplates.escape(family + due)).append("<br>\n<a href=\"")
          .append(MailTemplates.escape(l.url())).append("\">Post progress on action ").append(l.number())
          .append("</a></li>\n");
      } else {
        out.append("- ").append(name).append(family).append(due).append("\n  Post progress: ").append(l.url())
          .append("\n");
      }
    }
    return html ? out.append("</ul>").toString() : out.toString().stripTrailing();
  }

  private static List<ActionLine> parse(String value) {
    String[] raw = value.split(LINE, -1);
    if (value.isEmpty() || raw.length > MAX_LINES) {
      throw new IllegalArgumentException("A mail's field '" + FIELD + "' must list 1 to " + MAX_LINES + " actions");
    }
    List<ActionLine> lines = new ArrayList<>();
    for (String line : raw) {
      String[] p = line.split(PART, -1);
      if (p.length != 5 || !NUMBER.matcher(p[0]).matches() || p[1].length() > MAX_REF
        || p[1].contains("\n") || p[1].contains("\r") || !("overdue".equals(p[3]) || "due".equals(p[3]))
        || p[4].length() > MAX_URL || !URL.matcher(p[4]).matches()) {
        throw new IllegalArgumentException("A mail's field '" + FIELD + "' holds a line that is not an action's"
          + " number, family reference, due date and link");
      }
      try {
        lines.add(new ActionLine(Long.parseLong(p[0]), p[1], LocalDate.parse(p[2]), "overdue".equals(p[3]), p[4]));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("A mail's field '" + FIELD + "' holds a due date that is no date");
      }
    }
    return lines;
  }
}
