package org.ailive.notify;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.parameter.ParticipationStatus;
import biweekly.parameter.ParticipationLevel;
import biweekly.property.Attendee;
import biweekly.property.Method;
import biweekly.property.Organizer;
import biweekly.property.Status;
import org.ailive.config.AppConfig;
import org.ailive.notify.Notices.Recipient;
import org.ailive.protocol.Zone;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The notices a meeting causes (issue 19): scheduled (alone, or a series of them: issue 20), moved and cancelled (each with the meeting as
 * an iCalendar file, so it lands in the member's calendar: one UID per meeting, a higher SEQUENCE at
 * each change, times in UTC), a member's own join link, and the panel's minutes published. Each
 * carries only the panel's name, the date, times, place and links (R12): never a family or an item.
 */
public final class MeetingNotices {

  public static final String SCHEDULED = "meeting_scheduled";
  public static final String MOVED = "meeting_moved";
  public static final String CANCELLED = "meeting_cancelled";
  public static final String JOIN_LINK = "join_link";
  public static final String MINUTES = "minutes_published";
  public static final String SERIES = "meeting_series";

  /** What a calendar entry says of a meeting; {@code url} the meeting's page (a path). */
  public record Event(UUID meetingId, String panelName, LocalDate date, LocalTime startsAt, LocalTime endsAt,
                      String location, int sequence, String url) {
  }

  static final String ICS_TYPE = "text/calendar; charset=UTF-8";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mma", Locale.UK);
  private static final String NO_PLACE = "to be confirmed";

  private final String organizer;
  private final String uidDomain;
  private final Outbox outbox;

  /** {@code mailFrom} is the organizer of every entry; its domain names the entries' UIDs. */
  public MeetingNotices(AppConfig config, Outbox outbox) {
    this.organizer = config.mailFrom();
    int at = organizer.lastIndexOf('@');
    this.uidDomain = at < 0 ? "ailive" : organizer.substring(at + 1).toLowerCase(Locale.ROOT);
    this.outbox = outbox;
  }

  /** The meeting is in the diary: a calendar invitation ({@code METHOD:REQUEST}). */
  public Notice scheduled(Recipient to, Event e) {
    return calendar(SCHEDULED, to, e, SCHEDULED + ":" + e.meetingId() + ":" + to.memberId(), false);
  }

  /** The date, time or place changed: the same entry again, a higher SEQUENCE, so calendars update it. */
  public Notice moved(Recipient to, Event e) {
    return calendar(MOVED, to, e, MOVED + ":" + e.meetingId() + ":" + e.sequence() + ":" + to.memberId(), false);
  }

  /** The meeting will not take place: {@code METHOD:CANCEL}, {@code STATUS:CANCELLED}. */
  public Notice cancelled(Recipient to, Event e) {
    return calendar(CANCELLED, to, e, CANCELLED + ":" + e.meetingId() + ":" + to.memberId(), true);
  }

  /**
   * A series of meetings is in the diary (issue 20): one notice for all of them, its calendar file one
   * entry per meeting, each under the meeting's own UID so a later move or cancel of one updates it.
   * {@code rule} says when they fall ("the first Wednesday of each month"); all share a time and place.
   */
  public Notice series(Recipient to, UUID seriesId, String rule, List<Event> events) {
    Event first = events.get(0);
    Map<String, String> fields = Map.of("fullName", to.fullName(), "panelName", first.panelName(),
      "meetingCount", Integer.toString(events.size()), "seriesRule", rule,
      "meetingDates", String.join(", ", events.stream().map(e -> e.date().format(SHORT_DAY)).toList()),
      "meetingTime", time(first.startsAt()) + " to " + time(first.endsAt()),
      "location", first.location() == null || first.location().isBlank() ? NO_PLACE : first.location(),
      "url", "/meetings.html");
    byte[] ics = ics(to, events, false).getBytes(StandardCharsets.UTF_8);
    return new Notice(SERIES, to.memberId(), to.email(), SERIES + ":" + seriesId + ":" + to.memberId(), fields, false,
      new Notice.Attachment("meetings.ics", ICS_TYPE + "; method=REQUEST", ics));
  }

  /**
   * A member's own join link (a credential, so the body is cleared once sent); one notice per link.
   */
  public static Notice joinLink(Recipient to, UUID linkId, String panelName, LocalDate date, LocalTime startsAt,
                                String url, Instant expiresAt) {
    return new Notice(JOIN_LINK, to.memberId(), to.email(), JOIN_LINK + ":" + linkId + ":" + to.memberId(),
      Map.of("fullName", to.fullName(), "panelName", panelName, "meetingDate", date.format(DAY),
        "meetingTime", time(startsAt), "url", url, "expiresAt", Notices.when(expiresAt)), true, null);
  }

  /** The chair published the minutes: a link to read them in the app; never a word of them. */
  public static Notice minutesPublished(Recipient to, UUID meetingId, int version, String panelName, LocalDate date) {
    return new Notice(MINUTES, to.memberId(), to.email(), MINUTES + ":" + meetingId + ":v" + version + ":" + to.memberId(),
      Map.of("fullName", to.fullName(), "panelName", panelName, "meetingDate", date.format(DAY),
        "url", "/minutes-read.html?meeting=" + meetingId), false, null);
  }

  private Notice calendar(String kind, Recipient to, Event e, String key, boolean cancel) {
    Map<String, String> fields = Map.of("fullName", to.fullName(), "panelName", e.panelName(),
      "meetingDate", e.date().format(DAY), "meetingTime", time(e.startsAt()) + " to " + time(e.endsAt()),
      "location", e.location() == null || e.location().isBlank() ? NO_PLACE : e.location(), "url", e.url());
    byte[] ics = ics(to, List.of(e), cancel).getBytes(StandardCharsets.UTF_8);
    return new Notice(kind, to.memberId(), to.email(), key, fields, false,
      new Notice.Attachment(cancel ? "cancelled.ics" : "meeting.ics", ICS_TYPE + "; method=" + (cancel ? "CANCEL" : "REQUEST"), ics));
  }

  /** The iCalendar text of the meetings for one attendee: one entry each. */
  String ics(Recipient to, List<Event> events, boolean cancel) {
    ICalendar cal = new ICalendar();
    cal.setProductId("-//A&I Live//Panel meetings//EN");
    cal.setMethod(cancel ? Method.cancel() : Method.request());
    events.forEach(e -> cal.addEvent(event(to, e, cancel)));
    return Biweekly.write(cal).go();
  }

  private VEvent event(Recipient to, Event e, boolean cancel) {
    VEvent event = new VEvent();
    event.setUid(uid(e.meetingId()));
    event.setSequence(e.sequence());
    event.setDateTimeStamp(new Date());
    event.setDateStart(Date.from(e.date().atTime(e.startsAt()).atZone(Zone.LONDON).toInstant()), true);
    event.setDateEnd(Date.from(e.date().atTime(e.endsAt()).atZone(Zone.LONDON).toInstant()), true);
    // The panel's name only: an entry in someone's calendar is no place for a family or an item.
    event.setSummary(e.panelName());
    if (e.location() != null && !e.location().isBlank()) {
      event.setLocation(e.location());
    }
    event.setOrganizer(new Organizer(null, organizer));
    Attendee attendee = new Attendee(to.fullName(), to.email());
    // ROLE=REQ-PARTICIPANT in iCalendar 2.0.
    attendee.setParticipationLevel(ParticipationLevel.REQUIRED);
    attendee.setParticipationStatus(ParticipationStatus.NEEDS_ACTION);
    attendee.setRsvp(false);
    event.addAttendee(attendee);
    event.setUrl(outbox.link(e.url()));
    event.setStatus(cancel ? Status.cancelled() : Status.confirmed());
    return event;
  }

  /** The one UID of a meeting's entry, in every notice about it. */
  String uid(UUID meetingId) {
    return "meeting-" + meetingId + "@" + uidDomain;
  }

  /** "9:30am". */
  static String time(LocalTime t) {
    return t.format(TIME).replace("AM", "am").replace("PM", "pm");
  }
}
