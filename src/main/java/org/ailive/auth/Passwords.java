package org.ailive.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PBKDF2-HMAC-SHA256 with 600,000 iterations (the OWASP figure for this hash), stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} so the cost can rise without breaking old hashes.
 * Deliberately slow: call from a worker thread, never an event loop.
 */
public final class Passwords {

  static final int ITERATIONS = 600_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  // Checked when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
  private static final String DUMMY = hash("not-a-password-" + RANDOM.nextLong());

  private Passwords() {
  }

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$" + ITERATIONS + "$" + B64.encodeToString(salt) + "$"
      + B64.encodeToString(derive(password, salt, ITERATIONS));
  }

  /** True when the password matches; a null or malformed stored hash never matches. */
  public static boolean verify(String password, String stored) {
    if (stored == null) {
      verify(password, DUMMY);
      return false;
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
  }

  /** A readable random secret for one-time passwords: 20 characters from an unambiguous alphabet. */
  public static String randomSecret() {
    String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }
}
