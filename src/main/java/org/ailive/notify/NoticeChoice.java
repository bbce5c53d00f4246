package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * What a member chose to get of one kind of notice (issue 19): mail and the app, the app only, or
 * nothing. No choice stored is {@link #MAIL}. An essential kind is always {@link #MAIL}; a kind that
 * is never mailed is at most {@link #APP}. The one home of these codes and labels (V26 checks the codes).
 */
public enum NoticeChoice {
  MAIL("mail", "Mail and app"),
  APP("app", "App only"),
  OFF("off", "Off");

  public final String code;
  public final String label;

  NoticeChoice(String code, String label) {
    this.code = code;
    this.label = label;
  }

  public static Optional<NoticeChoice> ofCode(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
  }

  /** What a kind gets when the member chose nothing (or it cannot be changed). */
  static NoticeChoice byDefault(NoticeKind kind) {
    return kind.mailed ? MAIL : APP;
  }

  /** A stored choice the kind no longer offers (app only for the digest, chosen before it was refused) is off. */
  static NoticeChoice allowed(NoticeKind kind, NoticeChoice stored) {
    return kind.offered().contains(stored) ? stored : kind.offered().contains(OFF) ? OFF : byDefault(kind);
  }

  /** The member's choice for the kind, read on {@code conn} (the caller's transaction). */
  static Future<NoticeChoice> of(SqlClient conn, UUID memberId, NoticeKind kind) {
    return conn.preparedQuery(NoticeSql.CHOICE).execute(Tuple.of(memberId, kind.code)).map(rows -> {
      NoticeChoice stored = rows.size() == 0 ? null : ofCode(rows.iterator().next().getString("choice")).orElse(null);
      return stored == null ? byDefault(kind) : allowed(kind, stored);
    });
  }
}
