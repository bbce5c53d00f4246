package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.ApiError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Two-factor sign-in (issue 18): which session a right password (or a right code) opens, and the
 * member's TOTP secret and recovery codes. Officers and chairs must have it (an officer or chair who
 * has not set it up gets a session good for setting it up only); others may. A member with it set up
 * gets a challenge for their password, and the session for the code ({@link SecondFactorSignIn}).
 * The secret never leaves the service after enrolment, is never logged nor audited, and is kept
 * encrypted ({@link TwoFactorKey}); recovery codes are kept hashed.
 */
public final class TwoFactor {

  /** The roles that must sign in with a code. */
  public static final Set<String> REQUIRED_FOR = Set.of("officer", "chair");
  static final String ISSUER = "A&I Live";
  static final int RECOVERY_CODES = 10;
  private static final String CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Enrolled (or pending) state of one member; {@code secret} still encrypted. */
  record State(byte[] secret, boolean enrolled, Instant enrolledAt, long lastStep, long codesLeft) {
    static final State NONE = new State(null, false, null, 0, 0);
  }

  final Vertx vertx;
  final Pool pool;
  final Tokens tokens;
  final SessionCookie cookie;
  final TwoFactorKey key;
  private final Function<String, Future<Boolean>> exempt;

  /**
   * {@code exempt}: whether a member (by e-mail) need not set it up though their role asks for it
   * (the demo accounts while the demo banner shows); they may still set it up.
   */
  public TwoFactor(Vertx vertx, Pool pool, Tokens tokens, SessionCookie cookie, Path dataDir,
                   Function<String, Future<Boolean>> exempt) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.cookie = cookie;
    this.key = new TwoFactorKey(vertx, dataDir);
    this.exempt = exempt;
  }

  Future<State> state(SqlClient client, UUID memberId) {
    return client.preparedQuery(TwoFactorSql.STATE).execute(Tuple.of(memberId)).map(rows -> {
      if (rows.size() == 0) {
        return State.NONE;
      }
      Row row = rows.iterator().next();
      var at = row.getOffsetDateTime("enrolled_at");
      return new State(row.getBuffer("secret").getBytes(), at != null, at == null ? null : at.toInstant(),
        row.getLong("last_step"), row.getLong("codes_left"));
    });
  }

  Future<Row> member(UUID memberId) {
    return pool.preparedQuery(TwoFactorSql.MEMBER).execute(Tuple.of(memberId)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiError.unauthorized()) : Future.succeededFuture(rows.iterator().next()));
  }

  /** Whether this member must have it: an officer or chair, unless exempt (a demo account under the banner). */
  Future<Boolean> required(Identity who, String email) {
    return who.hasAnyRole(REQUIRED_FOR) ? exempt.apply(email).map(e -> !e) : Future.succeededFuture(false);
  }

  /**
   * The answer to a right password ({@code row} from {@code MemberSql.BY_EMAIL}): a challenge when
   * the member has two-factor sign-in (the code comes first, a password change after it); else a
   * session for choosing a new password when theirs is a one-time one; else, for an officer or
   * chair without it, a session for setting it up; else a full session with its cookie.
   */
  public Future<JsonObject> afterPassword(RoutingContext ctx, Row row, String email) {
    Identity who = SignIn.identity(row);
    return state(pool, who.memberId()).compose(state -> {
      if (state.enrolled()) {
        return Future.succeededFuture(new JsonObject().put("secondFactor", "totp")
          .put("challenge", tokens.issueChallenge(who.memberId()))
          .put("expiresInMinutes", Tokens.CHALLENGE_TTL_SECONDS / 60));
      }
      if (row.getBoolean("must_change_password")) {
        return Future.succeededFuture(passwordChangeSession(who));
      }
      return sessionOrEnrolment(ctx, who, email, false);
    });
  }

  /** After the code: a session for choosing a new password if theirs is a one-time one, else a full one. */
  Future<JsonObject> afterSecondFactor(RoutingContext ctx, UUID memberId) {
    return member(memberId).map(row -> row.getBoolean("must_change_password")
      ? passwordChangeSession(SignIn.identity(row)) : cookie.begin(ctx, SignIn.identity(row)));
  }

  /** After a new password ({@link PasswordChange}): a full session, or an enrolment one for an officer or chair without it. */
  public Future<JsonObject> afterPasswordChange(RoutingContext ctx, Identity fresh) {
    return member(fresh.memberId()).compose(row -> state(pool, fresh.memberId())
      .compose(state -> sessionOrEnrolment(ctx, fresh, row.getString("email"), state.enrolled())));
  }

  private Future<JsonObject> sessionOrEnrolment(RoutingContext ctx, Identity who, String email, boolean enrolled) {
    return (enrolled ? Future.succeededFuture(false) : required(who, email)).map(mustEnrol -> mustEnrol
      // No browser session (cookie) yet: that comes with the confirmed code.
      ? new JsonObject().put("token", tokens.issueForEnrolment(who))
        .put("expiresInMinutes", Tokens.PASSWORD_CHANGE_TTL_SECONDS / 60).put("twoFactorEnrolmentRequired", true)
        .put("member", who.toJson())
      : cookie.begin(ctx, who));
  }

  private JsonObject passwordChangeSession(Identity who) {
    // A one-time password opens a session for choosing a new one, nothing else (PasswordChange),
    // and no browser session: the cookie comes with the new password.
    return new JsonObject().put("token", tokens.issueForPasswordChange(who))
      .put("expiresInMinutes", Tokens.PASSWORD_CHANGE_TTL_SECONDS / 60).put("mustChangePassword", true)
      .put("member", who.toJson());
  }

  /**
   * Checks a code against the member's secret (now's step and one either side, later than the last
   * accepted) and takes its step, so it never counts again. Empty when wrong, used or not enrolled.
   */
  Future<OptionalLong> takeCode(SqlClient client, UUID memberId, State state, String code, boolean enrolledOnly) {
    if (state.secret() == null || (enrolledOnly && !state.enrolled())) {
      return Future.succeededFuture(OptionalLong.empty());
    }
    return key.decrypt(memberId, state.secret()).compose(secret -> {
      OptionalLong step = secret == null ? OptionalLong.empty() : Totp.match(secret, code, Instant.now(), state.lastStep());
      if (step.isEmpty() || !state.enrolled()) {
        return Future.succeededFuture(step);
      }
      return client.preparedQuery(TwoFactorSql.TAKE_STEP).execute(Tuple.of(memberId, step.getAsLong()))
        .map(rows -> rows.size() == 0 ? OptionalLong.empty() : step);
    });
  }

  /** Uses one recovery code (once); false when it is wrong or used. */
  Future<Boolean> useRecoveryCode(UUID memberId, String code) {
    return pool.preparedQuery(TwoFactorSql.USE_CODE).execute(Tuple.of(memberId, hash(memberId, code)))
      .map(rows -> rows.size() > 0);
  }

  /** Ten new recovery codes in place of any before (in the caller's transaction); the codes themselves, to show once. */
  Future<List<String>> newRecoveryCodes(SqlClient conn, UUID memberId) {
    List<String> codes = new ArrayList<>();
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < RECOVERY_CODES; i++) {
      String code = recoveryCode();
      codes.add(code);
      rows.add(Tuple.of(memberId, hash(memberId, code)));
    }
    return conn.preparedQuery(TwoFactorSql.DELETE_CODES).execute(Tuple.of(memberId))
      .compose(v -> conn.preparedQuery(TwoFactorSql.INSERT_CODE).executeBatch(rows)).map(v -> codes);
  }

  /** Twelve characters (about 59 bits) in groups of four, from letters and digits that are not mistaken for each other. */
  static String recoveryCode() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      if (i > 0 && i % 4 == 0) {
        out.append('-');
      }
      out.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
    }
    return out.toString();
  }

  /**
   * A recovery code as stored: SHA-256 of the member's id and the code as typed without spaces,
   * dashes or case. The codes are random (about 59 bits), so a slow password hash adds nothing a
   * thief of the table could not get round, and would make each attempt cost ten of them.
   */
  static String hash(UUID memberId, String code) {
    String clean = code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest((memberId + ":" + clean).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
