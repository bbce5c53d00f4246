package org.ailive.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.auth.Roles;
import org.ailive.meeting.Meeting;
import org.ailive.meeting.MeetingApi;
import org.ailive.notify.Outbox;
import org.ailive.protocol.ApiError;
import org.ailive.protocol.Http;
import org.ailive.protocol.Json;
import org.ailive.room.Redaction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * REST for cases: the template, drafts and edits (optimistic versions), submission against the R4
 * deadline with the R5/R6 checks, the chair's call on late cases, and reading them, each read
 * recorded (R12).
 */
public final class CaseApi {

  /** Once submitted a case may still be corrected, but never emptied below what R5/R6 require. */
  private static final Set<String> EDITABLE = Set.of("draft", "submitted", "late", "accepted");

  private final CaseStore store;
  private final KeyAgencies keyAgencies;
  private final MeetingApi meetings;
  private final CaseStatusNotices notices;

  private int retentionDays = 30;

  /** Days after a closed meeting when its cases' narrative is withheld from partners (R12). */
  public CaseApi retainingFor(int days) {
    this.retentionDays = days;
    return this;
  }

  /** {@code outbox}: where the notices of a case's new status are written, with the change. */
  public CaseApi(Pool pool, MeetingApi meetings, Outbox outbox) {
    this.store = new CaseStore(pool);
    this.keyAgencies = new KeyAgencies(store);
    this.meetings = meetings;
    this.notices = new CaseStatusNotices(outbox);
  }

  public void template(RoutingContext ctx) {
    Http.ok(ctx, 200, CaseTemplate.toJson());
  }

  public void create(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    createCase(who, Http.body(ctx))
      .onSuccess(c -> created(ctx, c.toJson()))
      .onFailure(ctx::fail);
  }

  /** 201 with the new case, and where it lives. */
  static void created(RoutingContext ctx, JsonObject c) {
    ctx.response().putHeader("Location", "/api/cases/" + c.getString("id"));
    Http.ok(ctx, 201, c);
  }

  /**
   * A new draft from a body as {@code POST /api/cases} takes it: the one path of a new case, for the
   * form and for bringing a family back ({@link FamilyCases}).
   */
  Future<StoredCase> createCase(Identity who, JsonObject body) {
    UUID meetingId = Json.uuid(body, "meetingId", true);
    // Required only here: on later edits merge() keeps whatever a body leaves out.
    Json.text(body, "familyRef", CaseFields.FAMILY_REF_MAX, true);
    Json.uuid(body, "districtId", true);
    CaseFields fields = CaseFields.blank(null, null).merge(body);
    UUID presenterId = presenterFor(who, body);
    return meetings.load(meetingId)
      .recover(err -> Future.failedFuture(err instanceof ApiError e && e.status() == 404
        ? ApiError.invalid("meetingId", "is not a known meeting") : err))
      .compose(meeting -> {
        requireBeforeMeeting(meeting.status());
        fields.checkDistrict(Stream.of(meeting.firstDistrictId(), meeting.secondDistrictId())
          .filter(Objects::nonNull).toList()).checkReviewDate(meeting.meetingDate());
        return checkPresenter(who, presenterId, meeting)
          .compose(v -> store.insert(meeting.panelId(), meeting.id(), presenterId, fields));
      })
      .compose(id -> store.load(who, id));
  }

  /** Bringing families back (issue 20): their cases as the case rules let this caller read them. */
  public FamilyCases families() {
    return new FamilyCases(store, this);
  }

  public void update(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = caseId(ctx);
    JsonObject body = Http.body(ctx);
    int version = Json.integer(body, "version", 1, Integer.MAX_VALUE, true);
    store.load(who, id)
      .compose(c -> {
        CaseAccess.requireEditor(who, c);
        if (!EDITABLE.contains(c.status())) {
          throw ApiError.conflict("wrong_status", "A " + c.status() + " case can no longer be changed.");
        }
        if (body.containsKey("meetingId") && !String.valueOf(c.meetingId()).equals(body.getValue("meetingId"))) {
          throw ApiError.invalid("meetingId", "cannot be changed: the case was created for its meeting");
        }
        if (c.version() != version) {
          throw CaseStore.conflict(c);
        }
        CaseFields next = c.fields().merge(body).checkDistrict(c.panelDistricts()).checkReviewDate(c.meetingDate());
        if (!"draft".equals(c.status())) {
          next.requireSubmittable();
        }
        return store.update(who, id, version, next);
      })
      .onSuccess(c -> Http.ok(ctx, 200, c.toJson()))
      .onFailure(ctx::fail);
  }

  /** R4: on time it is accepted for the agenda; late it waits for the chair. */
  public void submit(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = caseId(ctx);
    Integer version = Json.integer(Http.optionalBody(ctx), "version", 1, Integer.MAX_VALUE, false);
    store.load(who, id)
      .compose(c -> {
        CaseAccess.requireEditor(who, c);
        if (!"draft".equals(c.status())) {
          throw ApiError.conflict("wrong_status", "The case is already " + c.status() + ".");
        }
        if (version != null && version != c.version()) {
          throw CaseStore.conflict(c);
        }
        requireBeforeMeeting(c.meetingStatus());
        CaseFields ready = c.fields().requireSubmittable().withDefaultReviewDate(c.meetingDate())
          .checkReviewDate(c.meetingDate());
        boolean late = !Instant.now().isBefore(CaseCalendar.deadline(c.meetingDate()));
        return store.guarded(who, id, CaseSql.SUBMIT,
          Tuple.of(id, c.version(), late ? "late" : "accepted", late, ready.reviewDate()),
          conn -> notices.write(conn, id, who.memberId()));
      })
      .onSuccess(c -> Http.ok(ctx, 200, c.toJson()))
      .onFailure(ctx::fail);
  }

  public void accept(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = caseId(ctx);
    store.load(who, id)
      .compose(c -> {
        requireLateForChair(who, c);
        return store.guarded(who, id, CaseSql.ACCEPT, Tuple.of(id, c.version(), who.memberId()),
          conn -> notices.write(conn, id, who.memberId()));
      })
      .onSuccess(c -> Http.ok(ctx, 200, c.toJson()))
      .onFailure(ctx::fail);
  }

  public void decline(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID id = caseId(ctx);
    String reason = Json.text(Http.body(ctx), "reason", 2000, true).strip();
    store.load(who, id)
      .compose(c -> {
        requireLateForChair(who, c);
        return store.guarded(who, id, CaseSql.DECLINE, Tuple.of(id, c.version(), who.memberId(), reason),
          conn -> notices.write(conn, id, who.memberId()));
      })
      .onSuccess(c -> Http.ok(ctx, 200, c.toJson()))
      .onFailure(ctx::fail);
  }

  public void get(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    readable(who, caseId(ctx), "case")
      .onSuccess(c -> Http.ok(ctx, 200, shown(who, c)))
      .onFailure(ctx::fail);
  }

  /** Who is key for the case's needs and are they coming (issue 5, item 2); read like the case itself. */
  public void keyAgencies(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    readable(who, caseId(ctx), "key_agencies")
      .compose(keyAgencies::of)
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** The case, if the caller may read it; the read is recorded before anything is answered. */
  private Future<StoredCase> readable(Identity who, UUID id, String via) {
    LocalDate today = CaseCalendar.today();
    return store.load(who, id)
      .compose(c -> allowed(CaseAccess.readRefusal(who, c, today), c))
      .compose(c -> store.recordViews(who, List.of(c), via).map(c));
  }

  /** The pre-meeting pack (R4): the meeting's cases the caller may read, each read recorded. */
  public void pack(RoutingContext ctx) {
    Identity who = Roles.identity(ctx);
    UUID meetingId = Json.uuid(ctx.pathParam("meetingId"), "meetingId");
    LocalDate today = CaseCalendar.today();
    meetings.load(meetingId)
      .compose(meeting -> store.seat(who, meeting.panelId())
        .compose(seat -> allowed(CaseAccess.packRefusal(who, seat, meeting.meetingDate(), today), meeting)))
      .compose(meeting -> store.forMeeting(who, meetingId)
        .map(all -> all.stream().filter(c -> CaseAccess.readRefusal(who, c, today).isEmpty()).toList())
        .compose(shown -> store.recordViews(who, shown, "pack").map(v -> packJson(who, meeting, shown))))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  /** {@code GET /api/cases?mine=true}: the caller's own cases, not recorded as views (they wrote them). */
  public void mine(RoutingContext ctx) {
    if (!"true".equals(ctx.request().getParam("mine"))) {
      throw ApiError.invalid("mine", "must be true (a meeting's cases are at GET /api/meetings/{id}/cases)");
    }
    store.presentedBy(Roles.identity(ctx))
      .map(cases -> new JsonArray(cases.stream().map(StoredCase::toJson).toList()))
      .onSuccess(out -> Http.ok(ctx, 200, out))
      .onFailure(ctx::fail);
  }

  static UUID caseId(RoutingContext ctx) {
    return Json.uuid(ctx.pathParam("caseId"), "caseId");
  }

  private static <T> Future<T> allowed(Optional<ApiError> refusal, T value) {
    return refusal.<Future<T>>map(Future::failedFuture).orElseGet(() -> Future.succeededFuture(value));
  }

  /**
   * The case as this reader may see it: once its meeting is closed and older than the retention
   * period, only the officer, the chair and its own presenter still see the narrative.
   */
  JsonObject shown(Identity who, StoredCase c) {
    return CaseAccess.hidesNarrative(who, c, retentionDays, CaseCalendar.today()) ? Redaction.caseJson(c.toJson())
      : c.toJson();
  }

  private JsonObject packJson(Identity who, Meeting meeting, List<StoredCase> shown) {
    return new JsonObject()
      .put("meetingId", meeting.id().toString())
      .put("meetingDate", meeting.meetingDate().toString())
      .put("deadlineDate", CaseCalendar.deadlineDate(meeting.meetingDate()).toString())
      .put("packOpensOn", CaseCalendar.packOpensOn(meeting.meetingDate()).toString())
      .put("cases", new JsonArray(shown.stream().map(c -> shown(who, c)).toList()));
  }

  /** Presenters bring their own cases; the officer may enter one for a presenter of the panel. */
  private static UUID presenterFor(Identity who, JsonObject body) {
    UUID named = Json.uuid(body, "presenterMemberId", false);
    if (named == null || named.equals(who.memberId())) {
      return who.memberId();
    }
    if (!who.is("officer")) {
      throw ApiError.forbidden("Presenters submit their own cases; the officer may name another presenter.");
    }
    return named;
  }

  private Future<Void> checkPresenter(Identity who, UUID presenterId, Meeting meeting) {
    boolean officerForSelf = who.is("officer") && presenterId.equals(who.memberId());
    if (officerForSelf) {
      return Future.succeededFuture();
    }
    return store.isPresenterOnPanel(presenterId, meeting.panelId()).compose(ok -> {
      if (ok) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(presenterId.equals(who.memberId())
        ? ApiError.forbidden("You are not a presenter on this meeting's panel.")
        : ApiError.invalid("presenterMemberId", "is not a presenter on this meeting's panel"));
    });
  }

  private static void requireBeforeMeeting(String meetingStatus) {
    if (!"planned".equals(meetingStatus) && !"open".equals(meetingStatus)) {
      throw ApiError.conflict("wrong_status", "Cases are submitted before the meeting; this meeting is " // R4
        + (meetingStatus == null ? "not set" : meetingStatus) + ".");
    }
  }

  private static void requireLateForChair(Identity who, StoredCase c) {
    CaseAccess.requireChair(who, c);
    if (!"late".equals(c.status())) {
      throw ApiError.conflict("wrong_status", "Only a late case needs the chair's decision; this one is "
        + c.status() + ".");
    }
    if ("closed".equals(c.meetingStatus())) {
      throw ApiError.conflict("wrong_status", "The meeting is closed.");
    }
  }
}
