// A&I Live – meeting-prep.html?meeting=ID: the officer (and the chair) prepare one meeting: the
// overview and opening it for joining, the case submissions inbox, the agenda builder, the attendance
// register, join links (officer), who has read the pack and the follow-up. Each part is a view in js/prep/.

import { apiFetch } from './api.js';
import { sendCommand } from './commands.js';
import { h, setText } from './dom.js';
import { hoursMinutes, longDate, shortDate } from './format.js';
import { hasRole } from './roles.js';
import { loadRoom, param, showError, showStatus, startPage, statusBadge, withBusy } from './ui.js';
import { createInboxView } from './prep/inbox.js';
import { createAgendaBuilder } from './prep/agenda.js';
import { createRegisterView } from './prep/register.js';
import { createLinksView } from './prep/links.js';
import { createFollowUpView } from './prep/followup.js';
import { createReadersView } from './prep/readers.js';
import { createCallLinkForm } from './prep/call-link.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'meetings', roles: ['officer', 'chair'] });
const meetingId = param('meeting');

const ctx = {
  meetingId,
  member,
  isOfficer: hasRole(member, 'officer'),
  isChair: hasRole(member, 'chair'),
  meeting: null,
  room: null, // {state, offset}
  pack: null,
  members: [],
  /** Re-reads the room state and redraws what depends on it. */
  async refreshRoom() {
    ctx.room = await loadRoom(meetingId);
    ctx.meeting = { ...ctx.meeting, ...(ctx.room.state?.meeting || {}) };
    renderOverview();
    views.forEach((v) => v.renderRoom?.());
  },
  async refreshPack() {
    try {
      ctx.pack = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}/cases`);
    } catch (err) {
      ctx.pack = { error: err };
    }
    views.forEach((v) => v.renderPack?.());
  },
  /** Runs a live command, then refreshes the room; resolves true when it was accepted. */
  async command(type, fields, { success, region } = {}) {
    try {
      await sendCommand(meetingId, type, fields);
      await ctx.refreshRoom();
      if (success) showStatus(success);
      return true;
    } catch (err) {
      if (region !== null) showError(err, region);
      throw err;
    }
  },
};

let views = [];

function renderOverview() {
  const m = ctx.meeting;
  if (!m) return;
  const title = `${m.panelName || 'Meeting'}, ${longDate(m.meetingDate)}`;
  setText(el('page-heading'), `Prepare: ${title}`);
  document.title = `A&I Live – prepare ${title}`;
  const fact = (term, ...value) => [h('dt', { text: term }), h('dd', {}, ...value)];
  const times = [hoursMinutes(m.startsAt), hoursMinutes(m.endsAt)].filter(Boolean).join(' to ');
  const deadline = ctx.pack && !ctx.pack.error ? ctx.pack.deadlineDate : null;
  el('overview-facts').replaceChildren(
    ...fact('Status', statusBadge(m.status)),
    ...fact('Date', longDate(m.meetingDate)),
    ...fact('Times', times || 'Not set'),
    ...fact('Place', m.location || 'Not set'),
    ...(m.firstDistrict ? fact('Order of the agenda', `${m.firstDistrict} first, then AOB, then ${m.secondDistrict}`) : []),
    ...(deadline ? fact('Submission deadline', `${shortDate(deadline)} (the pack opens that day)`) : []),
  );

  const id = encodeURIComponent(meetingId);
  const actions = [];
  if (m.status === 'planned') {
    const open = h('button', { id: 'open-meeting', type: 'button', text: 'Open for joining' });
    open.addEventListener('click', () => withBusy(open, 'Opening…', async () => {
      try {
        await ctx.command('meeting.open', {}, { success: 'The meeting is open: members can join the room. The chair starts it.' });
      } catch {
        // shown
      }
      el('open-meeting')?.focus();
      if (!el('open-meeting')) el('prep-room-link')?.focus();
    }));
    actions.push(open);
  }
  if (m.status !== 'closed') actions.push(h('a', { id: 'prep-room-link', class: 'button button-secondary', href: `room.html?meeting=${id}`, text: m.status === 'live' ? 'Go to the live room' : 'Meeting room' }));
  actions.push(h('a', { id: 'prep-pack-link', class: 'button button-secondary', href: `pack.html?meeting=${id}`, text: 'Pre-meeting pack' }));
  if (m.status === 'live' || m.status === 'closed') {
    actions.push(h('a', { id: 'prep-minutes-link', class: 'button button-secondary', href: `minutes.html?meeting=${id}`, text: 'Minutes' }));
  }
  actions.push(h('a', { id: 'prep-actions-link', class: 'button button-secondary', href: `actions.html?meetingId=${id}&status=all`, text: 'Actions raised here' }));
  el('overview-actions').replaceChildren(...actions);
}

async function start() {
  if (!meetingId) {
    showError('No meeting was named. Choose one from the meetings page.');
    return;
  }
  try {
    ctx.meeting = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}`);
  } catch (err) {
    showError(err, undefined, 'The meeting could not be loaded.');
    return;
  }
  views = [
    createInboxView(ctx),
    createAgendaBuilder(ctx),
    createRegisterView(ctx),
    ...(ctx.isOfficer ? [createLinksView(ctx)] : []),
    createReadersView(ctx),
    createFollowUpView(ctx),
    createCallLinkForm(ctx),
  ];
  el('links-nav-item').hidden = !ctx.isOfficer;
  renderOverview();
  try {
    ctx.members = await apiFetch('/api/members');
  } catch {
    ctx.members = [];
  }
  await Promise.all([
    ctx.refreshRoom().catch((err) => showError(err, undefined, 'The agenda and register could not be loaded.')),
    ctx.refreshPack(),
    ...views.map((v) => v.load?.()),
  ]);
  renderOverview();
}

if (member) start();
