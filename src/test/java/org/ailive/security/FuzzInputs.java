package org.ailive.security;

import io.vertx.core.json.JsonArray;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link FuzzTest} sends: requests, frames, request bodies, fields and routes. */
final class FuzzInputs {

  private FuzzInputs() {
  }

  record HttpCase(String method, String path, Map<String, String> headers, byte[] body, String token, String label) {
    String describe() {
      String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return method + " " + abbreviate(path, 200) + " [" + label + "] headers=" + abbreviate(headers.toString(), 120)
        + " body=" + abbreviate(b, 300);
    }
  }

  record FrameCase(byte[] bytes, boolean binary, String label) {
    String describeFully() {
      return "[" + label + "] " + abbreviate(new String(bytes, StandardCharsets.UTF_8), 3000);
    }

    String describe() {
      return "[" + label + "] " + (binary ? "binary " : "") + abbreviate(new String(bytes, StandardCharsets.UTF_8), 300);
    }
  }

  static String abbreviate(String s, int max) {
    if (s == null) {
      return "";
    }
    String flat = s.replace("\n", "\\n");
    return flat.length() > max ? flat.substring(0, max) + "…(" + flat.length() + " chars)" : flat;
  }

  /** A field of a request body and what makes it wrong. */
  record F(String name, String kind, long min, long max, List<String> extraBad) {
    static F of(String name, String kind) {
      return new F(name, kind, 0, 0, List.of());
    }

    static F text(String name, boolean required, int max) {
      return new F(name, required ? "text" : "text?", 0, max, List.of());
    }

    static F integer(String name, boolean required, long min, long max) {
      return new F(name, required ? "int" : "int?", min, max, List.of());
    }

    F bad(String... more) {
      List<String> all = new ArrayList<>(extraBad);
      all.addAll(List.of(more));
      return new F(name, kind, min, max, all);
    }

    boolean required() {
      return !kind.endsWith("?") && !kind.equals("custom");
    }
  }

  static final String MISSING = "\u0001missing";

  /** A request body as raw JSON fragments, so any value (or non-value) can be put in a field. */
  static final class Body {
    final LinkedHashMap<String, String> fields = new LinkedHashMap<>();

    static Body of(Object... kv) {
      Body b = new Body();
      for (int i = 0; i < kv.length; i += 2) {
        b.fields.put((String) kv[i], json(kv[i + 1]));
      }
      return b;
    }

    Body with(String field, String raw) {
      Body b = new Body();
      b.fields.putAll(fields);
      if (MISSING.equals(raw)) {
        b.fields.remove(field);
      } else {
        b.fields.put(field, raw);
      }
      return b;
    }

    String encode() {
      StringBuilder sb = new StringBuilder("{");
      fields.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(q(k)).append(": ").append(v));
      return sb.append('}').toString();
    }
  }

  static String json(Object value) {
    return value instanceof String s ? q(s) : String.valueOf(value instanceof JsonArray a ? a.encode() : value);
  }

  static String q(String s) {
    return new JsonArray().add(s).encode().replaceAll("^\\[|]$", "");
  }

  /** A route of the table with a request it must refuse once one thing is wrong. */
  record Route(String method, String path, String token, Body base, List<F> fields, boolean baseRefused,
               boolean emptyObjectRefused, boolean emptyBodyRefused, List<String> pathIds, Map<String, List<String>> query) {
  }
}
