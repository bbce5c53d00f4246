package org.ailive.room;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Issue 6 items 1-2: observers see case details only when the chair allows; retention for partners. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedactionTest {

  static LiveMeeting m;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  static JsonObject contributionEvent(BusClient c, long seq) throws Exception {
    return c.await(msg -> msg.getJsonObject("body").getLong("seq", -1L) == seq, "event " + seq)
      .getJsonObject("body").getJsonObject("payload").getJsonObject("contribution");
  }

  @Test
  @Order(1)
  void observersSeeNoCaseDetailsUntilTheChairAllows() throws Exception {
    String events = "ailive.meeting." + m.meetingId + ".events";
    BusClient observer = BusClient.connect(m.server.vertx, m.server.port(), m.observer);
    BusClient partner = BusClient.connect(m.server.vertx, m.server.port(), m.camhs);
    for (BusClient c : new BusClient[] {observer, partner}) {
      c.listen(events);
      c.await(msg -> "joined".equals(msg.getJsonObject("body").getString("type")), "joined");
    }
    long seq = m.ok(m.police, "contribution.add", new JsonObject().put("body", "Dad was cautioned in March.")).getLong("seq");
    assertNull(contributionEvent(observer, seq).getString("body"), "withheld from the observer");
    assertEquals("Dad was cautioned in March.", contributionEvent(partner, seq).getString("body"));
    assertEquals("Gemma Rowe", contributionEvent(observer, seq).getString("authorName"), "who spoke is not withheld");
    JsonObject observed = m.state(m.observer);
    assertNull(observed.getJsonObject("focus").getJsonObject("summary").getString("voiceOfChild"));
    assertNotNull(observed.getJsonObject("focus").getJsonObject("summary").getString("familyRef"));
    assertNull(observed.getJsonArray("contributions").getJsonObject(0).getString("body"));
    assertNotNull(m.state(m.camhs).getJsonObject("focus").getJsonObject("summary").getString("voiceOfChild"));

    // The same socket then listens to something else with a partner's token: what it joined as an
    // observer stays redacted (redaction follows the token each listener was opened with).
    observer.sendRaw(new JsonObject().put("type", "register").put("address", "ailive.meeting." + m.meetingId + ".presence")
      .put("headers", new JsonObject().put("token", m.camhs)).encode());
    Thread.sleep(300);
    long later = m.ok(m.police, "contribution.add", new JsonObject().put("body", "Mum missed two appointments."))
      .getLong("seq");
    assertEquals("Mum missed two appointments.", contributionEvent(partner, later).getString("body"));
    assertNull(contributionEvent(observer, later).getString("body"), "still withheld on the observer's listener");

    m.refused(403, m.camhs, "meeting.observerAccess", new JsonObject().put("allowed", true));
    m.ok(m.chair, "meeting.observerAccess", new JsonObject().put("allowed", true));
    long allowed = m.ok(m.police, "contribution.add", new JsonObject().put("body", "School attendance is 71%."))
      .getLong("seq");
    assertEquals("School attendance is 71%.", contributionEvent(observer, allowed).getString("body"));
    assertNotNull(m.state(m.observer).getJsonObject("focus").getJsonObject("summary").getString("voiceOfChild"));
    observer.close();
    partner.close();
  }

  @Test
  @Order(2)
  void afterTheRetentionPeriodPartnersNoLongerSeeTheNarrative() throws Exception {
    m.ok(m.chair, "meeting.end", new JsonObject());
    assertNotNull(m.state(m.camhs).getJsonObject("focus").getJsonObject("summary"), "within 30 days: visible");
    m.server.query("UPDATE meeting SET meeting_date = current_date - 60 WHERE id = $1", UUID.fromString(m.meetingId));
    m.server.halt();
    m.server.boot();
    JsonObject partnerView = m.server.client.get("/api/meetings/" + m.meetingId + "/events?after=0")
      .bearerTokenAuthentication(m.server.demoToken("camhs@demo.ailive.test")).send()
      .await(20, java.util.concurrent.TimeUnit.SECONDS).bodyAsJsonObject();
    String text = partnerView.encode();
    assertEquals(-1, text.indexOf("Dad was cautioned"), "old contributions withheld from partners");
    JsonObject chairView = m.server.client.get("/api/meetings/" + m.meetingId + "/events?after=0")
      .bearerTokenAuthentication(m.server.demoToken("chair@demo.ailive.test")).send()
      .await(20, java.util.concurrent.TimeUnit.SECONDS).bodyAsJsonObject();
    assertNotEquals(-1, chairView.encode().indexOf("Dad was cautioned"), "the chair keeps access");

    var pack = m.server.client.get("/api/meetings/" + m.meetingId + "/cases")
      .bearerTokenAuthentication(m.server.demoToken("camhs@demo.ailive.test")).send()
      .await(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, pack.statusCode(), pack.bodyAsString());
    JsonObject partnerCase = pack.bodyAsJsonObject().getJsonArray("cases").getJsonObject(0);
    assertNull(partnerCase.getString("voiceOfChild"), "the case narrative is withheld from partners too");
    assertNotNull(partnerCase.getString("familyRef"));
    JsonObject chairCase = m.server.client.get("/api/meetings/" + m.meetingId + "/cases")
      .bearerTokenAuthentication(m.server.demoToken("chair@demo.ailive.test")).send()
      .await(20, java.util.concurrent.TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("cases").getJsonObject(0);
    assertNotNull(chairCase.getString("voiceOfChild"));
  }

  static void assertNotEquals(int unexpected, int actual, String message) {
    org.junit.jupiter.api.Assertions.assertNotEquals(unexpected, actual, message);
  }
}
