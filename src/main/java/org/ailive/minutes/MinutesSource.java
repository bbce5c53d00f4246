package org.ailive.minutes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ailive.auth.Identity;
import org.ailive.meeting.Meeting;
import org.ailive.room.RoomReads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What minutes are written from: the meeting, the room's whole state, the log up to that state and
 * the meeting's cases. The Markdown draft and each minutes version read it the same way and build
 * the same {@link MinutesContent} from it, so the two cannot tell different stories.
 *
 * @param meeting the meeting as {@code GET /api/meetings/{id}} returns it
 * @param state   the room's whole state ({@code sync} with {@code state: true})
 * @param events  the event log up to that state, in order
 * @param cases   the meeting's cases: id, familyRef, presenter, the summary fields
 */
record MinutesSource(JsonObject meeting, JsonObject state, JsonArray events, List<JsonObject> cases) {

  static Future<MinutesSource> read(Vertx vertx, Pool pool, Meeting meeting, Identity who) {
    UUID id = meeting.id();
    return RoomReads.state(vertx, id, who)
      .map(sync -> sync.getJsonObject("state"))
      .compose(state -> RoomReads.log(vertx, id, state.getLong("lastSeq"), who)
        .compose(events -> cases(pool, id).map(cases -> new MinutesSource(meeting.toJson(), state, events, cases))));
  }

  JsonObject content(Instant now) {
    return MinutesContent.build(meeting, state, events, cases, now);
  }

  /** "Amira Haddad (Health Visiting)", or "Ruth Adeyemi for Amira Haddad (Health Visiting)" when a colleague stood in. */
  private static String presenter(Row r) {
    String agency = r.getString("presenter_agency") == null ? "" : " (" + r.getString("presenter_agency") + ")";
    String standIn = r.getString("stand_in_name");
    return (standIn == null ? "" : standIn + " for ") + r.getString("presenter_name") + agency;
  }

  private static Future<List<JsonObject>> cases(Pool pool, UUID id) {
    return pool.preparedQuery(MinutesSql.CASES).execute(Tuple.of(id)).map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      rows.forEach(r -> out.add(new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("familyRef", r.getString("family_ref"))
        .put("presenter", presenter(r))
        .put("reasonForBringing", r.getString("reason_for_bringing"))
        .put("summaryOfConcerns", r.getString("summary_of_concerns"))
        .put("presentingNeeds", new JsonArray(List.of(r.getArrayOfStrings("presenting_needs"))))
        .put("voiceOfChild", r.getString("voice_of_child"))));
      return out;
    });
  }
}
