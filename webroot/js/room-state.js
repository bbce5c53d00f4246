// A&I Live – the client's copy of a live room's state (docs/PROTOCOL.md, "State" and "Events"),
// and what can be worked out from it at a given server time. Pure: no DOM, no network.

/** The one table of attendance words in the front end (the same words as the server's AttendanceMark.LABELS). */
export const ATTENDANCE_LABELS = {
  in_room: 'In the room',
  remote: 'Remote',
  substitute: 'Substitute',
  apologies_with_update: 'Apologies with written update',
  apologies: 'Apologies',
  absent: 'Absent',
};

/** The statuses in the order people think of them (the register's select lists them so). */
export const ATTENDANCE_STATUSES = Object.keys(ATTENDANCE_LABELS);

const IDLE_TIMER = { itemId: null, running: false, startedAt: null, usedBeforeMs: 0, allottedSeconds: 0 };

/** Parts an event payload carries whole: the client's copy is replaced. */
const WHOLE_PARTS = ['meeting', 'timer', 'agenda', 'hands', 'focus'];

/** Parts an event payload carries one entry of: [payload key, model key, the entry's id field]. */
const ENTRY_PARTS = [
  ['attendance', 'attendance', 'memberId'],
  ['contribution', 'contributions', 'id'],
  ['action', 'actions', 'id'],
];

/** The model from a whole `state` (sync with `state: true`, or GET /api/meetings/{id}/room). */
export function fromSnapshot(state) {
  const byId = (list, key) => new Map((Array.isArray(list) ? list : []).map((x) => [x[key], x]));
  return {
    lastSeq: state.lastSeq ?? 0,
    meeting: state.meeting ?? null,
    agenda: Array.isArray(state.agenda) ? state.agenda : [],
    timer: state.timer ?? IDLE_TIMER,
    attendance: byId(state.attendance, 'memberId'),
    members: Array.isArray(state.members) ? state.members : [],
    presence: Array.isArray(state.presence) ? state.presence : [],
    contributions: byId(state.contributions, 'id'),
    hands: state.hands ?? {},
    focus: state.focus ?? null,
    actions: byId(state.actions, 'id'),
    // Not part of the server's state: learnt from events as they come (a snapshot starts them afresh).
    objections: new Map(),   // actionId → [{memberId, name, agency, reason, at}] raised in this meeting
    speaker: null,           // {memberId, name, agency, itemId, at}: whom the chair took from the queue
  };
}

/**
 * Applies one event: a payload carries the parts of the state it changed and the client replaces
 * its copy of each part it finds; `items` (changed agenda items), `attendance`, `contribution`
 * and `action` are replaced by id. Returns the names of the model parts that changed.
 */
export function applyEvent(model, event) {
  const p = event.payload || {};
  const changed = new Set();
  for (const part of WHOLE_PARTS) {
    const value = p[part];
    // `focus` may become null (no case under discussion); the other parts are always objects.
    if (value !== undefined && (value === null ? part === 'focus' : typeof value === 'object')) {
      model[part] = value;
      changed.add(part);
    }
  }
  // An event whose change kept the agenda's order carries only the items that changed, each as a
  // patch: its id and the fields that changed (a nested object such as `presenter` whole).
  if (Array.isArray(p.items) && p.items.length) {
    const byId = new Map(p.items.filter((i) => i && i.id).map((i) => [i.id, i]));
    model.agenda = model.agenda.map((i) => (byId.has(i.id) ? { ...i, ...byId.get(i.id) } : i));
    changed.add('agenda');
  }
  for (const [key, part, id] of ENTRY_PARTS) {
    const entry = p[key];
    if (entry && typeof entry === 'object' && entry[id]) {
      model[part].set(entry[id], entry);
      changed.add(part);
    }
  }
  // A bulk mark (attendance.bulkMarked) carries several register entries.
  if (Array.isArray(p.marks)) {
    p.marks.filter((m) => m && m.memberId).forEach((m) => model.attendance.set(m.memberId, m));
    if (p.marks.length) changed.add('attendance');
  }
  noteEvent(model, event, changed);
  if (Number.isFinite(event.seq)) model.lastSeq = event.seq;
  return changed;
}

/** What only events tell: objections to a closure (R8) and who was called to speak. */
function noteEvent(model, event, changed) {
  const p = event.payload || {};
  const actionId = p.action?.id;
  if (!model.objections) model.objections = new Map();
  switch (event.type) {
    case 'action.objected':
      if (actionId) {
        const list = model.objections.get(actionId) ?? [];
        list.push({ memberId: event.actor?.memberId ?? null, name: event.actor?.name ?? 'Someone',
          agency: event.actor?.agency ?? '', reason: p.reason ?? '', at: event.at });
        model.objections.set(actionId, list);
        changed.add('objections');
      }
      break;
    case 'action.closed':
      if (actionId) model.objections.delete(actionId);
      break;
    case 'hand.taken':
      if (p.member) {
        model.speaker = { ...p.member, itemId: p.itemId, at: event.at };
        changed.add('speaker');
      }
      break;
    case 'timer.moved':
    case 'meeting.ended':
      model.speaker = null;
      changed.add('speaker');
      break;
    default:
  }
}

export function findItem(model, itemId) {
  return itemId ? model.agenda.find((i) => i.id === itemId) ?? null : null;
}

/** The running countdown: `used = usedBeforeMs + (running ? now − startedAt : 0)`. Null when no item is current. */
export function timerFigures(model, serverNow) {
  const t = model.timer;
  if (!t || !t.itemId) return null;
  const item = findItem(model, t.itemId);
  const allottedMs = (item ? item.allottedSeconds : t.allottedSeconds ?? 0) * 1000;
  const runningMs = t.running && Number.isFinite(t.startedAt) ? Math.max(0, serverNow - t.startedAt) : 0;
  const usedMs = (t.usedBeforeMs ?? 0) + runningMs;
  return { item, running: Boolean(t.running), allottedMs, usedMs, remainingMs: allottedMs - usedMs };
}

/** Seconds used on an item: live for the current one, as recorded for the others. */
export function usedSeconds(model, item, serverNow) {
  if (model.timer && item.id === model.timer.itemId) {
    const f = timerFigures(model, serverNow);
    return f ? Math.floor(f.usedMs / 1000) : item.usedSeconds;
  }
  return item.usedSeconds ?? 0;
}

const minutesOfDay = (hhmm) => {
  const m = /^(\d{1,2}):(\d{2})/.exec(String(hhmm || ''));
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/**
 * The scheduled start as an instant. The state gives `scheduledEnd` as an instant but the start
 * only as London wall-clock time; meetings never span a clock change, so start = end − length.
 */
export function scheduledStart(meeting) {
  if (!meeting || !Number.isFinite(meeting.scheduledEnd)) return null;
  const start = minutesOfDay(meeting.startsAt);
  const end = minutesOfDay(meeting.endsAt);
  if (start === null || end === null || end < start) return null;
  return meeting.scheduledEnd - (end - start) * 60_000;
}

/**
 * When the meeting will end if every item from now on takes its planned time: now (or the
 * scheduled start, while nothing has started) + what remains of the current item + the planned
 * time of every later item not done. Mirrors the server's `projectedEnd`. Null once closed.
 */
export function projectedEnd(model, serverNow) {
  if (!model.meeting || model.meeting.status === 'closed') return null;
  const figures = timerFigures(model, serverNow);
  const start = scheduledStart(model.meeting);
  const from = !figures && start !== null && serverNow < start ? start : serverNow;
  const currentIndex = figures ? model.agenda.findIndex((i) => i.id === model.timer.itemId) : -1;
  const later = model.agenda.slice(currentIndex + 1)
    .filter((i) => !i.done)
    .reduce((sum, i) => sum + (i.allottedSeconds ?? 0) * 1000, 0);
  return from + (figures ? Math.max(0, figures.remainingMs) : 0) + later;
}

const SECTION_NAMES = {
  first_district: 'First district',
  aob: 'AOB and partner updates',
  second_district: 'Second district',
  other: 'Other items',
};

/**
 * The agenda in order, cut into runs of the same section (R1: first district, AOB and partner
 * updates, second district). Runs follow the order, so a reordered agenda still reads truly.
 */
export function agendaGroups(agenda) {
  const groups = [];
  for (const item of agenda) {
    const last = groups[groups.length - 1];
    if (last && last.section === item.section) {
      last.items.push(item);
    } else {
      groups.push({ section: item.section, items: [item] });
    }
  }
  for (const g of groups) {
    const base = SECTION_NAMES[g.section] ?? 'Items';
    const district = g.items.find((i) => i.districtName)?.districtName;
    g.label = district && g.section.endsWith('_district') ? `${base}: ${district}` : base;
  }
  return groups;
}

/** The name an item goes by: the family reference for a case, else its title. */
export function itemName(item) {
  return (item && (item.familyRef || item.title)) || 'Agenda item';
}

/** What the register says about a member, in words. */
export function attendanceText(mark, nameOf) {
  if (!mark || !mark.status) return 'Not yet marked';
  const label = ATTENDANCE_LABELS[mark.status] ?? mark.status;
  if (mark.status === 'substitute' && mark.substituteForMemberId) {
    return `Substitute for ${nameOf(mark.substituteForMemberId)}`;
  }
  return label;
}

/** Someone who takes part (anyone but an observer only). */
export function isParticipant(member) {
  const roles = Array.isArray(member?.roles) ? member.roles : [];
  return roles.some((r) => r !== 'observer');
}

export function isObserverOnly(member) {
  const roles = Array.isArray(member?.roles) ? member.roles : [];
  return roles.length > 0 && roles.every((r) => r === 'observer');
}

const PRESENT = new Set(['in_room', 'remote', 'substitute']);

/** In the room, remote or substituting: whose agreement counts for a closure (R8). */
export function isPresent(model, memberId) {
  return PRESENT.has(model.attendance.get(memberId)?.status);
}

/** The queue of raised hands on an item, first come first. */
export function handQueue(model, itemId) {
  const q = itemId ? model.hands?.[itemId] : null;
  return Array.isArray(q) ? q : [];
}

/** A member of the panel by id (name and agency), or what presence knows, or a stand-in. */
export function memberInfo(model, memberId, presence = []) {
  const m = model.members.find((x) => x.memberId === memberId);
  if (m) return { name: m.fullName, agency: m.agency ?? '', agencyId: m.agencyId ?? null };
  const p = presence.find((x) => x.memberId === memberId);
  if (p) return { name: p.name || 'Someone', agency: p.agency ?? '', agencyId: null };
  return { name: 'Someone not on the panel', agency: '', agencyId: null };
}

/** The case the focus should be on: the case of the item being timed (PROTOCOL "Editing the shared summary"). */
export function timedCaseId(model) {
  return findItem(model, model.timer?.itemId)?.caseId ?? null;
}

/**
 * Timer events carry no `focus`: when the item being timed belongs to another case than the
 * focus we hold, the focus is out of date. Returns true if so; a focus with no case (AOB) is
 * corrected here, a new case needs its summary from the server (the caller asks for the state).
 */
export function focusOutOfDate(model) {
  const want = timedCaseId(model);
  const have = model.focus?.caseId ?? null;
  if (want === have) return false;
  model.focus = { caseId: want, summary: null, highlight: null };
  return want !== null;
}

/** The case under discussion, or null. */
export function focusSummary(model) {
  const f = model.focus;
  return f && f.caseId && f.summary && f.summary.caseId === f.caseId ? f.summary : null;
}

/** Actions raised at this meeting, in number order (proposals without a number last). */
export function meetingActions(model) {
  const id = model.meeting?.id;
  return sortActions([...model.actions.values()].filter((a) => !id || !a.meetingId || a.meetingId === id));
}

/** Actions raised at the panel's earlier meetings, still followed up (R8). */
export function followUpActions(model) {
  const id = model.meeting?.id;
  return sortActions([...model.actions.values()].filter((a) => id && a.meetingId && a.meetingId !== id));
}

function sortActions(list) {
  const n = (a) => (Number.isFinite(a.number) ? a.number : Number.MAX_SAFE_INTEGER);
  return list.sort((a, b) => n(a) - n(b) || String(a.id).localeCompare(String(b.id)));
}
