package org.ailive.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.LiveMeeting;
import org.ailive.live.BusClient;
import org.ailive.room.CommandTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol as docs/PROTOCOL.md states it, on a real server through real bridge and HTTP
 * clients: every field of every live command refused when given the wrong JSON type, commands
 * whose body is not an object told why, the room's REST state in its documented shape, and every
 * HTTP error in the one JSON shape. The demo meeting is live on its first case; a second meeting
 * of its panel stays planned.
 */
class ProtocolConformanceTest {

  /** Values of the wrong JSON type (or no valid value of it) for each field type. */
  private static final Map<Json.Type, List<Object>> WRONG = Map.of(
    Json.Type.TEXT, List.of(7, true, new JsonArray().add("x"), new JsonObject().put("x", "y")),
    Json.Type.ID, List.of(7, "not-an-id", new JsonArray().add(UUID.randomUUID().toString()), new JsonObject()),
    Json.Type.WHOLE_NUMBER, List.of("5", true, 2.5, new JsonArray().add(5)),
    Json.Type.BOOLEAN, List.of("true", 1, new JsonArray().add(true)),
    Json.Type.DATE, List.of(20270102, "2027-02-30", "02/01/2027"),
    Json.Type.ID_LIST, List.of(new JsonObject().put("a", "b"), UUID.randomUUID().toString(), new JsonArray().add(7)),
    Json.Type.TEXT_OR_TEXT_LIST, List.of(7, true, new JsonObject(), new JsonArray().add(7)));

  static LiveMeeting m;
  static String planned;
  static final AtomicInteger keys = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    m = LiveMeeting.start();
    String panel = m.server.query("SELECT panel_id AS id FROM meeting WHERE id = $1", UUID.fromString(m.meetingId))
      .getJsonObject(0).getString("id");
    for (int days = 120; planned == null; days++) {
      var res = m.server.client.post("/api/meetings").bearerTokenAuthentication(m.officer)
        .sendJsonObject(new JsonObject().put("panelId", panel)
          .put("meetingDate", Zone.today().plusDays(days).toString()))
        .await(20, TimeUnit.SECONDS);
      if (res.statusCode() == 201) {
        planned = res.bodyAsJsonObject().getString("id");
      } else {
        assertEquals(409, res.statusCode(), res.bodyAsString());
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    m.stop();
  }

  /**
   * One test per command: each documented field given each wrong value, and {@code key} given a
   * number, over the bridge as the chair (the officer for their own), in a meeting status the command allows: each refused with
   * 400 invalid_field naming the field, and the meeting's log unchanged.
   */
  @TestFactory
  List<DynamicTest> everyFieldOfEveryCommandIsRefusedWhenWronglyTyped() {
    List<DynamicTest> tests = new ArrayList<>();
    for (CommandTable.Row row : CommandTable.rows()) {
      if (row.fields().isEmpty() && !row.isChange()) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(row.type() + " " + row.fields(), () -> {
        // The chair sends every command here but the officer's own (the register's confirmation).
        assertTrue(row.roles().contains("chair") || row.roles().contains("officer"), row.type());
        String sender = row.roles().contains("chair") ? m.chair : m.officer;
        String meeting = row.statuses().contains("live") ? m.meetingId : planned;
        long before = lastSeq(meeting);
        // A socket per command: each has its own budget of 30 commands at once.
        BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), sender);
        try {
          for (Map.Entry<String, Json.Type> field : row.fields().entrySet()) {
            for (Object wrong : WRONG.get(field.getValue())) {
              expectInvalid(bus, meeting, command(row).put(field.getKey(), wrong), field.getKey());
            }
          }
          if (row.isChange()) {
            expectInvalid(bus, meeting, command(row).put("key", 7), "key");
          }
        } finally {
          bus.close();
        }
        assertEquals(before, lastSeq(meeting), row.type() + ": nothing was changed");
      }));
    }
    return tests;
  }

  /** A case field's value and base value are of the field's own kind: text, or a list of need codes. */
  @Test
  void aCaseEditsValuesAreOfTheFieldsKind() throws Exception {
    long before = lastSeq(m.meetingId);
    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), m.chair);
    try {
      JsonObject edit = new JsonObject().put("type", "case.edit");
      JsonArray needs = new JsonArray().add("neglect");
      expectInvalid(bus, m.meetingId, edit.copy().put("key", key()).put("field", "voiceOfChild").put("baseValue", "")
        .put("value", needs), "value");
      expectInvalid(bus, m.meetingId, edit.copy().put("key", key()).put("field", "voiceOfChild").put("baseValue", needs)
        .put("value", "Her words."), "baseValue");
      expectInvalid(bus, m.meetingId, edit.copy().put("key", key()).put("field", "presentingNeeds")
        .put("baseValue", needs).put("value", "neglect"), "value");
      expectInvalid(bus, m.meetingId, edit.copy().put("key", key()).put("field", "presentingNeeds")
        .put("baseValue", "neglect").put("value", needs), "baseValue");
    } finally {
      bus.close();
    }
    assertEquals(before, lastSeq(m.meetingId));
  }

  /** Over REST the same refusal is the HTTP status with the JSON error as body. */
  @Test
  void overRestAWronglyTypedFieldIsTheSame400() throws Exception {
    var res = m.command(m.chair, "sync", new JsonObject().put("state", "yes"));
    assertEquals(400, res.statusCode(), res.bodyAsString());
    assertEquals("invalid_field", res.bodyAsJsonObject().getString("error"));
    assertEquals("state", res.bodyAsJsonObject().getString("field"));
    res = m.command(m.chair, "meeting.observerAccess", new JsonObject().put("allowed", "false"));
    assertEquals(400, res.statusCode(), res.bodyAsString());
    assertEquals("allowed", res.bodyAsJsonObject().getString("field"));
  }

  /**
   * "A refused command also gets its reason on its reply address": a body that is not a JSON object
   * (a string, a number, an array, null, none) is 400 bad_json there, then the bridge's "rejected".
   */
  @Test
  void aCommandWhoseBodyIsNotAnObjectIsToldWhyOnItsReplyAddress() throws Exception {
    long before = lastSeq(m.meetingId);
    String cmd = "ailive.meeting." + m.meetingId + ".cmd";
    BusClient bus = BusClient.connect(m.server.vertx, m.server.port(), m.chair);
    try {
      List<Object> bodies = Arrays.asList("timer.next", 42, new JsonArray().add("timer.next"), null);
      for (Object body : bodies) {
        JsonObject reply = bus.requestAsync(cmd, body, m.chair).await(15, TimeUnit.SECONDS);
        assertBadJson(reply, String.valueOf(body));
      }
      // No body at all: the same.
      String replyAddress = UUID.randomUUID().toString();
      bus.sendRaw(new JsonObject().put("type", "send").put("address", cmd).put("replyAddress", replyAddress)
        .put("headers", new JsonObject().put("token", m.chair)).encode());
      long deadline = System.currentTimeMillis() + 10_000;
      JsonObject reply = null;
      while (reply == null && System.currentTimeMillis() < deadline) {
        reply = bus.errors.stream().filter(e -> replyAddress.equals(e.getString("address"))).findFirst().orElse(null);
        Thread.sleep(20);
      }
      assertBadJson(reply, "no body");
      while (bus.errors.stream().filter(e -> "rejected".equals(e.getString("body"))).count() < bodies.size() + 1
        && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(bodies.size() + 1, bus.errors.stream().filter(e -> e.getString("address") == null
        && "rejected".equals(e.getString("body"))).count(), "each is also rejected: " + bus.errors);
    } finally {
      bus.close();
    }
    assertEquals(before, lastSeq(m.meetingId));
  }

  /** {@code GET /api/meetings/{id}/room}: the fields the REST table lists, and the state's parts. */
  @Test
  void theRoomAnswersItsDocumentedShape() throws Exception {
    var res = m.server.client.get("/api/meetings/" + m.meetingId + "/room").bearerTokenAuthentication(m.chair).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    JsonObject room = res.bodyAsJsonObject();
    String doc = Files.readString(Path.of("docs/PROTOCOL.md"));
    String routeRow = doc.lines().filter(l -> l.startsWith("| `GET /api/meetings/{id}/room`")).findFirst()
      .orElseThrow();
    assertEquals(quotedNames(routeRow), new TreeSet<>(room.fieldNames()), routeRow);
    assertEquals(true, room.getBoolean("ok"));
    assertEquals(false, room.getBoolean("more"));
    assertEquals(new JsonArray(), room.getJsonArray("events"));
    assertEquals(room.getLong("lastSeq"), room.getJsonObject("state").getLong("lastSeq"));
    assertEquals(documentedStateParts(doc), new TreeSet<>(room.getJsonObject("state").fieldNames()));
  }

  /** "Every error, over HTTP or the bus, is one JSON shape": also a URL the router cannot decode. */
  @Test
  void aUrlThatCannotBeDecodedIsAJsonError() throws Exception {
    var res = m.server.client.get("/api/meetings/%zz").bearerTokenAuthentication(m.chair).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(400, res.statusCode(), res.bodyAsString());
    assertEquals("bad_request", res.bodyAsJsonObject().getString("error"), res.bodyAsString());
  }

  /** The parts of the state: the top-level names of the "### State" example, with the sync example's. */
  private static Set<String> documentedStateParts(String doc) {
    int start = doc.indexOf("```json", doc.indexOf("### State"));
    String example = doc.substring(start, doc.indexOf("```\n", start + 7));
    Set<String> out = new TreeSet<>();
    Matcher top = Pattern.compile("(?m)^\"([a-zA-Z]+)\":").matcher(example);
    while (top.find()) {
      out.add(top.group(1));
    }
    String sync = doc.substring(doc.indexOf("\"state\": {\"lastSeq\"") + "\"state\": ".length());
    out.addAll(quotedNames(sync.substring(0, sync.indexOf("}}"))));
    return out;
  }

  private static Set<String> quotedNames(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("\"([a-zA-Z]+)\"").matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static void expectInvalid(BusClient bus, String meeting, JsonObject command, String field) throws Exception {
    JsonObject reply = bus.request("ailive.meeting." + meeting + ".cmd", command);
    String what = command.encode() + " -> " + reply.encode();
    assertEquals("err", reply.getString("type"), what);
    assertEquals(400, reply.getInteger("failureCode"), what);
    JsonObject error = new JsonObject(reply.getString("message"));
    assertEquals("invalid_field", error.getString("error"), what);
    assertEquals(field, error.getString("field"), what);
  }

  private static void assertBadJson(JsonObject reply, String what) {
    assertTrue(reply != null, what + ": no failed reply");
    assertEquals("err", reply.getString("type"), what + ": " + reply.encode());
    assertEquals(400, reply.getInteger("failureCode"), what + ": " + reply.encode());
    assertEquals("bad_json", new JsonObject(reply.getString("message")).getString("error"), what);
  }

  private static JsonObject command(CommandTable.Row row) {
    JsonObject c = new JsonObject().put("type", row.type());
    return row.isChange() ? c.put("key", key()) : c;
  }

  private static String key() {
    return "types-" + keys.incrementAndGet();
  }

  private static long lastSeq(String meeting) throws Exception {
    var res = m.server.client.get("/api/meetings/" + meeting + "/room").bearerTokenAuthentication(m.chair).send()
      .await(20, TimeUnit.SECONDS);
    assertEquals(200, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getLong("lastSeq");
  }
}
