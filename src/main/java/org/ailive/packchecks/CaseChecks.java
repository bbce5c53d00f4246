package org.ailive.packchecks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.ailive.cases.PackCases.KeyAgency;
import org.ailive.cases.PackCases.PackCase;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The checks on one case as the chair reads them beside it: every key agency of its presenting needs
 * (answered or not) first, then any other agency that answered; each with its answer and update.
 * A reader who no longer sees the case's narrative (retention) gets the answers without the updates.
 */
final class CaseChecks {

  private CaseChecks() {
  }

  static JsonObject json(PackCase c, List<KeyAgency> keyAgencies, List<Row> answers) {
    Map<UUID, JsonObject> byAgency = new LinkedHashMap<>();
    for (KeyAgency k : keyAgencies) {
      if (!c.presentingNeeds().contains(k.need())) {
        continue;
      }
      JsonObject a = byAgency.computeIfAbsent(k.agencyId(), id -> blank(id, k.agency(), true));
      a.getJsonArray("needs").add(new JsonObject().put("need", k.need()).put("label", k.needLabel()));
    }
    List<JsonObject> keyOnes = new ArrayList<>(byAgency.values());
    keyOnes.sort((x, y) -> x.getString("agency").compareToIgnoreCase(y.getString("agency")));
    Map<UUID, JsonObject> ordered = new LinkedHashMap<>();
    keyOnes.forEach(a -> ordered.put(UUID.fromString(a.getString("agencyId")), a));
    for (Row r : answers) {
      if (!c.id().equals(r.getUUID("case_id"))) {
        continue;
      }
      JsonObject a = ordered.computeIfAbsent(r.getUUID("agency_id"), id -> blank(id, r.getString("agency"), false));
      a.put("answered", true).put("answer", r.getString("answer"))
        .put("update", c.narrativeHidden() ? null : r.getString("update_text"))
        .put("answeredBy", new JsonObject().put("memberId", r.getUUID("answered_by").toString())
          .put("fullName", r.getString("answered_by_name")))
        .put("answeredAt", millis(r.getOffsetDateTime("answered_at")))
        .put("version", r.getInteger("version"));
    }
    long answeredKey = keyOnes.stream().filter(a -> a.getBoolean("answered")).count();
    JsonObject out = new JsonObject()
      .put("caseId", c.id().toString())
      .put("familyRef", c.familyRef())
      .put("meetingId", c.meetingId() == null ? null : c.meetingId().toString())
      .put("keyAgencies", new JsonObject().put("total", keyOnes.size()).put("answered", answeredKey))
      .put("agencies", new JsonArray(new ArrayList<>(ordered.values())));
    return c.narrativeHidden() ? out.put("updatesWithheld", true) : out;
  }

  private static JsonObject blank(UUID agencyId, String agency, boolean key) {
    return new JsonObject().put("agencyId", agencyId.toString()).put("agency", agency).put("key", key)
      .put("needs", new JsonArray()).put("answered", false).putNull("answer").putNull("update")
      .putNull("answeredBy").putNull("answeredAt").putNull("version");
  }

  private static Long millis(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toEpochMilli();
  }
}
