package org.ailive.export;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.ailive.TestServer;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, item 5, through the real HTTP API: the officer writes an item's summary and decisions,
 * the next version's PDF and Word file hold them (escaped), an approved version refuses edits, a
 * correction is a new version with its note that keeps them; the chair alone publishes, and only
 * once approved; the panel's partner and presenter read the published minutes (each read audited),
 * an observer, a guest admitted to the meeting and a partner of no panel cannot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MinutesEditsTest {

  static TestServer server;
  static String meetingId;
  static String officer;
  static String chair;
  static String police;
  static String itemId;
  static final String summary = "Mum & school agree <the plan>; attendance is the worry.";
  static final String decisions = "School to run a weekly attendance check\nPolice to share school-gate notes";
  static final String objection = "The family has not yet met the new worker.";
  static final AtomicInteger keys = new AtomicInteger();

  @BeforeAll
  static void meeting() throws Exception {
    server = TestServer.start();
    officer = server.demoToken("officer@demo.ailive.test");
    chair = server.demoToken("chair@demo.ailive.test");
    police = server.demoToken("police@demo.ailive.test");
    meetingId = server.query("SELECT id FROM meeting WHERE status = 'planned'").getJsonObject(0).getString("id");
    UUID firstCase = UUID.fromString(server.query("SELECT case_id FROM agenda_item WHERE meeting_id = $1"
      + " AND kind = 'case' ORDER BY position LIMIT 1", UUID.fromString(meetingId)).getJsonObject(0).getString("case_id"));
    String earlier = server.query("INSERT INTO action (case_id, meeting_id, description, owner_agency_id, due_date,"
        + " success_measure, status, proposed_by_member_id, confirmed_at)"
        + " SELECT $1, m.id, 'Check attendance weekly', ag.id, m.meeting_date + 30, 'Above 90%', 'in_progress', ch.id,"
        + " now()"
        + " FROM meeting m, agency ag, member ch WHERE m.status = 'closed' AND ag.name = 'Families First'"
        + " AND ch.email = 'chair@demo.ailive.test' RETURNING id", firstCase).getJsonObject(0).getString("id");
    ok(officer, "meeting.open", new JsonObject());
    ok(chair, "meeting.start", new JsonObject());
    ok(chair, "timer.start", new JsonObject());
    ok(police, "attendance.mark", new JsonObject().put("status", "in_room"));
    // An objection keeps the earlier action open (R8): the minutes say so, with its reason.
    ok(chair, "action.proposeClose", new JsonObject().put("actionId", earlier).put("completionConfirmed", true));
    ok(police, "action.object", new JsonObject().put("actionId", earlier).put("reason", objection));
    ok(chair, "meeting.end", new JsonObject());
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    TestServer.deleteQuietly(server.dataDir);
  }

  @Test
  @Order(1)
  void anEditIsSavedAndTheNextVersionsPdfAndWordFileHoldIt() throws Exception {
    assertEquals(201, post("/minutes", officer, null).statusCode());
    JsonObject v1 = Downloaded.get(server, base() + "/minutes/1", officer).bodyAsJsonObject();
    itemId = v1.getJsonObject("content").getJsonArray("items").getJsonObject(0).getString("itemId");
    assertEquals(server.query("SELECT id FROM agenda_item WHERE meeting_id = $1 ORDER BY position LIMIT 1",
      UUID.fromString(meetingId)).getJsonObject(0).getString("id"), itemId, "items are keyed by agenda item");

    var tooLong = put(1, itemId, officer, new JsonObject().put("summary", "x".repeat(4001)));
    assertEquals(400, tooLong.statusCode());
    assertEquals("summary", tooLong.bodyAsJsonObject().getString("field"));
    assertFalse(tooLong.bodyAsString().contains("xxxx"), "the text is never echoed in an error");
    assertEquals(404, put(1, UUID.randomUUID().toString(), officer, new JsonObject().put("summary", "A")).statusCode());
    assertEquals(403, put(1, itemId, police, new JsonObject().put("summary", "A")).statusCode());

    var saved = put(1, itemId, officer, new JsonObject().put("summary", summary).put("decisions", decisions));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    assertEquals(summary, saved.bodyAsJsonObject().getString("summary"));
    assertEquals(1, Downloaded.auditCount(server, "minutes_edited", "minutes:" + meetingId));
    JsonArray edits = Downloaded.get(server, base() + "/minutes-edits", chair).bodyAsJsonObject().getJsonArray("items");
    assertEquals(decisions, edits.getJsonObject(0).getString("decisions"));

    var v2 = post("/minutes", officer, null);
    assertEquals(2, v2.bodyAsJsonObject().getInteger("version"));
    String pdf = Downloaded.pdfText(Downloaded.get(server, base() + "/minutes/2/pdf", officer).body());
    String flat = pdf.replaceAll("\\s+", " ");
    assertTrue(flat.contains("Summary: " + summary), pdf);
    assertTrue(flat.contains("Decisions"), pdf);
    assertTrue(flat.contains("School to run a weekly attendance check"), pdf);
    assertTrue(flat.contains("Police to share school-gate notes"), pdf);
    assertTrue(flat.contains("Objections to closing actions"), pdf);
    assertTrue(flat.contains("Gemma Rowe objected"), pdf);
    assertTrue(flat.contains(objection), pdf);
    byte[] docx = Downloaded.get(server, base() + "/minutes/2/docx", officer).body().getBytes();
    try (XWPFDocument doc = AccessibleDocuments.docx(docx)) {
      String all = doc.getParagraphs().stream().map(p -> p.getText()).collect(Collectors.joining("\n"));
      assertTrue(all.contains(summary), all);
      assertTrue(all.contains("Police to share school-gate notes"), all);
      assertTrue(AccessibleDocuments.styled(doc, "Heading2").contains("Objections to closing actions"));
    }
    var stale = put(1, itemId, officer, new JsonObject().put("summary", "Later"));
    assertEquals(409, stale.statusCode(), "version 1 was superseded");
    assertEquals("wrong_status", stale.bodyAsJsonObject().getString("error"));
  }

  @Test
  @Order(2)
  void onlyTheChairPublishesAndOnlyOnceApprovedAndAnApprovedVersionRefusesEdits() throws Exception {
    var draft = post("/minutes/2/publish", chair, null);
    assertEquals(409, draft.statusCode());
    assertEquals("not_approved", draft.bodyAsJsonObject().getString("error"));
    assertEquals(200, post("/minutes/2/approve", chair, null).statusCode());
    var locked = put(2, itemId, officer, new JsonObject().put("summary", "Changed after approval"));
    assertEquals(409, locked.statusCode());
    assertEquals("approved_locked", locked.bodyAsJsonObject().getString("error"));
    assertEquals(403, post("/minutes/2/publish", officer, null).statusCode(), "the chair publishes");
    assertEquals(404, Downloaded.get(server, "/api/meetings/" + meetingId + "/minutes", police).statusCode(),
      "not yet published");
    var published = post("/minutes/2/publish", chair, null);
    assertEquals(200, published.statusCode(), published.bodyAsString());
    assertEquals(2, published.bodyAsJsonObject().getInteger("version"));
    assertEquals("David Okafor", published.bodyAsJsonObject().getString("publishedByName"));
    assertEquals(1, Downloaded.auditCount(server, "minutes_published", "minutes:" + meetingId));
    assertTrue(Downloaded.get(server, base() + "/minutes", officer).bodyAsJsonArray().getJsonObject(1)
      .getBoolean("published"));
  }

  @Test
  @Order(3)
  void aCorrectionIsANewVersionWithItsNoteThatKeepsTheEdits() throws Exception {
    JsonObject before = Downloaded.get(server, base() + "/minutes/2", officer).bodyAsJsonObject();
    String note = "Corrects the decisions on the first family.";
    var v3 = post("/minutes", officer, new JsonObject().put("note", note));
    assertEquals(201, v3.statusCode(), v3.bodyAsString());
    assertEquals(note, v3.bodyAsJsonObject().getString("note"));
    JsonObject item = Downloaded.get(server, base() + "/minutes/3", officer).bodyAsJsonObject().getJsonObject("content")
      .getJsonArray("items").getJsonObject(0);
    assertEquals(summary, item.getString("minutedSummary"), "a new draft from the log keeps the edits");
    assertEquals(200, put(3, itemId, chair, new JsonObject().put("summary", summary)
      .put("decisions", "School to run a weekly attendance check")).statusCode(), "the chair edits too");
    assertEquals(before, Downloaded.get(server, base() + "/minutes/2", officer).bodyAsJsonObject(),
      "the approved version never changes");
    var v4 = post("/minutes", officer, new JsonObject().put("note", "Drops the police decision."));
    String pdf = Downloaded.pdfText(Downloaded.get(server, base() + "/minutes/4/pdf", officer).body());
    assertEquals(4, v4.bodyAsJsonObject().getInteger("version"));
    assertFalse(pdf.contains("Police to share school-gate notes"), pdf);
    assertTrue(pdf.replaceAll("\\s+", " ").contains("Note on this version: Drops the police decision."), pdf);
  }

  @Test
  @Order(4)
  void thePanelsPartnerAndPresenterReadThePublishedMinutesAndOthersCannot() throws Exception {
    String path = "/api/meetings/" + meetingId + "/minutes";
    long reads = Downloaded.auditCount(server, "minutes_read", "minutes:" + meetingId);
    var partner = Downloaded.get(server, path, police);
    assertEquals(200, partner.statusCode(), partner.bodyAsString());
    JsonObject minutes = partner.bodyAsJsonObject();
    assertEquals(2, minutes.getInteger("version"), "the published version, not the later drafts");
    assertTrue(minutes.getString("title").startsWith("Minutes: North Herts & Stevenage"));
    String blocks = minutes.getJsonArray("blocks").encode();
    assertTrue(minutes.getJsonArray("blocks").stream().map(o -> (JsonObject) o)
      .anyMatch(b -> summary.equals(b.getString("text"))), blocks);
    assertTrue(blocks.contains("Police to share school-gate notes"), blocks);
    assertEquals(reads + 1, Downloaded.auditCount(server, "minutes_read", "minutes:" + meetingId), "every read audited");

    var presenter = Downloaded.get(server, path, server.demoToken("presenter-families-first@demo.ailive.test"));
    assertEquals(200, presenter.statusCode(), presenter.bodyAsString());
    assertEquals(reads + 2, Downloaded.auditCount(server, "minutes_read", "minutes:" + meetingId));

    assertEquals(403, Downloaded.get(server, path, server.demoToken("observer@demo.ailive.test")).statusCode());
    String guestId = server.query("INSERT INTO member (full_name, email, roles, agency_id) SELECT 'Guest Partner',"
      + " 'guest@minutes.test', ARRAY['partner'], id FROM agency WHERE name = 'Police' RETURNING id")
      .getJsonObject(0).getString("id");
    server.query("INSERT INTO meeting_guest (meeting_id, member_id, kind, admitted_by_member_id, admitted_at)"
      + " SELECT $1, $2, 'guest', id, now() FROM member WHERE email = 'officer@demo.ailive.test' RETURNING meeting_id",
      UUID.fromString(meetingId), UUID.fromString(guestId));
    assertEquals(403, Downloaded.get(server, path, server.demoToken("guest@minutes.test")).statusCode(),
      "a guest admitted to the meeting is not on the panel");
    assertEquals(403, Downloaded.get(server, path, server.newMemberToken("Stranger", "partner")).statusCode());
    assertEquals(401, server.client.get(path).send().await(20, TimeUnit.SECONDS).statusCode());
    assertEquals(reads + 2, Downloaded.auditCount(server, "minutes_read", "minutes:" + meetingId),
      "a refused read writes nothing");
  }

  @Test
  @Order(5)
  void pastTheRetentionPeriodWhatWasWrittenIsWithheldFromPartners() throws Exception {
    server.query("UPDATE meeting SET meeting_date = meeting_date - 400 WHERE id = $1 RETURNING id",
      UUID.fromString(meetingId));
    String path = "/api/meetings/" + meetingId + "/minutes";
    JsonObject partner = Downloaded.get(server, path, police).bodyAsJsonObject();
    assertTrue(partner.getBoolean("withheld"));
    assertFalse(partner.getJsonArray("blocks").encode().contains("school-gate"), "decisions are narrative");
    assertFalse(partner.getJsonArray("blocks").encode().contains(objection));
    JsonObject chairRead = Downloaded.get(server, path, chair).bodyAsJsonObject();
    assertFalse(chairRead.getBoolean("withheld"));
    assertTrue(chairRead.getJsonArray("blocks").encode().contains("school-gate"));
  }

  private static String base() {
    return "/api/exports/meetings/" + meetingId;
  }

  private static HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    var req = server.client.post(base() + path).bearerTokenAuthentication(token);
    return (body == null ? req.send() : req.sendJsonObject(body)).await(60, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> put(int version, String item, String token, JsonObject body) throws Exception {
    return server.client.put(base() + "/minutes/" + version + "/items/" + item).bearerTokenAuthentication(token)
      .sendJsonObject(body).await(60, TimeUnit.SECONDS);
  }

  private static JsonObject ok(String token, String type, JsonObject args) throws Exception {
    JsonObject body = args.copy().put("type", type).put("key", "edits-" + keys.incrementAndGet());
    var res = server.client.post("/api/meetings/" + meetingId + "/commands").bearerTokenAuthentication(token)
      .sendJsonObject(body).await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), type + ": " + res.bodyAsString());
    return res.bodyAsJsonObject();
  }
}
