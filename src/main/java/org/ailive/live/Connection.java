package org.ailive.live;

import org.ailive.auth.Identity;
import org.ailive.protocol.RateLimit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** One browser connection to the bridge: who it is (once known) and the meetings it joined. */
final class Connection {

  /** A person clicks a few times a second at most; a script that floods is slowed, not the meeting. */
  static final double COMMANDS_PER_SECOND = 10;
  static final double COMMAND_BURST = 30;
  /**
   * A page registers two listeners when it connects; each register is a presence change in the
   * room (and may be an attendance mark), so a socket that churns them is slowed like one that floods.
   */
  static final double REGISTERS_PER_SECOND = 1;
  static final double REGISTER_BURST = 10;

  final String id = UUID.randomUUID().toString();
  final RateLimit commands = new RateLimit(COMMANDS_PER_SECOND, COMMAND_BURST);
  final RateLimit registers = new RateLimit(REGISTERS_PER_SECOND, REGISTER_BURST);
  final Set<UUID> joined = new HashSet<>();
  /** Meetings whose owner this socket has made sure of: asked once, not on every command. */
  final Set<UUID> ensured = new HashSet<>();
  /** The members whose tokens this socket has used: it counts toward each one's sockets ({@link MemberSockets}). */
  final Set<UUID> members = new HashSet<>();
  /**
   * The meeting addresses this socket listens to (through their {@link Audience}), each with the
   * identity and token it was opened with: redaction and revocation follow that token, not
   * whichever the socket used last.
   */
  final Map<String, Listener> listening = new HashMap<>();

  /**
   * Who opened a listener, with which token (its browser session and join link, if any);
   * {@code expiryTimer} ends it at the token's expiry.
   */
  record Listener(Identity who, String tokenId, String sessionId, String linkId, long expiryTimer) {
  }
}
