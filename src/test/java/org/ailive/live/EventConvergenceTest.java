package org.ailive.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, item 3: an event carries what changed, not the whole agenda, and clients still
 * converge. 1,000 random changes (timer, agenda, register, hands, contributions, actions, the
 * focus' highlight, presenters connecting and leaving) go through the real server; a chair's and
 * an observer's real bus clients apply each event they hear to their own copy of the state, as
 * webroot/js/room-state.js does, and at the end each copy equals a fresh {@code sync} state,
 * the observer's with the case details withheld (R12) exactly as the state withholds them.
 */
class EventConvergenceTest {

  static final long SEED = 22;
  static final int CHANGES = 1_000;
  static LiveMeeting m;
  static String events;
  static String cmd;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    events = "ailive.meeting." + m.meetingId + ".events";
    cmd = "ailive.meeting." + m.meetingId + ".cmd";
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  /** A client's copy of the room, kept from the events it hears (the rules of room-state.js's applyEvent). */
  static final class Copy {
    final BusClient client;
    final Map<String, Object> whole = new HashMap<>();
    final Map<String, Map<String, JsonObject>> entries = new HashMap<>();
    long lastSeq;
    int applied;
    /** Items patched with a new "presenter here" (R5): the test covers those flags only if some are. */
    int herePatches;

    Copy(BusClient client, JsonObject state) {
      this.client = client;
      for (String part : List.of("meeting", "timer", "agenda", "hands", "focus")) {
        whole.put(part, state.getValue(part));
      }
      entries.put("attendance", byId(state.getJsonArray("attendance"), "memberId"));
      entries.put("contributions", byId(state.getJsonArray("contributions"), "id"));
      entries.put("actions", byId(state.getJsonArray("actions"), "id"));
      lastSeq = state.getLong("lastSeq");
    }

    /** Applies the events heard since, strictly in seq order (those up to the snapshot's seq are in it). */
    void catchUp() {
      for (JsonObject e : client.events()) {
        long seq = e.getLong("seq");
        if (seq <= lastSeq) {
          continue;
        }
        assertEquals(lastSeq + 1, seq, "no gap in the seqs heard");
        apply(e.getJsonObject("payload"));
        lastSeq = seq;
        applied++;
      }
    }

    private void apply(JsonObject p) {
      for (String part : List.of("meeting", "timer", "agenda", "hands", "focus")) {
        if (p.containsKey(part)) {
          whole.put(part, p.getValue(part));
        }
      }
      if (p.getValue("items") instanceof JsonArray items) {
        // Each a patch of one item: its id and the fields that changed.
        Map<String, JsonObject> byId = byId(items, "id");
        JsonArray agenda = new JsonArray();
        for (Object o : (JsonArray) whole.get("agenda")) {
          JsonObject patch = byId.get(((JsonObject) o).getString("id"));
          herePatches += patch != null && patch.containsKey("presenterHere") ? 1 : 0;
          agenda.add(patch == null ? o : ((JsonObject) o).copy().mergeIn(patch));
        }
        whole.put("agenda", agenda);
      }
      entry(p.getJsonObject("attendance"), "attendance", "memberId");
      entry(p.getJsonObject("contribution"), "contributions", "id");
      entry(p.getJsonObject("action"), "actions", "id");
      if (p.getValue("marks") instanceof JsonArray marks) {
        marks.forEach(mark -> entry((JsonObject) mark, "attendance", "memberId"));
      }
    }

    private void entry(JsonObject value, String part, String id) {
      if (value != null) {
        entries.get(part).put(value.getString(id), value);
      }
    }

    void assertSameAs(JsonObject state, String who) {
      for (String part : List.of("meeting", "timer", "agenda", "hands", "focus")) {
        assertEquals(state.getValue(part), whole.get(part), who + "'s " + part);
      }
      assertEquals(byId(state.getJsonArray("attendance"), "memberId"), entries.get("attendance"), who + "'s register");
      assertEquals(byId(state.getJsonArray("contributions"), "id"), entries.get("contributions"), who + "'s contributions");
      assertEquals(actions(byId(state.getJsonArray("actions"), "id")), actions(entries.get("actions")), who + "'s actions");
    }
  }

  static Map<String, JsonObject> byId(JsonArray list, String id) {
    Map<String, JsonObject> out = new HashMap<>();
    list.forEach(o -> out.put(((JsonObject) o).getString(id), (JsonObject) o));
    return out;
  }

  /** An action's closure proposal is a part of the state's list, not of the action an event carries. */
  static Map<String, JsonObject> actions(Map<String, JsonObject> actions) {
    Map<String, JsonObject> out = new HashMap<>();
    actions.forEach((id, a) -> out.put(id, a.copy().put("closureProposed", null)));
    return out;
  }

  static JsonObject syncState(BusClient client) throws Exception {
    JsonObject reply = client.request(cmd, new JsonObject().put("type", "sync").put("after", Integer.MAX_VALUE)
      .put("state", true));
    assertEquals("rec", reply.getString("type"), reply.encode());
    return reply.getJsonObject("body").getJsonObject("state");
  }

  static BusClient joined(String token) throws Exception {
    BusClient c = BusClient.connect(m.server.vertx, m.server.port(), token);
    c.listen(events);
    c.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type")), "joined");
    return c;
  }

  @Test
  void clientsApplyingOneThousandRandomChangesEndWithTheSyncState() throws Exception {
    BusClient chairScreen = joined(m.chair);
    BusClient observerScreen = joined(m.observer);
    Copy chair = new Copy(chairScreen, syncState(chairScreen));
    Copy observer = new Copy(observerScreen, syncState(observerScreen));
    // Senders: the chair's other screens (each socket has its own budget of commands) and two partners.
    List<BusClient> chairs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      chairs.add(BusClient.connect(m.server.vertx, m.server.port(), m.chair));
    }
    BusClient police = BusClient.connect(m.server.vertx, m.server.port(), m.police);
    BusClient camhs = BusClient.connect(m.server.vertx, m.server.port(), m.camhs);
    JsonObject start = m.state(m.chair);
    List<String> memberIds = start.getJsonArray("members").stream().map(o -> ((JsonObject) o).getString("memberId"))
      .toList();
    Map<String, String> presenterTokens = new HashMap<>();
    for (Object o : start.getJsonArray("agenda")) {
      JsonObject presenter = ((JsonObject) o).getJsonObject("presenter");
      if (presenter != null && presenter.getString("memberId") != null) {
        String email = m.server.query("SELECT email FROM member WHERE id = $1",
          UUID.fromString(presenter.getString("memberId"))).getJsonObject(0).getString("email");
        presenterTokens.put(presenter.getString("memberId"), m.server.demoToken(email));
      }
    }
    List<String> presenters = new ArrayList<>(presenterTokens.keySet());
    Map<String, BusClient> connected = new HashMap<>();
    String policeAgency = m.agencyId("Police");
    List<String> fields = List.of("reasonForBringing", "summaryOfConcerns", "voiceOfChild");
    List<String> statuses = List.of("in_room", "remote", "absent", "apologies", "apologies_with_update");

    Random random = new Random(SEED);
    Map<String, Integer> accepted = new HashMap<>();
    Map<String, Integer> refused = new HashMap<>();
    int done = 0;
    int added = 0;
    for (int attempt = 0; done < CHANGES && attempt < 3 * CHANGES; attempt++) {
      chair.catchUp();
      JsonArray agenda = (JsonArray) chair.whole.get("agenda");
      JsonObject timer = (JsonObject) chair.whole.get("timer");
      String item = ((JsonObject) agenda.getValue(random.nextInt(agenda.size()))).getString("id");
      BusClient sender = chairs.get(attempt % chairs.size());
      JsonObject c = new JsonObject();
      switch (random.nextInt(15)) {
        case 0 -> c.put("type", timer.getBoolean("running") ? "timer.pause" : "timer.resume");
        case 1 -> c.put("type", "timer.extend").put("minutes", 1 + random.nextInt(3));
        case 2 -> c.put("type", "timer.next").put("discussed", random.nextBoolean());
        case 3 -> c.put("type", "timer.back");
        case 4 -> c.put("type", "agenda.setMinutes").put("itemId", item).put("minutes", random.nextInt(30));
        case 5 -> c.put("type", "agenda.addMinutes").put("itemId", item).put("minutes", random.nextInt(11) - 5);
        case 6 -> {
          List<String> order = new ArrayList<>(agenda.stream().map(o -> ((JsonObject) o).getString("id")).toList());
          java.util.Collections.swap(order, random.nextInt(order.size()), random.nextInt(order.size()));
          c.put("type", "agenda.reorder").put("itemIds", new JsonArray(order));
        }
        case 7 -> {
          if (added++ < 6) {
            c.put("type", "agenda.add").put("title", "Partner update " + added).put("minutes", 5);
          } else {
            c.put("type", "timer.start").put("itemId", item);
          }
        }
        case 8 -> {
          String status = statuses.get(random.nextInt(statuses.size()));
          c.put("type", "attendance.mark").put("memberId", memberIds.get(random.nextInt(memberIds.size())))
            .put("status", status);
          if ("apologies_with_update".equals(status)) {
            c.put("writtenUpdate", "Update " + attempt);
          }
        }
        case 9 -> {
          sender = police;
          c.put("type", random.nextBoolean() ? "hand.raise" : "hand.lower");
        }
        case 10 -> c.put("type", random.nextBoolean() ? "hand.next" : "hand.clear");
        case 11 -> {
          sender = camhs;
          c.put("type", "contribution.add").put("body", "Seen at school, note " + attempt);
        }
        case 12 -> {
          sender = police;
          c.put("type", "action.propose").put("description", "Arrange a home visit " + attempt)
            .put("ownerAgencyId", policeAgency).put("successMeasure", "Visit recorded");
        }
        case 13 -> {
          if (random.nextBoolean()) {
            c.put("type", "case.highlight").put("field", fields.get(random.nextInt(fields.size())));
          } else {
            c.put("type", "case.highlight");
          }
        }
        default -> {
          // A presenter's screen opens or closes: presence changes the items' "presenter here" (R5).
          String presenter = presenters.get(random.nextInt(presenters.size()));
          BusClient screen = connected.remove(presenter);
          if (screen == null) {
            connected.put(presenter, joined(presenterTokens.get(presenter)));
          } else {
            screen.close();
          }
          continue;
        }
      }
      c.put("key", "conv-" + attempt);
      JsonObject reply = sender.request(cmd, c);
      String type = c.getString("type");
      if ("rec".equals(reply.getString("type"))) {
        done++;
        accepted.merge(type, 1, Integer::sum);
      } else {
        refused.merge(type + " " + new JsonObject(reply.getString("message", "{}")).getString("error"), 1, Integer::sum);
        if (reply.getInteger("failureCode", 0) == 429) {
          Thread.sleep(200);
        }
      }
      Thread.sleep(8);
    }
    System.out.println("EventConvergenceTest seed " + SEED + ": accepted " + accepted + "; refused " + refused);
    assertEquals(CHANGES, done, "changes accepted; refused: " + refused);
    // The end: every presenter gone and marked absent, then a reorder (the whole agenda, every flag
    // false), then every presenter's screen opens: the last flags come from presence events alone.
    for (BusClient screen : connected.values()) {
      screen.close();
    }
    connected.clear();
    for (String presenter : presenters) {
      m.ok(m.chair, "attendance.mark", new JsonObject().put("memberId", presenter).put("status", "absent"));
    }
    List<String> order = new ArrayList<>(m.state(m.chair).getJsonArray("agenda").stream()
      .map(o -> ((JsonObject) o).getString("id")).toList());
    java.util.Collections.swap(order, 0, 1);
    m.ok(m.chair, "agenda.reorder", new JsonObject().put("itemIds", new JsonArray(order)));
    for (String presenter : presenters) {
      connected.put(presenter, joined(presenterTokens.get(presenter)));
    }

    // Once quiet: both copies against fresh states.
    JsonObject last = null;
    JsonObject seen = null;
    for (int tries = 0; tries < 100; tries++) {
      Thread.sleep(100);
      last = syncState(chairScreen);
      seen = syncState(observerScreen);
      chair.catchUp();
      observer.catchUp();
      if (chair.lastSeq == last.getLong("lastSeq") && observer.lastSeq == seen.getLong("lastSeq")
        && last.getLong("lastSeq").equals(seen.getLong("lastSeq"))) {
        break;
      }
    }
    assertEquals(last.getLong("lastSeq"), chair.lastSeq, "the chair heard every event");
    assertEquals(seen.getLong("lastSeq"), observer.lastSeq, "the observer heard every event");
    assertTrue(chair.applied >= CHANGES, "events applied: " + chair.applied);
    System.out.println("EventConvergenceTest: " + chair.applied + " events applied, " + chair.herePatches
      + " items patched with a new presenterHere");
    chair.assertSameAs(last, "the chair");
    observer.assertSameAs(seen, "the observer");
    assertTrue(chair.herePatches >= 5, "presenters' flags changed: " + chair.herePatches);
    JsonObject focus = seen.getJsonObject("focus");
    assertTrue(focus.getValue("summary") == null || focus.getJsonObject("summary").getValue("reasonForBringing") == null,
      "the observer's copy withholds the case's narrative");
    assertTrue(((JsonArray) chair.whole.get("agenda")).stream().anyMatch(i -> Boolean.TRUE.equals(
      ((JsonObject) i).getValue("presenterHere"))), "a presenter is here at the end");
    for (BusClient client : chairs) {
      client.close();
    }
    for (BusClient screen : connected.values()) {
      screen.close();
    }
    police.close();
    camhs.close();
    chairScreen.close();
    observerScreen.close();
  }
}
