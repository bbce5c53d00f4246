package org.ailive.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5 item 4: the case under discussion is the shared focus; live edits never overwrite each other. */
class LiveCaseSummaryTest {

  static LiveMeeting m;

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  @Test
  void theOpenedCaseIsEveryonesFocusAndThePresenterHighlights() throws Exception {
    JsonObject focus = m.state(m.police).getJsonObject("focus");
    String first = m.state(m.chair).getJsonArray("agenda").getJsonObject(0).getString("caseId");
    assertEquals(first, focus.getString("caseId"));
    assertTrue(focus.getJsonObject("summary").getString("voiceOfChild").length() > 20);
    String presenter = m.presenterOfFocus();
    m.refused(403, m.police, "case.highlight", new JsonObject().put("field", "voiceOfChild"));
    m.ok(presenter, "case.highlight", new JsonObject().put("field", "voiceOfChild"));
    assertEquals("voiceOfChild", m.state(m.camhs).getJsonObject("focus").getJsonObject("highlight").getString("field"));
    assertTrue(m.refused(400, presenter, "case.highlight", new JsonObject().put("field", "familyName"))
      .getString("field").equals("field"));
  }

  @Test
  void twoPeopleEditTheSameFieldAtOnceAndNeitherEditIsLost() throws Exception {
    String presenter = m.presenterOfFocus();
    JsonObject summary = m.state(m.chair).getJsonObject("focus").getJsonObject("summary");
    String caseId = summary.getString("caseId");
    String base = summary.getString("summaryOfConcerns");
    int version = summary.getInteger("version");
    String cmd = "ailive.meeting." + m.meetingId + ".cmd";
    BusClient presenterBus = BusClient.connect(m.server.vertx, m.server.port(), presenter);
    BusClient chairBus = BusClient.connect(m.server.vertx, m.server.port(), m.chair);
    JsonObject presenterEdit = new JsonObject().put("type", "case.edit").put("key", "edit-presenter")
      .put("field", "summaryOfConcerns").put("baseValue", base).put("value", base + " School reports improved attendance.");
    JsonObject chairEdit = new JsonObject().put("type", "case.edit").put("key", "edit-chair")
      .put("field", "summaryOfConcerns").put("baseValue", base).put("value", base + " Dad has moved out.");
    // Both made from the same text, sent at once.
    var a = presenterBus.requestAsync(cmd, presenterEdit, presenter);
    var b = chairBus.requestAsync(cmd, chairEdit, m.chair);
    Future.join(a, b).await(30, TimeUnit.SECONDS);
    List<JsonObject> replies = List.of(a.result(), b.result());
    long applied = replies.stream().filter(r -> "rec".equals(r.getString("type"))).count();
    assertEquals(1, applied, "exactly one applies: " + replies);
    JsonObject loserReply = replies.stream().filter(r -> "err".equals(r.getString("type"))).findFirst().orElseThrow();
    assertEquals(409, loserReply.getInteger("failureCode"));
    JsonObject conflict = new JsonObject(loserReply.getString("message"));
    assertEquals("edit_conflict", conflict.getString("error"));
    String current = conflict.getString("current");
    boolean presenterLost = replies.get(0) == loserReply;
    JsonObject losing = presenterLost ? presenterEdit : chairEdit;
    String added = losing.getString("value").substring(base.length());
    // The later editor merges their words into the current text and sends again.
    JsonObject merged = losing.copy().put("key", "merged").put("baseValue", current).put("value", current + added);
    JsonObject ok = (presenterLost ? presenterBus : chairBus).request(cmd, merged);
    assertEquals("rec", ok.getString("type"), ok.encode());
    String finalText = m.state(m.chair).getJsonObject("focus").getJsonObject("summary").getString("summaryOfConcerns");
    assertTrue(finalText.contains("School reports improved attendance.") && finalText.contains("Dad has moved out."),
      finalText);
    JsonObject row = m.server.query("SELECT summary_of_concerns, version FROM family_case WHERE id = $1",
      UUID.fromString(caseId)).getJsonObject(0);
    assertEquals(finalText, row.getString("summary_of_concerns"));
    assertEquals(version + 2, row.getInteger("version"));
    presenterBus.close();
    chairBus.close();
  }

  @Test
  void partnersCannotEditTheSummary() throws Exception {
    JsonObject summary = m.state(m.chair).getJsonObject("focus").getJsonObject("summary");
    m.refused(403, m.police, "case.edit", new JsonObject().put("field", "voiceOfChild")
      .put("baseValue", summary.getString("voiceOfChild")).put("value", "changed"));
    assertTrue(m.refused(400, m.chair, "case.edit", new JsonObject().put("field", "voiceOfChild").put("value", "x"))
      .getString("field").equals("baseValue"));
  }
}
