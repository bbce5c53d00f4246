package org.ailive.roster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.members.Invitations;
import org.ailive.notify.Outbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a checked {@link ImportCheck.Plan} on one transaction's connection: the new agencies, the
 * new members with their invitations and panels ({@link Invitations#inviteAll}), the updates, and
 * their audit rows. Batched: a few statements whatever the number of rows.
 */
final class ImportApply {

  /** What an apply did: the invitations to hand out, and the members whose access changed. */
  record Done(JsonArray invitations, List<ImportCheck.Update> updates) {
  }

  private ImportApply() {
  }

  static Future<Done> apply(SqlConnection conn, Outbox outbox, UUID officerId, ImportCheck.Plan plan, String format) {
    List<ImportCheck.NewAgency> agencies = new ArrayList<>(plan.newAgencies().values());
    Map<String, UUID> agencyIds = new HashMap<>();
    Future<Void> made = agencies.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(RosterSql.INSERT_AGENCY)
        .executeBatch(agencies.stream().map(a -> Tuple.of(a.name(), a.attendance())).toList())
        .compose(inserted -> {
          List<AuditTrail.Entry> audit = new ArrayList<>();
          int i = 0;
          for (RowSet<Row> rs = inserted; rs != null; rs = rs.next(), i++) {
            UUID id = rs.iterator().next().getUUID("id");
            agencyIds.put(Directory.key(agencies.get(i).name()), id);
            audit.add(new AuditTrail.Entry(officerId, AuditAction.AGENCY_IMPORTED, "agency:" + id, new JsonObject()
              .put("name", agencies.get(i).name()).put("attendance", agencies.get(i).attendance())));
          }
          return AuditTrail.recordAll(conn, audit);
        });
    JsonArray invitations = new JsonArray();
    return made
      .compose(v -> Invitations.inviteAll(conn, outbox, officerId, plan.creates().stream().map(c -> new Invitations.NewMember(
        c.fullName(), c.email(), agencyId(c.agency(), agencyIds), c.roles(), c.panels())).toList()))
      .compose(issued -> {
        for (int i = 0; i < issued.size(); i++) {
          ImportCheck.Create c = plan.creates().get(i);
          invitations.add(new JsonObject().put("row", c.row()).put("memberId", issued.get(i).memberId().toString())
            .put("fullName", c.fullName()).put("email", c.email()).put("invitationUrl", issued.get(i).url())
            .put("expiresAt", issued.get(i).expiresAt().toEpochMilli()).put("mailed", outbox.on()));
        }
        return updates(conn, officerId, plan.updates(), agencyIds);
      })
      .compose(v -> AuditTrail.record(conn, officerId, AuditAction.MEMBERS_IMPORTED, "members",
        plan.totals().copy().put("format", format)))
      .map(v -> new Done(invitations, plan.updates()));
  }

  private static Future<Void> updates(SqlConnection conn, UUID officerId, List<ImportCheck.Update> updates,
                                      Map<String, UUID> agencyIds) {
    if (updates.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> members = new ArrayList<>();
    List<Tuple> panels = new ArrayList<>();
    List<AuditTrail.Entry> audit = new ArrayList<>();
    for (ImportCheck.Update u : updates) {
      UUID agency = agencyId(u.agency(), agencyIds);
      members.add(Tuple.of(u.before().id(), u.fullName(), agency, u.roles()));
      audit.add(new AuditTrail.Entry(officerId, AuditAction.MEMBER_UPDATED, "member:" + u.before().id(), new JsonObject()
        .put("before", new JsonObject().put("fullName", u.before().fullName())
          .put("agencyId", u.before().agencyId() == null ? null : u.before().agencyId().toString())
          .put("roles", new JsonArray(List.copyOf(u.before().roles()))))
        .put("after", new JsonObject().put("fullName", u.fullName()).put("agencyId", agency == null ? null : agency.toString())
          .put("roles", new JsonArray(Arrays.asList(u.roles()))))
        .put("import", true)));
      for (UUID panel : u.addPanels()) {
        panels.add(Tuple.of(panel, u.before().id()));
        audit.add(new AuditTrail.Entry(officerId, AuditAction.PANEL_MEMBER_ADDED, "panel:" + panel,
          new JsonObject().put("memberId", u.before().id().toString()).put("import", true)));
      }
    }
    Future<?> chain = conn.preparedQuery(RosterSql.UPDATE_MEMBER).executeBatch(members);
    if (!panels.isEmpty()) {
      chain = chain.compose(v -> conn.preparedQuery(RosterSql.ADD_TO_PANEL).executeBatch(panels));
    }
    return chain.compose(v -> AuditTrail.recordAll(conn, audit));
  }

  private static UUID agencyId(ImportCheck.AgencyRef ref, Map<String, UUID> made) {
    return ref.newName() != null ? made.get(Directory.key(ref.newName())) : ref.id();
  }
}
