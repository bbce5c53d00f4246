package org.ailive.notify;

import org.ailive.protocol.Zone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The key-agency summons of the live room (issue 19 item 5): "your agency is key for item 4 (family
 * NH-2027-014), expected about 10:35am", its updates when the chair's timing moves the item, and
 * "your item is starting". They carry names, times, the item number, the family reference (to
 * allowed domains only, {@link MailGuard}) and a link: nothing written about the family.
 */
public final class SummonsNotices {

  public static final String SUMMONS = NoticeKind.SUMMONS.code;
  public static final String SUMMONS_UPDATE = NoticeKind.SUMMONS_UPDATE.code;
  public static final String ITEM_STARTING = NoticeKind.ITEM_STARTING.code;
  public static final String ITEM_STARTING_APP = NoticeKind.ITEM_STARTING_APP.code;

  /** Rounded to the nearest five minutes: an expected time is an estimate, not an appointment. */
  private static final long ROUND_SECONDS = 5 * 60;
  private static final DateTimeFormatter TIME =
    DateTimeFormatter.ofPattern("h:mma", Locale.UK).withZone(Zone.LONDON);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

  /** The agenda item a summons is about. */
  public record Item(UUID meetingId, UUID itemId, int number, String familyRef, String panelName,
                     LocalDate meetingDate) {
  }

  private SummonsNotices() {
  }

  /** The first summons, when the meeting opens; {@code secret}: the link is the member's own join link. */
  public static Notice summons(Notices.Recipient to, String agencyName, Item item, Instant expectedAt, String url,
                               boolean secret) {
    return new Notice(SUMMONS, to.memberId(), to.email(), SUMMONS + ":" + cause(item) + ":" + to.memberId(),
      fields(to, agencyName, item, url, expectedTime(expectedAt)), secret, null);
  }

  /** The expected start moved: update number {@code seq} (1, 2, …) to the new time. */
  public static Notice update(Notices.Recipient to, String agencyName, Item item, Instant expectedAt, int seq,
                              String url) {
    String time = expectedTime(expectedAt);
    return new Notice(SUMMONS_UPDATE, to.memberId(), to.email(), SUMMONS_UPDATE + ":" + cause(item) + ":"
      + to.memberId() + ":" + seq + ":" + expectedAt.truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60,
      fields(to, agencyName, item, url, time), false, null);
  }

  /**
   * Their item has started: in the app only while they are connected to the meeting, else a short
   * mail too. One key for both, so an item started again (the chair went back) tells nobody twice.
   */
  public static Notice itemStarting(Notices.Recipient to, String agencyName, Item item, boolean connected,
                                    String url) {
    return new Notice(connected ? ITEM_STARTING_APP : ITEM_STARTING, to.memberId(), to.email(),
      ITEM_STARTING + ":" + cause(item) + ":" + to.memberId(), fields(to, agencyName, item, url, null), false, null);
  }

  /** "10:35am", London time, to the nearest five minutes. */
  public static String expectedTime(Instant at) {
    long s = at.getEpochSecond();
    long rounded = Math.floorDiv(s + ROUND_SECONDS / 2, ROUND_SECONDS) * ROUND_SECONDS;
    return TIME.format(Instant.ofEpochSecond(rounded)).replace("AM", "am").replace("PM", "pm");
  }

  private static String cause(Item item) {
    return item.meetingId() + ":" + item.itemId();
  }

  private static Map<String, String> fields(Notices.Recipient to, String agencyName, Item item, String url,
                                            String expectedTime) {
    Map<String, String> f = new HashMap<>();
    f.put("fullName", to.fullName());
    f.put("agencyName", agencyName);
    f.put("itemNumber", Integer.toString(item.number()));
    f.put("familyRef", item.familyRef() == null ? "" : item.familyRef());
    f.put("panelName", item.panelName());
    f.put("meetingDate", DAY.format(item.meetingDate()));
    f.put("url", url);
    if (expectedTime != null) {
      f.put("expectedTime", expectedTime);
    }
    return f;
  }
}
