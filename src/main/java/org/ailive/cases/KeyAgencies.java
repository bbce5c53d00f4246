package org.ailive.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.ailive.room.AttendanceMark;
import org.ailive.room.PresentingNeed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * For each presenting need of a case, the agencies that are key for it and whether they are coming
 * to the meeting, so the chair sees before the case whether the right people are in the room.
 */
final class KeyAgencies {

  /** Best first: one member in the room outweighs another's apologies. */
  private static final List<String> ORDER = List.of("attending", "apologies", "absent", "unknown");

  private final CaseStore store;

  KeyAgencies(CaseStore store) {
    this.store = store;
  }

  private record Person(UUID id, String fullName, UUID agencyId, UUID forAgencyId, String status,
                        UUID substituteFor, boolean hasUpdate, boolean panelMember) {

    static Person from(Row r) {
      return new Person(r.getUUID("id"), r.getString("full_name"), r.getUUID("agency_id"), r.getUUID("for_agency_id"),
        r.getString("status"), r.getUUID("substitute_for_member_id"), r.getBoolean("has_update"),
        r.getBoolean("panel_member"));
    }

    /** A substitute speaks for the agency of the member they stand in for as well as their own. */
    boolean speaksFor(UUID agency) {
      return agency.equals(agencyId) || agency.equals(forAgencyId);
    }

    String attendance() {
      if (AttendanceMark.attended(status)) {
        return "attending";
      }
      return status == null ? "unknown" : switch (status) {
        case "apologies", "apologies_with_update" -> "apologies";
        case "absent" -> "absent";
        default -> "unknown";
      };
    }

    JsonObject toJson() {
      return new JsonObject().put("memberId", id.toString()).put("fullName", fullName)
        .put("attendance", status).put("panelMember", panelMember)
        .put("substituteForMemberId", substituteFor == null ? null : substituteFor.toString());
    }
  }

  Future<JsonObject> of(StoredCase c) {
    Future<List<Person>> people = c.meetingId() == null ? Future.succeededFuture(List.of())
      : store.peopleAtMeeting(c.meetingId(), c.panelId()).map(rows -> {
        List<Person> out = new ArrayList<>();
        rows.forEach(r -> out.add(Person.from(r)));
        return out;
      });
    return store.keyAgencies(c.fields().presentingNeeds())
      .compose(agencies -> people.map(p -> json(c, p, agencies)));
  }

  private static JsonObject json(StoredCase c, List<Person> people, Iterable<Row> agencyRows) {
    Map<String, JsonArray> byNeed = new LinkedHashMap<>();
    c.fields().presentingNeeds().forEach(need -> byNeed.put(need, new JsonArray()));
    for (Row r : agencyRows) {
      byNeed.get(r.getString("need")).add(agency(r.getUUID("agency_id"), r.getString("agency"), people));
    }
    JsonArray needs = new JsonArray();
    byNeed.forEach((need, agencies) -> needs.add(new JsonObject().put("need", need)
      .put("label", PresentingNeed.labelOf(need)).put("agencies", agencies)));
    Person presenter = people.stream().filter(p -> p.id().equals(c.presenterId())).findFirst().orElse(null);
    return new JsonObject()
      .put("caseId", c.id().toString())
      .put("meetingId", c.meetingId() == null ? null : c.meetingId().toString())
      .put("presenter", new JsonObject().put("memberId", c.presenterId().toString())
        .put("fullName", c.presenterName())
        .put("attendance", presenter == null ? "unknown" : presenter.attendance()))
      .put("needs", needs);
  }

  private static JsonObject agency(UUID agencyId, String name, List<Person> people) {
    List<Person> theirs = people.stream().filter(p -> p.speaksFor(agencyId)).toList();
    String best = theirs.stream().map(Person::attendance).min((a, b) -> ORDER.indexOf(a) - ORDER.indexOf(b))
      .orElse("unknown");
    boolean writtenUpdate = theirs.stream().anyMatch(p -> Objects.equals(p.status(), "apologies_with_update")
      && p.hasUpdate());
    return new JsonObject().put("agencyId", agencyId.toString()).put("agency", name)
      .put("attendance", best).put("writtenUpdate", writtenUpdate)
      .put("members", new JsonArray(theirs.stream().map(Person::toJson).toList()));
  }
}
