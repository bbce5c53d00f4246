package org.ailive.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.meeting.MeetingApi;
import org.ailive.room.PresentingNeed;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * The cases of a pack as features built on it see them (the partners' checks, org.ailive.packchecks):
 * who may read which case is {@link CaseAccess}'s answer, asked here so it is never asked twice;
 * every read is recorded (R12) under the {@code via} the caller names.
 */
public final class PackCases {

  /**
   * A case of the pack, as much of it as a check needs: never its narrative. {@code narrativeHidden}:
   * the reader no longer sees what was said about the family (retention), so not the partners'
   * updates either. {@code runsPanel}: the reader is the officer or a chair of its panel;
   * {@code onPanel}: the reader sits on its panel now.
   */
  public record PackCase(UUID id, UUID meetingId, String familyRef, String status, List<String> presentingNeeds,
                         String meetingStatus, LocalDate meetingDate, boolean narrativeHidden, boolean runsPanel,
                         boolean onPanel) {

    /** Submitted to the panel (not a draft, not declined): the cases partners check. */
    public boolean inPack() {
      return CaseAccess.IN_PACK.contains(status);
    }
  }

  /** An agency that is key for one of a case's presenting needs ({@code need_key_agency}). */
  public record KeyAgency(String need, String needLabel, UUID agencyId, String agency) {
  }

  private final CaseStore store;
  private final MeetingApi meetings;
  private final int retentionDays;

  public PackCases(Pool pool, MeetingApi meetings, int retentionDays) {
    this.store = new CaseStore(pool);
    this.meetings = meetings;
    this.retentionDays = retentionDays;
  }

  /** The case if the caller may read it, the read recorded; 403/404 as {@code GET /api/cases/{id}}. */
  public Future<PackCase> read(Identity who, UUID caseId, String via) {
    LocalDate today = CaseCalendar.today();
    return readable(who, caseId, today)
      .compose(c -> store.recordViews(who, List.of(c), via).map(v -> pack(who, c, today)));
  }

  /** The case if the caller may read it, without recording a read (a write that shows nothing of it). */
  public Future<PackCase> check(Identity who, UUID caseId) {
    LocalDate today = CaseCalendar.today();
    return readable(who, caseId, today).map(c -> pack(who, c, today));
  }

  /**
   * The meeting's cases the caller may read, in agenda order (R1), each read recorded; 403 when the
   * pack is not open to them, as {@code GET /api/meetings/{id}/cases}.
   */
  public Future<List<PackCase>> readAt(Identity who, UUID meetingId, String via) {
    LocalDate today = CaseCalendar.today();
    return meetings.load(meetingId)
      .compose(meeting -> store.seat(who, meeting.panelId()).compose(seat -> {
        var refusal = CaseAccess.packRefusal(who, seat, meeting.meetingDate(), today);
        return refusal.isPresent() ? Future.failedFuture(refusal.get()) : Future.succeededFuture();
      }))
      .compose(v -> store.forMeeting(who, meetingId))
      .map(all -> all.stream().filter(c -> CaseAccess.readRefusal(who, c, today).isEmpty()).toList())
      .compose(shown -> (via == null ? Future.<Void>succeededFuture() : store.recordViews(who, shown, via))
        .map(v -> shown.stream().map(c -> pack(who, c, today)).toList()));
  }

  /**
   * The meeting's cases the caller may read, for a view that shows only their references (no read is
   * recorded: nothing of what the family said is shown); 403 as {@link #readAt}.
   */
  public Future<List<PackCase>> listAt(Identity who, UUID meetingId) {
    return readAt(who, meetingId, null);
  }

  /** The key agencies of these needs, need by need and by name (a row with no agency is every county-wide one). */
  public Future<List<KeyAgency>> keyAgencies(Collection<String> needs) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(needs));
    if (distinct.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return store.keyAgencies(distinct).map(rows -> {
      List<KeyAgency> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new KeyAgency(r.getString("need"), PresentingNeed.labelOf(r.getString("need")),
          r.getUUID("agency_id"), r.getString("agency")));
      }
      return out;
    });
  }

  private Future<StoredCase> readable(Identity who, UUID caseId, LocalDate today) {
    return store.load(who, caseId).compose(c -> {
      var refusal = CaseAccess.readRefusal(who, c, today);
      return refusal.isPresent() ? Future.<StoredCase>failedFuture(refusal.get()) : Future.succeededFuture(c);
    });
  }

  private PackCase pack(Identity who, StoredCase c, LocalDate today) {
    return new PackCase(c.id(), c.meetingId(), c.fields().familyRef(), c.status(), c.fields().presentingNeeds(),
      c.meetingStatus(), c.meetingDate(), CaseAccess.hidesNarrative(who, c, retentionDays, today),
      PanelReach.runs(who, c.seat()), c.seat().onPanel());
  }
}
