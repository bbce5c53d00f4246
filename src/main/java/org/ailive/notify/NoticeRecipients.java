package org.ailive.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Whom a feature's notice goes to, read on the caller's connection (so inside its transaction): an
 * active member by id, or the people who answer for an action (its named owner, else the owning
 * agency's members on the panel). A member who has left is told nothing.
 */
public final class NoticeRecipients {

  private static final String MEMBER = "SELECT id, full_name, email FROM member WHERE id = $1 AND active";

  // $1 the named owner (may be null), $2 the owning agency, $3 the panel.
  private static final String ACTION_OWNERS = """
    SELECT m.id, m.full_name, m.email FROM member m
    WHERE m.active AND (m.id = $1::uuid OR ($1::uuid IS NULL AND m.agency_id = $2 AND EXISTS (
      SELECT 1 FROM panel_member pm WHERE pm.member_id = m.id AND pm.panel_id = $3 AND pm.left_at IS NULL)))
    ORDER BY m.full_name""";

  private NoticeRecipients() {
  }

  /** The member, or null when there is none or they are no longer active. */
  public static Future<Notices.Recipient> member(SqlClient conn, UUID memberId) {
    if (memberId == null) {
      return Future.succeededFuture(null);
    }
    return conn.preparedQuery(MEMBER).execute(Tuple.of(memberId))
      .map(rows -> rows.size() == 0 ? null : recipient(rows.iterator().next()));
  }

  /** Who answers for an action: its named owner, else every member of the owning agency on the panel. */
  public static Future<List<Notices.Recipient>> actionOwners(SqlClient conn, UUID ownerMemberId, UUID agencyId,
                                                             UUID panelId) {
    return conn.preparedQuery(ACTION_OWNERS).execute(Tuple.of(ownerMemberId, agencyId, panelId)).map(rows -> {
      List<Notices.Recipient> out = new ArrayList<>();
      rows.forEach(r -> out.add(recipient(r)));
      return out;
    });
  }

  private static Notices.Recipient recipient(Row r) {
    return new Notices.Recipient(r.getUUID("id"), r.getString("full_name"), r.getString("email"));
  }
}
