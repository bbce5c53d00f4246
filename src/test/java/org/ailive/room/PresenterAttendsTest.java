package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 4, R5 "the presenter must attend", through the real live channel (WebSockets to the
 * event-bus bridge), the room's REST state and Postgres: each case item carries its presenter and
 * whether they (or their stand-in) are here, following who is connected and the register; the
 * presenter names a colleague of their agency to stand in, recorded and caught up after a
 * reconnect; strangers, other agencies and people off the panel are refused, changing nothing. One
 * live demo meeting (open, started, on its first case), its tests in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresenterAttendsTest {

  static LiveMeeting m;
  static String cmd;
  static String events;
  static BusClient chair;
  /** Amira Haddad's case (Health Visiting); her colleague on the panel is Ruth Adeyemi. */
  static String itemId;
  static String amira;
  static String ruth;
  static String amiraToken;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    cmd = "ailive.meeting." + m.meetingId + ".cmd";
    events = "ailive.meeting." + m.meetingId + ".events";
    amira = m.memberId("presenter-health-visiting@demo.ailive.test");
    ruth = m.memberId("health-visiting@demo.ailive.test");
    amiraToken = m.server.demoToken("presenter-health-visiting@demo.ailive.test");
    itemId = m.state(m.chair).getJsonArray("agenda").stream().map(JsonObject.class::cast)
      .filter(i -> "case".equals(i.getString("kind")) && amira.equals(i.getJsonObject("presenter").getString("memberId")))
      .findFirst().orElseThrow().getString("id");
    chair = join(m.chair);
  }

  @AfterAll
  static void stop() throws Exception {
    if (chair != null) {
      chair.close();
    }
    m.stop();
  }

  static BusClient join(String token) throws Exception {
    BusClient c = BusClient.connect(m.server.vertx, m.server.port(), token);
    c.listen(events);
    c.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type", "")), "joined");
    return c;
  }

  static JsonObject send(BusClient c, String type, JsonObject args) throws Exception {
    return c.request(cmd, args.copy().put("type", type).put("key", m.key()));
  }

  static JsonObject ok(JsonObject reply) {
    assertEquals("rec", reply.getString("type"), reply.encode());
    assertTrue(reply.getJsonObject("body").getBoolean("ok"), reply.encode());
    return reply.getJsonObject("body");
  }

  static JsonObject error(JsonObject reply, int status) {
    assertEquals("err", reply.getString("type"), reply.encode());
    assertEquals(status, reply.getInteger("failureCode"), reply.encode());
    return new JsonObject(reply.getString("message"));
  }

  static JsonObject item(JsonArray agenda) {
    return agenda.stream().map(JsonObject.class::cast).filter(i -> itemId.equals(i.getString("id"))).findFirst()
      .orElseThrow();
  }

  static JsonObject item() throws Exception {
    return item(m.state(m.chair).getJsonArray("agenda"));
  }

  /** The chair's screen hears, after its {@code from}th message, an event whose agenda shows the item's flag as {@code here}. */
  static JsonObject chairHears(int from, String type, boolean here) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      for (JsonObject msg : chair.received.subList(from, chair.received.size())) {
        JsonObject body = msg.getJsonObject("body");
        JsonObject payload = body == null ? null : body.getJsonObject("payload");
        // Protocol 2: the event carries the items whose flags changed (the whole agenda only if reordered).
        JsonArray items = payload == null ? null : payload.getJsonArray("items");
        JsonObject item = items == null ? null : items.stream().map(JsonObject.class::cast)
          .filter(i -> itemId.equals(i.getString("id"))).findFirst().orElse(null);
        if (type.equals(body.getString("type")) && item != null
          && Boolean.valueOf(here).equals(item.getBoolean("presenterHere"))) {
          return body;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("timed out waiting for " + type + " with presenterHere " + here + "; received "
      + chair.received.subList(from, chair.received.size()));
  }

  static int heard() {
    return chair.received.size();
  }

  static JsonObject mark(String memberId, String status) throws Exception {
    return m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", memberId).put("status", status));
  }

  @Test
  @Order(1)
  void eachCaseItemNamesItsPresenterAndSaysTheyAreNotHereYet() throws Exception {
    JsonObject item = item();
    JsonObject presenter = item.getJsonObject("presenter");
    assertEquals("Amira Haddad", presenter.getString("name"));
    assertEquals("Health Visiting", presenter.getString("agency"));
    assertFalse(presenter.getBoolean("here"));
    assertNull(item.getValue("standIn"));
    assertFalse(item.getBoolean("presenterHere"));
    JsonObject aob = m.state(m.chair).getJsonArray("agenda").stream().map(JsonObject.class::cast)
      .filter(i -> "aob".equals(i.getString("kind"))).findFirst().orElseThrow();
    assertNull(aob.getValue("presenter"));
    assertNull(aob.getValue("presenterHere"));
  }

  @Test
  @Order(2)
  void theFlagFollowsTheRegister() throws Exception {
    int at = heard();
    mark(amira, "in_room");
    chairHears(at, "attendance.marked", true);
    assertTrue(item().getBoolean("presenterHere"));
    at = heard();
    mark(amira, "apologies");
    chairHears(at, "attendance.marked", false);
    assertFalse(item().getBoolean("presenterHere"));
    assertFalse(item().getJsonObject("presenter").getBoolean("here"));
  }

  @Test
  @Order(3)
  void theFlagFollowsWhoIsConnected() throws Exception {
    int at = heard();
    BusClient amiraScreen = join(amiraToken);
    chairHears(at, "attendance.joined", true);
    assertTrue(item().getJsonObject("presenter").getBoolean("here"), "connected, whatever the register says");
    at = heard();
    amiraScreen.close();
    chairHears(at, "attendance.left", false);
    assertFalse(item().getBoolean("presenterHere"));
  }

  @Test
  @Order(4)
  void strangersOtherAgenciesAndPeopleOffThePanelAreRefusedAndNothingChanges() throws Exception {
    long before = m.count("SELECT count(*) AS n FROM meeting_event");
    int at = heard();
    BusClient tom = join(m.server.demoToken("presenter-school@demo.ailive.test"));
    BusClient police = join(m.police);
    BusClient amiraScreen = join(amiraToken);
    try {
      long joined = m.count("SELECT count(*) AS n FROM meeting_event");
      JsonObject naming = new JsonObject().put("itemId", itemId).put("memberId", ruth);
      assertEquals("forbidden", error(send(tom, "item.standIn", naming), 403).getString("error"),
        "another case's presenter");
      assertEquals("forbidden", error(send(police, "item.standIn", naming), 403).getString("error"),
        "a partner");
      JsonObject other = error(send(amiraScreen, "item.standIn", naming.copy()
        .put("memberId", m.memberId("police@demo.ailive.test"))), 400);
      assertEquals("not_same_agency", other.getString("error"));
      assertTrue(other.getString("message").contains("Health Visiting"), other.encode());
      String outsider = m.server.query("INSERT INTO member (full_name, email, agency_id, roles) VALUES "
          + "('Pat Newcombe', 'pat@elsewhere.test', $1, ARRAY['partner']) RETURNING id",
        UUID.fromString(m.agencyId("Health Visiting"))).getJsonObject(0).getString("id");
      JsonObject offPanel = error(send(amiraScreen, "item.standIn", naming.copy().put("memberId", outsider)), 400);
      assertEquals("invalid_field", offPanel.getString("error"));
      assertEquals("memberId", offPanel.getString("field"));
      JsonObject self = error(send(amiraScreen, "item.standIn", naming.copy().put("memberId", amira)), 400);
      assertEquals("memberId", self.getString("field"));
      String aob = m.state(m.chair).getJsonArray("agenda").stream().map(JsonObject.class::cast)
        .filter(i -> "aob".equals(i.getString("kind"))).findFirst().orElseThrow().getString("id");
      assertEquals("itemId", error(send(chair, "item.standIn", naming.copy().put("itemId", aob)), 400)
        .getString("field"));
      assertEquals(joined, m.count("SELECT count(*) AS n FROM meeting_event"), "no refusal is an event");
      assertTrue(joined > before);
      assertNull(item().getValue("standIn"));
      assertEquals(0, m.count("SELECT count(*) AS n FROM agenda_item WHERE stand_in_member_id IS NOT NULL"));
    } finally {
      at = heard();
      tom.close();
      police.close();
      amiraScreen.close();
    }
    chairHears(at, "attendance.left", false);
  }

  @Test
  @Order(5)
  void thePresenterNamesAColleagueWhoIsRecordedAndWhoseArrivalRaisesTheFlag() throws Exception {
    BusClient amiraScreen = join(amiraToken);
    ok(send(amiraScreen, "item.standIn", new JsonObject().put("itemId", itemId).put("memberId", ruth)));
    JsonObject named = chair.await(msg -> "item.standInNamed".equals(msg.getJsonObject("body").getString("type")),
      "item.standInNamed").getJsonObject("body");
    assertEquals(amira, named.getJsonObject("actor").getString("memberId"));
    assertEquals("Ruth Adeyemi", named.getJsonObject("payload").getString("standInName"));
    JsonObject standIn = item(named.getJsonObject("payload").getJsonArray("items")).getJsonObject("standIn");
    assertEquals(ruth, standIn.getString("memberId"));
    assertEquals("Ruth Adeyemi", standIn.getString("name"));
    assertEquals(amira, standIn.getString("namedByMemberId"));
    assertNotNull(standIn.getLong("namedAt"));
    JsonObject row = m.server.query("SELECT stand_in_member_id, stand_in_named_by, stand_in_named_at IS NOT NULL "
      + "AS at FROM agenda_item WHERE id = $1", UUID.fromString(itemId)).getJsonObject(0);
    assertEquals(ruth, row.getString("stand_in_member_id"));
    assertEquals(amira, row.getString("stand_in_named_by"));
    assertTrue(row.getBoolean("at"));
    int at = heard();
    amiraScreen.close();
    chairHears(at, "attendance.left", false);

    at = heard();
    mark(ruth, "in_room");
    JsonObject here = item(chairHears(at, "attendance.marked", true).getJsonObject("payload").getJsonArray("items"));
    assertTrue(here.getJsonObject("standIn").getBoolean("here"));
    assertFalse(here.containsKey("presenter"), "the event carries what changed: the presenter's flag did not");
    assertFalse(item().getJsonObject("presenter").getBoolean("here"));
  }

  @Test
  @Order(6)
  void theStandInIsInTheStateAndTheLogCaughtUpAfterAReconnect() throws Exception {
    BusClient again = join(m.chair);
    try {
      JsonObject sync = ok(again.request(cmd, new JsonObject().put("type", "sync").put("after", 0)
        .put("state", true)));
      JsonObject item = item(sync.getJsonObject("state").getJsonArray("agenda"));
      assertEquals("Ruth Adeyemi", item.getJsonObject("standIn").getString("name"));
      assertTrue(item.getBoolean("presenterHere"));
      assertTrue(sync.getJsonArray("events").stream().map(JsonObject.class::cast)
        .anyMatch(e -> "item.standInNamed".equals(e.getString("type"))
          && ruth.equals(e.getJsonObject("payload").getString("standInMemberId"))), "the log keeps who was named");
    } finally {
      again.close();
    }
    // An observer sees who presents and whether they are here: names and flags, no narrative.
    JsonObject observed = item(m.state(m.observer).getJsonArray("agenda"));
    assertEquals("Ruth Adeyemi", observed.getJsonObject("standIn").getString("name"));
    assertTrue(observed.getBoolean("presenterHere"));
  }

  @Test
  @Order(7)
  void theMinutesSayWhoPresentedForWhom() throws Exception {
    var res = m.server.client.post("/api/exports/meetings/" + m.meetingId + "/minutes")
      .bearerTokenAuthentication(m.officer).sendJsonObject(new JsonObject()).await(20, TimeUnit.SECONDS);
    assertEquals(201, res.statusCode(), res.bodyAsString());
    JsonArray items = m.server.query("SELECT content FROM minutes_version WHERE meeting_id = $1",
      UUID.fromString(m.meetingId)).getJsonObject(0).getJsonObject("content").getJsonArray("items");
    JsonObject minuted = items.stream().map(JsonObject.class::cast)
      .filter(i -> i.getString("presenter") != null && i.getString("presenter").contains("Amira Haddad"))
      .findFirst().orElseThrow(() -> new AssertionError("no item presented by Amira Haddad: " + items));
    assertEquals("Ruth Adeyemi for Amira Haddad (Health Visiting)", minuted.getString("presenter"));
    assertTrue(items.stream().map(JsonObject.class::cast).anyMatch(i -> "Sarah Whitfield (Families First)"
      .equals(i.getString("presenter"))), "a case presented by its presenter reads as before");
  }

  @Test
  @Order(8)
  void theChairClearsTheStandInAndADoneItemNoLongerChanges() throws Exception {
    int at = heard();
    ok(send(chair, "item.standIn", new JsonObject().put("itemId", itemId)));
    JsonObject cleared = chairHears(at, "item.standInCleared", false);
    assertNull(item(cleared.getJsonObject("payload").getJsonArray("items")).getValue("standIn"));
    assertEquals(0, m.count("SELECT count(*) AS n FROM agenda_item WHERE stand_in_member_id IS NOT NULL"));
    m.ok(m.chair, "item.withdraw", new JsonObject().put("itemId", itemId).put("reason", "The family moved away."));
    JsonObject done = error(send(chair, "item.standIn", new JsonObject().put("itemId", itemId).put("memberId", ruth)),
      409);
    assertEquals("item_done", done.getString("error"));
  }
}
