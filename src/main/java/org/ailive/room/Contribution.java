package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * What a partner adds about the case under discussion, or under AOB and partner updates,
 * attributed to the member and their agency. Withdrawn by its author or hidden by the chair, it
 * stays in the meeting's log.
 */
public record Contribution(UUID id, UUID itemId, UUID caseId, UUID authorId, String authorName, UUID agencyId,
                           String agency, String body, String status, Instant createdAt, Instant editedAt) {

  public static final int MAX_LENGTH = 4000;

  public Contribution withBody(String newBody, Instant at) {
    return new Contribution(id, itemId, caseId, authorId, authorName, agencyId, agency, newBody, status, createdAt, at);
  }

  public Contribution withStatus(String newStatus) {
    return new Contribution(id, itemId, caseId, authorId, authorName, agencyId, agency, body, newStatus, createdAt,
      editedAt);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id.toString())
      .put("itemId", itemId == null ? null : itemId.toString())
      .put("caseId", caseId == null ? null : caseId.toString())
      .put("authorId", authorId.toString())
      .put("authorName", authorName)
      .put("agencyId", agencyId == null ? null : agencyId.toString())
      .put("agency", agency)
      // Hidden and withdrawn contributions keep their place but not their words on screens.
      .put("body", "visible".equals(status) ? body : null)
      .put("status", status)
      .put("createdAt", createdAt.toEpochMilli())
      .put("editedAt", editedAt == null ? null : editedAt.toEpochMilli());
  }
}
