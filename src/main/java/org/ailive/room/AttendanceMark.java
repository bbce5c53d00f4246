package org.ailive.room;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A member's attendance at one meeting, with the values of DOMAIN.md. {@code status} is null for
 * someone who joined the live room and has not yet said how they attend ("not yet marked"); a
 * join never assumes "remote". {@code joinedAt}/{@code leftAt}: their first connection to the
 * live room and, once their last one closed, when (null again when they come back). {@code half}:
 * on a double-district panel, the one district's half they attended (null: the whole meeting).
 */
public record AttendanceMark(UUID memberId, String status, UUID substituteForMemberId, String writtenUpdate,
                             UUID markedByMemberId, Instant markedAt, Instant joinedAt, Instant leftAt,
                             String half) {

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

  /**
   * The one home of "attended" (R11): in the room, remote, or by a substitute. The reports, the key
   * agencies and the agreement of partners present (R8) all read it here.
   */
  public static final List<String> ATTENDED = List.of("in_room", "remote", "substitute");

  /** {@link #ATTENDED} as an SQL list, {@code ('in_room', 'remote', 'substitute')}. */
  public static final String ATTENDED_SQL = StatusList.sql(ATTENDED);

  /** The halves of a double-district meeting (the agenda's sections, R1). */
  public static final List<String> HALVES = List.of("first_district", "second_district");

  /** A panel member nobody marked whose substitute attended: represented, not absent (minutes). */
  public static final Label REPRESENTED = new Label("Represented by a substitute", "Represented by a substitute",
    "Represented by a substitute");

  /** A panel member with no mark yet (or who joined without saying how). */
  public static final Label NOT_MARKED = new Label("Not yet marked", "Not yet marked", "Not yet marked");

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
   * The SQL rank of a status column, best first in {@link #LABELS}'s order (1 = in the room); no
   * status (never marked) ranks with absent. For reports that keep each agency's best mark.
   */
  public static String rankSql(String column) {
    StringBuilder sql = new StringBuilder("CASE ").append(column);
    int rank = 1;
    for (String status : STATUSES) {
      if (!"absent".equals(status)) {
        sql.append(" WHEN '").append(status).append("' THEN ").append(rank++);
      }
    }
    return sql.append(" ELSE ").append(rank).append(" END").toString();
  }

  public static boolean attended(String status) {
    return status != null && ATTENDED.contains(status);
  }

  /** Not yet marked: no status (perhaps joined the room without saying how). */
  public boolean unmarked() {
    return status == null;
  }

  /**
   * Present in some form: marked so, or joined the live room ({@code joinedAt}) whatever the mark
   * says (someone who sent apologies with an update and then joined after all).
   */
  public boolean isPresent() {
    return attended(status) || joinedAt != null;
  }

  /** The same mark with another status (and what goes with it), set by someone now; times and half kept. */
  AttendanceMark marked(String newStatus, UUID substituteFor, String update, UUID by, Instant now, String newHalf) {
    return new AttendanceMark(memberId, newStatus, substituteFor, update, by, now, joinedAt, leftAt, newHalf);
  }

  AttendanceMark joined(Instant now) {
    return new AttendanceMark(memberId, status, substituteForMemberId, writtenUpdate, markedByMemberId, markedAt,
      joinedAt == null ? now : joinedAt, null, half);
  }

  AttendanceMark left(Instant now) {
    return new AttendanceMark(memberId, status, substituteForMemberId, writtenUpdate, markedByMemberId, markedAt,
      joinedAt, now, half);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("memberId", memberId.toString())
      .put("status", status)
      .put("substituteForMemberId", substituteForMemberId == null ? null : substituteForMemberId.toString())
      .put("writtenUpdate", writtenUpdate)
      .put("markedByMemberId", markedByMemberId == null ? null : markedByMemberId.toString())
      .put("markedAt", markedAt.toEpochMilli())
      .put("joinedAt", joinedAt == null ? null : joinedAt.toEpochMilli())
      .put("leftAt", leftAt == null ? null : leftAt.toEpochMilli())
      .put("half", half);
  }
}
