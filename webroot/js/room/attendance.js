// A&I Live – the attendance register in the live room (R10, R11, R13): one table of the panel
// (register-table.js) with bulk marks and, at the end, the officer's confirmation; "I'm in the room"
// / "I'm remote" for the member themselves (the join prompt, where-am-i.js, asks once on arrival).

import { setText } from '../dom.js';
import { plural } from '../format.js';
import { hasRole } from '../roles.js';
import { ATTENDANCE_LABELS, ATTENDANCE_STATUSES } from '../room-state.js';
import { createRegisterTable, halvesOf, markWords } from '../register-table.js';

export function createAttendanceView({ member, act }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const summary = $('attendance-summary');
  const selfBox = $('self-mark');
  const selfStatus = $('self-status');
  const table = createRegisterTable({
    container: $('attendance-list'),
    idPrefix: 'att',
    send: (type, fields, done) => act(type, fields, { done }),
    fail: (message) => act.fail(message),
  });

  $('mark-in-room').addEventListener('click', () => act('attendance.mark', { status: 'in_room' },
    { done: 'You are recorded as in the room.' }));
  $('mark-remote').addEventListener('click', () => act('attendance.mark', { status: 'remote' },
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

  function render(model, presence = []) {
    const onlyObserver = (m) => (m.roles ?? []).length > 0 && m.roles.every((r) => r === 'observer');
    const panel = model.members.filter((m) => m.onPanel !== false);
    const people = [...panel.filter((m) => !onlyObserver(m))];
    // Substitutes from outside the panel are on the register but not in the panel's list.
    for (const a of model.attendance.values()) {
      if (!people.some((p) => p.memberId === a.memberId) && !panel.some((p) => p.memberId === a.memberId && onlyObserver(p))) {
        const known = model.members.find((x) => x.memberId === a.memberId);
        const p = presence.find((x) => x.memberId === a.memberId);
        people.push({ memberId: a.memberId, fullName: known?.fullName || p?.name || 'Someone not on the panel', agency: known?.agency || p?.agency });
      }
    }
    people.sort((a, b) => a.fullName.localeCompare(b.fullName));

    const counts = new Map();
    people.forEach((p) => {
      const s = model.attendance.get(p.memberId)?.status ?? 'none';
      counts.set(s, (counts.get(s) ?? 0) + 1);
    });
    const parts = ATTENDANCE_STATUSES.filter((s) => counts.get(s))
      .map((s) => `${ATTENDANCE_LABELS[s].toLowerCase()} ${counts.get(s)}`);
    if (counts.get('none')) parts.push(`not yet marked ${counts.get('none')}`);
    setText(summary, people.length ? `${plural(people.length, 'member')}: ${parts.join(', ')}.` : 'No members.');

    const self = canMarkSelf(model);
    selfBox.hidden = !self;
    if (self) setText(selfStatus, markWords(model.attendance.get(member.id), (id) => nameOf(model, presence, id)));

    table.render({
      people,
      panel: panel.filter((m) => !onlyObserver(m)),
      marks: model.attendance,
      manage: canManage(model),
      officer: hasRole(member, 'officer'),
      status: model.meeting?.status,
      confirmed: model.meeting?.registerConfirmed ?? null,
      halves: halvesOf(model.agenda),
    });
  }

  return { render };
}
