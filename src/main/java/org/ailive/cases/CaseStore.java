package org.ailive.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.protocol.ApiError;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Reading and writing cases, always as seen by a caller, and recording who read them (R12). */
final class CaseStore {

  private final Pool pool;

  CaseStore(Pool pool) {
    this.pool = pool;
  }

  /** A write lost to a concurrent change: the client gets the case as it is now, to merge. */
  static ApiError conflict(StoredCase current) {
    return ApiError.conflict("version_conflict", "The case was changed meanwhile (it is now at version "
      + current.version() + "): merge your changes into 'current' and send them again.")
      .with("current", current.toJson());
  }

  Future<StoredCase> load(Identity who, UUID id) {
    return pool.preparedQuery(CaseSql.BY_ID).execute(Tuple.of(who.memberId(), id))
      .compose(rows -> rows.size() == 1
        ? Future.succeededFuture(StoredCase.from(rows.iterator().next()))
        : Future.failedFuture(ApiError.notFound("The case")));
  }

  Future<List<StoredCase>> forMeeting(Identity who, UUID meetingId) {
    return pool.preparedQuery(CaseSql.FOR_MEETING).execute(Tuple.of(who.memberId(), meetingId)).map(CaseStore::cases);
  }

  Future<List<StoredCase>> presentedBy(Identity who) {
    return pool.preparedQuery(CaseSql.BY_PRESENTER).execute(Tuple.of(who.memberId())).map(CaseStore::cases);
  }

  Future<List<StoredCase>> ofFamily(Identity who, String familyRef) {
    return pool.preparedQuery(CaseSql.BY_FAMILY).execute(Tuple.of(who.memberId(), familyRef)).map(CaseStore::cases);
  }

  Future<List<StoredCase>> familiesLike(Identity who, String pattern, int limit) {
    return pool.preparedQuery(CaseSql.FAMILY_LIKE)
      .execute(Tuple.of(who.memberId(), pattern, limit, PanelReach.countyWide(who)))
      .map(CaseStore::cases);
  }

  Future<PanelReach.Seat> seat(Identity who, UUID panelId) {
    return pool.preparedQuery(CaseSql.SEAT).execute(Tuple.of(who.memberId(), panelId))
      .map(rows -> PanelReach.Seat.from(rows.iterator().next()));
  }

  Future<Boolean> isPresenterOnPanel(UUID memberId, UUID panelId) {
    return pool.preparedQuery(CaseSql.PRESENTER_ON_PANEL).execute(Tuple.of(memberId, panelId))
      .map(rows -> rows.size() > 0);
  }

  Future<UUID> insert(UUID panelId, UUID meetingId, UUID presenterId, CaseFields f) {
    return pool.preparedQuery(CaseSql.INSERT).execute(Tuple.of(f.familyRef(), panelId, f.districtId(), meetingId,
        presenterId, f.ffaOpen(), f.consentToShare(), f.reasonForBringing(), f.summaryOfConcerns(),
        f.presentingNeeds().toArray(new String[0]), f.voiceOfChild(), f.reviewDate()))
      .map(rows -> rows.iterator().next().getUUID("id"));
  }

  Future<StoredCase> update(Identity who, UUID id, int version, CaseFields f) {
    return guarded(who, id, CaseSql.UPDATE, Tuple.of(id, version, f.familyRef(), f.districtId(), f.ffaOpen(),
      f.consentToShare(), f.reasonForBringing(), f.summaryOfConcerns(), f.presentingNeeds().toArray(new String[0]),
      f.voiceOfChild(), f.reviewDate()));
  }

  /**
   * Runs a write guarded by {@code version = $2} and answers the case as it now is; if another
   * change got there first, fails with a {@link #conflict} carrying the current case.
   */
  Future<StoredCase> guarded(Identity who, UUID id, String sql, Tuple params) {
    return guarded(who, id, sql, params, conn -> Future.succeededFuture());
  }

  /**
   * As {@link #guarded(Identity, UUID, String, Tuple)}, with {@code then} run in the same transaction
   * once the write took (the notices it causes): both commit, or neither.
   */
  Future<StoredCase> guarded(Identity who, UUID id, String sql, Tuple params,
                             Function<SqlConnection, Future<Void>> then) {
    return pool.withTransaction(conn -> conn.preparedQuery(sql).execute(params)
        .compose(rows -> rows.rowCount() == 1 ? then.apply(conn).map(true) : Future.succeededFuture(false)))
      .compose(took -> took ? load(who, id)
        : load(who, id).compose(current -> Future.failedFuture(conflict(current))));
  }

  /** One audit row per case shown; the answer waits for it, so nothing is read unrecorded. */
  Future<Void> recordViews(Identity who, List<StoredCase> shown, String via) {
    List<AuditTrail.Entry> entries = new ArrayList<>();
    for (StoredCase c : shown) {
      entries.add(new AuditTrail.Entry(who.memberId(), AuditAction.CASE_VIEWED, c.id().toString(),
        new JsonObject().put("via", via).put("meetingId", c.meetingId() == null ? null : c.meetingId().toString())));
    }
    return AuditTrail.recordAll(pool, entries);
  }

  Future<RowSet<Row>> keyAgencies(List<String> needs) {
    return pool.preparedQuery(CaseSql.KEY_AGENCIES).execute(Tuple.tuple().addArrayOfString(needs.toArray(new String[0])));
  }

  Future<RowSet<Row>> peopleAtMeeting(UUID meetingId, UUID panelId) {
    return pool.preparedQuery(CaseSql.PEOPLE_AT_MEETING).execute(Tuple.of(meetingId, panelId));
  }

  private static List<StoredCase> cases(RowSet<Row> rows) {
    List<StoredCase> out = new ArrayList<>();
    rows.forEach(r -> out.add(StoredCase.from(r)));
    return out;
  }
}
