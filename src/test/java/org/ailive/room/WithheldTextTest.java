package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, items 2 and 3: the log keeps what was said, but a hidden or withdrawn contribution is
 * served as it is now to everyone but the officer and the chair, in catch-up and the events REST
 * too; and every kind of free text about families (an apology's written update, an item added
 * during the meeting, the reasons for returning or objecting to an action) is withheld from
 * observers like the case narrative, in state, events, sync and the live socket alike.
 */
class WithheldTextTest {

  static LiveMeeting m;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  private String eventsAsText(String token) throws Exception {
    var res = m.server.client.get("/api/meetings/" + m.meetingId + "/events?after=0").bearerTokenAuthentication(token)
      .send().await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsString();
  }

  private String syncAsText(String token) throws Exception {
    var res = m.command(token, "sync", new JsonObject().put("after", 0).put("state", true));
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsString();
  }

  @Test
  void aHiddenOrWithdrawnContributionIsServedAsItIsNow() throws Exception {
    m.ok(m.police, "contribution.add", new JsonObject().put("body", "Uncle Ray is back at home."));
    String id = contributionId("Uncle Ray is back at home.");
    m.ok(m.chair, "contribution.hide", new JsonObject().put("contributionId", id));
    m.ok(m.camhs, "contribution.add", new JsonObject().put("body", "Said in error, sorry."));
    m.ok(m.camhs, "contribution.withdraw", new JsonObject().put("contributionId", contributionId("Said in error, sorry.")));
    for (String partner : new String[] {m.camhs, m.police}) {
      assertFalse(eventsAsText(partner).contains("Uncle Ray"), "events after=0 withhold a hidden contribution");
      assertFalse(syncAsText(partner).contains("Uncle Ray"), "sync withholds it");
      assertFalse(eventsAsText(partner).contains("Said in error"), "and a withdrawn one");
    }
    assertTrue(eventsAsText(m.chair).contains("Uncle Ray"), "the chair keeps the record");
    assertTrue(eventsAsText(m.officer).contains("Said in error"), "so does the officer");
  }

  @Test
  void freeTextAboutFamiliesIsWithheldFromObserversEverywhere() throws Exception {
    String hv = m.server.demoToken("school-nursing@demo.ailive.test");
    m.ok(hv, "attendance.mark", new JsonObject().put("status", "apologies_with_update")
      .put("writtenUpdate", "The younger child missed her 2-year check twice."));
    BusClient observer = BusClient.connect(m.server.vertx, m.server.port(), m.observer);
    observer.listen("ailive.meeting." + m.meetingId + ".events");
    observer.await(e -> "joined".equals(e.getJsonObject("body", new JsonObject()).getString("type")), "joined");
    m.ok(m.chair, "agenda.add", new JsonObject().put("title", "Urgent: the Smith children's move to Hitchin")
      .put("minutes", 5));
    m.ok(m.police, "action.propose", new JsonObject().put("description", "Check on the family")
      .put("ownerAgencyId", m.agencyId("Police")).put("successMeasure", "A visit is recorded"));
    String actionId = actionId("Check on the family");
    m.ok(m.chair, "action.return", new JsonObject().put("actionId", actionId)
      .put("reason", "Mum asked police to stay away after the incident"));
    JsonObject live = observer.await(e -> "action.returned".equals(e.getJsonObject("body").getString("type")),
      "the returned action, live").getJsonObject("body");
    assertFalse(live.encode().contains("stay away"), "the live event withholds the reason: " + live);
    observer.close();

    String[] secrets = {"missed her 2-year check", "the Smith children", "stay away"};
    for (String text : new String[] {eventsAsText(m.observer), syncAsText(m.observer)}) {
      for (String secret : secrets) {
        assertFalse(text.contains(secret), "withheld from the observer: " + secret);
      }
    }
    JsonObject observed = m.state(m.observer);
    assertTrue(observed.getJsonArray("agenda").stream().map(JsonObject.class::cast)
      .anyMatch(i -> "case".equals(i.getString("kind")) && i.getString("title") != null), "a case's reference stays");
    for (String text : new String[] {eventsAsText(m.camhs), syncAsText(m.chair)}) {
      for (String secret : secrets) {
        assertTrue(text.contains(secret), "a partner and the chair see it: " + secret);
      }
    }
  }

  private String contributionId(String body) throws Exception {
    JsonArray all = m.state(m.chair).getJsonArray("contributions");
    return all.stream().map(JsonObject.class::cast).filter(c -> body.equals(c.getString("body"))).findFirst()
      .orElseThrow().getString("id");
  }

  private String actionId(String description) throws Exception {
    return m.state(m.chair).getJsonArray("actions").stream().map(JsonObject.class::cast)
      .filter(a -> description.equals(a.getString("description"))).findFirst().orElseThrow().getString("id");
  }
}
