// A&I Live – the room's header: which meeting this is, its status, and the connection state,
// always in words. The connection's words ("Connected", "Reconnecting…", "Offline, 2 changes
// waiting") are kept apart from the meeting's status ("Open for joining", "In progress", "Ended"):
// "Live" is neither, so a green "Live" can never stand for a connection that is not there.

import { createBell } from '../bell.js';
import { h, setText } from '../dom.js';
import { hoursMinutes, longDate, plural } from '../format.js';
import { STATUS_LABELS, isScoped } from '../ui.js';

/**
 * The connection in words. `phase` comes from live.js ('reconnecting' also while the socket is
 * open but nothing arrives); `online` is the browser's own view, and when it says offline, so do we.
 */
export function connectionText({ phase, pending, online, storage }) {
  const waiting = pending > 0 ? plural(pending, 'change') : '';
  if (phase === 'stopped') return pending > 0 ? `Disconnected, ${waiting} waiting` : 'Disconnected';
  if (online === false) return pending > 0 ? `Offline, ${waiting} waiting` : 'Offline';
  switch (phase) {
    case 'live':
      if (storage === 'delayed') return pending > 0 ? `Connected – saving delayed, ${waiting} waiting` : 'Connected – saving delayed';
      return pending > 0 ? `Connected – sending ${waiting}` : 'Connected';
    case 'connecting':
      return pending > 0 ? `Connecting… ${waiting} waiting` : 'Connecting…';
    case 'reconnecting':
    default:
      return pending > 0 ? `Reconnecting… ${waiting} waiting` : 'Reconnecting…';
  }
}

/** The phase as `data-phase` says it (for tests and scripts): offline whenever the browser says so. */
export function connectionPhase({ phase, online }) {
  if (phase === 'stopped') return 'stopped';
  return online === false ? 'offline' : phase;
}

export function createHeaderView({ onDiscard, member }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  // The bell (js/bell.js) here too, so "your item is starting" reaches a member in the room; a
  // join-link session has no notices (it opens this one meeting only).
  const statusLine = doc.querySelector('.meeting-status-line');
  if (member && !isScoped(member) && statusLine) statusLine.append(h('div', { class: 'room-bell' }, createBell(member)));
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
      badge.className = `status status-${STATUS_LABELS[status] ? status : 'planned'}`;
      badge.dataset.status = status;
      setText(badgeText, STATUS_LABELS[status] ?? status);
    }
  }

  function renderConnection(status) {
    const shown = connectionPhase(status);
    setText(connectionLabel, connectionText(status));
    // Offline looks like reconnecting (room.css): amber, or red with changes waiting.
    connection.className = `connection connection-${shown === 'offline' ? 'reconnecting is-offline' : shown}`
      + (status.pending > 0 ? ' has-pending' : '') + (status.storage === 'delayed' ? ' is-delayed' : '');
    // For tests and scripts: the same state as attributes (the words above are for people).
    connection.dataset.phase = shown;
    connection.dataset.pending = String(status.pending);
    connection.dataset.storage = status.storage;
    outboxCount.dataset.count = String(status.pending);
    setText(outboxCount, String(status.pending));
    // Offer to drop waiting changes only when they are stuck (not while they are being sent).
    discard.hidden = !(status.pending > 0 && shown !== 'live');
  }

  return { renderMeeting, renderConnection };
}
