package org.ailive.packchecks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.cases.PackCases;
import org.ailive.cases.PackCases.PackCase;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Who has read the pack" for the chair and the officer (issue 20): the panel's partners and
 * presenters against the pack's cases, each cell read or not, from the audit trail's case views
 * (R12: every case shown in the pack or on its own page is recorded). Only references are shown, so
 * looking at the grid reads no case.
 */
public final class PackReaders {

  private final Pool pool;
  private final PackCases cases;

  public PackReaders(Pool pool, PackCases cases) {
    this.pool = pool;
    this.cases = cases;
  }

  /** {@code GET /api/meetings/{id}/pack-readers}: the officer, or a chair who runs the meeting's panel. */
  public void grid(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    PanelReach.requireRunsMeeting(pool, who, meetingId, "meetingId")
      .compose(v -> cases.listAt(who, meetingId))
      .map(all -> all.stream().filter(PackCase::inPack).toList())
      .compose(shown -> pool.preparedQuery(PackCheckSql.MEETING_PANEL).execute(Tuple.of(meetingId))
        .compose(p -> pool.preparedQuery(PackCheckSql.PACK_MEMBERS).execute(Tuple.of(p.iterator().next().getUUID("panel_id"))))
        .compose(members -> pool.preparedQuery(PackCheckSql.READS)
          .execute(Tuple.tuple().addArrayOfString(shown.stream().map(c -> c.id().toString()).toArray(String[]::new))
            .addString(meetingId.toString()))
          .map(reads -> json(meetingId, shown, members, reads))))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  private static JsonObject json(UUID meetingId, List<PackCase> shown, Iterable<Row> members, Iterable<Row> reads) {
    Map<String, Row> byCell = new HashMap<>();
    reads.forEach(r -> byCell.put(r.getUUID("member_id") + "/" + r.getString("subject"), r));
    JsonArray rows = new JsonArray();
    for (Row m : members) {
      JsonArray cells = new JsonArray();
      int read = 0;
      for (PackCase c : shown) {
        Row r = byCell.get(m.getUUID("id") + "/" + c.id());
        read += r == null ? 0 : 1;
        cells.add(new JsonObject().put("caseId", c.id().toString()).put("read", r != null)
          .put("firstReadAt", r == null ? null : millis(r.getOffsetDateTime("first_read")))
          .put("lastReadAt", r == null ? null : millis(r.getOffsetDateTime("last_read"))));
      }
      rows.add(new JsonObject().put("memberId", m.getUUID("id").toString()).put("fullName", m.getString("full_name"))
        .put("agency", m.getString("agency")).put("casesRead", read).put("cases", cells));
    }
    JsonArray columns = new JsonArray();
    shown.forEach(c -> columns.add(new JsonObject().put("caseId", c.id().toString()).put("familyRef", c.familyRef())));
    return new JsonObject().put("meetingId", meetingId.toString()).put("cases", columns).put("members", rows);
  }

  private static Long millis(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toEpochMilli();
  }
}
