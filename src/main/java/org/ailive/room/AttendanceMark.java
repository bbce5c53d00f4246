package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A member's attendance at one meeting, with the values of DOMAIN.md. */
public record AttendanceMark(UUID memberId, String status, UUID substituteForMemberId, String writtenUpdate,
                             UUID markedByMemberId, Instant markedAt, Instant joinedAt) {

  /**
   * How one value is written: {@code mark} names a single mark (the draft's log), {@code group} heads
   * the list of those so marked in the minutes (kept in every minutes version's content), and
   * {@code column} heads its column in the attendance report, shorter, and for "absent" also counting
   * the panel members nobody marked.
   */
  public record Label(String mark, String group, String column) {
  }

  /** The register's values and every word for them, in the order the register, minutes and report list them. */
  public static final Map<String, Label> LABELS = labels();

  public static final Set<String> STATUSES = LABELS.keySet();

  private static Map<String, Label> labels() {
    Map<String, Label> labels = new LinkedHashMap<>();
    labels.put("in_room", new Label("In the room", "In the room", "In the room"));
    labels.put("remote", new Label("Remote", "Remote", "Remote"));
    labels.put("substitute", new Label("Substitute", "Substitutes", "Substitute"));
    labels.put("apologies_with_update", new Label("Apologies with written update", "Apologies with written update",
      "Apologies with update"));
    labels.put("apologies", new Label("Apologies", "Apologies", "Apologies"));
    labels.put("absent", new Label("Absent", "Absent", "Absent or not recorded"));
    return Collections.unmodifiableMap(labels);
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
