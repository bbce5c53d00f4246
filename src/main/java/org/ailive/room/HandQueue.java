package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The raised hands, one queue per agenda item, in the order they went up. Immutable. */
public record HandQueue(Map<UUID, List<UUID>> queues) {

  public static final HandQueue EMPTY = new HandQueue(Map.of());

  public HandQueue {
    Map<UUID, List<UUID>> copy = new HashMap<>();
    queues.forEach((item, members) -> {
      if (!members.isEmpty()) {
        copy.put(item, List.copyOf(members));
      }
    });
    queues = Map.copyOf(copy);
  }

  public List<UUID> on(UUID itemId) {
    return queues.getOrDefault(itemId, List.of());
  }

  public HandQueue raise(UUID itemId, UUID memberId) {
    if (on(itemId).contains(memberId)) {
      return this;
    }
    List<UUID> next = new ArrayList<>(on(itemId));
    next.add(memberId);
    return with(itemId, next);
  }

  public HandQueue lower(UUID itemId, UUID memberId) {
    List<UUID> next = new ArrayList<>(on(itemId));
    next.remove(memberId);
    return with(itemId, next);
  }

  public HandQueue clear(UUID itemId) {
    return with(itemId, List.of());
  }

  private HandQueue with(UUID itemId, List<UUID> members) {
    Map<UUID, List<UUID>> next = new HashMap<>(queues);
    next.put(itemId, members);
    return new HandQueue(next);
  }

  public JsonObject toJson() {
    JsonObject out = new JsonObject();
    queues.forEach((item, members) -> out.put(item.toString(),
      new JsonArray(members.stream().map(UUID::toString).toList())));
    return out;
  }

  public static HandQueue fromJson(JsonObject json) {
    Map<UUID, List<UUID>> queues = new HashMap<>();
    json.forEach(e -> queues.put(UUID.fromString(e.getKey()),
      ((JsonArray) e.getValue()).stream().map(o -> UUID.fromString((String) o)).toList()));
    return new HandQueue(queues);
  }
}
