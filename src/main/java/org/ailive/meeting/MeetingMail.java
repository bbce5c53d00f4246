package org.ailive.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ailive.notify.MeetingNotices;
import org.ailive.notify.Notice;
import org.ailive.notify.Notices.Recipient;
import org.ailive.notify.Outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Tells a meeting's panel that it was scheduled, moved or cancelled (issue 19): one notice per member
 * with the meeting's calendar entry, written on the connection of the change's own transaction so the
 * change and its notices commit together.
 */
public final class MeetingMail {

  /** What happened to the meeting. */
  enum Change { SCHEDULED, MOVED, CANCELLED }

  private final Outbox outbox;
  private final MeetingNotices notices;

  public MeetingMail(Outbox outbox, MeetingNotices notices) {
    this.outbox = outbox;
    this.notices = notices;
  }

  /** Whether mail goes out at all (else the app shows links to copy). */
  boolean on() {
    return outbox.on();
  }

  Outbox outbox() {
    return outbox;
  }

  /** One notice to each of the panel's members and its chair, about {@code meeting} as it now stands. */
  Future<Integer> tellPanel(SqlConnection conn, Meeting meeting, Change change) {
    MeetingNotices.Event event = event(meeting, change);
    return conn.preparedQuery(MeetingSql.PANEL_RECIPIENTS).execute(Tuple.of(meeting.panelId())).compose(rows -> {
      List<Future<Void>> mails = new ArrayList<>();
      for (Row r : rows) {
        Recipient to = new Recipient(r.getUUID("id"), r.getString("full_name"), r.getString("email"));
        Notice notice = switch (change) {
          case SCHEDULED -> notices.scheduled(to, event);
          case MOVED -> notices.moved(to, event);
          case CANCELLED -> notices.cancelled(to, event);
        };
        // Queued on the connection together (it runs them in order), not chained one after another.
        mails.add(outbox.enqueue(conn, notice));
      }
      return Future.all(mails).map(v -> mails.size());
    });
  }

  /**
   * A series (issue 20): ONE notice to each of the panel's members and its chair for all its
   * {@code meetings}, rather than one per meeting; {@code rule} says when they fall.
   */
  Future<Integer> tellPanelOfSeries(SqlConnection conn, UUID seriesId, String rule, List<Meeting> meetings) {
    List<MeetingNotices.Event> events = meetings.stream().map(m -> event(m, Change.SCHEDULED)).toList();
    return conn.preparedQuery(MeetingSql.PANEL_RECIPIENTS).execute(Tuple.of(meetings.get(0).panelId())).compose(rows -> {
      List<Future<Void>> mails = new ArrayList<>();
      for (Row r : rows) {
        Recipient to = new Recipient(r.getUUID("id"), r.getString("full_name"), r.getString("email"));
        mails.add(outbox.enqueue(conn, notices.series(to, seriesId, rule, events)));
      }
      return Future.all(mails).map(v -> mails.size());
    });
  }

  private static MeetingNotices.Event event(Meeting m, Change change) {
    // The room is every member's page of the meeting; a cancelled one sends them to their meetings.
    String url = change == Change.CANCELLED ? "/index.html" : "/room.html?meeting=" + m.id();
    return new MeetingNotices.Event(m.id(), m.panelName(), m.meetingDate(), m.startsAt(), m.endsAt(), m.location(),
      m.sequence(), url);
  }
}
