package org.ailive.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/** What the harness reads of a bridge frame, read by a streaming parser that skips the rest. */
public final class Frame {
  public String type;
  public String address;
  public String bodyType;
  public String bodyText;
  public String message;
  public int failureCode;
  public long seq = -1;
  public long at = -1;
  public long serverTime = -1;
  public long lastSeq = -1;
  public long stateLastSeq = -1;
  public boolean ok;
  public boolean more;
  public boolean duplicate;
  long[] eventSeqs = new long[0];
  int eventCount;

  public boolean isOk() {
    return "rec".equals(type) && ok;
  }

  /** The protocol's error code of a failed reply ({@code message} is the JSON error as a string). */
  public String errorCode() {
    if (message == null) {
      return bodyText != null ? bodyText : "error";
    }
    try {
      return new JsonObject(message).getString("error", "error");
    } catch (RuntimeException e) {
      return message.length() > 40 ? message.substring(0, 40) : message;
    }
  }

  void addEvent(long seq) {
    if (eventCount == eventSeqs.length) {
      eventSeqs = java.util.Arrays.copyOf(eventSeqs, Math.max(8, eventCount * 2));
    }
    eventSeqs[eventCount++] = seq;
  }

  /** Reads {@code bytes} into {@code f}, skipping what the harness does not need. */
  static void parse(JsonFactory json, byte[] bytes, Frame f) throws IOException {
    try (JsonParser p = json.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "type" -> f.type = p.getText();
          case "address" -> f.address = p.getText();
          case "failureCode" -> f.failureCode = p.getIntValue();
          case "message" -> f.message = p.getText();
          case "body" -> {
            if (t == JsonToken.START_OBJECT) {
              body(p, f);
            } else if (t == JsonToken.VALUE_STRING) {
              f.bodyText = p.getText();
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
    }
  }

  private static void body(JsonParser p, Frame f) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "seq" -> f.seq = p.getLongValue();
        case "type" -> f.bodyType = t == JsonToken.VALUE_STRING ? p.getText() : null;
        case "at" -> f.at = p.getLongValue();
        case "serverTime" -> f.serverTime = p.getLongValue();
        case "lastSeq" -> f.lastSeq = p.getLongValue();
        case "ok" -> f.ok = t == JsonToken.VALUE_TRUE;
        case "more" -> f.more = t == JsonToken.VALUE_TRUE;
        case "duplicate" -> f.duplicate = t == JsonToken.VALUE_TRUE;
        case "events" -> {
          if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String n = p.currentName();
                p.nextToken();
                if (n.equals("seq")) {
                  f.addEvent(p.getLongValue());
                } else {
                  p.skipChildren();
                }
              }
            }
          } else {
            p.skipChildren();
          }
        }
        case "state" -> {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String n = p.currentName();
              p.nextToken();
              if (n.equals("lastSeq")) {
                f.stateLastSeq = p.getLongValue();
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }
}
