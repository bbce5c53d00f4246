// A&I Live – the room's header: which meeting this is, its status, and the connection state,
// always in words ("Live", "Reconnecting…", "Offline – 2 changes waiting").

import { setText } from '../dom.js';
import { hoursMinutes, longDate, plural } from '../format.js';

const MEETING_STATUS = { planned: 'Planned', open: 'Open for joining', live: 'Live now', closed: 'Closed' };

export function connectionText({ phase, pending, online, storage }) {
  const waiting = pending > 0 ? plural(pending, 'change') : '';
  switch (phase) {
    case 'live':
      if (storage === 'delayed') return pending > 0 ? `Live – saving delayed, ${waiting} waiting` : 'Live – saving delayed';
      return pending > 0 ? `Live – sending ${waiting}` : 'Live';
    case 'stopped':
      return pending > 0 ? `Disconnected – ${waiting} waiting` : 'Disconnected';
    case 'connecting':
    case 'reconnecting':
    default:
      if (pending > 0) return `Offline – ${waiting} waiting`;
      if (!online) return 'Offline';
      return phase === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  }
}

export function createHeaderView({ onDiscard }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const title = $('meeting-title');
  const when = $('meeting-when');
  const badge = $('meeting-status');
  const badgeText = $('meeting-status-text');
  const connection = $('connection-state');
  const connectionLabel = $('connection-text');
  const outboxCount = $('outbox-count');
  const discard = $('discard-pending');

  discard.addEventListener('click', onDiscard);

  /** `info`: the meeting from GET /api/meetings/{id} (panel name, location), when it could be loaded. */
  function renderMeeting(info, meeting) {
    const m = { ...(meeting || {}), ...(info || {}) };
    const name = m.panelName || 'A&I meeting';
    setText(title, name);
    const times = m.startsAt ? `${hoursMinutes(m.startsAt)}${m.endsAt ? ` to ${hoursMinutes(m.endsAt)}` : ''}` : '';
    setText(when, [m.meetingDate ? longDate(m.meetingDate) : '', times, m.location || ''].filter(Boolean).join(' · '));
    document.title = `${name}${m.meetingDate ? `, ${longDate(m.meetingDate)}` : ''} – A&I Live`;
    const status = meeting?.status ?? info?.status;
    if (status) {
      badge.className = `status status-${MEETING_STATUS[status] ? status : 'planned'}`;
      badge.dataset.status = status;
      setText(badgeText, MEETING_STATUS[status] ?? status);
    }
  }

  function renderConnection(status) {
    setText(connectionLabel, connectionText(status));
    connection.className = `connection connection-${status.phase}${status.pending > 0 ? ' has-pending' : ''}`
      + (status.storage === 'delayed' ? ' is-delayed' : '');
    // For tests and scripts: the same state as attributes (the words above are for people).
    connection.dataset.phase = status.phase === 'live' ? 'live' : !status.online ? 'offline' : status.phase;
    connection.dataset.pending = String(status.pending);
    connection.dataset.storage = status.storage;
    outboxCount.dataset.count = String(status.pending);
    setText(outboxCount, String(status.pending));
    // Offer to drop waiting changes only when they are stuck (not while they are being sent).
    discard.hidden = !(status.pending > 0 && status.phase !== 'live');
  }

  return { renderMeeting, renderConnection };
}
