package org.ailive.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * R5, the presenter must attend: whether a case's presenter, or the colleague standing in for
 * them, is here. The one home of the rule: the room's state carries its answer on every case item
 * ({@code presenterHere}), and every screen, the chair's among them, reads it from there.
 */
final class ItemPresenter {

  private ItemPresenter() {
  }

  /**
   * Here: connected to the open or live room now, or marked in the room or as a substitute, or
   * marked remote and not since gone from the room (someone the officer marked remote who follows
   * on the call without opening the room is here; a remote member whose screen closed is not).
   */
  static boolean here(RoomState s, UUID memberId) {
    AttendanceMark m = memberId == null ? null : s.attendance().get(memberId);
    if (m == null) {
      return false;
    }
    boolean connected = m.joinedAt() != null && m.leftAt() == null;
    return connected || "in_room".equals(m.status()) || "substitute".equals(m.status())
      || "remote".equals(m.status()) && m.leftAt() == null;
  }

  /** A case's presenter or their stand-in is here; false for an item that is not a case. */
  static boolean presenterHere(RoomState s, AgendaItem item) {
    return item.isCase() && (here(s, item.presenterId())
      || item.standIn() != null && here(s, item.standIn().memberId()));
  }

  /** The agenda as the room's state shows it: each case item with its presenter, stand-in and flag. */
  static JsonArray agendaJson(RoomState s) {
    JsonArray out = new JsonArray();
    s.agenda().items().forEach(i -> out.add(itemJson(s, i)));
    return out;
  }

  static JsonObject itemJson(RoomState s, AgendaItem item) {
    JsonObject json = item.toJson();
    if (!item.isCase()) {
      return json.putNull("presenter").putNull("standIn").putNull("presenterHere");
    }
    AgendaItem.StandIn standIn = item.standIn();
    return json.put("presenter", person(s, item.presenterId()))
      .put("standIn", standIn == null ? null : person(s, standIn.memberId())
        .put("namedByMemberId", standIn.namedByMemberId().toString())
        .put("namedByName", name(s, standIn.namedByMemberId()))
        .put("namedAt", standIn.namedAt().toEpochMilli()))
      .put("presenterHere", presenterHere(s, item));
  }

  /**
   * Whether anyone's "here" changed between two states, in the order of the agenda: a change of the
   * register or of who is connected then carries the agenda too, so every screen's flag follows.
   */
  static boolean hereChanged(RoomState before, RoomState after) {
    if (before.agenda().items().size() != after.agenda().items().size()) {
      return true;
    }
    for (AgendaItem item : after.agenda().items()) {
      if (hereChanged(before, after, item)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the item's presenter's or stand-in's "here" differs between the two states. */
  static boolean hereChanged(RoomState before, RoomState after, AgendaItem item) {
    return item.isCase() && (here(before, item.presenterId()) != here(after, item.presenterId())
      || item.standIn() != null && here(before, item.standIn().memberId()) != here(after, item.standIn().memberId()));
  }

  private static JsonObject person(RoomState s, UUID memberId) {
    RoomState.PanelMember m = memberId == null ? null : s.member(memberId);
    return new JsonObject().put("memberId", memberId == null ? null : memberId.toString())
      .put("name", m == null ? null : m.fullName())
      .put("agencyId", m == null || m.agencyId() == null ? null : m.agencyId().toString())
      .put("agency", m == null ? null : m.agency())
      .put("here", here(s, memberId));
  }

  private static String name(RoomState s, UUID memberId) {
    RoomState.PanelMember m = s.member(memberId);
    return m == null ? null : m.fullName();
  }
}
