package org.ailive.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The field validators of every request and command: each failure names the field. A field that is
 * absent or JSON {@code null} counts as not given; a value of the wrong JSON type is refused, never
 * coerced ({@code "true"} is not a boolean, {@code 5} is not an id).
 */
public final class Json {

  /**
   * The JSON type of a field, as docs/PROTOCOL.md states it for a live command. {@link #check} holds
   * a body to its fields' types before the command's own checks (ranges, lengths, meaning) run, so
   * a wrongly typed field is refused the same way whatever the state of the meeting.
   */
  public enum Type {
    TEXT, ID, WHOLE_NUMBER, BOOLEAN, DATE, ID_LIST,
    /** A string, or a list of strings: a case field's value, which is text or a list of need codes. */
    TEXT_OR_TEXT_LIST
  }

  private Json() {
  }

  public static String text(JsonObject json, String field, int maxLength, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw ApiError.invalid(field, "is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw ApiError.invalid(field, "must be a string");
    }
    if (required && s.isBlank()) {
      throw ApiError.invalid(field, "must not be blank");
    }
    if (s.length() > maxLength) {
      throw ApiError.invalid(field, "must be at most " + maxLength + " characters");
    }
    if (!isStorableText(s)) {
      throw ApiError.invalid(field, "must be text without control characters (NUL) or broken Unicode");
    }
    return s;
  }

  private static boolean isWholeNumber(Object value) {
    return value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
  }

  /** Postgres text takes no NUL, and a lone surrogate would be stored as "?": refuse both up front. */
  static boolean isStorableText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  public static UUID uuid(JsonObject json, String field, boolean required) {
    String s = text(json, field, 36, required);
    return s == null ? null : uuid(s, field);
  }

  public static UUID uuid(String s, String field) {
    try {
      if (s == null || s.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, "must be a UUID");
    }
  }

  public static LocalDate date(JsonObject json, String field, boolean required) {
    String s = text(json, field, 10, required);
    try {
      return s == null ? null : LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(field, "must be a date as YYYY-MM-DD");
    }
  }

  public static LocalTime time(JsonObject json, String field, boolean required) {
    String s = text(json, field, 5, required);
    try {
      return s == null ? null : LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(field, "must be a time as HH:MM");
    }
  }

  public static Boolean bool(JsonObject json, String field, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw ApiError.invalid(field, "is required");
      }
      return null;
    }
    if (!(value instanceof Boolean b)) {
      throw ApiError.invalid(field, "must be true or false");
    }
    return b;
  }

  /** A list of ids, each a UUID, at most {@code maxSize} of them. */
  public static List<UUID> uuids(JsonObject json, String field, int maxSize, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw ApiError.invalid(field, "is required");
      }
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw ApiError.invalid(field, "must be a list of ids");
    }
    if (array.size() > maxSize) {
      throw ApiError.invalid(field, "must have at most " + maxSize + " ids");
    }
    List<UUID> out = new ArrayList<>();
    for (Object o : array) {
      out.add(uuid(o instanceof String s ? s : null, field));
    }
    return out;
  }

  /**
   * Refuses the first field of {@code fields} whose value, if given, is not of its type; the
   * readers above then check what the command makes of it (a range, a length, a known id).
   */
  public static void check(JsonObject json, Map<String, Type> fields) {
    fields.forEach((field, type) -> {
      switch (type) {
        case TEXT -> text(json, field, Integer.MAX_VALUE, false);
        case ID -> uuid(json, field, false);
        case WHOLE_NUMBER -> {
          // The type only: the command's reader names the field's own range.
          Object value = json.getValue(field);
          if (value != null && !isWholeNumber(value)) {
            throw ApiError.invalid(field, "must be a whole number");
          }
        }
        case BOOLEAN -> bool(json, field, false);
        case DATE -> date(json, field, false);
        case ID_LIST -> uuids(json, field, Integer.MAX_VALUE, false);
        case TEXT_OR_TEXT_LIST -> {
          Object value = json.getValue(field);
          List<?> parts = value instanceof JsonArray array ? array.getList()
            : value == null ? List.of() : List.of(value);
          if (parts.stream().anyMatch(p -> !(p instanceof String s) || !isStorableText(s))) {
            throw ApiError.invalid(field, "must be text, or a list of texts, without control characters (NUL)"
              + " or broken Unicode");
          }
        }
      }
    });
  }

  public static Integer integer(JsonObject json, String field, int min, int max, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw ApiError.invalid(field, "is required");
      }
      return null;
    }
    if (!isWholeNumber(value)) {
      throw ApiError.invalid(field, "must be a whole number");
    }
    Number n = (Number) value;
    // Range on the exact value first: longValue() of a huge number wraps round.
    if (n.doubleValue() < min || n.doubleValue() > max) {
      throw ApiError.invalid(field, "must be between " + min + " and " + max);
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw ApiError.invalid(field, "must be between " + min + " and " + max);
    }
    return (int) v;
  }
}
