// A&I Live – cases.html: the presenter's cases, starting a new one, and when each case on an agenda is
// expected to start (from the live room state, refreshed every 30 s; live when the meeting runs).

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { londonTime, shortDate } from './format.js';
import {
  CASE_STATUS_LABELS, clearFieldErrors, fillSelect, loadRoom, londonToday, showError, showProblems,
  startPage, tag,
} from './ui.js';
import { expectedStarts } from './schedule.js';
import { familyHref } from './search-box.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'cases', roles: ['presenter', 'officer'] });
const REFRESH_MS = 30_000;

let cases = [];
let meetings = [];
const lastStarts = new Map(); // caseId → expected start last shown

function statusTag(c) {
  const kind = { accepted: 'ok', late: 'warn', declined: 'bad', discussed: 'ok' }[c.status] || '';
  return tag(CASE_STATUS_LABELS[c.status] || c.status, kind);
}

function caseCard(c) {
  const editable = ['draft', 'late', 'accepted'].includes(c.status);
  return h('li', { id: `case-${c.id}`, class: 'item-card' },
    h('h3', { text: c.familyRef }),
    h('p', { class: 'item-meta', text: `Meeting ${shortDate(c.meetingDate)} · ${c.district || ''} · deadline ${shortDate(c.deadlineDate)}` }),
    h('p', {}, statusTag(c), c.late && c.status !== 'late' ? tag('Submitted late', 'warn') : null),
    // Told where it went (issue 17): deferred by the chair to this meeting, or withdrawn.
    c.deferredFromMeetingDate ? h('p', { class: 'notice', text: `Deferred from the meeting of ${shortDate(c.deferredFromMeetingDate)} to the meeting of ${shortDate(c.meetingDate)}.` }) : null,
    c.status === 'withdrawn' && c.withdrawnReason ? h('p', { class: 'muted', text: `Withdrawn: ${c.withdrawnReason}` }) : null,
    h('p', { id: `expected-start-${c.id}`, class: 'expected' }),
    h('p', {}, h('a', { id: `case-open-${c.id}`, href: `case-form.html?case=${encodeURIComponent(c.id)}` },
      editable ? 'Edit' : 'Read', h('span', { class: 'visually-hidden', text: ` case ${c.familyRef}` })),
    ' · ', h('a', { id: `case-family-${c.id}`, href: familyHref(c.familyRef) }, 'Family history',
      h('span', { class: 'visually-hidden', text: ` of ${c.familyRef}` }))));
}

function render() {
  el('case-list').replaceChildren(...cases.map(caseCard));
  setText(el('cases-summary'), cases.length ? `${cases.length} case${cases.length === 1 ? '' : 's'}, latest meeting first.` : 'You have no cases yet.');
}

/** Reads each coming meeting's room and writes when each of the member's cases is expected to start. */
async function refreshExpected() {
  const byMeeting = new Map();
  cases.filter((c) => ['accepted', 'late', 'discussed'].includes(c.status)).forEach((c) => {
    const m = meetings.find((x) => x.id === c.meetingId);
    if (m && m.status !== 'closed') {
      if (!byMeeting.has(c.meetingId)) byMeeting.set(c.meetingId, []);
      byMeeting.get(c.meetingId).push(c);
    }
  });
  const said = [];
  await Promise.all([...byMeeting.entries()].map(async ([meetingId, list]) => {
    let room;
    try {
      room = await loadRoom(meetingId);
    } catch {
      return;
    }
    const now = Date.now() + room.offset;
    const { starts, currentId } = expectedStarts(room.state, now);
    const agenda = room.state?.agenda || [];
    const live = room.state?.meeting?.status === 'live';
    list.forEach((c) => {
      const target = el(`expected-start-${c.id}`);
      if (!target) return;
      const item = agenda.find((i) => i.caseId === c.id);
      let text;
      if (!item) {
        text = c.status === 'late' ? 'Not on the agenda: the chair has to accept it first.' : 'Not on the agenda yet.';
      } else if (item.done) {
        text = 'Discussed.';
      } else if (item.id === currentId) {
        text = 'Being discussed now.';
      } else if (starts.has(item.id)) {
        const at = starts.get(item.id);
        const ahead = agenda.filter((i) => !i.done && i.position < item.position).length;
        text = `Expected to start at about ${londonTime(at)} (item ${item.position} of ${agenda.length}${live ? `, ${ahead} item${ahead === 1 ? '' : 's'} before it` : ''}).`;
        const before = lastStarts.get(c.id);
        if (Number.isFinite(before) && Math.abs(before - at) >= 5 * 60_000) said.push(`${c.familyRef} now expected at ${londonTime(at)}.`);
        lastStarts.set(c.id, at);
      } else {
        text = 'On the agenda; its start depends on the items before it.';
      }
      setText(target, text);
    });
  }));
  setText(el('expected-updated'), byMeeting.size ? `Expected times updated at ${londonTime(Date.now())}; they refresh every 30 seconds.` : '');
  if (said.length) setText(el('expected-announcer'), said.join(' '));
}

async function load() {
  try {
    [cases, meetings] = await Promise.all([apiFetch('/api/cases?mine=true'), apiFetch('/api/meetings')]);
    cases = cases || [];
    meetings = meetings || [];
  } catch (err) {
    setText(el('cases-summary'), '');
    showError(err, undefined, 'Your cases could not be loaded.');
    return;
  }
  const today = londonToday();
  const coming = meetings.filter((m) => (m.status === 'planned' || m.status === 'open') && m.meetingDate >= today)
    .sort((a, b) => a.meetingDate.localeCompare(b.meetingDate));
  fillSelect(el('new-case-meeting'), coming.map((m) => ({ value: m.id, text: `${shortDate(m.meetingDate)}, ${m.panelName}` })),
    { placeholder: coming.length ? 'Choose the meeting…' : 'No meeting is open for cases' });
  render();
  await refreshExpected();
}

if (member) {
  el('new-case-form').addEventListener('submit', (event) => {
    const select = el('new-case-meeting');
    clearFieldErrors(event.currentTarget);
    if (!select.value) {
      event.preventDefault();
      showProblems([[select, 'Choose the meeting the case is for.']]);
    }
  });
  load();
  window.setInterval(() => { if (!document.hidden) refreshExpected(); }, REFRESH_MS);
}
