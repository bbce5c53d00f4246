package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.audit.AuditAction;
import org.ailive.audit.AuditTrail;
import org.ailive.auth.Identity;
import org.ailive.protocol.Zone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Case views in the live room (R12): a case's narrative comes into a member's view when the shared
 * focus moves to it while they are connected, when they catch up on a state or events that show it,
 * and when the chair lets observers see cases. Each (member, case) is recorded once per meeting: a
 * set here, and a unique index in the database so a restart or another node's room does not
 * duplicate it. Writing is after the fact and asynchronous: it never holds up or fails a live change;
 * a failure is logged (ids only, never narrative) and tried again at the member's next view.
 */
final class CaseViews {

  private static final Logger log = LoggerFactory.getLogger(CaseViews.class);

  private final RoomStore store;
  private final UUID meetingId;
  private final int retentionDays;
  /** "memberId/caseId" of the views recorded (or being recorded) for this meeting. */
  private final Set<String> recorded = new HashSet<>();

  CaseViews(RoomStore store, UUID meetingId, int retentionDays) {
    this.store = store;
    this.meetingId = meetingId;
    this.retentionDays = retentionDays;
  }

  /** The case in focus in this state, for everyone connected who sees its narrative. */
  void focus(RoomState s, Collection<Identity> connected) {
    UUID caseId = s.focusCaseId();
    if (caseId == null || !s.cases().containsKey(caseId)) {
      return;
    }
    List<AuditTrail.Entry> views = new ArrayList<>();
    for (Identity who : connected) {
      view(who, s, caseId, views);
    }
    write(views);
  }

  /**
   * What one reader was shown by a catch-up: the case in focus of the state sent ({@code state}
   * true), and every case whose summary an event sent carries.
   */
  void caughtUp(Identity who, RoomState s, boolean withState, JsonArray events) {
    Set<UUID> shown = new LinkedHashSet<>();
    UUID focus = s.focusCaseId();
    if (withState && focus != null && s.cases().containsKey(focus)) {
      shown.add(focus);
    }
    for (Object e : events) {
      JsonObject payload = ((JsonObject) e).getJsonObject("payload");
      JsonObject f = payload == null ? null : payload.getJsonObject("focus");
      if (f != null && f.getValue("summary") instanceof JsonObject && f.getValue("caseId") instanceof String id) {
        shown.add(UUID.fromString(id));
      }
    }
    List<AuditTrail.Entry> views = new ArrayList<>();
    shown.forEach(caseId -> view(who, s, caseId, views));
    write(views);
  }

  private void view(Identity who, RoomState s, UUID caseId, List<AuditTrail.Entry> views) {
    if (Redaction.hidesFrom(who, s.observersSeeCases(), s.status(), s.meetingDate(), retentionDays, Zone.today())) {
      return;
    }
    if (recorded.add(key(who.memberId(), caseId))) {
      views.add(new AuditTrail.Entry(who.memberId(), AuditAction.CASE_VIEWED, caseId.toString(),
        new JsonObject().put("via", "room").put("meetingId", meetingId.toString())));
    }
  }

  private void write(List<AuditTrail.Entry> views) {
    if (views.isEmpty()) {
      return;
    }
    store.recordCaseViews(views).onFailure(err -> {
      views.forEach(v -> recorded.remove(key(v.memberId(), UUID.fromString(v.subject()))));
      log.warn("Meeting {}: could not record {} case view(s) in the audit trail: {}", meetingId, views.size(),
        err.getClass().getSimpleName());
    });
  }

  private static String key(UUID memberId, UUID caseId) {
    return memberId + "/" + caseId;
  }
}
