package org.ailive.protocol;

import java.util.UUID;

/**
 * The event-bus addresses, in one place: those a client reaches through the bridge (docs/PROTOCOL.md)
 * and those the server's own parts use to reach each other.
 */
public final class Addresses {

  /** Asks the room directory to make sure a meeting has an owner somewhere. */
  public static final String ROOMS_ENSURE = "ailive.rooms.ensure";
  /** Published when panel membership or a member's access changes: rooms reload who may be there. */
  public static final String MEMBERSHIP_CHANGED = "ailive.rooms.membershipChanged";
  /**
   * Published when the database changed a meeting behind its room's back (the retention job replaced
   * its narrative): {@code {"meetingIds": [...]}}; a loaded room of those meetings reloads.
   */
  public static final String ROOMS_RELOAD = "ailive.rooms.reload";
  /**
   * Published by a node that has just taken a meeting (its owner died, stopped or was deposed):
   * {@code {"meetingId", "epoch", "lastSeq"}}; every node's sockets in the meeting join the new owner.
   */
  public static final String ROOMS_OWNER = "ailive.rooms.owner";
  /** Sent when a notice was committed to the outbox (or one is to be sent again): the mail worker looks now. */
  public static final String OUTBOX_WAKE = "ailive.outbox.wake";
  /** Published when tokens are revoked (sign-out, removal): live sockets opened with them close. */
  public static final String REVOKED = "ailive.auth.revoked";
  /** The prefix of each member's live notices: {@code ailive.notices.<member id>} (only theirs, over the bridge). */
  public static final String NOTICES_PREFIX = "ailive.notices.";
  /** The prefix of every meeting address: {@code ailive.meeting.<id>.<kind>}. */
  public static final String MEETING_PREFIX = "ailive.meeting.";

  private Addresses() {
  }

  /** Where a meeting's owner takes commands (the bridge's only inbound address). */
  public static String commands(UUID meetingId) {
    return MEETING_PREFIX + meetingId + ".cmd";
  }

  /** Where a meeting's owner publishes its numbered events and notices. */
  public static String events(UUID meetingId) {
    return MEETING_PREFIX + meetingId + ".events";
  }

  /** Where a meeting's owner publishes who is connected. */
  public static String presence(UUID meetingId) {
    return MEETING_PREFIX + meetingId + ".presence";
  }

  /** Where a member's new in-app notices are published as they commit (docs/PROTOCOL.md, "Notices"). */
  public static String notices(UUID memberId) {
    return NOTICES_PREFIX + memberId;
  }

  /** The shared-data lock whose holder owns the meeting. */
  public static String ownerLock(UUID meetingId) {
    return "ailive.room." + meetingId;
  }
}
