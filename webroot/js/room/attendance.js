// A&I Live – the attendance register (R10, R11): each member's status in words, the written update
// sent with apologies, "I'm in the room" / "I'm remote" for the member themselves, and for the
// officer and chair a form per member to record any status.

import { field, h, replaceKeepingFocus, setText } from '../dom.js';
import { plural } from '../format.js';
import { hasRole } from '../roles.js';
import { ATTENDANCE_LABELS, ATTENDANCE_STATUSES, attendanceText } from '../room-state.js';

const MAX_UPDATE_CHARS = 10_000;

export function createAttendanceView({ member, act }, doc = document) {
  let drawn = ''; // what the register showed last: redrawn only when it changes
  const $ = (id) => doc.getElementById(id);
  const list = $('attendance-list');
  const summary = $('attendance-summary');
  const selfBox = $('self-mark');
  const selfStatus = $('self-status');
  const inRoom = $('mark-in-room');
  const remote = $('mark-remote');

  inRoom.addEventListener('click', () => act('attendance.mark', { status: 'in_room' },
    { done: 'You are recorded as in the room.' }));
  remote.addEventListener('click', () => act('attendance.mark', { status: 'remote' },
    { done: 'You are recorded as remote.' }));

  function nameOf(model, presence, memberId) {
    const m = model.members.find((x) => x.memberId === memberId);
    if (m) return m.fullName;
    const p = presence.find((x) => x.memberId === memberId);
    return p?.name || 'someone not on the panel';
  }

  /** Officer: always (they correct the register after the meeting). Chair: until it is closed. */
  function canManage(model) {
    return hasRole(member, 'officer') || (hasRole(member, 'chair') && model.meeting?.status !== 'closed');
  }

  function canMarkSelf(model) {
    const onPanel = model.members.some((m) => m.memberId === member?.id);
    const onlyObserves = (member?.roles ?? []).every((r) => r === 'observer');
    return onPanel && !onlyObserves && (model.meeting?.status !== 'closed' || hasRole(member, 'officer'));
  }

  function markForm(model, person, mark) {
    const id = person.memberId;
    const name = person.fullName;
    const statusId = `att-status-${id}`;
    const forId = `att-for-${id}`;
    const updateId = `att-update-${id}`;

    const status = field('select', { id: statusId, value: mark?.status ?? '' },
      mark ? null : h('option', { value: '', text: 'Choose…' }),
      ATTENDANCE_STATUSES.map((s) => h('option', { value: s, text: ATTENDANCE_LABELS[s] })));
    const forWhom = field('select', { id: forId, value: mark?.substituteForMemberId ?? '' },
      h('option', { value: '', text: 'Choose the member…' }),
      model.members.filter((m) => m.memberId !== id)
        .map((m) => h('option', { value: m.memberId, text: m.agency ? `${m.fullName} (${m.agency})` : m.fullName })));
    const update = field('textarea', { id: updateId, maxlength: MAX_UPDATE_CHARS, rows: 3, value: mark?.writtenUpdate ?? '' });
    const forBox = h('div', { class: 'field' },
      h('label', { for: forId }, 'Substitute for', h('span', { class: 'visually-hidden', text: ` (${name})` })), forWhom);
    const updateBox = h('div', { class: 'field' },
      h('label', { for: updateId }, 'Written update', h('span', { class: 'visually-hidden', text: ` from ${name}` })), update);

    const showExtras = () => {
      forBox.hidden = status.value !== 'substitute';
      updateBox.hidden = status.value !== 'apologies_with_update';
    };
    showExtras();

    const form = h('form', {
      class: 'mark-form',
      novalidate: true,
      on: {
        change: showExtras,
        restore: showExtras,
        submit(event) {
          event.preventDefault();
          [status, forWhom, update].forEach((f) => f.removeAttribute('aria-invalid'));
          const fields = { memberId: id, status: status.value };
          let problem = null;
          if (!status.value) problem = [status, `Choose a status for ${name}.`];
          else if (status.value === 'substitute') {
            if (!forWhom.value) problem = [forWhom, `Choose whom ${name} is substituting for.`];
            fields.substituteForMemberId = forWhom.value;
          } else if (status.value === 'apologies_with_update') {
            if (!update.value.trim()) problem = [update, `Enter the written update sent by ${name}.`];
            fields.writtenUpdate = update.value.trim();
          }
          if (problem) {
            problem[0].setAttribute('aria-invalid', 'true');
            act.fail(problem[1]);
            problem[0].focus();
            return;
          }
          act('attendance.mark', fields, { done: `${name}: ${ATTENDANCE_LABELS[status.value].toLowerCase()}.` });
        },
      },
    },
    h('div', { class: 'field' },
      h('label', { for: statusId }, 'Status', h('span', { class: 'visually-hidden', text: ` for ${name}` })), status),
    forBox,
    updateBox,
    h('button', { type: 'submit', class: 'button-secondary button-small' },
      'Save', h('span', { class: 'visually-hidden', text: ` attendance for ${name}` })));
    return form;
  }

  function row(model, presence, person, manage) {
    const mark = model.attendance.get(person.memberId) ?? null;
    const who = (memberId) => nameOf(model, presence, memberId);
    const substitutes = [...model.attendance.values()]
      .filter((a) => a.status === 'substitute' && a.substituteForMemberId === person.memberId);
    return h('li', { class: ['register-row', `att-${mark?.status ?? 'none'}`] },
      h('div', { class: 'register-who' },
        h('span', { class: 'person-name', text: person.fullName }),
        person.memberId === member?.id ? h('span', { class: 'muted', text: ' (you)' }) : null,
        person.agency ? h('span', { class: 'person-agency', text: person.agency }) : null),
      h('p', { class: 'register-status' },
        h('span', { class: 'visually-hidden', text: 'Attendance: ' }), attendanceText(mark, who)),
      mark?.status === 'apologies_with_update' && mark.writtenUpdate
        ? h('div', { class: 'written-update' },
          h('p', { class: 'written-update-label', text: 'Written update' }),
          h('p', { class: 'written-update-text', text: mark.writtenUpdate }))
        : null,
      substitutes.map((s) => h('p', { class: 'muted', text: `Represented by ${who(s.memberId)} (substitute).` })),
      manage && person.onPanel ? markForm(model, person, mark) : null);
  }

  function render(model, presence = []) {
    const manage = canManage(model);
    const people = model.members.map((m) => ({ ...m, onPanel: true }));
    // Substitutes from outside the panel are in the register but not in the members list.
    for (const a of model.attendance.values()) {
      if (!people.some((p) => p.memberId === a.memberId)) {
        const p = presence.find((x) => x.memberId === a.memberId);
        people.push({ memberId: a.memberId, fullName: p?.name || 'Someone not on the panel', agency: p?.agency, onPanel: false });
      }
    }

    const counts = new Map();
    people.forEach((p) => {
      const s = model.attendance.get(p.memberId)?.status ?? 'none';
      counts.set(s, (counts.get(s) ?? 0) + 1);
    });
    const parts = ATTENDANCE_STATUSES.filter((s) => counts.get(s))
      .map((s) => `${ATTENDANCE_LABELS[s].toLowerCase()} ${counts.get(s)}`);
    if (counts.get('none')) parts.push(`not recorded ${counts.get('none')}`);
    setText(summary, people.length ? `${plural(people.length, 'member')}: ${parts.join(', ')}.` : 'No members.');

    const self = canMarkSelf(model);
    selfBox.hidden = !self;
    if (self) setText(selfStatus, attendanceText(model.attendance.get(member.id), (id) => nameOf(model, presence, id)));

    const picture = JSON.stringify([people, [...model.attendance.values()], manage, model.members.length]);
    if (picture !== drawn) {
      drawn = picture;
      replaceKeepingFocus(list, people.map((p) => row(model, presence, p, manage)));
    }
  }

  return { render };
}
