package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Issues and checks the signed tokens that carry a member's identity and roles. */
public final class Tokens {

  static final String ISSUER = "ailive";
  static final String SESSION = "session";
  static final String JOIN = "join";
  static final int VERIFIED_CACHE = 20_000;
  static final String MUST_CHANGE_PASSWORD = "mustChangePassword";
  static final long PASSWORD_CHANGE_TTL_SECONDS = 15 * 60;

  private final JWTAuth jwt;
  private final int ttlMinutes;
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
    this.jwt = jwt;
    this.ttlMinutes = ttlMinutes;
    this.revocations = revocations;
  }

  /** A session token: it identifies the member for {@code tokenTtlMinutes}; its id lets it be revoked. */
  public String issue(Identity identity) {
    return issue(identity, ttlMinutes * 60L);
  }

  public String issue(Identity identity, long ttlSeconds) {
    return sign(identity.claims().put("kind", SESSION), identity.memberId(), ttlSeconds);
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

  /** A session token that came from a join link: scoped to its meeting, revoked with the link. */
  public String issueFromLink(Identity scoped, UUID linkId, long ttlSeconds) {
    return sign(scoped.claims().put("kind", SESSION).put("link", linkId.toString()), scoped.memberId(), ttlSeconds);
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
    return jwt.generateToken(claims.put("jti", UUID.randomUUID().toString()), new JWTOptions()
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
      return !isValid(known) ? Future.failedFuture("revoked")
        : mustChangePassword(known) ? Future.failedFuture("password change required") : Future.succeededFuture(known.copy());
    }
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = claims(user);
      if (!isValid(claims)) {
        return Future.failedFuture("revoked");
      }
      if (claims.getValue("exp") instanceof Number) {
        verified.put(token, claims.copy());
      }
      return mustChangePassword(claims) ? Future.failedFuture("password change required") : Future.succeededFuture(claims);
    });
  }

  /**
   * Every claim of the token, "exp" and "iat" included: Vert.x keeps those in the user's
   * attributes (the decoded token), not in its principal.
   */
  public static JsonObject claims(User user) {
    JsonObject decoded = user.attributes().getJsonObject("accessToken");
    return decoded != null ? decoded : user.principal();
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

  public int ttlMinutes() {
    return ttlMinutes;
  }
}
