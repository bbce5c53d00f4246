package org.ailive.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.nayuki.qrcodegen.QrCode;

import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Time-based one-time codes (RFC 6238, as every authenticator app makes them: HMAC-SHA1, six
 * digits, 30-second steps; codes by {@code com.eatthepath:java-otp}), the secret's Base32 text
 * (RFC 4648, for typing in by hand), its {@code otpauth://} address and that address as a QR code
 * ({@code io.nayuki:qrcodegen}) drawn as SVG.
 */
public final class Totp {

  public static final Duration STEP = Duration.ofSeconds(30);
  /** Codes of this many steps before or after now are accepted too: a phone's clock may be off by one. */
  public static final int SKEW_STEPS = 1;
  static final int SECRET_BYTES = 20;
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final TimeBasedOneTimePasswordGenerator CODES = new TimeBasedOneTimePasswordGenerator(STEP, 6);

  private Totp() {
  }

  public static byte[] newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /** The time step a moment falls in (Unix seconds / 30). */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP.getSeconds());
  }

  /** The six-digit code of a step. */
  public static String code(byte[] secret, long step) {
    try {
      return CODES.generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"),
        Instant.ofEpochSecond(step * STEP.getSeconds()), Locale.ROOT);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The step whose code this is, among now's and those {@link #SKEW_STEPS} either side, if it is
   * later than {@code lastAccepted} (no code counts twice); empty otherwise.
   */
  public static OptionalLong match(byte[] secret, String code, Instant now, long lastAccepted) {
    String digits = code == null ? "" : code.replaceAll("[\\s-]", "");
    if (!digits.matches("[0-9]{6}")) {
      return OptionalLong.empty();
    }
    long current = step(now);
    for (long s = current - SKEW_STEPS; s <= current + SKEW_STEPS; s++) {
      if (s > lastAccepted && java.security.MessageDigest.isEqual(
          code(secret, s).getBytes(StandardCharsets.US_ASCII), digits.getBytes(StandardCharsets.US_ASCII))) {
        return OptionalLong.of(s);
      }
    }
    return OptionalLong.empty();
  }

  public static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** Base32 text back to bytes (spaces, dashes and case ignored, as people type it). */
  public static byte[] fromBase32(String text) {
    String clean = text.replaceAll("[\\s=-]", "").toUpperCase(Locale.ROOT);
    byte[] out = new byte[clean.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int i = 0;
    for (char c : clean.toCharArray()) {
      int v = ALPHABET.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not Base32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[i++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }

  /** What an authenticator app reads from the QR code: the issuer, the account and the secret. */
  public static String otpauthUri(String issuer, String account, byte[] secret) {
    String label = encode(issuer) + ":" + encode(account);
    return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
      + "&algorithm=SHA1&digits=6&period=" + STEP.getSeconds();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The text as a QR code, an SVG image in a data URI (black modules on white, four modules of margin). */
  public static String qrDataUri(String text) {
    QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    int border = 4;
    int size = qr.size + border * 2;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
        }
      }
    }
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
      + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\""
      + path + "\" fill=\"#000\"/></svg>";
    return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
  }
}
