package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What of the agenda and the focus an event carries (protocol 2, docs/PROTOCOL.md "Events"): a
 * change carries what changed, not the whole agenda. The one home of that rule, applied to every
 * event as it is committed: when the items' order or number changed the event carries the whole
 * {@code agenda}; otherwise {@code items}, only the items whose JSON changed (none: no key), a
 * presence join or leave or a register mark among them when it changes a case's
 * {@code presenterHere} (R5, {@link ItemPresenter}): each as a patch of the fields that changed.
 * {@code focus} is carried only when it changed.
 * Observers get these items through the same allow-list as the agenda ({@link Redaction}).
 */
final class EventParts {

  private EventParts() {
  }

  /**
   * Completes the payload of a change from {@code before} to {@code after} to carry only what
   * changed. An agenda or timer change ({@link Outcome#agenda()}) gets the timer first, the focus
   * when it changed, the command's own fields, then the items that changed: only those are built.
   * With {@code whole} (the room reloaded its state from the database, which no event told the
   * screens of), an agenda change carries the whole agenda and its focus instead, so the screens
   * catch up with the reload. Returns whether the whole agenda went.
   */
  static boolean trim(Outcome outcome, RoomState before, RoomState after, boolean whole) {
    JsonObject payload = outcome.payload();
    boolean carriesAgenda = outcome.agenda();
    if (carriesAgenda) {
      Map<String, Object> own = new LinkedHashMap<>(payload.getMap());
      payload.clear().put("timer", after.timerJson());
      if (whole || !sameFocus(before, after)) {
        payload.put("focus", after.focusJson());
      }
      payload.getMap().putAll(own);
    }
    if (whole && (carriesAgenda || ItemPresenter.hereChanged(before, after))) {
      payload.put("agenda", after.agendaJson());
      return true;
    }
    if (carriesAgenda || ItemPresenter.hereChanged(before, after)) {
      if (sameOrder(before.agenda().items(), after.agenda().items())) {
        JsonArray changed = changedItems(before, after);
        if (!changed.isEmpty()) {
          payload.put("items", changed);
        }
      } else {
        payload.put("agenda", after.agendaJson());
      }
    }
    if (!whole && !carriesAgenda && payload.containsKey("focus")
      && before.focusJson().equals(payload.getJsonObject("focus"))) {
      payload.remove("focus");
    }
    return false;
  }

  /**
   * Whether the focus reads the same in both states: the same case, summary and highlight make the
   * same JSON, so it is built and compared only when one of them differs.
   */
  private static boolean sameFocus(RoomState before, RoomState after) {
    UUID caseId = after.focusCaseId();
    if (Objects.equals(before.focusCaseId(), caseId) && Objects.equals(before.highlight(), after.highlight())
      && (caseId == null || Objects.equals(before.cases().get(caseId), after.cases().get(caseId)))) {
      return true;
    }
    return before.focusJson().equals(after.focusJson());
  }

  /**
   * The event as published: with the time it leaves and the flag the bridge withholds case details
   * by. A copy of the top level only: the event bus copies what it delivers, so the event kept
   * for catch-up is never changed, and is not copied whole twice.
   */
  static JsonObject published(JsonObject event, boolean observersSeeCases) {
    return new JsonObject(new LinkedHashMap<>(event.getMap())).put("serverTime", System.currentTimeMillis())
      .put("observersSeeCases", observersSeeCases);
  }

  private static boolean sameOrder(List<AgendaItem> before, List<AgendaItem> after) {
    if (before.size() != after.size()) {
      return false;
    }
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).id().equals(after.get(i).id())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Each item whose JSON changed, as a patch: its {@code id} and the fields that changed (a nested
   * object such as {@code presenter} whole); {@code kind} too when the title changed, so the
   * allow-list can tell a case's reference from free text.
   */
  private static JsonArray changedItems(RoomState before, RoomState after) {
    JsonArray out = new JsonArray();
    List<AgendaItem> was = before.agenda().items();
    List<AgendaItem> now = after.agenda().items();
    for (int i = 0; i < now.size(); i++) {
      if (now.get(i).equals(was.get(i)) && !ItemPresenter.hereChanged(before, after, now.get(i))) {
        continue;
      }
      JsonObject json = ItemPresenter.itemJson(after, now.get(i));
      JsonObject old = ItemPresenter.itemJson(before, was.get(i));
      JsonObject patch = new JsonObject().put("id", json.getValue("id"));
      json.forEach(field -> {
        if (!Objects.equals(field.getValue(), old.getValue(field.getKey()))) {
          patch.put(field.getKey(), field.getValue());
        }
      });
      if (patch.containsKey("title")) {
        patch.put("kind", json.getValue("kind"));
      }
      if (patch.size() > 1) {
        out.add(patch);
      }
    }
    return out;
  }
}
