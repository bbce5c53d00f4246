package org.ailive.auth;

import org.ailive.protocol.ApiError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * What a new password must be, one rule for every way one is set (accepting an invitation, the
 * configured first officer, every change): 12 characters or more, not one or two characters
 * repeated, and not one of the ~50,000 most common passwords of breach lists
 * ({@code security/common-passwords.txt.gz}, sources in its NOTICE), compared case-insensitively.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 12;
  static final String LIST = "/security/common-passwords.txt.gz";

  private static volatile Set<String> common;

  private PasswordPolicy() {
  }

  /** Reads the list (about 50 ms): at start-up, on a worker thread, so no request waits for it. */
  public static void load() {
    common();
  }

  /** Refuses the password as {@code 400 invalid_field} naming the field and saying why. */
  public static void check(String field, String password) {
    String problem = problem(password);
    if (problem != null) {
      throw ApiError.invalid(field, problem);
    }
  }

  /** Why the password is refused (to follow the field's name), or null when it is fine. */
  public static String problem(String password) {
    if (password.length() < MIN_LENGTH) {
      return "must be at least " + MIN_LENGTH + " characters";
    }
    if (password.codePoints().distinct().count() < 4) {
      return "must not be a repeated pattern: use at least 4 different characters";
    }
    if (common().contains(password.strip().toLowerCase(Locale.ROOT))) {
      return "is one of the most common passwords in breached-password lists, so it would be guessed first:"
        + " choose another, e.g. four or more unrelated words";
    }
    return null;
  }

  private static Set<String> common() {
    Set<String> set = common;
    if (set == null) {
      synchronized (PasswordPolicy.class) {
        if (common == null) {
          common = read();
        }
        set = common;
      }
    }
    return set;
  }

  private static Set<String> read() {
    try (InputStream raw = PasswordPolicy.class.getResourceAsStream(LIST)) {
      if (raw == null) {
        throw new IllegalStateException(LIST + " is missing from the classpath");
      }
      Set<String> out = new HashSet<>(80_000);
      try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            out.add(line.strip().toLowerCase(Locale.ROOT));
          }
        }
      }
      return Set.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
