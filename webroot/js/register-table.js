// A&I Live – the attendance register as ONE table (R10, R11, R13), shared by the live room and
// meeting preparation: a row per member (member, agency, one radio column per status, substitute
// for, written update, joined/left and the half attended), bulk marks above it, and at the end the
// officer's confirmation. Choosing a radio records the mark (arrow keys move within a row, Tab to
// the next row); "Apologies with written update" waits for the update, recorded when you leave the
// field. Rows are updated in place, so focus and what you are typing survive other people's marks.

import { h, setText } from './dom.js';
import { ATTENDANCE_LABELS } from './room-state.js';

/** The radio columns: a substitute is chosen in its own column (it needs whom they stand in for). */
const RADIO_STATUSES = ['in_room', 'remote', 'apologies', 'apologies_with_update', 'absent'];
const PRESENT = new Set(['in_room', 'remote', 'substitute']);
const MAX_UPDATE_CHARS = 10_000;
/** A radio chosen with the arrow keys is recorded once the keys rest on it. */
const SETTLE_MS = 450;

const clock = (ms) => new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** "joined 10:05, left 11:20" (times are kept for whoever joined the live room). */
export function joinedText(mark) {
  if (!mark?.joinedAt) return '';
  return `joined ${clock(mark.joinedAt)}${mark.leftAt ? `, left ${clock(mark.leftAt)}` : ''}`;
}

/** The district names of a double-district agenda's halves (R1), or null. */
export function halvesOf(agenda) {
  const name = (section) => (agenda || []).find((i) => i.section === section && i.districtName)?.districtName;
  const first = name('first_district');
  const second = name('second_district');
  return first && second ? { first, second } : null;
}

/** A mark in words, for a row that is not edited here. */
export function markWords(mark, nameOf, represented) {
  if (!mark || !mark.status) {
    if (represented) return `Represented by ${represented}`;
    return mark?.joinedAt ? 'Connected, not yet marked' : 'Not yet marked';
  }
  if (mark.status === 'substitute') return `Substitute for ${nameOf(mark.substituteForMemberId)}`;
  return ATTENDANCE_LABELS[mark.status] ?? mark.status;
}

/**
 * `container`: an element the table and its controls are drawn into. `send(type, fields, done)`:
 * sends a command and resolves (or rejects) when it is answered. `fail(message)`: shows a problem.
 */
export function createRegisterTable({ container, idPrefix = 'reg', send, fail }) {
  const bar = h('div', { class: 'register-bar' });
  const confirmed = h('p', { id: `${idPrefix}-confirmed`, class: 'register-confirmed' });
  const bulkConnected = h('button', { type: 'button', id: `${idPrefix}-mark-connected`, class: 'button-secondary button-small' },
    'Mark everyone connected as remote');
  const bulkAbsent = h('button', { type: 'button', id: `${idPrefix}-mark-rest-absent`, class: 'button-secondary button-small' },
    'Mark everyone else absent');
  const confirm = h('button', { type: 'button', id: `${idPrefix}-confirm`, class: 'button-small' }, 'Confirm the register');
  bar.append(h('div', { class: 'button-row' }, bulkConnected, bulkAbsent, confirm), confirmed);
  const captionId = `${idPrefix}-caption`;
  const table = h('table', { class: 'register-table', id: `${idPrefix}-table` });
  const scroll = h('div', { class: 'register-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0' }, table);
  container.replaceChildren(bar, scroll);

  let view = null; // what the last render was given
  let shape = '';  // the people and columns the table was built for
  const rows = new Map();

  bulkConnected.addEventListener('click', () => send('attendance.markConnected', {}, 'Everyone connected and not yet marked is recorded as remote.'));
  bulkAbsent.addEventListener('click', () => send('attendance.markRestAbsent', {}, 'Everyone else not yet marked is recorded as absent.'));
  confirm.addEventListener('click', () => send('attendance.confirm', {}, 'The register is confirmed.'));

  const nameOf = (memberId) => view?.people.find((p) => p.memberId === memberId)?.fullName
    ?? view?.panel.find((p) => p.memberId === memberId)?.fullName ?? 'someone not on the panel';

  function mark(person, fields, done) {
    const current = view.marks.get(person.memberId);
    const half = fields.half !== undefined ? fields.half : current?.half;
    const body = { memberId: person.memberId, ...fields };
    if (half && PRESENT.has(body.status)) body.half = half;
    else delete body.half;
    return send('attendance.mark', body, done);
  }

  function buildRow(person, manage) {
    const id = person.memberId;
    const name = person.fullName;
    const who = h('th', { scope: 'row', class: 'register-name' },
      h('span', { text: name }), h('span', { class: 'register-state muted', id: `${idPrefix}-state-${id}` }));
    const agency = h('td', { text: person.agency || '' });
    const cells = [who, agency];
    const parts = { tr: null, radios: new Map(), forWhom: null, update: null, times: null, half: null, state: who.lastChild, words: null };
    if (!manage) {
      parts.words = h('td', { class: 'register-words' });
      cells.push(parts.words);
    } else {
      let settle = null;
      for (const status of RADIO_STATUSES) {
        const radio = h('input', {
          type: 'radio', name: `${idPrefix}-status-${id}`, value: status, id: `${idPrefix}-${status}-${id}`,
          'aria-label': `${ATTENDANCE_LABELS[status]}: ${name}`,
        });
        radio.addEventListener('change', () => {
          clearTimeout(settle);
          if (status === 'apologies_with_update') {
            parts.update.hidden = false;
            return;
          }
          settle = setTimeout(() => {
            if (radio.checked) mark(person, { status }, `${name}: ${ATTENDANCE_LABELS[status].toLowerCase()}.`);
          }, SETTLE_MS);
        });
        parts.radios.set(status, radio);
        cells.push(h('td', { class: 'register-radio' }, radio));
      }
      parts.forWhom = h('select', { id: `${idPrefix}-for-${id}`, 'aria-label': `${name} is substitute for` });
      parts.forWhom.addEventListener('change', () => {
        if (parts.forWhom.value) {
          mark(person, { status: 'substitute', substituteForMemberId: parts.forWhom.value },
            `${name}: substitute for ${nameOf(parts.forWhom.value)}.`);
        }
      });
      cells.push(h('td', {}, parts.forWhom));
      parts.update = h('textarea', {
        id: `${idPrefix}-update-${id}`, rows: '2', maxlength: String(MAX_UPDATE_CHARS), 'aria-label': `Written update from ${name}`,
      });
      parts.update.addEventListener('change', () => {
        const text = parts.update.value.trim();
        if (!text) {
          fail(`Enter the written update sent by ${name} with their apologies.`);
          return;
        }
        mark(person, { status: 'apologies_with_update', writtenUpdate: text }, `${name}: apologies with written update.`);
      });
      cells.push(h('td', {}, parts.update));
    }
    parts.times = h('span', { class: 'register-times' });
    const timesCell = h('td', {}, parts.times);
    if (manage && view.halves) {
      parts.half = h('select', { id: `${idPrefix}-half-${id}`, 'aria-label': `Part of the meeting ${name} attended` },
        h('option', { value: '', text: 'Whole meeting' }),
        h('option', { value: 'first_district', text: `${view.halves.first} half only` }),
        h('option', { value: 'second_district', text: `${view.halves.second} half only` }));
      parts.half.addEventListener('change', () => {
        const current = view.marks.get(id);
        if (!PRESENT.has(current?.status)) {
          fail(`Mark how ${name} attended first; then choose the half.`);
          parts.half.value = current?.half ?? '';
          return;
        }
        const fields = { status: current.status, half: parts.half.value || null };
        if (current.status === 'substitute') fields.substituteForMemberId = current.substituteForMemberId;
        mark(person, fields, `${name}: ${parts.half.value ? parts.half.selectedOptions[0].text.toLowerCase() : 'whole meeting'}.`);
      });
      timesCell.append(parts.half);
    }
    cells.push(timesCell);
    parts.tr = h('tr', { id: `${idPrefix}-row-${id}` }, ...cells);
    return parts;
  }

  function updateRow(person, parts, manage) {
    const mark = view.marks.get(person.memberId);
    const status = mark?.status ?? null;
    const represented = view.representedBy.get(person.memberId);
    parts.tr.className = `att-${status ?? 'none'}`;
    setText(parts.state, status ? '' : ` ${markWords(mark, nameOf, represented)}`);
    setText(parts.times, [joinedText(mark), mark?.half && view.halves && !manage
      ? `${mark.half === 'first_district' ? view.halves.first : view.halves.second} half only` : ''].filter(Boolean).join('; '));
    if (!manage) {
      setText(parts.words, status ? markWords(mark, nameOf, represented) : 'Not yet marked');
      return;
    }
    // A choice still settling (focus on the row's radios), or an update being written, is the user's.
    const busy = [...parts.radios.values()].includes(document.activeElement) || document.activeElement === parts.update;
    if (!busy) {
      for (const [s, radio] of parts.radios) radio.checked = s === status;
    }
    const options = [h('option', { value: '', text: 'Not a substitute' }),
      ...view.panel.filter((m) => m.memberId !== person.memberId)
        .map((m) => h('option', { value: m.memberId, text: m.agency ? `${m.fullName} (${m.agency})` : m.fullName }))];
    if (document.activeElement !== parts.forWhom) {
      parts.forWhom.replaceChildren(...options);
      parts.forWhom.value = status === 'substitute' ? mark.substituteForMemberId : '';
    }
    if (document.activeElement !== parts.update) {
      parts.update.value = mark?.writtenUpdate ?? '';
      parts.update.hidden = status !== 'apologies_with_update';
    }
    if (parts.half && document.activeElement !== parts.half) parts.half.value = mark?.half ?? '';
  }

  function head(manage) {
    const cols = manage
      ? ['Member', 'Agency', ...RADIO_STATUSES.map((s) => ATTENDANCE_LABELS[s]), 'Substitute for', 'Written update', 'Joined, left, half']
      : ['Member', 'Agency', 'Attendance', 'Joined and left'];
    return h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', text: c }))));
  }

  /**
   * `people`: [{memberId, fullName, agency}] in the order to list; `panel`: the panel's members
   * (whom a substitute may stand in for); `marks`: Map memberId → mark; `manage`: officer or chair;
   * `officer`; `status`: the meeting's; `confirmed`: {byMemberId, at} or null; `halves`:
   * {first, second} district names of a double-district meeting, or null.
   */
  function render(next) {
    view = { ...next, representedBy: new Map() };
    for (const m of next.marks.values()) {
      if (m.status === 'substitute' && m.substituteForMemberId) view.representedBy.set(m.substituteForMemberId, nameOf(m.memberId));
    }
    const { manage } = next;
    const closed = next.status === 'closed';
    bulkConnected.hidden = !manage || !['open', 'live', 'closed'].includes(next.status) || (closed && !next.officer);
    bulkAbsent.hidden = !manage || !['live', 'closed'].includes(next.status) || (closed && !next.officer);
    confirm.hidden = !(next.officer && closed && !next.confirmed);
    setText(confirmed, next.confirmed
      ? `Register confirmed by ${nameOf(next.confirmed.byMemberId)} at ${clock(next.confirmed.at)}.`
      : closed ? 'The register is not yet confirmed: mark everyone, then confirm it.' : '');
    confirmed.hidden = !confirmed.textContent;
    bar.hidden = bulkConnected.hidden && bulkAbsent.hidden && confirm.hidden && confirmed.hidden;

    const nextShape = JSON.stringify([manage, Boolean(next.halves), next.people.map((p) => [p.memberId, p.fullName, p.agency])]);
    if (nextShape !== shape) {
      shape = nextShape;
      rows.clear();
      const body = h('tbody');
      for (const person of next.people) {
        const parts = buildRow(person, manage);
        rows.set(person.memberId, parts);
        body.append(parts.tr);
      }
      table.replaceChildren(h('caption', { id: captionId, class: 'visually-hidden', text: 'Attendance register' }), head(manage), body);
    }
    for (const person of next.people) updateRow(person, rows.get(person.memberId), manage);
  }

  return { render };
}
