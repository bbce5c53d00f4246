package org.ailive.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static org.ailive.security.FuzzInputs.*;
import static org.ailive.security.FuzzTest.*;

/** The live commands, each refused once one thing is wrong, sent over HTTP. */
class FuzzCommands extends FuzzRoutes {

  FuzzCommands(Random rnd, boolean knownDefects) {
    super(rnd, knownDefects);
  }

  // ---- Live commands

  record Cmd(String token, String type, Body base, List<F> fields, boolean baseRefused, boolean change) {
  }

  List<Cmd> commands() {
    String item1 = itemIds.get(0);
    String item2 = itemIds.get(1);
    List<Cmd> out = new ArrayList<>();
    // Chair.
    out.add(new Cmd(chair, "timer.extend", Body.of("minutes", 2), List.of(F.integer("minutes", true, 1, 60)), false, true));
    out.add(new Cmd(chair, "agenda.setMinutes", Body.of("itemId", item2, "minutes", 10), List.of(
      F.of("itemId", "uuid").bad(q(UUID.randomUUID().toString())), F.integer("minutes", true, 0, 240)), false, true));
    out.add(new Cmd(chair, "agenda.addMinutes", Body.of("itemId", item2, "minutes", 1), List.of(
      F.of("itemId", "uuid"), F.integer("minutes", true, -240, 240).bad("230", "-16")), false, true));
    out.add(new Cmd(chair, "agenda.add", Body.of("title", "Fuzz item", "minutes", 5), List.of(F.text("title", true, 200),
      F.integer("minutes", true, 0, 240), F.of("afterItemId", "custom").bad("5", q("x"), "[]", q(UUID.randomUUID().toString()))),
      false, true));
    // JsonArray wraps the list it is given: copies, so the item ids stay as they are.
    JsonArray all = new JsonArray(new ArrayList<>(itemIds));
    JsonArray dup = new JsonArray(new ArrayList<>(itemIds)).add(item1);
    JsonArray missingOne = new JsonArray(new ArrayList<>(itemIds.subList(1, itemIds.size())));
    JsonArray withStranger = new JsonArray(new ArrayList<>(itemIds.subList(1, itemIds.size())))
      .add(UUID.randomUUID().toString());
    out.add(new Cmd(chair, "agenda.reorder", Body.of("itemIds", all), List.of(F.of("itemIds", "custom").bad("null", MISSING,
      "[]", dup.encode(), missingOne.encode(), withStranger.encode(), q("x"), "[5]", "{}",
      new JsonArray(Collections.nCopies(501, item1)).encode())), false, true));
    out.add(new Cmd(chair, "agenda.shareRemaining", Body.of("totalMinutes", 60), List.of(
      F.integer("totalMinutes", false, 0, 1440).bad("1440")), false, true));
    // memberId may be left out (it is then yourself), but not null.
    out.add(new Cmd(chair, "attendance.mark", Body.of("memberId", policeId, "status", "in_room"), List.of(
      F.of("memberId", "uuid?").bad("null", q(UUID.randomUUID().toString())), F.of("status", "enum").bad(q("IN_ROOM"), q("in_room "),
        q("present")), F.of("substituteForMemberId", "custom").bad("5", q("x"), "[]"),
      F.of("writtenUpdate", "custom").bad("5", "[]", "{}", q("x".repeat(10_001)))), false, true));
    out.add(new Cmd(chair, "attendance.mark", Body.of("memberId", policeId, "status", "substitute"), List.of(), true, true));
    out.add(new Cmd(chair, "attendance.mark", Body.of("memberId", policeId, "status", "apologies_with_update",
      "writtenUpdate", "sorry"), List.of(F.text("writtenUpdate", true, 10_000)), false, true));
    out.add(new Cmd(chair, "meeting.observerAccess", Body.of("allowed", true), List.of(F.of("allowed", "bool")), false, true));
    out.add(new Cmd(chair, "case.highlight", Body.of("field", "voiceOfChild"), List.of(F.of("field", "custom")
      .bad(q("bogus"), q("familyRef"), q("presenterId"), "5", "[]", q("x".repeat(41)))), false, true));
    out.add(new Cmd(chair, "case.edit", Body.of("field", "summaryOfConcerns", "baseValue", focusConcerns, "value", "Edited"),
      List.of(F.of("field", "custom").bad("null", MISSING, q("bogus"), q("familyRef"), "5"),
        F.of("baseValue", "custom").bad(MISSING, q("not what it was"), "5"),
        F.text("value", true, 10_000)), false, true));
    out.add(new Cmd(chair, "case.edit", Body.of("field", "presentingNeeds", "baseValue", "[]", "value",
      new JsonArray().add("neglect")), List.of(F.of("value", "custom").bad("[]", "[\"bogus\"]", q("neglect"), "[5]",
      new JsonArray(Collections.nCopies(21, "neglect")).encode())), true, true));
    out.add(new Cmd(chair, "contribution.hide", Body.of("contributionId", contributionId), List.of(
      F.of("contributionId", "uuid").bad(q(UUID.randomUUID().toString()))), false, true));
    out.add(new Cmd(chair, "hand.next", Body.of(), List.of(), true, true));
    out.add(new Cmd(chair, "action.confirm", Body.of("actionId", proposedActionId), List.of(
      F.of("actionId", "uuid").bad(q(UUID.randomUUID().toString()), q(fx.openAction)),
      F.of("lateDueReason", "custom").bad("5", "[]", q("x".repeat(1001)))), false, true));
    out.add(new Cmd(chair, "action.return", Body.of("actionId", proposedActionId, "reason", "Not SMART"), List.of(
      F.of("actionId", "uuid"), F.text("reason", true, 1000)), false, true));
    out.add(new Cmd(chair, "action.proposeClose", Body.of("actionId", proposedActionId, "completionConfirmed", true),
      List.of(), true, true));
    out.add(new Cmd(chair, "action.close", Body.of("actionId", proposedActionId), List.of(), true, true));
    for (String t : List.of("timer.pause", "timer.next", "meeting.end", "hand.clear")) {
      out.add(new Cmd(chair, t, Body.of(), List.of(), false, true));
    }
    out.add(new Cmd(chair, "timer.resume", Body.of(), List.of(), true, true));
    out.add(new Cmd(chair, "timer.back", Body.of(), List.of(), true, true));
    out.add(new Cmd(chair, "timer.start", Body.of("itemId", item2), List.of(F.of("itemId", "uuid?")
      .bad(q(UUID.randomUUID().toString()))), false, true));
    // Partner.
    out.add(new Cmd(partner, "contribution.add", Body.of("body", "Fuzz says"), List.of(F.text("body", true, 4000),
      F.of("itemId", "uuid?").bad(q(UUID.randomUUID().toString()))), false, true));
    out.add(new Cmd(partner, "contribution.edit", Body.of("contributionId", contributionId, "body", "Edited"), List.of(
      F.of("contributionId", "uuid").bad(q(UUID.randomUUID().toString())), F.text("body", true, 4000)), false, true));
    out.add(new Cmd(partner, "contribution.withdraw", Body.of("contributionId", contributionId), List.of(
      F.of("contributionId", "uuid")), false, true));
    out.add(new Cmd(partner, "hand.raise", Body.of(), List.of(), false, true));
    out.add(new Cmd(partner, "hand.lower", Body.of("memberId", chairId), List.of(F.of("memberId", "uuid?").bad("null")),
      true, true));
    out.add(new Cmd(partner, "attendance.mark", Body.of("status", "in_room"), List.of(F.of("status", "enum").bad(q("absent"),
      q("substitute")), F.of("memberId", "custom").bad(q(chairId), "null", "5")), false, true));
    out.add(new Cmd(partner, "action.propose", Body.of("description", "Fuzz action", "ownerAgencyId", fx.policeAgency,
      "successMeasure", "Measured"), List.of(F.text("description", true, 4000), F.of("ownerAgencyId", "uuid")
      .bad(q(UUID.randomUUID().toString())), F.of("ownerMemberId", "uuid?").bad(q(chairId), q(UUID.randomUUID().toString())),
      F.of("dueDate", "date?").bad(q("2000-01-01")), F.text("successMeasure", true, 4000),
      F.of("caseId", "uuid?").bad(q(UUID.randomUUID().toString()), q(fx.closedCase))), false, true));
    out.add(new Cmd(partner, "action.revise", Body.of("actionId", proposedActionId, "description", "Revised"), List.of(
      F.of("actionId", "uuid"), F.text("description", false, 4000).bad(q(""), q("   ")), F.of("dueDate", "date?")), false, true));
    out.add(new Cmd(partner, "action.object", Body.of("actionId", proposedActionId, "reason", "No"), List.of(), true, true));
    out.add(new Cmd(partner, "sync", Body.of("after", 0), List.of(F.integer("after", false, 0, Integer.MAX_VALUE)
      .bad(q("0"))), false, false));
    // Valid commands of roles the member does not hold.
    for (String[] t : new String[][] {{"timer.extend", "{\"minutes\": 2}"}, {"timer.pause", "{}"}, {"meeting.end", "{}"},
      {"hand.next", "{}"}, {"hand.clear", "{}"}, {"meeting.observerAccess", "{\"allowed\": true}"},
      {"agenda.setMinutes", "{\"itemId\": \"" + item2 + "\", \"minutes\": 3}"},
      {"contribution.hide", "{\"contributionId\": \"" + contributionId + "\"}"},
      {"action.confirm", "{\"actionId\": \"" + proposedActionId + "\"}"},
      {"attendance.mark", "{\"memberId\": \"" + chairId + "\", \"status\": \"absent\"}"}}) {
      Body b = new Body();
      new JsonObject(t[1]).forEach(e -> b.fields.put(e.getKey(), json(e.getValue() instanceof String s ? s : e.getValue())));
      out.add(new Cmd(partner, t[0], b, List.of(), true, true));
      out.add(new Cmd(observer, t[0], b, List.of(), true, true));
    }
    out.add(new Cmd(observer, "contribution.add", Body.of("body", "Observers only listen"), List.of(), true, true));
    out.add(new Cmd(observer, "hand.raise", Body.of(), List.of(), true, true));
    // Officer, live: the chair's now.
    out.add(new Cmd(officer, "meeting.open", Body.of(), List.of(), true, true));
    out.add(new Cmd(officer, "meeting.start", Body.of(), List.of(), true, true));
    out.add(new Cmd(officer, "agenda.setMinutes", Body.of("itemId", item2, "minutes", 3), List.of(), true, true));
    out.add(new Cmd(officer, "agenda.build", Body.of("caseMinutes", 15), List.of(F.integer("caseMinutes", false, 1, 120),
      F.integer("aobMinutes", false, 0, 120)), true, true));
    out.add(new Cmd(officer, "attendance.mark", Body.of("memberId", policeId, "status", "absent"), List.of(
      F.of("status", "enum"), F.of("memberId", "uuid?").bad("null")), false, true));
    return out;
  }

  /** One wrong thing per command: a field, the type, the key; with unknown fields and duplicate keys now and then. */
  List<String> commandBodies(Cmd c) {
    List<String> out = new ArrayList<>();
    Function<Body, String> withKey = b -> {
      Body typed = b.with("type", q(c.type()));
      return (c.change() && !b.fields.containsKey("key") ? typed.with("key", q("fz-" + keys.incrementAndGet())) : typed)
        .encode();
    };
    if (c.baseRefused()) {
      out.add(withKey.apply(c.base()));
    }
    for (F f : c.fields()) {
      for (String bad : badValues(f)) {
        Body b = c.base().with(f.name(), bad);
        if (rnd.nextInt(4) == 0) {
          b = b.with("x-unknown-" + rnd.nextInt(100), pick(List.of("1", "null", "{\"a\": [1, {\"b\": null}]}", q("?"))));
        }
        out.add(withKey.apply(b));
      }
    }
    for (String badType : List.of("null", "5", q(""), q(c.type().toUpperCase()), q(c.type() + " "), q("x".repeat(41)),
      q("presence.join"), q("presence.leave"), q("__proto__"), "[" + q(c.type()) + "]")) {
      Body b = c.base().with("type", badType);
      if (c.change()) {
        b = b.with("key", q("fz-" + keys.incrementAndGet()));
      }
      out.add(b.encode());
    }
    if (c.change()) {
      for (String badKey : some(List.of(MISSING, "null", "5", q(""), q("   "), q("k".repeat(101)), "[]", "{}", "true"), 4)) {
        out.add(c.base().with("type", q(c.type())).with("key", badKey).encode());
      }
      // Duplicate keys: every copy of the field is wrong.
      if (!c.fields().isEmpty()) {
        F f = pick(c.fields());
        List<String> bads = badValues(f).stream().filter(v -> !MISSING.equals(v)).toList();
        String first = pick(bads);
        String second = pick(bads);
        String encoded = withKey.apply(c.base().with(f.name(), first));
        out.add(encoded.substring(0, encoded.length() - 1) + ", " + q(f.name()) + ": " + second + "}");
      }
    }
    return out;
  }

  void commandsOverHttp(List<HttpCase> commands, List<HttpCase> other) {
    String path = "/api/meetings/" + fx.demoMeeting + "/commands";
    for (Cmd c : commands()) {
      for (String body : commandBodies(c)) {
        // Every one goes over the bus; half of them over HTTP too (paced: it takes time).
        if (rnd.nextBoolean()) {
          commands.add(new HttpCase("POST", path, jsonHeaders(c.token()), body.getBytes(StandardCharsets.UTF_8),
            c.token(), "command " + c.type()));
        }
      }
    }
    for (Map.Entry<byte[], Boolean> m : malformed()) {
      if (!m.getValue()) {
        other.add(new HttpCase("POST", path, jsonHeaders(chair), m.getKey(), chair, "malformed command"));
      }
    }
    for (String badMeeting : badIds()) {
      other.add(new HttpCase("POST", "/api/meetings/" + badMeeting + "/commands", jsonHeaders(chair),
        "{\"type\": \"sync\"}".getBytes(StandardCharsets.UTF_8), chair, "command to a bad meeting id"));
    }
    other.add(new HttpCase("POST", "/api/meetings/" + fx.foreignMeeting + "/commands", jsonHeaders(chair),
      "{\"type\": \"sync\"}".getBytes(StandardCharsets.UTF_8), chair, "command to another panel's meeting"));
  }
}
