package org.ailive.minutes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import org.ailive.auth.Roles;
import org.ailive.export.Download;
import org.ailive.meeting.Meeting;
import org.ailive.meeting.MeetingApi;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Minutes, drafted and approved (issue 8). The officer (or chair) drafts a version from the meeting's
 * log; the chair approves one once the meeting has ended, and that version is locked for good (the
 * database refuses any change to it). A correction is a new version with a note saying what it
 * corrects; every version stays readable, as JSON, as PDF and as DOCX.
 */
public final class MinutesVersions {

  private static final long MAX_VERSION = 100_000;

  private final Vertx vertx;
  private final Pool pool;
  private final MeetingApi meetings;

  public MinutesVersions(Vertx vertx, Pool pool, MeetingApi meetings) {
    this.vertx = vertx;
    this.pool = pool;
    this.meetings = meetings;
  }

  /** {@code POST /api/exports/meetings/{id}/minutes}: a new draft version from the log as it is now. */
  public void draft(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = meetingId(ctx);
    JsonObject body = Http.optionalBody(ctx);
    String note = Json.text(body, "note", 4000, false);
    if (note != null && note.isBlank()) {
      throw ApiError.invalid("note", "must not be blank");
    }
    access(who, id)
      .compose(meeting -> MinutesSource.read(vertx, pool, meeting, who))
      .compose(source -> MinutesEdits.read(pool, id).map(edits -> MinutesEdits.apply(source.content(Instant.now()), edits)))
      .compose(content -> insert(id, content, note == null ? null : note.strip(), who))
      .compose(version -> meta(id, version))
      .onSuccess(meta -> {
        ctx.response().putHeader("Location", "/api/exports/meetings/" + id + "/minutes/" + meta.getInteger("version"));
        Http.ok(ctx, 201, meta);
      })
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/exports/meetings/{id}/minutes}: every version, oldest first. */
  public void list(RoutingContext ctx) {
    UUID id = meetingId(ctx);
    access(Roles.identity(ctx), id)
      .compose(meeting -> pool.preparedQuery(MinutesSql.VERSIONS).execute(Tuple.of(id)))
      .map(rows -> {
        JsonArray out = new JsonArray();
        rows.forEach(r -> out.add(meta(r)));
        return out;
      })
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/exports/meetings/{id}/minutes/{version}}: the version and the record it renders. */
  public void get(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = meetingId(ctx);
    access(who, id)
      .compose(meeting -> version(ctx, id))
      .compose(version -> Future.all(meta(id, version), content(id, version)).map(all ->
        ((JsonObject) all.resultAt(0)).copy().put("content", all.resultAt(1))))
      .compose(out -> AuditTrail.record(pool, who.memberId(), AuditAction.EXPORT, "minutes:" + id,
        new JsonObject().put("format", "json").put("version", out.getInteger("version"))).map(out))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/exports/meetings/{id}/minutes/{version}/pdf}: tagged PDF/UA. */
  public void pdf(RoutingContext ctx) {
    document(ctx, "pdf");
  }

  /** {@code GET /api/exports/meetings/{id}/minutes/{version}/docx}: the same document for Word. */
  public void docx(RoutingContext ctx) {
    document(ctx, "docx");
  }

  private void document(RoutingContext ctx, String format) {
    Identity who = Roles.identity(ctx);
    UUID id = meetingId(ctx);
    access(who, id)
      .compose(meeting -> version(ctx, id).compose(version -> render(meeting, version, format)))
      .compose(file -> AuditTrail.record(pool, who.memberId(), AuditAction.EXPORT, "minutes:" + id,
        new JsonObject().put("format", format).put("version", file.version()).put("status", file.status())
          .put("bytes", file.bytes().length)).map(file))
      .onSuccess(file -> Download.send(ctx, format.equals("pdf") ? Download.PDF : Download.DOCX, file.name(),
        Buffer.buffer(file.bytes())))
      .onFailure(ctx::fail);
  }

  private record RenderedFile(String name, int version, String status, byte[] bytes) {
  }

  /** Rendering is CPU work: on a worker, not the event loop. Both formats from one document. */
  private Future<RenderedFile> render(Meeting meeting, int version, String format) {
    UUID id = meeting.id();
    return Future.all(meta(id, version), content(id, version), Download.panelCode(pool, meeting.panelId())).compose(all -> {
      JsonObject meta = all.resultAt(0);
      JsonObject content = all.resultAt(1);
      String name = Download.fileName(format, "minutes", all.resultAt(2), meeting.meetingDate(), "v" + version,
        meta.getString("status"));
      return vertx.executeBlocking(() -> {
        MinutesDocument doc = MinutesDocument.of(content, meta);
        return format.equals("pdf") ? MinutesPdf.render(doc) : MinutesDocx.render(doc);
      }, false).map(bytes -> new RenderedFile(name, version, meta.getString("status"), bytes));
    });
  }

  /** {@code POST /api/exports/meetings/{id}/minutes/{version}/approve} (chair): locks that version. */
  public void approve(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = meetingId(ctx);
    access(who, id)
      .compose(meeting -> "closed".equals(meeting.status()) ? version(ctx, id)
        : Future.failedFuture(ApiError.conflict("wrong_status",
          "Minutes are approved once the meeting has ended; this meeting is " + meeting.status() + ".")))
      .compose(version -> pool.withTransaction(conn -> approve(conn, id, version, who)).map(version))
      .compose(version -> meta(id, version))
      .onSuccess(meta -> Http.ok(ctx, 200, meta))
      .onFailure(ctx::fail);
  }

  private Future<Void> approve(SqlConnection conn, UUID id, int version, Identity who) {
    return conn.preparedQuery(MinutesSql.LOCK_VERSION).execute(Tuple.of(id, version)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("Version " + version + " of this meeting's minutes"));
      }
      Row r = rows.iterator().next();
      if (!"draft".equals(r.getString("status"))) {
        return Future.failedFuture(ApiError.conflict("wrong_status", "Version " + version
          + " is already approved; a correction is a new draft."));
      }
      if (r.getInteger("latest") != version) {
        return Future.failedFuture(ApiError.conflict("wrong_status", "Version " + version
          + " has been superseded by version " + r.getInteger("latest") + "; approve the latest draft."));
      }
      return conn.preparedQuery(MinutesSql.APPROVE).execute(Tuple.of(id, version, who.memberId()))
        .compose(v -> AuditTrail.record(conn, who.memberId(), AuditAction.MINUTES_APPROVED, "minutes:" + id,
          new JsonObject().put("version", version)));
    });
  }

  private Future<Integer> insert(UUID id, JsonObject content, String note, Identity who) {
    return pool.withTransaction(conn -> conn.preparedQuery(MinutesSql.LOCK_MINUTES).execute(Tuple.of(id))
      .compose(v -> conn.preparedQuery(MinutesSql.LATEST_VERSION).execute(Tuple.of(id)))
      .compose(rows -> {
        Row r = rows.iterator().next();
        if (Boolean.TRUE.equals(r.getBoolean("any_approved")) && note == null) {
          return Future.failedFuture(ApiError.invalid("note",
            "is required once minutes have been approved: say what the new version corrects"));
        }
        int next = r.getInteger("latest") + 1;
        return conn.preparedQuery(MinutesSql.INSERT_VERSION).execute(Tuple.tuple().addValue(id).addValue(next)
            .addValue(content).addValue(content.getLong("lastSeq")).addValue(note).addValue(who.memberId()))
          .map(next);
      }));
  }

  /** The version named in the path: a number, {@code latest} or {@code approved}. */
  Future<Integer> version(RoutingContext ctx, UUID id) {
    String v = ctx.pathParam("version");
    if (v.equals("latest") || v.equals("approved")) {
      return pool.preparedQuery(v.equals("latest") ? MinutesSql.LATEST : MinutesSql.LATEST_APPROVED)
        .execute(Tuple.of(id))
        .compose(rows -> {
          Integer found = rows.iterator().next().getInteger("version");
          return found == null ? Future.failedFuture(ApiError.notFound(v.equals("latest")
            ? "Minutes of this meeting" : "Approved minutes of this meeting")) : Future.succeededFuture(found);
        });
    }
    try {
      long n = Long.parseLong(v);
      if (n < 1 || n > MAX_VERSION) {
        throw new NumberFormatException();
      }
      return Future.succeededFuture((int) n);
    } catch (NumberFormatException e) {
      return Future.failedFuture(ApiError.invalid("version", "must be a version number, latest or approved"));
    }
  }

  Future<JsonObject> meta(UUID id, int version) {
    return pool.preparedQuery(MinutesSql.VERSION).execute(Tuple.of(id, version))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiError.notFound("Version " + version + " of this meeting's minutes"))
        : Future.succeededFuture(meta(rows.iterator().next())));
  }

  Future<JsonObject> content(UUID id, int version) {
    return pool.preparedQuery(MinutesSql.VERSION_CONTENT).execute(Tuple.of(id, version))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiError.notFound("Version " + version + " of this meeting's minutes"))
        : Future.succeededFuture((JsonObject) rows.iterator().next().getValue("content")));
  }

  private static JsonObject meta(Row r) {
    String meetingId = r.getUUID("meeting_id").toString();
    int version = r.getInteger("version");
    UUID approvedBy = r.getUUID("approved_by_member_id");
    return new JsonObject()
      .put("meetingId", meetingId)
      .put("version", version)
      .put("status", r.getString("status"))
      .put("lastSeq", r.getLong("last_seq"))
      .put("note", r.getString("note"))
      .put("createdById", r.getUUID("created_by_member_id").toString())
      .put("createdByName", r.getString("created_by_name"))
      .put("createdAt", millis(r.getOffsetDateTime("created_at")))
      .put("approvedById", approvedBy == null ? null : approvedBy.toString())
      .put("approvedByName", r.getString("approved_by_name"))
      .put("approvedAt", millis(r.getOffsetDateTime("approved_at")))
      .put("published", Boolean.TRUE.equals(r.getBoolean("published")))
      .put("pdf", "/api/exports/meetings/" + meetingId + "/minutes/" + version + "/pdf")
      .put("docx", "/api/exports/meetings/" + meetingId + "/minutes/" + version + "/docx");
  }

  Future<Meeting> access(Identity who, UUID id) {
    return meetings.load(id).compose(meeting -> meetings.checkAccess(who, meeting));
  }

  private static UUID meetingId(RoutingContext ctx) {
    return Json.uuid(ctx.pathParam("meetingId"), "meetingId");
  }

  private static Long millis(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toEpochMilli();
  }
}
