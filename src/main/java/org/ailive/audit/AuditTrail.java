package org.ailive.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;

/**
 * Who did what outside a meeting's own log (R12), one {@code audit_entry} row each. The client is the
 * pool, or the connection of the caller's transaction when the entry must commit with the change it
 * records (or not at all).
 */
public final class AuditTrail {

  private static final String INSERT =
    "INSERT INTO audit_entry (member_id, action, subject, detail) VALUES ($1, $2, $3, $4)";

  /** One entry of a batch: see {@link #recordAll}. */
  public record Entry(UUID memberId, AuditAction action, String subject, JsonObject detail) {
  }

  private AuditTrail() {
  }

  /** @param memberId who did it; null when no one is known (a failed sign-in) */
  public static Future<Void> record(SqlClient client, UUID memberId, AuditAction action, String subject,
                                    JsonObject detail) {
    return client.preparedQuery(INSERT).execute(tuple(new Entry(memberId, action, subject, detail))).mapEmpty();
  }

  /** Several entries in one round trip, all or none. */
  public static Future<Void> recordAll(SqlClient client, List<Entry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(INSERT).executeBatch(entries.stream().map(AuditTrail::tuple).toList()).mapEmpty();
  }

  /**
   * Several entries in one round trip, each skipped if the database already holds it: for entries a
   * unique index allows once (a case read in the live room: once per member, case and meeting).
   */
  public static Future<Void> recordOnce(SqlClient client, List<Entry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(INSERT + " ON CONFLICT DO NOTHING")
      .executeBatch(entries.stream().map(AuditTrail::tuple).toList()).mapEmpty();
  }

  private static Tuple tuple(Entry e) {
    return Tuple.of(e.memberId(), e.action().stored(), e.subject(), e.detail() == null ? new JsonObject() : e.detail());
  }
}
