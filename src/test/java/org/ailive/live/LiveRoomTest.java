package org.ailive.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4 over the real bridge: a chair, two partners and an observer on WebSockets, the real
 * Postgres behind. The tests run in order: they are one meeting, start to finish.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveRoomTest {

  static TestServer server;
  static String meetingId;
  static String cmd;
  static String events;
  static String chairToken;
  static String policeToken;
  static String camhsToken;
  static String observerToken;
  static String officerToken;
  static BusClient officerBus;
  static BusClient chair;
  static BusClient police;
  static BusClient camhs;
  static BusClient observer;
  static int keys;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    cmd = "ailive.meeting." + meetingId + ".cmd";
    events = "ailive.meeting." + meetingId + ".events";
    chairToken = server.demoToken("chair@demo.ailive.test");
    policeToken = server.demoToken("police@demo.ailive.test");
    camhsToken = server.demoToken("camhs@demo.ailive.test");
    observerToken = server.demoToken("observer@demo.ailive.test");
    officerToken = server.demoToken("officer@demo.ailive.test");
  }

  @AfterAll
  static void stop() throws Exception {
    for (BusClient c : new BusClient[] {chair, police, camhs, observer}) {
      if (c != null) {
        c.close();
      }
    }
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  static BusClient join(String token) throws Exception {
    BusClient c = BusClient.connect(server.vertx, server.port(), token);
    c.listen(events);
    c.await(m -> m.getJsonObject("body").getString("type", "").equals("joined"), "joined");
    return c;
  }

  static JsonObject command(BusClient c, String type, JsonObject args) throws Exception {
    return c.request(cmd, args.copy().put("type", type).put("key", "k-" + (++keys)));
  }

  static JsonObject ok(JsonObject reply) {
    assertEquals("rec", reply.getString("type"), reply.encode());
    assertTrue(reply.getJsonObject("body").getBoolean("ok"), reply.encode());
    return reply.getJsonObject("body");
  }

  static JsonObject error(JsonObject reply) {
    assertEquals("err", reply.getString("type"), reply.encode());
    return new JsonObject(reply.getString("message"));
  }

  static long lastSeq() throws Exception {
    return server.query("SELECT last_seq FROM meeting WHERE id = $1", UUID.fromString(meetingId))
      .getJsonObject(0).getLong("last_seq");
  }

  static JsonObject room() throws Exception {
    var res = server.client.get("/api/meetings/" + meetingId + "/room").bearerTokenAuthentication(chairToken)
      .send().await(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getJsonObject("state");
  }

  @Test
  @Order(1)
  void everyoneJoinsAndTheRegisterRecordsWhenButNotHow() throws Exception {
    officerBus = join(officerToken);
    ok(command(officerBus, "meeting.open", new JsonObject()));
    chair = join(chairToken);
    police = join(policeToken);
    camhs = join(camhsToken);
    observer = join(observerToken);
    JsonArray register = room().getJsonArray("attendance");
    List<String> joined = new ArrayList<>();
    register.forEach(o -> {
      JsonObject mark = (JsonObject) o;
      if (mark.getLong("joinedAt") != null) {
        joined.add(mark.getString("memberId"));
        assertNull(mark.getString("status"), "joining is not attending remotely (issue 17): " + mark);
      }
    });
    assertTrue(joined.size() >= 4, "chair, two partners and the observer joined: " + register);
    // Each partner answers the room's question, "In the room" or "Joining remotely".
    ok(command(police, "attendance.mark", new JsonObject().put("status", "remote")));
    ok(command(camhs, "attendance.mark", new JsonObject().put("status", "in_room")));
    JsonArray after = room().getJsonArray("attendance");
    assertEquals(List.of("in_room", "remote"), after.stream().map(JsonObject.class::cast)
      .map(m -> m.getString("status")).filter(java.util.Objects::nonNull).sorted().toList());
  }

  @Test
  @Order(2)
  void chairStartsACaseAndEveryClientReceivesTheTimer() throws Exception {
    ok(command(chair, "meeting.start", new JsonObject()));
    JsonObject started = ok(command(chair, "timer.start", new JsonObject()));
    long seq = started.getLong("seq");
    for (BusClient c : List.of(chair, police, camhs, observer)) {
      JsonObject event = c.await(m -> m.getJsonObject("body").getLong("seq", -1L) == seq, "timer.started");
      JsonObject body = event.getJsonObject("body");
      assertEquals("timer.started", body.getString("type"));
      JsonObject timer = body.getJsonObject("payload").getJsonObject("timer");
      assertTrue(timer.getBoolean("running"));
      assertEquals(900, timer.getInteger("allottedSeconds"));
      assertNotNull(timer.getLong("startedAt"));
      assertTrue(Math.abs(timer.getLong("startedAt") - body.getLong("at")) < 1000, "started at server time");
      assertEquals("David Okafor", body.getJsonObject("actor").getString("name"));
      assertNotNull(body.getJsonObject("payload").getJsonObject("focus").getString("caseId"),
        "the case now timed is every screen's focus");
      if (c == observer) {
        assertNull(body.getJsonObject("payload").getJsonObject("focus").getJsonObject("summary")
          .getString("voiceOfChild"), "withheld from the observer");
      }
    }
  }

  @Test
  @Order(3)
  void aPartnerCannotMoveTheTimerAndNothingChanges() throws Exception {
    long before = lastSeq();
    JsonObject timerBefore = room().getJsonObject("timer");
    JsonObject refused = error(command(police, "timer.next", new JsonObject()));
    assertEquals("forbidden", refused.getString("error"));
    assertTrue(refused.getString("message").contains("chair"), refused.encode());
    JsonObject observerRefused = error(command(observer, "timer.pause", new JsonObject()));
    assertEquals("forbidden", observerRefused.getString("error"));
    assertEquals(before, lastSeq());
    assertEquals(timerBefore, room().getJsonObject("timer"));
  }

  @Test
  @Order(4)
  void aBadTokenIsRejectedByTheBridge() throws Exception {
    long before = lastSeq();
    String forged = policeToken.substring(0, policeToken.length() - 4) + "AAAA";
    JsonObject next = new JsonObject().put("type", "timer.next").put("key", "forged");
    List<JsonObject> frames = List.of(
      frame("send", cmd, next).put("headers", new JsonObject().put("token", forged)),
      frame("send", cmd, next),
      frame("send", "ailive.rooms.ensure", new JsonObject().put("meetingId", meetingId))
        .put("headers", new JsonObject().put("token", chairToken)),
      frame("publish", cmd, next).put("headers", new JsonObject().put("token", chairToken)),
      frame("register", "ailive.meeting." + UUID.randomUUID() + ".events", null)
        .put("headers", new JsonObject().put("token", chairToken)));
    int errorsBefore = police.errors.size();
    frames.forEach(f -> police.sendRaw(f.encode()));
    long deadline = System.currentTimeMillis() + 5000;
    while (police.errors.size() < errorsBefore + frames.size() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    List<String> answers = police.errors.subList(errorsBefore, police.errors.size()).stream()
      .map(e -> e.getString("body")).sorted().toList();
    assertEquals(List.of("rejected", "rejected", "rejected", "rejected", "rejected"), answers,
      "each refused frame gets an error");
    // A refused command also learns why, on its own reply address.
    JsonObject expired = police.request(cmd, next.copy().put("key", "forged-2"), forged);
    assertEquals(401, expired.getInteger("failureCode"), expired.encode());
    assertEquals("unauthorized", new JsonObject(expired.getString("message")).getString("error"));
    JsonObject noMeeting = police.request("ailive.meeting." + UUID.randomUUID() + ".cmd", next.copy().put("key", "k"));
    assertEquals(404, noMeeting.getInteger("failureCode"), noMeeting.encode());
    assertEquals(before, lastSeq());
  }

  static JsonObject frame(String type, String address, JsonObject body) {
    JsonObject f = new JsonObject().put("type", type).put("address", address);
    return body == null ? f : f.put("body", body);
  }

  @Test
  @Order(5)
  void aCommandRepeatedWithTheSameKeyIsAppliedOnce() throws Exception {
    JsonObject args = new JsonObject().put("type", "timer.extend").put("minutes", 2).put("key", "extend-once");
    JsonObject first = ok(chair.request(cmd, args));
    JsonObject again = ok(chair.request(cmd, args));
    assertEquals(first.getLong("seq"), again.getLong("seq"));
    assertTrue(again.getBoolean("duplicate"));
    assertEquals(1, server.query("SELECT count(*) AS n FROM meeting_event WHERE meeting_id = $1 AND type = 'timer.extended'",
      UUID.fromString(meetingId)).getJsonObject(0).getInteger("n"));
    assertEquals(17 * 60, room().getJsonObject("timer").getInteger("allottedSeconds"));
  }

  @Test
  @Order(6)
  void aReconnectingClientReceivesExactlyWhatItMissedInOrder() throws Exception {
    long lastSeen = camhs.events().stream().mapToLong(e -> e.getLong("seq")).max().orElseThrow();
    camhs.close();
    JsonObject next1 = ok(command(chair, "timer.next", new JsonObject()));
    JsonObject next2 = ok(command(chair, "timer.next", new JsonObject()));
    camhs = join(camhsToken);
    JsonObject sync = ok(camhs.request(cmd, new JsonObject().put("type", "sync").put("after", lastSeen)));
    JsonArray missed = sync.getJsonArray("events");
    List<Long> seqs = new ArrayList<>();
    missed.forEach(e -> seqs.add(((JsonObject) e).getLong("seq")));
    List<Long> expected = new ArrayList<>();
    // Up to now: the register also recorded the member leaving and coming back (issue 17).
    for (long s = lastSeen + 1; s <= room().getLong("lastSeq"); s++) {
      expected.add(s);
    }
    assertEquals(expected, seqs, "exactly the missed events, in order");
    assertTrue(seqs.contains(next1.getLong("seq")));
    List<String> types = missed.stream().map(e -> ((JsonObject) e).getString("type")).toList();
    assertEquals("timer.moved", types.get(seqs.indexOf(next2.getLong("seq"))));
    assertTrue(types.contains("attendance.left") && types.contains("attendance.joined"), types.toString());
    assertFalse(sync.getBoolean("more"));
  }

  @Test
  @Order(7)
  void sharingRemainingTimeEvenlyGivesTheRightMinutes() throws Exception {
    // Now on the third North Herts case; the three Stevenage cases remain after it (AOB between).
    JsonObject shared = ok(command(chair, "agenda.shareRemaining", new JsonObject().put("totalMinutes", 50)));
    JsonObject event = chair.await(m -> m.getJsonObject("body").getLong("seq", -1L).equals(shared.getLong("seq")), "shared");
    // The event carries the items whose minutes changed (protocol 2): each its id and new minutes.
    JsonArray changed = event.getJsonObject("body").getJsonObject("payload").getJsonArray("items");
    JsonArray agenda = room().getJsonArray("agenda");
    for (Object o : changed) {
      JsonObject patch = (JsonObject) o;
      assertEquals(Set.of("id", "allottedSeconds"), patch.fieldNames(), patch.encode());
      JsonObject now = agenda.stream().map(JsonObject.class::cast).filter(i -> patch.getString("id")
        .equals(i.getString("id"))).findFirst().orElseThrow();
      assertEquals(now.getInteger("allottedSeconds"), patch.getInteger("allottedSeconds"));
    }
    assertFalse(changed.isEmpty());
    String current = room().getJsonObject("timer").getString("itemId");
    List<Integer> minutes = new ArrayList<>();
    boolean after = false;
    for (Object o : agenda) {
      JsonObject item = (JsonObject) o;
      if (after && "case".equals(item.getString("kind"))) {
        minutes.add(item.getInteger("allottedSeconds") / 60);
      }
      after |= item.getString("id").equals(current);
    }
    assertEquals(List.of(17, 17, 16), minutes, "50 minutes over 3 cases, the spare minutes to the earliest");
  }

  @Test
  @Order(8)
  void aRestartBringsTheTimerAndLogBackFromPostgres() throws Exception {
    for (BusClient c : List.of(officerBus, chair, police, camhs, observer)) {
      c.close();
    }
    // Their leaving is recorded on the register (issue 17): wait for the five leave times.
    JsonObject before = room();
    for (int i = 0; i < 100 && before.getJsonArray("attendance").stream().map(JsonObject.class::cast)
      .filter(a -> a.getLong("leftAt") != null).count() < 5; i++) {
      Thread.sleep(100);
      before = room();
    }
    long seqBefore = before.getLong("lastSeq");
    JsonObject timer = before.getJsonObject("timer");
    server.halt();
    Thread.sleep(1500);
    server.boot();
    JsonObject after = room();
    assertEquals(seqBefore, after.getLong("lastSeq"));
    JsonObject timerAfter = after.getJsonObject("timer");
    assertEquals(timer.getString("itemId"), timerAfter.getString("itemId"));
    assertTrue(timerAfter.getBoolean("running"));
    assertEquals(timer.getLong("startedAt"), timerAfter.getLong("startedAt"), "the run began when it began");
    long elapsedMs = System.currentTimeMillis() - timerAfter.getLong("startedAt");
    long remaining = timerAfter.getInteger("allottedSeconds") * 1000L - timerAfter.getLong("usedBeforeMs") - elapsedMs;
    long expected = timer.getInteger("allottedSeconds") * 1000L - timer.getLong("usedBeforeMs")
      - (System.currentTimeMillis() - timer.getLong("startedAt"));
    assertTrue(Math.abs(remaining - expected) < 1000, "remaining time is right after the restart");
    // The log is whole: numbered 1..N without gaps, and clients pick up where they were.
    chair = join(chairToken);
    JsonObject sync = ok(chair.request(cmd, new JsonObject().put("type", "sync").put("after", 0)));
    JsonArray log = sync.getJsonArray("events");
    // One more: the register recorded the chair coming back (issue 17).
    assertEquals(seqBefore + 1, log.size());
    assertEquals("attendance.joined", log.getJsonObject(log.size() - 1).getString("type"));
    ok(command(chair, "timer.pause", new JsonObject()));
    assertEquals(seqBefore + 2, lastSeq());
  }
}
