package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * One slot of the agenda (R1): a case of the first or second district, AOB and partner updates,
 * or another item the chair adds. Minutes are planned; seconds used are recorded (R3).
 */
public record AgendaItem(UUID id, int position, String kind, String section, UUID districtId, String districtName,
                         UUID caseId, String familyRef, String title, int allottedSeconds, int usedSeconds,
                         boolean done) {

  public boolean isCase() {
    return "case".equals(kind);
  }

  public AgendaItem withPosition(int p) {
    return new AgendaItem(id, p, kind, section, districtId, districtName, caseId, familyRef, title, allottedSeconds,
      usedSeconds, done);
  }

  public AgendaItem withAllotted(int seconds) {
    return new AgendaItem(id, position, kind, section, districtId, districtName, caseId, familyRef, title, seconds,
      usedSeconds, done);
  }

  public AgendaItem withUsed(int seconds, boolean isDone) {
    return new AgendaItem(id, position, kind, section, districtId, districtName, caseId, familyRef, title,
      allottedSeconds, seconds, isDone);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("position", position)
      .put("kind", kind)
      .put("section", section)
      .put("districtId", districtId == null ? null : districtId.toString())
      .put("districtName", districtName)
      .put("caseId", caseId == null ? null : caseId.toString())
      .put("familyRef", familyRef)
      .put("title", title)
      .put("allottedSeconds", allottedSeconds)
      .put("usedSeconds", usedSeconds)
      .put("done", done);
  }
}
