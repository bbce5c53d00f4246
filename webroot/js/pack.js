// A&I Live – pack.html?meeting=ID: the pre-meeting pack, the cases submitted for a meeting, for the
// panel's partners and presenters from the day it opens (R4), and for the officer and chair at any time.
// Each case read is recorded in the audit trail by the server (R12).

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { longDate, shortDate } from './format.js';
import { familyHref } from './search-box.js';
import { ATTENDANCE_LABELS, CASE_STATUS_LABELS, errorText, param, showError, startPage, tag } from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'home' });
const meetingId = param('meeting');
let needs = [];

const needLabel = (code) => needs.find((n) => n.code === code)?.label || code;

function section(title, text) {
  return [h('h3', { text: title }), h('p', { class: 'prose', text: text || 'Not given.' })];
}

const AGENCY_ATTENDANCE = {
  attending: ['Coming', 'ok'],
  apologies: ['Apologies', 'warn'],
  absent: ['Absent', 'bad'],
  unknown: ['Not known yet', ''],
};

function keyAgencies(c) {
  const details = h('details', { id: `key-agencies-${c.id}` }, h('summary', {}, 'Key agencies for these needs',
    h('span', { class: 'visually-hidden', text: ` (${c.familyRef})` })));
  const body = h('div', {}, h('p', { text: 'Loading…' }));
  details.append(body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    try {
      const data = await apiFetch(`/api/cases/${encodeURIComponent(c.id)}/key-agencies`);
      body.replaceChildren(h('ul', { class: 'page-list' }, (data.needs || []).map((n) => h('li', {},
        h('strong', { text: n.label }),
        h('ul', {}, (n.agencies || []).map((a) => {
          const [label, kind] = AGENCY_ATTENDANCE[a.attendance] || [a.attendance, ''];
          return h('li', {}, `${a.agency} `, tag(label + (a.writtenUpdate ? ' with written update' : ''), kind),
            (a.members || []).length ? h('span', { class: 'muted', text: ` ${a.members.map((m) => `${m.fullName}${m.attendance ? ` (${ATTENDANCE_LABELS[m.attendance] || m.attendance})` : ''}`).join(', ')}` }) : null);
        }))))));
    } catch (err) {
      loaded = false;
      body.replaceChildren(h('p', { class: 'error', text: errorText(err) }));
    }
  });
  return details;
}

function caseCard(c) {
  return h('li', { id: `pack-case-${c.id}`, class: 'item-card' },
    h('h2', { text: `${c.familyRef}, ${c.district || ''}` }),
    h('p', {}, h('a', { id: `pack-family-${c.id}`, href: familyHref(c.familyRef) }, 'Family history',
      h('span', { class: 'visually-hidden', text: ` of ${c.familyRef}: earlier cases and actions` }))),
    h('p', { class: 'item-meta', text: `Presented by ${c.presenter?.fullName || 'unknown'}${c.presenter?.agency ? `, ${c.presenter.agency}` : ''}` }),
    h('p', {}, tag(CASE_STATUS_LABELS[c.status] || c.status, c.status === 'late' ? 'warn' : ''),
      ...(c.presentingNeeds || []).map((n) => tag(needLabel(n)))),
    c.redacted ? h('p', { class: 'muted', text: 'The details of this case are withheld.' }) : null,
    ...section('Reason for bringing', c.reasonForBringing),
    ...section('Summary of main concerns', c.summaryOfConcerns),
    ...section('Voice of the child', c.voiceOfChild),
    c.reviewDate ? h('p', {}, h('strong', { text: 'Review date: ' }), shortDate(c.reviewDate)) : null,
    keyAgencies(c));
}

async function load() {
  if (!meetingId) {
    showError('No meeting was named. Open the pack from your home page.');
    return;
  }
  try {
    const [pack, template, meeting] = await Promise.all([
      apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}/cases`),
      apiFetch('/api/cases/template'),
      apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}`).catch(() => null),
    ]);
    needs = template?.presentingNeeds || [];
    const title = meeting ? `${meeting.panelName}, ${longDate(meeting.meetingDate)}` : longDate(pack.meetingDate);
    setText(el('page-heading'), `Pre-meeting pack: ${title}`);
    document.title = `A&I Live – pack for ${title}`;
    const cases = pack.cases || [];
    setText(el('pack-meta'), `${cases.length} case${cases.length === 1 ? '' : 's'}. The pack opened on ${shortDate(pack.packOpensOn)}; cases are in agenda order, first district first.`); // R1
    el('pack-list').replaceChildren(...cases.map(caseCard));
  } catch (err) {
    if (err && err.status === 403) {
      setText(el('page-heading'), 'The pre-meeting pack is not open to you yet');
      showError(err);
    } else {
      showError(err, undefined, 'The pack could not be loaded.');
    }
  }
}

if (member) load();
