// A&I Live – family.html?ref=REF: one pseudonymous family's history (issue 20): every case presented for
// it that the member may read, at which meeting, its presenting needs, where it went, its review date and
// whether the need was met (R9), with each case's actions and how they are going. A presenter or the
// officer brings the family back from here: a new draft pre-filled from the latest case, opened in the
// case form. The server records each read of this page in the audit trail (R12).

import { actionStatusLabel } from './action-status.js';
import { actionName, flagTags } from './actions-view.js';
import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { longDate, shortDate } from './format.js';
import { hasRole } from './roles.js';
import {
  CASE_STATUS_LABELS, clearFieldErrors, dateTime, fillSelect, londonToday, param, showError, showFormError,
  showProblems, startPage, tag, withBusy,
} from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'family' });
const ref = (param('ref') || '').trim();
let needs = [];

const needLabel = (code) => needs.find((n) => n.code === code)?.label || code;

const OUTCOME_LABELS = {
  assessment: 'Stepped up to assessment',
  ifst: 'Intensive family support (IFST)',
  tys: 'Targeted youth support (TYS)',
  other: 'Other',
  none: 'None',
};

function fact(term, value) {
  return [h('dt', { text: term }), h('dd', { text: value })];
}

function needMetText(c) {
  if (c.needMet === true) return 'Yes';
  if (c.needMet === false) return 'Not yet';
  return 'Not reviewed yet';
}

function actionItem(a) {
  const owner = a.ownerName ? `${a.ownerName}, ${a.ownerAgency}` : a.ownerAgency;
  return h('li', { id: `family-action-${a.id}`, tabindex: '-1' },
    h('p', {}, h('strong', { text: `${actionName(a)}: ` }), a.description),
    h('p', { class: 'item-meta', text: `Lead: ${owner} · Due ${shortDate(a.dueDate)}` }),
    h('p', {}, tag(actionStatusLabel(a.status), a.status === 'closed' ? 'ok' : a.status === 'dropped' ? 'bad' : ''),
      ...flagTags(a)),
    h('p', { class: 'muted', text: a.lastProgressAt ? `Last progress ${dateTime(a.lastProgressAt)}.` : 'No progress posted yet.' }));
}

function caseLinks(c) {
  const links = [];
  if (hasRole(member, 'presenter', 'officer', 'chair')) {
    links.push(h('a', { id: `family-case-open-${c.id}`, href: `case-form.html?case=${encodeURIComponent(c.id)}` },
      'Read the case', h('span', { class: 'visually-hidden', text: ` of ${shortDate(c.meetingDate)}` })));
  } else if (c.meetingId) {
    links.push(h('a', { id: `family-case-open-${c.id}`, href: `pack.html?meeting=${encodeURIComponent(c.meetingId)}` },
      'Read it in the pack', h('span', { class: 'visually-hidden', text: ` of ${shortDate(c.meetingDate)}` })));
  }
  if (hasRole(member, 'officer', 'chair')) {
    links.push(' · ', h('a', { href: `case-outcome.html?case=${encodeURIComponent(c.id)}` }, 'Record the outcome',
      h('span', { class: 'visually-hidden', text: ` of the case of ${shortDate(c.meetingDate)}` })));
  }
  return links.length ? h('p', {}, links) : null;
}

function caseCard(c) {
  const actions = c.actions || [];
  return h('li', { id: `family-case-${c.id}`, class: 'item-card family-case' },
    h('h3', { text: c.meetingDate ? `Meeting of ${longDate(c.meetingDate)}` : 'Not on a meeting yet' }),
    h('p', { class: 'item-meta', text: [c.panel, c.district, c.presenter?.fullName
      ? `presented by ${c.presenter.fullName}${c.presenter.agency ? `, ${c.presenter.agency}` : ''}` : null]
      .filter(Boolean).join(' · ') }),
    h('p', {}, tag(CASE_STATUS_LABELS[c.status] || c.status, c.status === 'declined' ? 'bad' : ''),
      c.late ? tag('Submitted late', 'warn') : null),
    h('dl', { class: 'facts' },
      ...fact('Presenting needs', (c.presentingNeeds || []).map(needLabel).join(', ') || 'None given'),
      ...fact('Outcome', c.outcome ? OUTCOME_LABELS[c.outcome] || c.outcome : 'Not recorded yet'),
      ...fact('Review date', c.reviewDate ? shortDate(c.reviewDate) : 'Not set'),
      ...fact('Need met', needMetText(c)),
      ...(c.deferredFromMeetingDate ? fact('Deferred from', shortDate(c.deferredFromMeetingDate)) : [])),
    h('p', { class: 'family-actions-heading', id: `family-actions-${c.id}` }, h('strong', { text: actions.length
      ? `Actions (${actions.length})` : 'No actions agreed at this meeting' })),
    actions.length ? h('ul', { class: 'family-actions', 'aria-labelledby': `family-actions-${c.id}` }, actions.map(actionItem)) : null,
    caseLinks(c));
}

async function bringBackForm() {
  if (!hasRole(member, 'presenter', 'officer')) return;
  const meetings = await apiFetch('/api/meetings').catch(() => []);
  const today = londonToday();
  const coming = (meetings || []).filter((m) => (m.status === 'planned' || m.status === 'open') && m.meetingDate >= today)
    .sort((a, b) => a.meetingDate.localeCompare(b.meetingDate));
  fillSelect(el('bring-back-meeting'), coming.map((m) => ({ value: m.id, text: `${shortDate(m.meetingDate)}, ${m.panelName}` })),
    { placeholder: coming.length ? 'Choose the meeting…' : 'No meeting is open for cases' });
  el('bring-back').hidden = false;
  const form = el('bring-back-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const select = el('bring-back-meeting');
    if (!select.value) {
      showProblems([[select, 'Choose the meeting the new case is for.']]);
      return;
    }
    await withBusy(el('bring-back-start'), 'Starting…', async () => {
      try {
        const created = await apiFetch(`/api/families/${encodeURIComponent(ref)}/cases`, {
          method: 'POST', body: { meetingId: select.value },
        });
        window.location.assign(`case-form.html?case=${encodeURIComponent(created.id)}&prefilled=1`);
      } catch (err) {
        showFormError(err, { form, fields: { meetingId: select, districtId: select } });
      }
    });
  });
}

async function load() {
  if (!ref) {
    setText(el('family-summary'), '');
    showError('No family reference was named. Use the search box to find a family.');
    return;
  }
  setText(el('page-heading'), `Family ${ref}`);
  document.title = `A&I Live – family ${ref}`;
  let page;
  try {
    const [out, template] = await Promise.all([
      apiFetch(`/api/families/${encodeURIComponent(ref)}`),
      apiFetch('/api/cases/template').catch(() => null),
    ]);
    page = out;
    needs = template?.presentingNeeds || [];
  } catch (err) {
    setText(el('family-summary'), '');
    if (err && err.status === 404) {
      setText(el('page-heading'), `Family ${ref} not found`);
      showError('No case for this family reference is open to you. Check the reference, or use the search box.');
    } else {
      showError(err, undefined, 'The family could not be loaded.');
    }
    return;
  }
  const cases = page.cases || [];
  const open = cases.flatMap((c) => c.actions || []).filter((a) => !['closed', 'dropped'].includes(a.status)).length;
  setText(el('family-meta'), `${cases.length} case${cases.length === 1 ? '' : 's'} you can read, newest first; ${open} action${open === 1 ? '' : 's'} still being followed up.`);
  setText(el('family-summary'), '');
  el('family-summary').hidden = true;
  el('family-cases').replaceChildren(...cases.map(caseCard));
  const target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (target) target.focus();
  await bringBackForm();
}

if (member) load();
