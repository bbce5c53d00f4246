// A&I Live – pack.html?meeting=ID: the pre-meeting pack, the cases submitted for a meeting, for the
// panel's partners and presenters from the day it opens (R4), and for the officer and chair at any time.
// Each case read is recorded in the audit trail by the server (R12). Partners (and presenters) record
// their agency's check on each case before the meeting: known to us (with a short update), not known,
// or we will attend (PUT /api/cases/{id}/pack-check); everyone who reads the case sees the checks so far.

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { longDate, shortDate } from './format.js';
import { familyHref } from './search-box.js';
import { hasRole } from './roles.js';
import { CHECK_LABELS, UPDATE_MAX, answeredText, checkLabel } from './pack-checks.js';
import {
  ATTENDANCE_LABELS, CASE_STATUS_LABELS, clearError, clearFieldErrors, dateTime, errorText, londonToday, param,
  showError, showFormError, showProblems, showStatus, startPage, tag, withBusy,
} from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'home' });
const meetingId = param('meeting');
let needs = [];
/** caseId → that case's checks (GET /api/meetings/{id}/pack-checks), when they could be read. */
let checks = new Map();
/** Whether checks can still be given: before the meeting is over, and not for a cancelled one. */
let checksOpen = false;
const answersForAgency = hasRole(member, 'partner', 'presenter') && Boolean(member?.agencyId);

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
    keyAgencies(c),
    checksSoFar(c),
    answersForAgency && checksOpen && checks.has(c.id) ? checkForm(c) : null);
}

/** The answers given so far on the case, key agencies first. */
function checksSoFar(c) {
  const mine = checks.get(c.id);
  if (!mine) return null;
  const given = (mine.agencies || []).filter((a) => a.answered);
  return h('details', { id: `checks-${c.id}`, class: 'pack-checks' },
    h('summary', {}, `Partners' checks: ${answeredText(mine)}`,
      h('span', { class: 'visually-hidden', text: ` (${c.familyRef})` })),
    given.length ? h('ul', { class: 'page-list' }, given.map((a) => h('li', { data: { agencyId: a.agencyId } },
      h('strong', { text: `${a.agency}: ` }), checkLabel(a.answer),
      a.key ? h('span', { class: 'muted', text: ' (key agency)' }) : null,
      a.update ? h('p', { class: 'prose', text: a.update }) : null)))
      : h('p', { text: 'No agency has answered yet.' }),
    mine.updatesWithheld ? h('p', { class: 'muted', text: 'The updates are withheld after the retention period.' }) : null);
}

/** The caller's own agency's answer on the case. */
function checkForm(c) {
  const id = c.id;
  const mine = (checks.get(id).agencies || []).find((a) => a.agencyId === member.agencyId);
  const agency = member.agency || 'your agency';
  const radios = Object.entries(CHECK_LABELS).map(([value, label]) => h('div', { class: 'field-check' },
    h('input', { id: `check-${value}-${id}`, type: 'radio', name: `answer-${id}`, value, checked: mine?.answer === value }),
    h('label', { for: `check-${value}-${id}`, text: label })));
  const update = h('textarea', { id: `check-update-${id}`, rows: '3', maxlength: String(UPDATE_MAX), 'data-field': 'update',
    'aria-describedby': `check-update-hint-${id}` });
  update.value = mine?.update || '';
  const current = h('p', { id: `check-current-${id}`, class: 'summary-line' });
  const showCurrent = (a) => setText(current, a?.answered
    ? `Recorded: ${checkLabel(a.answer)}, by ${a.answeredBy?.fullName || 'your agency'} (${dateTime(a.answeredAt)}).`
    : `${agency} has not answered for this case yet.`);
  showCurrent(mine);
  const save = h('button', { id: `check-save-${id}`, type: 'submit', text: 'Save your check' });
  const errors = h('div', { id: `check-error-${id}`, class: 'error', role: 'alert' });
  const status = h('p', { id: `check-status-${id}`, class: 'notice', role: 'status' });
  const fieldset = h('fieldset', { id: `check-answer-${id}`, class: 'field', 'data-field': 'answer' },
    h('legend', { text: `What does ${agency} hold about this family?` }), ...radios);
  const form = h('form', { id: `check-form-${id}`, class: 'stack pack-check-form', method: 'post', action: '#', novalidate: true,
    'aria-labelledby': `check-heading-${id}` },
    h('h3', { id: `check-heading-${id}`, text: `Your agency's check before the meeting` }),
    current, errors, fieldset,
    h('div', { class: 'field' },
      h('label', { for: `check-update-${id}`, text: 'Short update (needed if the family is known to you)' }),
      h('p', { id: `check-update-hint-${id}`, class: 'hint', text: `What your agency holds, in a line or two (at most ${UPDATE_MAX} characters). The chair sees it beside the case in the meeting.` }),
      update),
    h('div', { class: 'button-row' }, save),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError(errors);
    const answer = form.querySelector(`input[name="answer-${CSS.escape(id)}"]:checked`)?.value;
    const problems = [];
    if (!answer) problems.push([fieldset, 'Choose what your agency holds about this family.']);
    if (answer === 'known' && !update.value.trim()) problems.push([update, 'Write a short update: the family is known to your agency.']);
    if (showProblems(problems, errors)) return;
    await withBusy(save, 'Saving…', async () => {
      try {
        const saved = await apiFetch(`/api/cases/${encodeURIComponent(id)}/pack-check`, {
          method: 'PUT', body: { answer, update: update.value.trim() || null },
        });
        const all = checks.get(id);
        const at = (all.agencies || []).findIndex((a) => a.agencyId === saved.agencyId);
        if (at >= 0) all.agencies[at] = saved; else all.agencies = [...(all.agencies || []), saved];
        if (saved.key) all.keyAgencies.answered = all.agencies.filter((a) => a.key && a.answered).length;
        showCurrent(saved);
        document.getElementById(`checks-${id}`)?.replaceWith(checksSoFar(c));
        showStatus(`Your check on ${c.familyRef} is saved: ${checkLabel(saved.answer)}.`, status);
      } catch (err) {
        showFormError(err, { form, region: errors });
      }
    });
  });
  return form;
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
    const given = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}/pack-checks`).catch(() => null);
    checks = new Map((given?.cases || []).map((c) => [c.caseId, c]));
    checksOpen = Boolean(meeting) && !meeting.cancelled && meeting.status !== 'closed' && meeting.meetingDate >= londonToday();
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
