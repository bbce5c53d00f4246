package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.JWTOptions;

/** Issues and checks the signed tokens that carry a member's identity and roles. */
public final class Tokens {

  static final String ISSUER = "ailive";

  private final JWTAuth jwt;
  private final int ttlMinutes;

  public Tokens(JWTAuth jwt, int ttlMinutes) {
    this.jwt = jwt;
    this.ttlMinutes = ttlMinutes;
  }

  public String issue(Identity identity) {
    return jwt.generateToken(identity.claims(), new JWTOptions()
      .setAlgorithm("ES256")
      .setSubject(identity.memberId().toString())
      .setIssuer(ISSUER)
      .setExpiresInMinutes(ttlMinutes));
  }

  /** Fails for a missing, malformed, tampered or expired token. */
  public Future<Identity> verify(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      return Future.failedFuture("no token");
    }
    return jwt.authenticate(new TokenCredentials(token)).map(Identity::of);
  }

  public JWTAuth jwtAuth() {
    return jwt;
  }

  public int ttlMinutes() {
    return ttlMinutes;
  }
}
