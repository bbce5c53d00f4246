package org.ailive.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bridge's cheap size check answers as measuring each frame's encoding would. */
class FrameSizeTest {

  @Test
  void agreesWithTheEncodedLengthAtEveryLimit() {
    Random random = new Random(22);
    String[] texts = {"", "plain", "quote \" and backslash \\", "control \u0001\u001f", "é ü ☃", "\n\t\r"};
    for (int n = 0; n < 300; n++) {
      JsonObject raw = new JsonObject().put("type", "send").put("address", "ailive.meeting.x.cmd")
        .put("body", new JsonObject().put("type", "contribution.add").put("key", "k" + n)
          .put("body", texts[n % texts.length].repeat(random.nextInt(40)))
          .put("n", random.nextLong()).put("x", random.nextDouble()).put("big", new java.math.BigInteger("9".repeat(n + 1)))
          .put("list", new JsonArray(List.of(1, "two", true))).putNull("none"))
        .put("headers", new JsonObject().put("token", "t".repeat(random.nextInt(300))));
      // As the bridge gets it: decoded from the frame's text.
      raw = new JsonObject(raw.encode());
      int length = raw.encode().length();
      for (int limit : new int[] {0, length / 2, length - 1, length, length + 1, length * 7}) {
        assertEquals(length > limit, FrameSize.over(raw, limit), raw.encode() + " at " + limit);
      }
    }
  }

  @Test
  void aDeepMessageIsMeasuredExactly() {
    JsonObject deep = new JsonObject().put("leaf", "x");
    for (int i = 0; i < 40; i++) {
      deep = new JsonObject().put("d", deep);
    }
    int length = deep.encode().length();
    assertEquals(true, FrameSize.over(deep, length - 1));
    assertEquals(false, FrameSize.over(deep, length));
  }
}
