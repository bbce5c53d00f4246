package org.ailive.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ailive.protocol.Addresses;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which signed tokens no longer count: single tokens by id (sign-out, refresh), browser sessions by
 * id (sign-out: every token of that browser, {@link SessionCookie}), and every token of a
 * member issued before a moment (deactivation, role change, "sign out everywhere"). Kept in memory
 * for a check per request and per bridge frame, stored in Postgres so it survives restarts, and
 * announced on {@code ailive.auth.revoked} so every node of a cluster (and the live bridge, which
 * closes that member's sockets) hears at once.
 */
public final class Revocations {

  private static final String LOAD_TOKENS = "SELECT jti, expires_at FROM revoked_token WHERE expires_at > now()";
  private static final String LOAD_CUTOFFS = "SELECT id, tokens_valid_after FROM member WHERE tokens_valid_after > '-infinity'";
  private static final String LOAD_LINKS = "SELECT id FROM join_link WHERE revoked_at IS NOT NULL AND expires_at > now()";
  private static final String REVOKE_LINK = """
    UPDATE join_link SET revoked_at = now() WHERE id = $1 AND meeting_id = $2 AND revoked_at IS NULL RETURNING id""";
  private static final String REVOKE_MEETING_LINKS = """
    UPDATE join_link SET revoked_at = now()
    WHERE meeting_id = $1 AND revoked_at IS NULL AND expires_at > now() AND ($2::uuid[] IS NULL OR member_id = ANY($2))
    RETURNING id, member_id""";
  private static final String REVOKE_TOKEN = """
    INSERT INTO revoked_token (jti, member_id, expires_at)
    VALUES ($1, (SELECT id FROM member WHERE id = $2), $3) ON CONFLICT (jti) DO NOTHING""";
  private static final String CUT_OFF = "UPDATE member SET tokens_valid_after = $2 WHERE id = $1";

  private final Vertx vertx;
  private final Pool pool;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<UUID, Instant> cutoffs = new ConcurrentHashMap<>();
  private final Set<String> links = ConcurrentHashMap.newKeySet();
  private final ActiveMembers members;

  private Revocations(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.members = new ActiveMembers(pool);
  }

  public static Future<Revocations> load(Vertx vertx, Pool pool) {
    Revocations r = new Revocations(vertx, pool);
    return pool.query(LOAD_TOKENS).execute()
      .compose(rows -> {
        rows.forEach(row -> r.tokens.put(row.getString("jti"), row.getOffsetDateTime("expires_at").toInstant()));
        return pool.query(LOAD_CUTOFFS).execute();
      })
      .compose(rows -> {
        rows.forEach(row -> r.cutoffs.put(row.getUUID("id"), row.getOffsetDateTime("tokens_valid_after").toInstant()));
        return pool.query(LOAD_LINKS).execute();
      })
      .compose(rows -> {
        rows.forEach(row -> r.links.add(row.getUUID("id").toString()));
        return vertx.eventBus().<JsonObject>consumer(Addresses.REVOKED, msg -> r.apply(msg.body())).completion();
      })
      .map(v -> r);
  }

  /** True when the token was revoked, or issued before its member's cut-off. */
  public boolean isRevoked(JsonObject claims) {
    String jti = claims.getString("jti");
    if (jti == null || tokens.containsKey(jti)) {
      return true;
    }
    String sid = claims.getString(Tokens.SID);
    if (sid != null && tokens.containsKey(sid)) {
      return true;
    }
    String link = claims.getString("link");
    if (link != null && links.contains(link)) {
      return true;
    }
    Instant cutoff = cutoffs.get(UUID.fromString(claims.getString("sub")));
    return cutoff != null && Tokens.issuedAtMillis(claims) < cutoff.toEpochMilli();
  }

  /** Whether the member still exists and is active (a signed token alone does not say so). */
  public Future<Boolean> memberActive(UUID memberId) {
    return members.isActive(memberId);
  }

  public Future<Void> revokeToken(JsonObject claims) {
    String jti = claims.getString("jti");
    Instant expires = Instant.ofEpochSecond(claims.getLong("exp", Instant.now().getEpochSecond()));
    return pool.preparedQuery(REVOKE_TOKEN)
      .execute(Tuple.of(jti, UUID.fromString(claims.getString("sub")), OffsetDateTime.ofInstant(expires, ZoneOffset.UTC)))
      .onSuccess(v -> announce(new JsonObject().put("jti", jti).put("expiresAt", expires.toEpochMilli())
        .put("memberId", claims.getString("sub"))))
      .mapEmpty();
  }

  /**
   * Ends a browser session: every token carrying its id ({@code sid}, the cookie's refresh token
   * too) stops working here and on every node, and live sockets opened with them close. Kept with
   * the revoked tokens (its id in place of a token id) until the session would have ended anyway.
   */
  public Future<Void> revokeSession(String sid, UUID memberId, Instant sessionEnd) {
    return pool.preparedQuery(REVOKE_TOKEN)
      .execute(Tuple.of(sid, memberId, OffsetDateTime.ofInstant(sessionEnd, ZoneOffset.UTC)))
      .onSuccess(v -> announce(new JsonObject().put("jti", sid).put("sid", sid)
        .put("expiresAt", sessionEnd.toEpochMilli()).put("memberId", memberId.toString())))
      .mapEmpty();
  }

  /** Every token the member holds now stops working; they sign in again. */
  public Future<Void> cutOff(UUID memberId) {
    // To the millisecond, as tokens carry it ("iat_ms"): a token issued a moment later, even in the
    // same second (signing in again right after "sign out everywhere"), is not caught by it.
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    return pool.preparedQuery(CUT_OFF).execute(Tuple.of(memberId, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
      .onSuccess(v -> announce(new JsonObject().put("memberId", memberId.toString())
        .put("validAfter", now.toEpochMilli())))
      .mapEmpty();
  }

  /** Revokes a join link and every session that came from it. False when there was no such live link. */
  public Future<Boolean> revokeLink(UUID linkId, UUID meetingId) {
    return pool.preparedQuery(REVOKE_LINK).execute(Tuple.of(linkId, meetingId)).map(rows -> {
      if (rows.size() == 0) {
        return false;
      }
      announce(new JsonObject().put("link", linkId.toString()));
      return true;
    });
  }

  /** A join link withdrawn by {@link #revokeLinks}, and whose it was. */
  public record RevokedLink(UUID linkId, UUID memberId) {
  }

  /**
   * The batch {@link #revokeLink}: withdraws a meeting's live links (every one, or those of the given
   * members) on the caller's connection, so it commits or not with the rest of its transaction. Nothing
   * is announced: call {@link #announceLinks} once the transaction has committed, and the sessions from
   * them end and their sockets close.
   *
   * @param memberIds whose links; null: every live link of the meeting
   */
  public Future<List<RevokedLink>> revokeLinks(SqlClient client, UUID meetingId, List<UUID> memberIds) {
    return client.preparedQuery(REVOKE_MEETING_LINKS)
      .execute(Tuple.tuple().addUUID(meetingId).addArrayOfUUID(memberIds == null ? null : memberIds.toArray(UUID[]::new)))
      .map(rows -> {
        List<RevokedLink> out = new ArrayList<>();
        rows.forEach(r -> out.add(new RevokedLink(r.getUUID("id"), r.getUUID("member_id"))));
        return out;
      });
  }

  /** Sessions from these links end here and on every node, and their sockets close. */
  public void announceLinks(List<RevokedLink> revoked) {
    revoked.forEach(r -> announce(new JsonObject().put("link", r.linkId().toString())));
  }

  /** Applied here before the reply leaves, then told to every node (and to the bridge's sockets). */
  private void announce(JsonObject change) {
    apply(change);
    vertx.eventBus().publish(Addresses.REVOKED, change);
  }

  private void apply(JsonObject change) {
    if (change.containsKey("link")) {
      links.add(change.getString("link"));
    }
    if (change.containsKey("jti")) {
      tokens.put(change.getString("jti"), Instant.ofEpochMilli(change.getLong("expiresAt")));
    }
    if (change.containsKey("validAfter")) {
      UUID memberId = UUID.fromString(change.getString("memberId"));
      cutoffs.put(memberId, Instant.ofEpochMilli(change.getLong("validAfter")));
      members.forget(memberId);
    }
    Instant now = Instant.now();
    tokens.values().removeIf(expiry -> expiry.isBefore(now));
  }
}
