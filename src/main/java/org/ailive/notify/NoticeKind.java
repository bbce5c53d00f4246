package org.ailive.notify;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of notice the service sends, in one place: its code (the template's name under
 * {@code src/main/resources/mail/} and the {@code kind} of its outbox row), the label members see
 * when they choose what they get, whether it is essential (it cannot be turned off: a member needs
 * it to sign in, or the chair needs them in the room) and whether it is ever mailed (else it shows
 * only in the app).
 */
public enum NoticeKind {
  INVITATION("invitation", "Invitations to join", true, true),
  PASSWORD_RESET("password_reset", "Password reset links", true, true),
  MAIL_PROBLEM("mail_problem", "Members whose address refuses mail (officers)", false, true);

  public final String code;
  public final String label;
  public final boolean essential;
  public final boolean mailed;

  NoticeKind(String code, String label, boolean essential, boolean mailed) {
    this.code = code;
    this.label = label;
    this.essential = essential;
    this.mailed = mailed;
  }

  public static Optional<NoticeKind> of(String code) {
    return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
  }
}
