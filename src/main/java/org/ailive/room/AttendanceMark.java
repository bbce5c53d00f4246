package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A member's attendance at one meeting, with the values of DOMAIN.md. */
public record AttendanceMark(UUID memberId, String status, UUID substituteForMemberId, String writtenUpdate,
                             UUID markedByMemberId, Instant markedAt, Instant joinedAt) {

  /** The register's values and how minutes and reports name them, in the order they are listed. */
  public static final Map<String, String> LABELS = labels();

  public static final Set<String> STATUSES = LABELS.keySet();

  private static Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("in_room", "In the room");
    labels.put("remote", "Remote");
    labels.put("substitute", "Substitutes");
    labels.put("apologies_with_update", "Apologies with written update");
    labels.put("apologies", "Apologies");
    labels.put("absent", "Absent");
    return java.util.Collections.unmodifiableMap(labels);
  }

  /**
   * Present in some form: marked so, or joined the live room ({@code joinedAt}) whatever the mark
   * says (someone who sent apologies with an update and then joined after all).
   */
  public boolean isPresent() {
    return "in_room".equals(status) || "remote".equals(status) || "substitute".equals(status) || joinedAt != null;
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("memberId", memberId.toString())
      .put("status", status)
      .put("substituteForMemberId", substituteForMemberId == null ? null : substituteForMemberId.toString())
      .put("writtenUpdate", writtenUpdate)
      .put("markedByMemberId", markedByMemberId == null ? null : markedByMemberId.toString())
      .put("markedAt", markedAt.toEpochMilli())
      .put("joinedAt", joinedAt == null ? null : joinedAt.toEpochMilli());
  }
}
