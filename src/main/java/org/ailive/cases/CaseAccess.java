package org.ailive.cases;

import org.ailive.auth.Identity;
import org.ailive.auth.PanelReach;
import org.ailive.room.CaseStatus;
import org.ailive.protocol.ApiError;
import org.ailive.room.Redaction;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * Who may read and change a case (R4, R12). Client information goes only to those involved: the
 * presenter and the people who run the panel at any time; the panel's partners and presenters once
 * the pre-meeting pack opens, and then only cases that went to the panel. Those who run the panel
 * (the officer, its chair: {@link PanelReach}) read every case of it, drafts included.
 */
final class CaseAccess {

  /** Drafts are the presenter's work in progress; declined cases are not discussed, so not shared. */
  static final Set<String> IN_PACK = Set.copyOf(CaseStatus.IN_PACK);

  private CaseAccess() {
  }

  /** Why the caller may not read the meeting's pack now; empty when they may. */
  static Optional<ApiError> packRefusal(Identity who, PanelReach.Seat seat, LocalDate meetingDate, LocalDate today) {
    if (PanelReach.runs(who, seat)) {
      return Optional.empty();
    }
    if (!seat.onPanel()) {
      return Optional.of(ApiError.forbidden("You are not a member of this meeting's panel."));
    }
    if (!who.is("partner") && !who.is("presenter")) {
      return Optional.of(ApiError.forbidden("The pre-meeting pack is for the panel's partners and presenters."));
    }
    if (!CaseCalendar.packOpen(meetingDate, today)) {
      return Optional.of(ApiError.forbidden(meetingDate == null ? "This case is not on a meeting's agenda."
        : "The pre-meeting pack opens on " + CaseCalendar.packOpensOn(meetingDate)
          + ", 5 working days before the meeting."));
    }
    return Optional.empty();
  }

  static Optional<ApiError> readRefusal(Identity who, StoredCase c, LocalDate today) {
    if (isPresenter(who, c)) {
      return Optional.empty();
    }
    Optional<ApiError> pack = packRefusal(who, c.seat(), c.meetingDate(), today);
    if (pack.isPresent() || PanelReach.runs(who, c.seat()) || IN_PACK.contains(c.status())) {
      return pack;
    }
    return Optional.of(ApiError.forbidden("A " + c.status() + " case is seen only by its presenter, the officer"
      + " and the chair."));
  }

  /**
   * Whether this reader gets the case without its narrative: once its meeting is closed and older
   * than the retention period, only the officer, the chair and its own presenter still see it. The
   * partners' updates on it (org.ailive.packchecks) are narrative too and follow the same rule.
   */
  static boolean hidesNarrative(Identity who, StoredCase c, int retentionDays, LocalDate today) {
    return c.meetingDate() != null && !who.memberId().equals(c.presenterId())
      && Redaction.hidesFrom(who, false, c.meetingStatus(), c.meetingDate(), retentionDays, today);
  }

  /** The presenter edits and submits their own case; the officer may do it for them. */
  static void requireEditor(Identity who, StoredCase c) {
    if (!who.is("officer") && !isPresenter(who, c)) {
      throw ApiError.forbidden("Only the case's presenter or the officer changes a case.");
    }
  }

  /** Late cases are the chair's call (R4), and only for their own panel. */
  static void requireChair(Identity who, StoredCase c) {
    if (!who.is("chair") || !PanelReach.runs(who, c.seat())) {
      throw ApiError.forbidden("Only the chair of this meeting's panel accepts or declines a late case.");
    }
  }

  private static boolean isPresenter(Identity who, StoredCase c) {
    return who.memberId().equals(c.presenterId());
  }
}
