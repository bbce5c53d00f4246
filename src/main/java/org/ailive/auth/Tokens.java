package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import org.ailive.protocol.ApiError;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Issues and checks the signed tokens that carry a member's identity and roles. Every session
 * token carries {@code auth_time}, when its member signed in (or opened their join link); a
 * refresh keeps it, so no chain of refreshes outlives {@code sessionMaxHours} from it.
 */
public final class Tokens {

  static final String ISSUER = "ailive";
  static final String SESSION = "session";
  static final String JOIN = "join";
  /** The browser's sign-in, kept in its HttpOnly cookie ({@link SessionCookie}): mints session tokens, is never one. */
  static final String REFRESH = "refresh";
  /** The browser session a token belongs to: revoking it ends every token minted for that browser. */
  static final String SID = "sid";
  static final String AUTH_TIME = "auth_time";
  static final String ISSUED_MS = "iat_ms";
  static final int VERIFIED_CACHE = 20_000;
  static final String MUST_CHANGE_PASSWORD = "mustChangePassword";
  static final long PASSWORD_CHANGE_TTL_SECONDS = 15 * 60;
  static final int DEFAULT_SESSION_MAX_HOURS = 12;
  /** Between the password and the code (issue 18): names the member, opens nothing. */
  static final String CHALLENGE = "second_factor";
  static final long CHALLENGE_TTL_SECONDS = 5 * 60;
  static final String TWO_FACTOR_ENROLMENT = "twoFactorEnrolment";

  private final JWTAuth jwt;
  private final int ttlMinutes;
  private final long sessionMaxSeconds;
  private final Revocations revocations;
  /** Tokens whose signature checked out, most recently used last; bounded (about 2 KB each). */
  private final Map<String, JsonObject> verified = Collections.synchronizedMap(
    new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
        return size() > VERIFIED_CACHE;
      }
    });

  public Tokens(JWTAuth jwt, int ttlMinutes, Revocations revocations) {
    this(jwt, ttlMinutes, DEFAULT_SESSION_MAX_HOURS, revocations);
  }

  public Tokens(JWTAuth jwt, int ttlMinutes, int sessionMaxHours, Revocations revocations) {
    if (sessionMaxHours < 1) {
      throw new IllegalArgumentException("sessionMaxHours must be at least 1, got " + sessionMaxHours);
    }
    this.jwt = jwt;
    this.ttlMinutes = ttlMinutes;
    this.sessionMaxSeconds = sessionMaxHours * 3600L;
    this.revocations = revocations;
  }

  /** A session token at sign-in: it identifies the member for {@link #ttlMinutes()}; its id lets it be revoked. */
  public String issue(Identity identity) {
    return issue(identity, ttlMinutes * 60L);
  }

  public String issue(Identity identity, long ttlSeconds) {
    return sign(identity.claims().put("kind", SESSION).put(AUTH_TIME, now()), identity.memberId(),
      Math.min(ttlSeconds, sessionMaxSeconds));
  }

  /**
   * What signing in with a one-time password yields: a session good for choosing a new password
   * only ({@link PasswordChange}), for a quarter of an hour; the live channel refuses it.
   */
  public String issueForPasswordChange(Identity identity) {
    return sign(identity.claims().put("kind", SESSION).put(MUST_CHANGE_PASSWORD, true), identity.memberId(),
      PASSWORD_CHANGE_TTL_SECONDS);
  }

  public static boolean mustChangePassword(JsonObject claims) {
    return Boolean.TRUE.equals(claims.getValue(MUST_CHANGE_PASSWORD));
  }

  /**
   * What an officer or chair who has not set up two-factor sign-in gets for their password: a
   * session good for enrolling only ({@link TwoFactorGuard}), for a quarter of an hour.
   */
  public String issueForEnrolment(Identity identity) {
    return sign(identity.claims().put("kind", SESSION).put(TWO_FACTOR_ENROLMENT, true), identity.memberId(),
      PASSWORD_CHANGE_TTL_SECONDS);
  }

  public static boolean enrolmentOnly(JsonObject claims) {
    return Boolean.TRUE.equals(claims.getValue(TWO_FACTOR_ENROLMENT));
  }

  /** The answer to a right password when a code must follow: short-lived, exchanged at the second step only. */
  String issueChallenge(UUID memberId) {
    return sign(new JsonObject().put("kind", CHALLENGE), memberId, CHALLENGE_TTL_SECONDS);
  }

  /** A challenge's claims once its signature, issuer, kind, expiry and revocation (used already) are checked. */
  Future<JsonObject> verifyChallenge(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      return Future.failedFuture("no token");
    }
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = claims(user);
      return CHALLENGE.equals(claims.getString("kind")) && ISSUER.equals(claims.getString("iss"))
        && claims.getString("sub") != null && !revocations.isRevoked(claims)
        ? Future.succeededFuture(claims) : Future.failedFuture("not a challenge");
    });
  }

  /**
   * A session token that came from a join link: scoped to its meeting, revoked with the link, and
   * ending at the end of the meeting day or after {@code sessionMaxHours}, whichever is first.
   */
  public String issueFromLink(Identity scoped, UUID linkId, long ttlSeconds) {
    return sign(scoped.claims().put("kind", SESSION).put("link", linkId.toString()).put(AUTH_TIME, now()),
      scoped.memberId(), linkSessionSeconds(ttlSeconds));
  }

  /** How long a session opened now from a link valid {@code ttlSeconds} more lasts. */
  public long linkSessionSeconds(long ttlSeconds) {
    return Math.min(ttlSeconds, sessionMaxSeconds);
  }

  /** A browser session's two tokens: the access token for the tab, the refresh token for the cookie. */
  public record BrowserSession(String accessToken, long accessSeconds, String refreshToken, long refreshSeconds) {
  }

  /**
   * A new browser session (issue 16): a session token and a refresh token sharing a new session id
   * ({@code sid}) and {@code auth_time}. The refresh token lasts the whole session
   * ({@code sessionMaxHours}, or a join link's end of day); the session token {@link #ttlMinutes()}
   * (a join link's, as {@link #issueFromLink}, the whole session).
   */
  public BrowserSession beginSession(Identity who, UUID linkId, long linkSeconds) {
    long now = now();
    String sid = UUID.randomUUID().toString();
    long life = linkId == null ? sessionMaxSeconds : linkSessionSeconds(linkSeconds);
    JsonObject access = who.claims().put("kind", SESSION).put(AUTH_TIME, now).put(SID, sid);
    JsonObject refresh = new JsonObject().put("kind", REFRESH).put(AUTH_TIME, now).put(SID, sid)
      .put("meeting", who.meetingScope() == null ? null : who.meetingScope().toString());
    if (linkId != null) {
      access.put("link", linkId.toString());
      refresh.put("link", linkId.toString());
    }
    long accessTtl = linkId == null ? Math.min(life, ttlMinutes * 60L) : life;
    return new BrowserSession(sign(access, who.memberId(), accessTtl), accessTtl,
      sign(refresh, who.memberId(), life), life);
  }

  /**
   * A refresh token's claims once its signature, issuer, kind, session id, expiry and revocation (its
   * session signed out, its member cut off or gone, its join link withdrawn) are checked.
   */
  public Future<JsonObject> verifyRefresh(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      return Future.failedFuture("no token");
    }
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = claims(user);
      boolean ok = ISSUER.equals(claims.getString("iss")) && REFRESH.equals(claims.getString("kind"))
        && claims.getString("sub") != null && claims.getString(SID) != null && !revocations.isRevoked(claims);
      return ok ? revocations.memberActive(UUID.fromString(claims.getString("sub")))
        .compose(active -> active ? Future.succeededFuture(claims) : Future.failedFuture("no such member"))
        : Future.<JsonObject>failedFuture("not a refresh token");
    });
  }

  /**
   * A session token for a browser session, from its refresh token: the member's current identity,
   * the same {@code sid}, {@code auth_time} and join link, and never past the refresh token's end.
   */
  public Renewed resume(Identity fresh, JsonObject refresh) {
    long now = now();
    long end = refresh.getLong("exp", now);
    JsonObject claims = fresh.claims().put("kind", SESSION).put(AUTH_TIME, refresh.getLong(AUTH_TIME))
      .put(SID, refresh.getString(SID));
    long ttl = end - now;
    if (refresh.getString("link") != null) {
      claims.put("link", refresh.getString("link"));
    } else {
      ttl = Math.min(ttl, ttlMinutes * 60L);
    }
    return new Renewed(sign(claims, fresh.memberId(), ttl), ttl);
  }

  /** Ends the browser session the token belongs to (every token minted for it, and its cookie); none: nothing. */
  public Future<Void> revokeSession(JsonObject claims) {
    String sid = claims.getString(SID);
    if (sid == null) {
      return Future.succeededFuture();
    }
    long end = claims.getValue(AUTH_TIME) instanceof Number t ? t.longValue() + sessionMaxSeconds : now() + sessionMaxSeconds;
    return revocations.revokeSession(sid, UUID.fromString(claims.getString("sub")), Instant.ofEpochSecond(end));
  }

  /** A refreshed token and how many seconds it lasts. */
  public record Renewed(String token, long expiresInSeconds) {
  }

  /**
   * The refreshed form of a session: the member's current identity, the same {@code auth_time},
   * and an expiry never past {@code auth_time + sessionMaxHours} (a join-link session keeps its link
   * and never outlives its meeting day). Refused with {@code 401 session_expired} once that limit is
   * reached, or for a token that does not say when its member signed in.
   */
  public Future<Renewed> renew(Identity fresh, JsonObject old) {
    long now = now();
    if (!(old.getValue(AUTH_TIME) instanceof Number signedInAt) || signedInAt.longValue() + sessionMaxSeconds <= now) {
      return Future.failedFuture(sessionExpired());
    }
    long left = signedInAt.longValue() + sessionMaxSeconds - now;
    JsonObject claims = fresh.claims().put("kind", SESSION).put(AUTH_TIME, signedInAt.longValue());
    if (old.getString(SID) != null) {
      // Still the same browser session: signing out there revokes this token too.
      claims.put(SID, old.getString(SID));
    }
    long ttl;
    if (old.getString("link") != null) {
      claims.put("link", old.getString("link"));
      ttl = Math.min(left, old.getLong("exp", now) - now);
    } else {
      ttl = Math.min(left, ttlMinutes * 60L);
    }
    return Future.succeededFuture(new Renewed(sign(claims, fresh.memberId(), ttl), ttl));
  }

  public ApiError sessionExpired() {
    return new ApiError(401, "session_expired", "Your session has reached its limit of " + sessionMaxSeconds / 3600
      + " hours since you signed in: sign in again.");
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  /** The token inside a join link: exchanged for a session, never accepted as one. */
  public String issueJoinLink(UUID memberId, UUID meetingId, UUID linkId, long ttlSeconds) {
    return sign(new JsonObject().put("kind", JOIN).put("meeting", meetingId.toString()).put("link", linkId.toString()),
      memberId, ttlSeconds);
  }

  public Future<JsonObject> verifyJoinLink(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      return Future.failedFuture("no token");
    }
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = claims(user);
      return JOIN.equals(claims.getString("kind")) && ISSUER.equals(claims.getString("iss"))
        ? Future.succeededFuture(claims) : Future.failedFuture("not a join link");
    });
  }

  private String sign(JsonObject claims, UUID memberId, long ttlSeconds) {
    // "iat" is in whole seconds; cut-offs compare to the millisecond.
    return jwt.generateToken(claims.put("jti", UUID.randomUUID().toString()).put(ISSUED_MS, System.currentTimeMillis()),
      new JWTOptions()
      .setAlgorithm("ES256")
      .setSubject(memberId.toString())
      .setIssuer(ISSUER)
      .setExpiresInSeconds((int) Math.max(1, ttlSeconds)));
  }

  /** Fails for a missing, malformed, tampered, expired or revoked token. */
  public Future<Identity> verify(String token) {
    return verifyClaims(token).map(Identity::fromClaims);
  }

  /**
   * The token's claims once its signature, issuer, kind, expiry and revocation are checked (and it
   * is no password-change-only session: this is the live channel's check). A
   * signature already verified is remembered (the live channel checks the token of every frame,
   * and an ES256 verification costs far more than the frame); expiry and revocation are checked
   * again on every call.
   */
  public Future<JsonObject> verifyClaims(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      return Future.failedFuture("no token");
    }
    JsonObject known = verified.get(token);
    if (known != null) {
      if (Instant.now().getEpochSecond() >= known.getLong("exp", 0L)) {
        verified.remove(token);
        return Future.failedFuture("expired");
      }
      return stillValid(known.copy()).compose(Tokens::notForPasswordChangeOnly);
    }
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> stillValid(claims(user)).onSuccess(claims -> {
      if (claims.getValue("exp") instanceof Number) {
        verified.put(token, claims.copy());
      }
    }).compose(Tokens::notForPasswordChangeOnly));
  }

  /** A one-time password's session reaches nothing but the choice of a new one (PasswordChange), an enrolment session nothing but enrolment. */
  private static Future<JsonObject> notForPasswordChangeOnly(JsonObject claims) {
    return mustChangePassword(claims) || enrolmentOnly(claims) ? Future.failedFuture("password change or enrolment required")
      : Future.succeededFuture(claims);
  }

  /** When the token was issued, to the millisecond ("iat_ms"; for older tokens, the start of their "iat" second). */
  static long issuedAtMillis(JsonObject claims) {
    return claims.getValue(ISSUED_MS) instanceof Number ms ? ms.longValue() : claims.getLong("iat", 0L) * 1000;
  }

  /**
   * Every claim of the token, "exp" and "iat" included: Vert.x keeps those in the user's
   * attributes (the decoded token), not in its principal.
   */
  public static JsonObject claims(User user) {
    JsonObject decoded = user.attributes().getJsonObject("accessToken");
    return decoded != null ? decoded : user.principal();
  }

  /**
   * {@link #isValid} and, asked of the database once per member and node, that the member exists
   * and is active: what every route and bridge frame requires.
   */
  public Future<JsonObject> stillValid(JsonObject claims) {
    UUID memberId;
    try {
      if (!isValid(claims)) {
        return Future.failedFuture("revoked");
      }
      memberId = UUID.fromString(claims.getString("sub"));
    } catch (RuntimeException malformed) {
      return Future.failedFuture("malformed claims");
    }
    return revocations.memberActive(memberId)
      .compose(active -> active ? Future.succeededFuture(claims) : Future.failedFuture("no such member"));
  }

  /** Issued by us, not revoked, and still within its member's cut-off. */
  public boolean isValid(JsonObject claims) {
    return ISSUER.equals(claims.getString("iss")) && SESSION.equals(claims.getString("kind"))
      && claims.getString("sub") != null && !revocations.isRevoked(claims);
  }

  public Revocations revocations() {
    return revocations;
  }

  public JWTAuth jwtAuth() {
    return jwt;
  }

  /** How long a token from sign-in lasts: {@code tokenTtlMinutes}, at most {@code sessionMaxHours}. */
  public int ttlMinutes() {
    return (int) Math.min(ttlMinutes, sessionMaxSeconds / 60);
  }
}
