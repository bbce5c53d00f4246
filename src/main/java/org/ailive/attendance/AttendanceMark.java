package org.ailive.attendance;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A member's attendance at one meeting, with the values of DOMAIN.md. */
public record AttendanceMark(UUID memberId, String status, UUID substituteForMemberId, String writtenUpdate,
                             UUID markedByMemberId, Instant markedAt) {

  public static final Set<String> STATUSES =
    Set.of("in_room", "remote", "substitute", "apologies_with_update", "apologies", "absent");

  /** Present in some form: a remote join must not overwrite these. */
  public boolean isPresent() {
    return "in_room".equals(status) || "remote".equals(status) || "substitute".equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("memberId", memberId.toString())
      .put("status", status)
      .put("substituteForMemberId", substituteForMemberId == null ? null : substituteForMemberId.toString())
      .put("writtenUpdate", writtenUpdate)
      .put("markedByMemberId", markedByMemberId == null ? null : markedByMemberId.toString())
      .put("markedAt", markedAt.toEpochMilli());
  }
}
