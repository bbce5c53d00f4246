package org.ailive.minutes;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.auth.Roles;
import org.ailive.meeting.Meeting;
import org.ailive.meeting.MeetingApi;
import org.ailive.notify.MeetingNotices;
import org.ailive.notify.Notices;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.protocol.Zone;
import org.ailive.room.Redaction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Approved minutes published to the panel (issue 17): the chair publishes an approved version, and
 * the panel's partners and presenters then read it in the app, each read audited. Observers, guests
 * and members of other panels never read them; past the retention period what was said about
 * families is withheld from all but the officer and the chair, as for any case detail.
 */
public final class MinutesPublished {

  static final String WITHHELD = "[Withheld after the retention period]";

  private final Pool pool;
  private final MeetingApi meetings;
  private final MinutesVersions versions;
  private final int retentionDays;
  private final Outbox outbox;

  public MinutesPublished(Pool pool, MeetingApi meetings, MinutesVersions versions, int retentionDays, Outbox outbox) {
    this.pool = pool;
    this.meetings = meetings;
    this.versions = versions;
    this.retentionDays = retentionDays;
    this.outbox = outbox;
  }

  /**
   * {@code POST /api/exports/meetings/{id}/minutes/{version}/publish} (chair): an approved version only.
   * Those who may read them are told in the same transaction (issue 19): a link, never the minutes.
   */
  public void publish(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    versions.access(who, id)
      .compose(meeting -> versions.version(ctx, id)
      .compose(version -> versions.meta(id, version))
      .compose(meta -> {
        int version = meta.getInteger("version");
        if (!"approved".equals(meta.getString("status"))) {
          return Future.failedFuture(ApiError.conflict("not_approved", "Version " + version
            + " is a draft: the chair approves minutes before publishing them to the panel."));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(MinutesSql.PUBLISH)
            .execute(Tuple.of(id, version, who.memberId()))
            .compose(v -> AuditTrail.record(conn, who.memberId(), AuditAction.MINUTES_PUBLISHED, "minutes:" + id,
              new JsonObject().put("version", version)))
            .compose(v -> tellReaders(conn, meeting, version, who.memberId())))
          .compose(told -> published(id).map(out -> out.put("notified", told)));
      }))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/meetings/{id}/minutes}: the published minutes, as the document's blocks. */
  public void read(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    meetings.load(id)
      .compose(meeting -> pool.preparedQuery(MinutesSql.SEAT).execute(Tuple.of(who.memberId(), meeting.panelId()))
        .compose(rows -> readRefusal(who, PanelReach.Seat.from(rows.iterator().next()))
          .<Future<Meeting>>map(Future::failedFuture).orElseGet(() -> Future.succeededFuture(meeting))))
      .compose(meeting -> published(id).compose(pub -> {
        int version = pub.getInteger("version");
        return Future.all(versions.meta(id, version), versions.content(id, version)).map(all -> {
          JsonObject meta = all.resultAt(0);
          JsonObject content = all.resultAt(1);
          boolean withheld = Redaction.hidesFrom(who, false, meeting.status(), meeting.meetingDate(), retentionDays,
            LocalDate.now(Zone.LONDON));
          MinutesDocument doc = MinutesDocument.of(withheld ? MinutesContent.withoutNarrative(content, WITHHELD)
            : content, meta);
          return pub.put("title", doc.title()).put("withheld", withheld).put("blocks", blocks(doc));
        });
      }))
      .compose(out -> AuditTrail.record(pool, who.memberId(), AuditAction.MINUTES_READ, "minutes:" + id,
        new JsonObject().put("version", out.getInteger("version"))).map(out))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  private Future<Integer> tellReaders(SqlConnection conn, Meeting meeting, int version, UUID publisher) {
    return conn.preparedQuery(MinutesSql.READERS).execute(Tuple.of(meeting.panelId(), publisher)).compose(rows -> {
      List<Future<Void>> mails = new ArrayList<>();
      rows.forEach(r -> mails.add(outbox.enqueue(conn, MeetingNotices.minutesPublished(
        new Notices.Recipient(r.getUUID("id"), r.getString("full_name"), r.getString("email")),
        meeting.id(), version, meeting.panelName(), meeting.meetingDate()))));
      return Future.all(mails).map(v -> mails.size());
    });
  }

  /**
   * Who reads published minutes: whoever runs the panel, and the panel's partners and presenters who
   * sit on it now; never an observer, a guest or substitute admitted to one meeting, or another panel.
   */
  static Optional<ApiError> readRefusal(Identity who, PanelReach.Seat seat) {
    if (PanelReach.runs(who, seat)) {
      return Optional.empty();
    }
    if (!seat.onPanel()) {
      return Optional.of(ApiError.forbidden("You are not a member of this meeting's panel."));
    }
    if (Redaction.hidesLive(who, false) || (!who.is("partner") && !who.is("presenter"))) {
      return Optional.of(ApiError.forbidden("Published minutes are for the panel's partners and presenters."));
    }
    return Optional.empty();
  }

  private Future<JsonObject> published(UUID id) {
    return pool.preparedQuery(MinutesSql.PUBLISHED).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("Published minutes of this meeting"));
      }
      Row r = rows.iterator().next();
      return Future.succeededFuture(new JsonObject()
        .put("meetingId", id.toString())
        .put("version", r.getInteger("version"))
        .put("publishedAt", r.getOffsetDateTime("published_at").toInstant().toEpochMilli())
        .put("publishedByName", r.getString("published_by_name")));
    });
  }

  /** The document as JSON, in reading order: what the app lays out (text only; the page escapes it). */
  static JsonArray blocks(MinutesDocument doc) {
    JsonArray out = new JsonArray();
    for (MinutesDocument.Block b : doc.blocks()) {
      if (b instanceof MinutesDocument.Heading h) {
        out.add(new JsonObject().put("type", "heading").put("level", h.level()).put("text", h.text()));
      } else if (b instanceof MinutesDocument.Para p) {
        out.add(new JsonObject().put("type", "para").put("label", p.label()).put("text", p.text())
          .put("style", p.style().name().toLowerCase(java.util.Locale.ROOT)));
      } else if (b instanceof MinutesDocument.Bullets l) {
        out.add(new JsonObject().put("type", "list").put("items", new JsonArray(l.items())));
      } else if (b instanceof MinutesDocument.Grid g) {
        out.add(new JsonObject().put("type", "table").put("headers", new JsonArray(g.headers()))
          .put("rows", new JsonArray(g.rows().stream().map(JsonArray::new).toList())));
      }
    }
    return out;
  }
}
