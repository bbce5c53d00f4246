package org.ailive.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.ailive.security.FuzzInputs.*;
import static org.ailive.security.FuzzTest.*;

/** All of {@link FuzzTest}'s cases: the routes and commands, more drawn at random, and the bridge frames. */
final class FuzzCases extends FuzzCommands {

  FuzzCases(Random rnd, boolean knownDefects) {
    super(rnd, knownDefects);
  }

  /** More of the same, drawn at random: a route or command, then one wrong thing. */
  void randomHttp(List<HttpCase> out, int count) {
    List<HttpCase> pool = new ArrayList<>();
    routes(pool);
    for (int i = 0; i < count; i++) {
      HttpCase c = pick(pool);
      byte[] body = c.body();
      if (body != null && rnd.nextBoolean() && !c.label().equals("malformed body") && body.length > 2
        && body[0] == '{' && !c.method().equals("PATCH") && !c.path().contains("/minutes")) {
        // Bury the body one level deeper or append junk: still not what the route expects.
        String s = new String(body, StandardCharsets.UTF_8);
        s = rnd.nextBoolean() ? s.substring(0, s.length() - 1 - rnd.nextInt(Math.min(5, s.length() - 1))) : s + "junk";
        body = s.getBytes(StandardCharsets.UTF_8);
      }
      out.add(new HttpCase(c.method(), c.path(), c.headers(), body, c.token(), "random: " + c.label()));
    }
  }

  // ---- Bridge frames

  String frame(String type, String address, String token, String body, String replyAddress) {
    StringBuilder sb = new StringBuilder("{\"type\": ").append(q(type)).append(", \"address\": ").append(q(address));
    if (token != null) {
      sb.append(", \"headers\": {\"token\": ").append(q(token)).append('}');
    }
    if (replyAddress != null) {
      sb.append(", \"replyAddress\": ").append(q(replyAddress));
    }
    if (body != null) {
      sb.append(", \"body\": ").append(body);
    }
    return sb.append('}').toString();
  }

  FrameCase text(String s, String label) {
    return new FrameCase(s.getBytes(StandardCharsets.UTF_8), false, label);
  }

  void frames(List<FrameCase> out) {
    String demo = fx.demoMeeting;
    String cmd = "ailive.meeting." + demo + ".cmd";
    String events = "ailive.meeting." + demo + ".events";
    String presence = "ailive.meeting." + demo + ".presence";
    // Every wrong command, as on the bus.
    for (Cmd c : commands()) {
      for (String body : commandBodies(c)) {
        out.add(text(frame("send", cmd, c.token(), body, UUID.randomUUID().toString()), "command " + c.type()));
      }
    }
    List<String> badTokens = new ArrayList<>();
    badAuth().forEach(h -> {
      String v = h.get("Authorization");
      if (v != null && v.startsWith("Bearer ") && !v.equals("Bearer " + partner)) {
        badTokens.add(v.substring(7));
      }
    });
    List<String> addresses = List.of(cmd, events, presence, "ailive.meeting." + fx.closedMeeting + ".cmd",
      "ailive.meeting." + fx.foreignMeeting + ".events", "ailive.meeting." + UUID.randomUUID() + ".cmd",
      "ailive.rooms.ensure", "ailive.auth.revoked", "x", "", " ", cmd + ".x", cmd.toUpperCase(), cmd + "\u0000",
      "__vertx.reply.1", "ailive.meeting.(.*).cmd", "ailive.meeting." + demo + ".*", "a".repeat(10_000));
    for (String address : addresses) {
      for (String token : some(badTokens, 3)) {
        out.add(text(frame("send", address, token, "{\"type\": \"sync\"}", UUID.randomUUID().toString()), "send, bad token"));
        out.add(text(frame("register", address, token, null, null), "register, bad token"));
      }
      out.add(text(frame("send", address, null, "{\"type\": \"sync\"}", UUID.randomUUID().toString()), "send, no token"));
      out.add(text(frame("register", address, null, null, null), "register, no token"));
      for (String token : List.of(officer, chair, partner)) {
        out.add(text(frame("publish", address, token, "{\"type\": \"sync\", \"seq\": 1}", null), "publish"));
        if (!address.equals(cmd) && !address.startsWith("ailive.meeting." + fx.closedMeeting)
          && !(address.equals("ailive.meeting." + fx.foreignMeeting + ".events") && token.equals(officer))) {
          if (!address.equals(events) && !address.equals(presence)) {
            out.add(text(frame("register", address, token, null, null), "register, no such address"));
          }
          out.add(text(frame("send", address, token, "{\"type\": \"sync\"}", UUID.randomUUID().toString()),
            "send, no such address"));
        }
      }
    }
    // Shapes the bridge must refuse, and bodies that are not commands.
    String ok = q(chair);
    for (String s : List.of("not json", "", "[]", "\"s\"", "null", "5", "{}", "{\"type\": 5}", "{\"type\": null}",
      "{\"type\": \"send\"}", "{\"type\": \"send\", \"address\": 5}", "{\"type\": \"send\", \"address\": null}",
      "{\"type\": \"bogus\", \"address\": \"x\"}", "{\"type\": \"SEND\", \"address\": " + q(cmd) + "}",
      "{\"type\": [\"send\"], \"address\": " + q(cmd) + "}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": \"token\", \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\"}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": [" + ok + "], \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\"}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": 5}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\"}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"Token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\"}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": \"sync\"}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": [1]}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": null}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\"}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": 5}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\", \"after\": NaN}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\", \"after\": Infinity}}",
      "{\"type\": \"send\", \"type\": \"publish\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"body\": {\"type\": \"sync\"}}",
      "{\"type\": \"register\", \"address\": " + q(events) + ", \"address\": \"x\", \"headers\": {\"token\": " + ok + "}}",
      "{\"type\": \"register\", \"address\": " + q(events) + ", \"headers\": {\"token\": " + ok + "}, \"headers\": {\"token\": \"x\"}}",
      "{\"type\": \"send\", \"address\": \"ailive.meeting." + demo + "\\u002ecmd\", \"headers\": {\"token\": " + ok
        + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"timer.extend\", \"minutes\": 0, \"key\": \"u\"}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": 5, \"body\": {\"type\": \"bogus\"}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": " + q("r".repeat(5000))
        + ", \"body\": {\"type\": \"timer.extend\", \"minutes\": 0, \"key\": \"long-reply\"}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + ", \"memberId\": \"" + policeId
        + "\", \"roles\": \"observer\", \"internal\": \"true\"}, \"replyAddress\": \"r\", \"body\": {\"type\": \"presence.join\", \"socket\": \"s\"}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\", \"x\": "
        + "[".repeat(5000) + "]".repeat(5000) + "}}",
      "{\"type\": \"send\", \"address\": " + q(cmd) + ", \"headers\": {\"token\": " + ok + "}, \"replyAddress\": \"r\", \"body\": {\"type\": \"sync\", \"x\": \""
        + "y".repeat(17_000) + "\"}}",
      "x".repeat(20_000), "{\"type\": \"ping\", \"x\": \"" + "y".repeat(70_000) + "\"}")) {
      out.add(text(s, "bad frame"));
    }
    // Bytes that are not UTF-8 text, as text and as binary frames.
    byte[][] raw = {
      {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
      {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD},
      {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},
      {'{', '"', 'a', '"', ':', '"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, '"', '}'},
      {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
      {0, 0, 0, 0}};
    for (byte[] b : raw) {
      out.add(new FrameCase(b, false, "invalid UTF-8 text frame"));
      out.add(new FrameCase(b, true, "binary frame"));
    }
    byte[] noise = new byte[2048];
    rnd.nextBytes(noise);
    out.add(new FrameCase(noise, true, "random bytes"));
  }

  /** Random mutations of the frames above: truncated, with junk, with the address or type swapped. */
  void randomFrames(List<FrameCase> out, int count) {
    List<FrameCase> pool = new ArrayList<>();
    frames(pool);
    for (int i = 0; i < count; i++) {
      FrameCase f = pick(pool);
      String s = new String(f.bytes(), StandardCharsets.UTF_8);
      switch (rnd.nextInt(4)) {
        case 0 -> s = s.length() > 2 ? s.substring(0, 1 + rnd.nextInt(s.length() - 1)) : s + "}";
        case 1 -> s = s + pick(List.of("}", "]", ",", "x", "\u0000"));
        case 2 -> s = s.replace("\"type\": \"send\"", "\"type\": \"publish\"");
        default -> { }
      }
      out.add(new FrameCase(s.getBytes(StandardCharsets.UTF_8), f.binary(), "random: " + f.label()));
    }
  }
}
