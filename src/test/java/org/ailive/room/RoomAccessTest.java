package org.ailive.room;

import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, items 1, 12 and 13: the room admits the officer, the panel's active members now and
 * those the officer or chair admits for this meeting (a substitute or guest), until it closes. The
 * register is a record, never a key: an apology, the record of a join or a substitute's mark
 * opens nothing, and none survives removal from the panel. Membership changes reach a loaded room
 * at once; the record of a join never overwrites an apology and its written update.
 */
class RoomAccessTest {

  static LiveMeeting m;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  private int roomStatus(String token) throws Exception {
    return m.server.client.get("/api/meetings/" + m.meetingId + "/room").bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS).statusCode();
  }

  private int eventsStatus(String token) throws Exception {
    return m.server.client.get("/api/meetings/" + m.meetingId + "/events?after=0").bearerTokenAuthentication(token)
      .send().await(20, TimeUnit.SECONDS).statusCode();
  }

  private int meetingStatus(String token) throws Exception {
    return m.server.client.get("/api/meetings/" + m.meetingId).bearerTokenAuthentication(token).send()
      .await(20, TimeUnit.SECONDS).statusCode();
  }

  private String outsider(String name, String email) throws Exception {
    return m.server.query("INSERT INTO member (full_name, email, agency_id, roles) VALUES ($1, $2, "
      + "(SELECT id FROM agency WHERE name = 'CAMHS'), ARRAY['partner']) RETURNING id", name, email)
      .getJsonObject(0).getString("id");
  }

  private String panelId() throws Exception {
    return m.server.query("SELECT panel_id AS id FROM meeting WHERE id = $1", UUID.fromString(m.meetingId))
      .getJsonObject(0).getString("id");
  }

  /** Every way in, for a member: REST state, REST events, REST meeting, a command, the bus. */
  private void assertRefusedEverywhere(String token, String who) throws Exception {
    assertEquals(403, roomStatus(token), who + ": room state");
    assertEquals(403, eventsStatus(token), who + ": events");
    assertEquals(403, meetingStatus(token), who + ": the meeting");
    assertEquals(403, m.command(token, "hand.raise", new JsonObject()).statusCode(), who + ": a command");
    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), token);
    try {
      JsonObject reply = bus.request("ailive.meeting." + m.meetingId + ".cmd", new JsonObject().put("type", "sync"));
      assertEquals(403, reply.getInteger("failureCode"), who + ": sync over the bus: " + reply);
    } finally {
      bus.close();
    }
  }

  @Test
  void anApologyAndAnAutomaticRemoteMarkOpenNothingOnceRemovedFromThePanel() throws Exception {
    String id = outsider("Rhea Removed", "rhea.removed@example.org");
    String token = m.server.tokenFor(UUID.fromString(id), "Rhea Removed", "partner");
    var added = m.server.client.post("/api/panels/" + panelId() + "/members").bearerTokenAuthentication(m.officer)
      .sendJsonObject(new JsonObject().put("memberId", id)).await(20, TimeUnit.SECONDS);
    assertEquals(201, added.statusCode(), added.bodyAsString());
    // Added after the room was loaded: in at once (item 12), and marked remote on joining.
    assertEquals(200, roomStatus(token), "a member just added to the panel");
    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), token);
    bus.listen("ailive.meeting." + m.meetingId + ".events");
    bus.await(e -> "joined".equals(e.getJsonObject("body", new JsonObject()).getString("type")), "joined");
    bus.close();
    m.ok(token, "attendance.mark", new JsonObject().put("status", "apologies"));
    var removed = m.server.client.delete("/api/panels/" + panelId() + "/members/" + id)
      .bearerTokenAuthentication(m.officer).send().await(20, TimeUnit.SECONDS);
    assertEquals(204, removed.statusCode(), removed.bodyAsString());
    String again = m.server.tokenFor(UUID.fromString(id), "Rhea Removed", "partner");
    assertRefusedEverywhere(again, "an ex-member on the register");
    assertEquals("apologies", mark(m.state(m.officer), id).getString("status"), "the register keeps the record");
  }

  @Test
  void aSubstituteIsAdmittedExplicitlyAndUntilWithdrawn() throws Exception {
    String id = outsider("Sam Substitute", "sam.substitute@example.org");
    String token = m.server.tokenFor(UUID.fromString(id), "Sam Substitute", "partner");
    String cmht = m.memberId("cmht@demo.ailive.test");
    m.ok(m.officer, "attendance.mark", new JsonObject().put("memberId", id).put("status", "substitute")
      .put("substituteForMemberId", cmht));
    assertRefusedEverywhere(token, "a substitute only on the register");

    JsonObject admit = new JsonObject().put("memberId", id).put("kind", "substitute").put("forMemberId", cmht);
    assertEquals(403, m.command(m.police, "guest.admit", admit).statusCode(), "a partner admits nobody");
    JsonObject forNobody = admit.copy();
    forNobody.remove("forMemberId");
    assertEquals("forMemberId", m.refused(400, m.chair, "guest.admit", forNobody).getString("field"),
      "a substitute names whom they stand in for");
    m.ok(m.chair, "guest.admit", admit);
    assertEquals(200, roomStatus(token));
    assertEquals(200, eventsStatus(token));
    assertEquals(200, meetingStatus(token));
    m.ok(token, "hand.raise", new JsonObject());
    JsonObject guests = new JsonObject().put("list", m.state(m.chair).getJsonArray("guests"));
    assertTrue(guests.encode().contains(id), "the state lists who is admitted: " + guests);

    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), token);
    bus.listen("ailive.meeting." + m.meetingId + ".events");
    bus.await(e -> "joined".equals(e.getJsonObject("body", new JsonObject()).getString("type")), "joined");
    m.ok(m.officer, "guest.withdraw", new JsonObject().put("memberId", id));
    long until = System.currentTimeMillis() + 10_000;
    while (!bus.isClosed() && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
    assertTrue(bus.isClosed(), "a withdrawn guest's live socket closes");
    assertRefusedEverywhere(token, "a withdrawn substitute");
  }

  @Test
  void aGuestAdmittedToOneMeetingReachesNoOther() throws Exception {
    String id = outsider("Gita Guest", "gita.guest@example.org");
    String token = m.server.tokenFor(UUID.fromString(id), "Gita Guest", "partner");
    m.ok(m.officer, "guest.admit", new JsonObject().put("memberId", id).put("kind", "guest"));
    assertEquals(200, roomStatus(token));
    String closed = m.server.query("SELECT id FROM meeting WHERE status = 'closed'").getJsonObject(0).getString("id");
    assertEquals(403, m.server.client.get("/api/meetings/" + closed + "/room").bearerTokenAuthentication(token)
      .send().await(20, TimeUnit.SECONDS).statusCode(), "another meeting of the panel");
    assertEquals("invalid_field", m.refused(400, m.officer, "guest.admit", new JsonObject()
      .put("memberId", m.memberId("police@demo.ailive.test")).put("kind", "guest")).getString("error"),
      "a panel member needs no admission");
    assertEquals("invalid_field", m.refused(400, m.officer, "guest.admit", new JsonObject().put("memberId", id)
      .put("kind", "visitor")).getString("error"));
  }

  @Test
  void joiningAfterSendingApologiesKeepsTheApologyAndItsUpdate() throws Exception {
    String token = m.server.demoToken("housing@demo.ailive.test");
    String id = m.memberId("housing@demo.ailive.test");
    m.ok(token, "attendance.mark", new JsonObject().put("status", "apologies_with_update")
      .put("writtenUpdate", "Rent arrears cleared in November; the tenancy is safe."));
    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), token);
    bus.listen("ailive.meeting." + m.meetingId + ".events");
    bus.await(e -> "joined".equals(e.getJsonObject("body", new JsonObject()).getString("type")), "joined");
    bus.close();
    JsonObject mark = mark(m.state(m.chair), id);
    assertEquals("apologies_with_update", mark.getString("status"), "not overwritten by the automatic mark");
    assertEquals("Rent arrears cleared in November; the tenancy is safe.", mark.getString("writtenUpdate"));
    assertNotNull(mark.getLong("joinedAt"), "the join is recorded beside it");
  }

  @Test
  void anUnmarkedMemberJoiningIsRecordedWithTheTimeButNotAsRemote() throws Exception {
    String token = m.server.demoToken("health-visiting@demo.ailive.test");
    String id = m.memberId("health-visiting@demo.ailive.test");
    assertNull(mark(m.state(m.chair), id));
    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), token);
    bus.listen("ailive.meeting." + m.meetingId + ".events");
    bus.await(e -> "joined".equals(e.getJsonObject("body", new JsonObject()).getString("type")), "joined");
    bus.close();
    JsonObject mark = mark(m.state(m.chair), id);
    assertNull(mark.getString("status"), "not yet marked: opening the room is not attending remotely (issue 17)");
    assertNotNull(mark.getLong("joinedAt"));
  }

  static JsonObject mark(JsonObject state, String memberId) {
    return state.getJsonArray("attendance").stream().map(JsonObject.class::cast)
      .filter(a -> memberId.equals(a.getString("memberId"))).findFirst().orElse(null);
  }
}
