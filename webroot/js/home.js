// A&I Live – the member's home, shown by the sign-in page once signed in: their meetings (with the
// room, preparation, pack, apologies and minutes links their roles allow) and the pages they can use.

import { apiFetch } from './api.js';
import { h } from './dom.js';
import { longDate, hoursMinutes } from './format.js';
import { hasRole } from './roles.js';
import { isScoped, pagesFor, statusBadge } from './ui.js';

const el = (id) => document.getElementById(id);
const meetingsSection = el('meetings-section');
const meetingsError = el('meetings-error');
const meetingsStatus = el('meetings-status');
const meetingList = el('meeting-list');
const pagesSection = el('pages-section');
const homePages = el('home-pages');

function setText(node, text) {
  node.textContent = text || '';
}

/** The links one meeting gets, by the member's roles and the meeting's status. */
function meetingLinks(meeting, member) {
  const id = encodeURIComponent(meeting.id);
  const manager = hasRole(member, 'officer', 'chair');
  const participant = hasRole(member, 'partner', 'presenter', 'chair');
  const { status } = meeting;
  const coming = status === 'planned' || status === 'open';
  const context = `, ${meeting.panelName || 'meeting'} ${longDate(meeting.meetingDate)}`;
  const links = [];
  const link = (key, href, text, cls) => links.push(h('a', {
    id: `${key}-link-${meeting.id}`, href, class: cls,
  }, text, h('span', { class: 'visually-hidden', text: context })));

  if (status === 'open' || status === 'live' || isScoped(member) || (manager && status !== 'closed')) {
    link('room', `room.html?meeting=${id}`, status === 'live' ? 'Join the live meeting' : 'Meeting room', 'meeting-link');
  }
  if (!isScoped(member)) {
    if (manager) link('prep', `meeting-prep.html?meeting=${id}`, 'Prepare');
    if (!hasRole(member, 'observer') || manager) {
      if (status !== 'closed') link('pack', `pack.html?meeting=${id}`, 'Pre-meeting pack');
    }
    if (participant && coming) link('apologies', `apologies.html?meeting=${id}`, 'Send apologies');
    if (manager && (status === 'live' || status === 'closed')) link('minutes', `minutes.html?meeting=${id}`, 'Minutes');
    // Published minutes: the panel's partners and presenters read them in the app (never observers).
    if (!manager && hasRole(member, 'partner', 'presenter') && status === 'closed') {
      link('published-minutes', `minutes-read.html?meeting=${id}`, 'Minutes');
    }
  }
  return links;
}

function renderMeeting(meeting, member) {
  const main = h('div', { class: 'meeting-main' },
    h('h2', { class: 'meeting-title', text: `${meeting.panelName || 'Meeting'}, ${longDate(meeting.meetingDate)}` }));

  const start = hoursMinutes(meeting.startsAt);
  const end = hoursMinutes(meeting.endsAt);
  const details = [];
  if (start) details.push(end ? `${start} to ${end}` : start);
  if (meeting.location) details.push(meeting.location);
  if (meeting.firstDistrict) details.push(`${meeting.firstDistrict} first`);
  if (details.length > 0) main.append(h('p', { class: 'meeting-meta', text: details.join(' · ') }));

  const links = meetingLinks(meeting, member);
  if (links.length) main.append(h('ul', { class: 'link-row-list' }, links.map((a) => h('li', {}, a))));

  return h('li', { class: 'meeting', id: `meeting-${meeting.id}` }, main, statusBadge(meeting.status));
}

export function renderPages(member) {
  const pages = pagesFor(member).filter((p) => p.key !== 'home');
  homePages.replaceChildren(...pages.map((p) => h('li', {},
    h('a', { id: `home-link-${p.key}`, href: p.href, text: p.text }),
    h('span', { class: 'muted', text: ` – ${p.about}` }))));
  pagesSection.hidden = pages.length === 0;
}

/**
 * Lists the member's meetings. `sessionEnded()`: the session was refused (401; api.js has already
 * forgotten it); `errorMessage(err)`: the words for any other failure.
 */
export async function loadMeetings(member, { sessionEnded, errorMessage }) {
  meetingList.replaceChildren();
  setText(meetingsError, '');
  setText(meetingsStatus, 'Loading your meetings…');
  meetingsSection.setAttribute('aria-busy', 'true');
  try {
    const meetings = await apiFetch('/api/meetings');
    let list = Array.isArray(meetings) ? meetings : [];
    if (isScoped(member)) list = list.filter((m) => m.id === member.meetingScope);
    meetingList.replaceChildren(...list.map((m) => renderMeeting(m, member)));
    setText(meetingsStatus, list.length === 0
      ? 'You have no meetings yet.'
      : `You have ${list.length} meeting${list.length === 1 ? '' : 's'}.`);
  } catch (err) {
    if (err && err.status === 401) {
      // token expired or no longer valid: api.js has already forgotten it
      sessionEnded();
      return;
    }
    setText(meetingsStatus, '');
    setText(meetingsError, `Your meetings could not be loaded. ${errorMessage(err)}`);
  } finally {
    meetingsSection.removeAttribute('aria-busy');
  }
}

/** Empties the home (signed out). */
export function clearHome() {
  meetingList.replaceChildren();
  homePages.replaceChildren();
  setText(meetingsError, '');
  setText(meetingsStatus, '');
}
