package org.ailive.protocol;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** The field validators of every request and command: each failure names the field. */
public final class Json {

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

  public static Integer integer(JsonObject json, String field, int min, int max, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw ApiError.invalid(field, "is required");
      }
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw ApiError.invalid(field, "must be a whole number");
    }
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
