package org.ailive.notify;

import org.ailive.protocol.Zone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The notices the service sends, one factory each, so a feature enqueues one in a line:
 * {@code outbox.enqueue(conn, Notices.invitation(member, url, expiresAt))}. Links may be paths
 * ({@code /invite.html#code=…}): the outbox makes them absolute with {@code publicUrl}.
 */
public final class Notices {

  /** Whom a notice is for: a member (their id, name and address). */
  public record Recipient(UUID memberId, String fullName, String email) {
  }

  public static final String INVITATION = "invitation";
  public static final String PASSWORD_RESET = "password_reset";

  private static final DateTimeFormatter WHEN =
    DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' h:mma", Locale.UK).withZone(Zone.LONDON);

  private Notices() {
  }

  /** An invitation to set a password (R12: membership by invitation); the link is the invitation. */
  public static Notice invitation(Recipient member, String url, Instant expiresAt) {
    return new Notice(INVITATION, member.memberId(), member.email(), key(INVITATION, url),
      Map.of("fullName", member.fullName(), "url", url, "expiresAt", when(expiresAt)), true, null);
  }

  /** A link to choose a new password (issued by the officer or asked for by the member). */
  public static Notice passwordReset(Recipient member, String url, Instant expiresAt) {
    return new Notice(PASSWORD_RESET, member.memberId(), member.email(), key(PASSWORD_RESET, url),
      Map.of("fullName", member.fullName(), "url", url, "expiresAt", when(expiresAt)), true, null);
  }

  /** "Wednesday 9 December 2026 at 2:46pm", London time. */
  static String when(Instant at) {
    return WHEN.format(at).replace("AM", "am").replace("PM", "pm");
  }

  /**
   * The idempotency key of a notice caused by a one-time link: the kind and a hash of the link (each
   * invitation or reset has its own code), so the key says nothing of the code itself.
   */
  static String key(String kind, String url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return kind + ":" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
