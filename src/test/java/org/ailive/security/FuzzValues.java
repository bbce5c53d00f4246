package org.ailive.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.ailive.security.FuzzInputs.*;
import static org.ailive.security.FuzzTest.*;

/** The random and wrong values {@link FuzzTest} builds its requests from: text, wrong JSON for
 * each kind of field, broken credentials, malformed bodies, wrong ids. Seeded, so a run can be replayed. */
class FuzzValues {

  final Random rnd;
  final boolean knownDefects;

  FuzzValues(Random rnd, boolean knownDefects) {
    this.rnd = rnd;
    this.knownDefects = knownDefects;
  }

  <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  /** Some of a list, at most n, in a random order. */
  <T> List<T> some(List<T> list, int n) {
    List<T> copy = new ArrayList<>(list);
    Collections.shuffle(copy, rnd);
    return copy.subList(0, Math.min(n, copy.size()));
  }

  String randomText(int length) {
    String[] alphabet = {"a", "Z", "0", " ", "é", "ß", "Ж", "中", "😀", "\u200f", "\u200b", "'", "\"", "\\", "<", "%",
      "\t", "\n", ";", "--", "{", "}"};
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      sb.append(alphabet[rnd.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }

  /** Printable ASCII: what an HTTP header can carry. */
  String headerSafe(int length) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      sb.append((char) (33 + rnd.nextInt(94)));
    }
    return sb.toString();
  }

  List<String> notAString() {
    return List.of("5", "-1", "1.5", "true", "false", "[]", "{}", "[\"a\"]", "{\"$ne\": null}", "1e400", "0");
  }

  /** Values the field must refuse, as raw JSON (MISSING: leave the field out). */
  List<String> badValues(F f) {
    List<String> out = new ArrayList<>(f.extraBad());
    String k = f.kind().replace("?", "");
    boolean required = f.required();
    if (required) {
      out.add("null");
      out.add(MISSING);
    }
    switch (k) {
      case "text" -> {
        out.addAll(notAString());
        out.add(q(randomText((int) f.max() + 1 + rnd.nextInt(40))));
        out.add(q("x".repeat((int) f.max() + 1)));
        if (f.max() < 50_000) {
          out.add(q(randomText(50_000)));
        }
        if (required) {
          out.add(q(""));
          out.add(q(" \t\n "));
        }
        if (knownDefects) {
          out.add(q("before\u0000after"));
          out.add("\"x\\ud800y\"");
        }
      }
      case "uuid" -> {
        out.addAll(List.of("5", "true", "[]", "{}", "[\"" + UUID.randomUUID() + "\"]"));
        String u = UUID.randomUUID().toString();
        out.addAll(List.of(q("x"), q(""), q(u.substring(0, 35) + "g"), q(u + " "), q("{" + u + "}"),
          q(u.replace("-", "")), q("../../etc/passwd"), q("' OR '1'='1"), q(u + "\u0000"), q(u.substring(0, 35))));
      }
      case "date" -> out.addAll(List.of(q("2026-02-30"), q("2026-13-01"), q("26-01-01"), q("2026/01/01"),
        q("2026-1-1"), q("tomorrow"), q(""), "20260101", q("2026-01-01T00:00"), q("+2026-01-01"), "true", "[]"));
      case "time" -> out.addAll(List.of(q("25:00"), q("9:30"), q("09:60"), q("09:30:00"), q("noon"), "930", q(""),
        "[]"));
      case "int" -> {
        out.addAll(List.of(q("5"), q(""), "true", "[]", "{}", "[5]", q("1e3"), "1.5", "-0.5", "1e400", "-1e400",
          Long.toString(f.min() - 1), Long.toString(f.max() + 1), Long.toString(Long.MAX_VALUE),
          Long.toString(Long.MIN_VALUE)));
        if (knownDefects) {
          out.addAll(List.of("18446744073709551621", "-18446744073709551611"));
        }
      }
      case "bool" -> out.addAll(List.of(q("true"), "1", "0", q("yes"), "[]", "{}", q("")));
      case "enum" -> out.addAll(List.of(q("bogus"), q(""), q("' OR '1'='1"), "5", "true", "[]",
        q(f.extraBad().isEmpty() ? "X" : "X")));
      case "custom" -> { }
      default -> throw new IllegalArgumentException(f.kind());
    }
    return out;
  }

  /** Tokens that must not open anything. */
  List<Map<String, String>> badAuth() {
    String[] real = partner.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(real[1]), StandardCharsets.UTF_8))
      .put("roles", new JsonArray().add("officer").add("chair"));
    String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toBuffer().getBytes());
    List<Map<String, String>> out = new ArrayList<>();
    for (String v : List.of("Bearer ", "Bearer x", "Bearer " + real[0] + "." + forgedClaims + "." + real[2],
      "Bearer " + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
        + forgedClaims + ".", "Bearer " + real[0] + "." + real[1] + ".", "Bearer " + expired,
      "Bearer " + fx.joinLink, "Basic b2ZmaWNlcjpwYXNzd29yZA==", "Bearer " + partner.substring(0, partner.length() - 3),
      "Bearer " + headerSafe(300), "Bearer " + "A".repeat(12_000), partner)) {
      out.add(Map.of("Authorization", v));
    }
    out.add(Map.of());
    return out;
  }

  /** Bodies that are not the JSON object a route expects; the flag says whether it parses as an object. */
  List<Map.Entry<byte[], Boolean>> malformed() {
    List<Map.Entry<byte[], Boolean>> out = new ArrayList<>();
    for (String s : List.of("", " ", "{", "}", "[", "[]", "[{}]", "null", "0", "-1", "\"s\"", "true", "{\"a\":}",
      "{'a': 1}", "{a: 1}", "{\"a\": 1,}", "{\"a\": 01}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{\"a\": NaN}",
      "{\"a\": Infinity}", "{\"a\": -Infinity}", "{\"a\": .5}", "{\"a\": \"b\"", "{\"a\" \"b\"}",
      "{\"type\": \"sync\"]", "\"{}\"", "{\"a\": [1, 2}", "{\"a\": tru}", "{\"a\": nul}")) {
      out.add(Map.entry(s.getBytes(StandardCharsets.UTF_8), false));
    }
    out.add(Map.entry("{}".getBytes(StandardCharsets.UTF_8), true));
    // Vert.x's JSON reader allows comments: this one is an empty object too.
    out.add(Map.entry("/* c */ {}".getBytes(StandardCharsets.UTF_8), true));
    out.add(Map.entry(("{\"a\": 1}" + "{\"b\": 2}").getBytes(StandardCharsets.UTF_8), true));
    out.add(Map.entry(("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(StandardCharsets.UTF_8), false));
    out.add(Map.entry(("{\"a\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8), false));
    out.add(Map.entry("[".repeat(100_000).getBytes(StandardCharsets.UTF_8), false));
    out.add(Map.entry(("{\"a\": \"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8), false));
    out.add(Map.entry(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, false));
    out.add(Map.entry(new byte[] {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'}, false));
    out.add(Map.entry(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x80, (byte) 0xBF, '"', '}'}, false));
    out.add(Map.entry(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xF0, (byte) 0x9F, '"', '}'}, false));
    out.add(Map.entry(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '}'}, false));
    out.add(Map.entry(new byte[] {0x1F, (byte) 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0}, false));
    byte[] noise = new byte[512];
    rnd.nextBytes(noise);
    out.add(Map.entry(noise, false));
    out.add(Map.entry("{\"a\": \"\u0000\"".getBytes(StandardCharsets.UTF_8), false));
    return out;
  }

  Map<String, String> jsonHeaders(String token) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    if (token != null) {
      h.put("Authorization", "Bearer " + token);
    }
    return h;
  }

  HttpCase request(Route r, String path, Map<String, String> headers, String body, String label) {
    return new HttpCase(r.method(), path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
      r.token(), label);
  }

  String path(Route r, int badIndex, String badId) {
    String out = r.path();
    for (int i = 0; i < r.pathIds().size(); i++) {
      out = out.replace("{" + i + "}", i == badIndex ? badId : r.pathIds().get(i));
    }
    return out;
  }

  List<String> badIds() {
    return List.of("x", "1", "00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString(), "%00", "%20",
      "..", "%2e%2e", "'%20OR%20'1'='1", UUID.randomUUID() + "x", "a".repeat(5000), "%F0%9F%98%80", "%C3%28",
      UUID.randomUUID().toString().toUpperCase().replace('A', 'G'));
  }
}
