package org.ailive.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ailive.auth.Identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Least privilege for what a family told us (R12). The narrative of a case (reason for bringing,
 * summary of concerns, voice of the child) and what partners said about it are withheld from
 * observers unless the chair allows them, and from everyone but the officer and the chair once a
 * closed meeting is older than the retention period. Pseudonymous references, timings, attendance
 * and the action log stay visible.
 */
public final class CaseRedaction {

  public static final List<String> NARRATIVE = List.of("reasonForBringing", "summaryOfConcerns", "voiceOfChild");

  private CaseRedaction() {
  }

  public static boolean isObserverOnly(Identity who) {
    return who.roles().equals(Set.of("observer"));
  }

  public static boolean hidesFrom(Identity who, boolean observersSeeCases, String status, LocalDate meetingDate,
                                  int retentionDays, LocalDate today) {
    if (who.is("officer") || who.is("chair")) {
      return false;
    }
    if (isObserverOnly(who) && !observersSeeCases) {
      return true;
    }
    return "closed".equals(status) && meetingDate.plusDays(retentionDays).isBefore(today);
  }

  /** A copy of a case summary without its narrative fields. */
  public static JsonObject summary(JsonObject summary) {
    if (summary == null) {
      return null;
    }
    JsonObject out = summary.copy();
    NARRATIVE.forEach(field -> out.putNull(field));
    return out.put("redacted", true);
  }

  /** A copy of an event (or a room state) with every case narrative and contribution text withheld. */
  public static JsonObject redact(JsonObject json) {
    JsonObject out = json.copy();
    scrub(out);
    return out;
  }

  private static void scrub(Object node) {
    if (node instanceof JsonObject o) {
      if (o.containsKey("summary") && o.getValue("summary") instanceof JsonObject s) {
        o.put("summary", summary(s));
      }
      if (o.containsKey("authorId") && o.containsKey("body")) {
        o.putNull("body");
      }
      o.forEach(e -> scrub(e.getValue()));
    } else if (node instanceof JsonArray a) {
      a.forEach(CaseRedaction::scrub);
    }
  }
}
