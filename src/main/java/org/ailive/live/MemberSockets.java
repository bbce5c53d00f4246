package org.ailive.live;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * This node's sockets per member. A member needs a few at once (a laptop, a phone, the projector
 * signed in as them); a script that opens hundreds to multiply its budget of commands and the
 * room's fan-out is refused from the {@link #MAX_PER_MEMBER}+1st on. Used on the bridge's event loop only.
 */
final class MemberSockets {

  static final int MAX_PER_MEMBER = 10;

  private final Map<UUID, Set<Connection>> byMember = new HashMap<>();

  /** Counts the socket for the member; false when the member already holds the most allowed. */
  boolean admit(Connection conn, UUID memberId) {
    if (conn.members.contains(memberId)) {
      return true;
    }
    Set<Connection> sockets = byMember.computeIfAbsent(memberId, m -> new HashSet<>());
    if (sockets.size() >= MAX_PER_MEMBER) {
      return false;
    }
    sockets.add(conn);
    conn.members.add(memberId);
    return true;
  }

  /** The socket closed: it no longer counts for anyone. */
  void release(Connection conn) {
    for (UUID memberId : conn.members) {
      Set<Connection> sockets = byMember.get(memberId);
      if (sockets != null && sockets.remove(conn) && sockets.isEmpty()) {
        byMember.remove(memberId);
      }
    }
    conn.members.clear();
  }
}
