// A&I Live – statuses in words, one list for every page, and the badges and tags that show them:
// text, never colour alone.

import { h } from './dom.js';

/**
 * The meeting's status in words, everywhere (the room's header too). Never "Live": that word
 * would read as the connection's state, which has words of its own (js/room/header.js).
 */
export const STATUS_LABELS = {
  planned: 'Planned',
  open: 'Open for joining',
  live: 'In progress',
  closed: 'Ended',
  // Only a room shows it (the meeting's own status stays; PATCH/cancel, docs/PROTOCOL.md).
  cancelled: 'Cancelled',
};

/** A status badge: text, never colour alone. */
export function statusBadge(status, labels = STATUS_LABELS, prefix = 'Status: ') {
  const known = ['planned', 'open', 'live', 'closed'];
  return h('span', { class: ['status', `status-${known.includes(status) ? status : 'planned'}`] },
    h('span', { class: 'visually-hidden', text: prefix }), labels[status] || String(status || 'Unknown'));
}

// One table of attendance words, kept with the room's state (a pure module the pages share).
export { ATTENDANCE_LABELS } from './room-state.js';

export const CASE_STATUS_LABELS = {
  draft: 'Draft',
  submitted: 'Submitted',
  late: 'Late: needs the chair’s acceptance',
  accepted: 'Accepted',
  declined: 'Declined',
  discussed: 'Discussed',
  withdrawn: 'Withdrawn',
  closed: 'Closed',
};

/** A tag: `kind` is '', 'warn', 'bad' or 'ok'. */
export function tag(text, kind = '') {
  return h('span', { class: ['tag', kind ? `tag-${kind}` : null], text });
}
