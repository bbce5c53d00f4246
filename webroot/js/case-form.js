// A&I Live – case-form.html?case=ID (or ?meeting=ID for a new case): the R6 case template. Save a
// draft as often as needed, submit it (late after the deadline: the chair must accept it), and never
// lose what was typed when someone else changed the case meanwhile (409 with `current`).

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { longDate, shortDate } from './format.js';
import { hasRole } from './roles.js';
import {
  CASE_STATUS_LABELS, clearError, clearFieldErrors, dateTime, fillSelect, param, showError, showFormError,
  showProblems, showStatus, startPage, withBusy,
} from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'cases', roles: ['presenter', 'officer', 'chair'] });

const form = el('case-form');
const inputs = {
  familyRef: el('case-family-ref'),
  ffaOpen: el('case-ffa-open'),
  consentToShare: el('case-consent'),
  reasonForBringing: el('case-reason'),
  summaryOfConcerns: el('case-concerns'),
  voiceOfChild: el('case-voice'),
  reviewDate: el('case-review-date'),
};
const HINT_IDS = {
  familyRef: 'case-family-ref-hint',
  ffaOpen: 'case-ffa-open-hint',
  consentToShare: 'case-consent-hint',
  reasonForBringing: 'case-reason-hint',
  summaryOfConcerns: 'case-concerns-hint',
  presentingNeeds: 'case-needs-hint',
  voiceOfChild: 'case-voice-hint',
  reviewDate: 'case-review-date-hint',
};
const EDITABLE = ['draft', 'late', 'accepted'];

let template = null;
let meeting = null;
let current = null; // the case as last read from the server
let dirty = false;
let voiceMin = 40;

const needLabel = (code) => template?.presentingNeeds?.find((n) => n.code === code)?.label || code;
const fieldLabel = (name) => template?.fields?.find((f) => f.name === name)?.label || name;

// ---------- the form's values ----------

function values() {
  return {
    familyRef: inputs.familyRef.value.trim(),
    districtId: form.querySelector('input[name="districtId"]:checked')?.value || null,
    ffaOpen: inputs.ffaOpen.checked,
    consentToShare: inputs.consentToShare.checked,
    reasonForBringing: inputs.reasonForBringing.value,
    summaryOfConcerns: inputs.summaryOfConcerns.value,
    presentingNeeds: [...el('case-needs-choices').querySelectorAll('input:checked')].map((i) => i.value),
    voiceOfChild: inputs.voiceOfChild.value,
    reviewDate: inputs.reviewDate.value || null,
  };
}

function setValue(name, value) {
  if (name === 'districtId') {
    form.querySelectorAll('input[name="districtId"]').forEach((r) => { r.checked = r.value === value; });
  } else if (name === 'presentingNeeds') {
    const set = new Set(value || []);
    el('case-needs-choices').querySelectorAll('input').forEach((i) => { i.checked = set.has(i.value); });
  } else if (name === 'ffaOpen' || name === 'consentToShare') {
    inputs[name].checked = Boolean(value);
  } else if (inputs[name]) {
    inputs[name].value = value ?? '';
  }
  if (name === 'voiceOfChild') countVoice();
}

function fill(c) {
  ['familyRef', 'districtId', 'ffaOpen', 'consentToShare', 'reasonForBringing', 'summaryOfConcerns',
    'presentingNeeds', 'voiceOfChild', 'reviewDate'].forEach((k) => setValue(k, c[k]));
}

function countVoice() {
  const n = inputs.voiceOfChild.value.trim().length;
  setText(el('case-voice-count'), n >= voiceMin
    ? `${n} characters.`
    : `${n} characters: at least ${voiceMin} are needed to submit.`);
}

// ---------- the page around the form ----------

function canEdit() {
  if (!current) return hasRole(member, 'presenter', 'officer');
  const mine = current.presenter?.memberId === member.id;
  return (mine || hasRole(member, 'officer')) && EDITABLE.includes(current.status);
}

function renderMeta() {
  const parts = [];
  if (meeting) parts.push(`For ${meeting.panelName}, ${longDate(meeting.meetingDate)}.`);
  const deadline = current?.deadlineDate;
  if (deadline) parts.push(`Deadline to submit on time: ${shortDate(deadline)}.`);
  if (current) {
    parts.push(`Status: ${CASE_STATUS_LABELS[current.status] || current.status}${current.late && current.status !== 'late' ? ' (submitted late)' : ''}.`);
    if (current.submittedAt) parts.push(`Submitted ${dateTime(current.submittedAt)}.`);
    if (current.status === 'declined' && current.declinedReason) parts.push(`Declined: ${current.declinedReason}`);
    if (current.presenter && current.presenter.memberId !== member.id) parts.push(`Presenter: ${current.presenter.fullName}, ${current.presenter.agency}.`);
  }
  setText(el('case-meta'), parts.join(' '));
  const title = current ? `Case ${current.familyRef}` : 'New case';
  setText(el('page-heading'), title);
  document.title = `A&I Live – ${title.toLowerCase()}`;

  const editable = canEdit();
  form.querySelectorAll('input, textarea, select').forEach((i) => {
    if (i.tagName === 'TEXTAREA' || (i.tagName === 'INPUT' && ['text', 'date'].includes(i.type))) i.readOnly = !editable;
    else i.disabled = !editable;
  });
  el('case-save').hidden = !editable;
  el('case-submit').hidden = !editable || (current && current.status !== 'draft');
  el('case-save').textContent = !current || current.status === 'draft' ? 'Save draft' : 'Save changes';
  if (current && !editable) {
    showStatus(EDITABLE.includes(current.status)
      ? 'You can read this case; only its presenter or the officer can change it.'
      : `This case is ${CASE_STATUS_LABELS[current.status]?.toLowerCase() || current.status} and can no longer be changed.`);
  }
}

function buildTemplateParts() {
  voiceMin = template.voiceOfChildMinLength || 40;
  (template.fields || []).forEach((f) => {
    const hint = HINT_IDS[f.name] && el(HINT_IDS[f.name]);
    if (hint) hint.textContent = f.help || '';
  });
  el('case-needs-choices').replaceChildren(...(template.presentingNeeds || []).map((n) => h('div', { class: 'field-check' },
    h('input', { id: `need-${n.code}`, type: 'checkbox', value: n.code }),
    h('label', { for: `need-${n.code}`, text: n.label }))));
  el('voice-prompts-list').replaceChildren(...(template.voiceOfChildPrompts || []).map((p) => h('li', { text: p })));
}

function buildDistricts() {
  const districts = meeting ? [
    { id: meeting.firstDistrictId, name: meeting.firstDistrict },
    { id: meeting.secondDistrictId, name: meeting.secondDistrict },
  ].filter((d) => d.id) : [];
  el('case-district-choices').replaceChildren(...districts.map((d) => h('div', { class: 'field-check' },
    h('input', { id: `case-district-${d.id}`, type: 'radio', name: 'districtId', value: d.id }),
    h('label', { for: `case-district-${d.id}`, text: d.name }))));
}

async function buildPresenters() {
  if (current || !hasRole(member, 'officer')) return;
  try {
    const members = await apiFetch('/api/members');
    const presenters = (members || []).filter((m) => m.active && m.roles.includes('presenter')
      && (!meeting || (m.panels || []).includes(meeting.panelId)));
    fillSelect(el('case-presenter'), presenters.map((m) => ({ value: m.id, text: `${m.fullName}, ${m.agency}` })),
      { placeholder: 'Me (the officer)' });
    el('case-presenter-field').hidden = false;
  } catch {
    // the officer can still write the case as their own
  }
}

// ---------- conflicts: nothing typed is lost ----------

function showConflict(theirs) {
  const mine = values();
  const base = current || {};
  current = theirs;
  const fields = ['familyRef', 'districtId', 'ffaOpen', 'consentToShare', 'reasonForBringing', 'summaryOfConcerns',
    'presentingNeeds', 'voiceOfChild', 'reviewDate'];
  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
    || (Array.isArray(a) && Array.isArray(b) && [...a].sort().join() === [...b].sort().join());
  // What they changed (from the version this form started from) and is not what is typed here.
  const differ = fields.filter((f) => !same(base[f], theirs[f]) && !same(mine[f], theirs[f]));
  const show = (f, v) => {
    if (f === 'presentingNeeds') return (v || []).map(needLabel).join(', ') || 'None';
    if (f === 'districtId') return theirs.district || v;
    if (typeof v === 'boolean') return v ? 'Yes' : 'No';
    return v || '(empty)';
  };
  setText(el('conflict-intro'), `Someone else saved the case while you were editing${theirs.updatedAt ? ` (saved at ${dateTime(theirs.updatedAt)})` : ''}${theirs.status !== 'draft' ? `; it is now ${(CASE_STATUS_LABELS[theirs.status] || theirs.status).toLowerCase()}` : ''}. `
    + 'Your text is still in the form and has not been saved. '
    + (differ.length
      ? 'Below is their version of each field where it differs from yours: keep yours, or use theirs, then save again.'
      : 'Their changes match what you have: save again.'));
  el('conflict-fields').replaceChildren(...differ.map((f) => {
    const use = h('button', { id: `conflict-use-${f}`, type: 'button', class: 'button-secondary button-small' },
      'Use their version', h('span', { class: 'visually-hidden', text: ` of ${fieldLabel(f)}` }));
    use.addEventListener('click', () => {
      setValue(f, theirs[f]);
      dirty = true;
      use.replaceWith(h('p', { class: 'muted', text: 'Their version is now in the form.' }));
    });
    return h('div', { class: 'conflict-field', id: `conflict-${f}` },
      h('h3', { text: fieldLabel(f) }),
      h('p', { class: 'theirs', text: show(f, theirs[f]) }),
      use);
  }));
  el('case-conflict').hidden = false;
  el('case-conflict').focus();
  renderMeta();
}

// ---------- saving and submitting ----------

function submitProblems(v) {
  const problems = [];
  if (!v.familyRef) problems.push([inputs.familyRef, 'Enter the family reference.']);
  if (!v.districtId) problems.push([el('case-district'), 'Choose the district.']);
  if (!v.ffaOpen) problems.push([inputs.ffaOpen, 'A case needs an open Families First Assessment.']); // R5
  if (!v.consentToShare) problems.push([inputs.consentToShare, 'Record the family’s consent to share before submitting.']);
  if (!v.reasonForBringing.trim()) problems.push([inputs.reasonForBringing, 'Enter the reason for bringing the case.']);
  if (!v.summaryOfConcerns.trim()) problems.push([inputs.summaryOfConcerns, 'Enter a summary of the main concerns.']);
  if (!v.presentingNeeds.length) problems.push([el('case-needs'), 'Choose at least one presenting need.']);
  if (v.voiceOfChild.trim().length < voiceMin) {
    problems.push([inputs.voiceOfChild, `Write the voice of the child: at least ${voiceMin} characters (you have ${v.voiceOfChild.trim().length}). Use the prompts.`]);
  }
  return problems;
}

/** Saves (creates or updates); resolves to the case, or null when it failed (already shown). */
async function save() {
  const v = values();
  // A submitted case must still pass the submission checks; a draft needs only its reference and district.
  let problems = [];
  if (current && current.status !== 'draft') {
    problems = submitProblems(v);
  } else {
    if (!v.familyRef) problems.push([inputs.familyRef, 'Enter the family reference.']);
    if (!v.districtId) problems.push([el('case-district'), 'Choose the district.']);
  }
  if (showProblems(problems)) return null;
  try {
    if (!current) {
      const presenter = el('case-presenter').value;
      current = await apiFetch('/api/cases', {
        method: 'POST', body: { meetingId: meeting.id, ...v, ...(presenter ? { presenterMemberId: presenter } : {}) },
      });
      window.history.replaceState(null, '', `case-form.html?case=${encodeURIComponent(current.id)}`);
    } else {
      current = await apiFetch(`/api/cases/${encodeURIComponent(current.id)}`, {
        method: 'PUT', body: { version: current.version, ...v },
      });
    }
    dirty = false;
    el('case-conflict').hidden = true;
    renderMeta();
    return current;
  } catch (err) {
    if (err && err.status === 409 && err.body && err.body.current) {
      showError(err);
      showConflict(err.body.current);
    } else {
      showFormError(err, { form, fields: { districtId: el('case-district'), presentingNeeds: el('case-needs') } });
    }
    return null;
  }
}

el('case-save').addEventListener('click', (event) => withBusy(event.currentTarget, 'Saving…', async () => {
  clearFieldErrors(form);
  clearError();
  const saved = await save();
  if (saved) showStatus(`Saved at ${dateTime(saved.updatedAt || Date.now())}.`);
}));

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = el('case-submit');
  await withBusy(button, 'Submitting…', async () => {
    clearFieldErrors(form);
    clearError();
    if (showProblems(submitProblems(values()))) return;
    const saved = await save();
    if (!saved) return;
    try {
      current = await apiFetch(`/api/cases/${encodeURIComponent(saved.id)}/submit`, { method: 'POST', body: { version: saved.version } });
      renderMeta();
      showStatus(current.status === 'late'
        ? `Submitted after the deadline (${shortDate(current.deadlineDate)}): the case is late and needs the chair’s acceptance before it can go on the agenda.`
        : 'Submitted on time: the case is accepted for the meeting. Partners read it in the pre-meeting pack.');
      el('page-heading').focus();
    } catch (err) {
      if (err && err.status === 409 && err.body && err.body.current) {
        showError(err);
        showConflict(err.body.current);
      } else {
        showFormError(err, { form, fields: { districtId: el('case-district'), presentingNeeds: el('case-needs') } });
      }
    }
  });
});

form.addEventListener('input', () => { dirty = true; });
form.addEventListener('change', () => { dirty = true; });
inputs.voiceOfChild.addEventListener('input', countVoice);
window.addEventListener('beforeunload', (event) => {
  if (dirty && canEdit()) {
    event.preventDefault();
    event.returnValue = '';
  }
});

async function start() {
  const caseId = param('case');
  const meetingId = param('meeting');
  try {
    template = await apiFetch('/api/cases/template');
    buildTemplateParts();
    if (caseId) {
      current = await apiFetch(`/api/cases/${encodeURIComponent(caseId)}`);
      meeting = await apiFetch(`/api/meetings/${encodeURIComponent(current.meetingId)}`).catch(() => null);
    } else if (meetingId) {
      meeting = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}`);
    } else {
      showError('No case or meeting was named. Start a case from “My cases”.');
      return;
    }
  } catch (err) {
    showError(err, undefined, 'The case could not be loaded.');
    return;
  }
  if (!meeting && current) {
    meeting = { id: current.meetingId, panelId: current.panelId, meetingDate: current.meetingDate, panelName: 'the panel',
      firstDistrictId: current.districtId, firstDistrict: current.district };
  }
  buildDistricts();
  await buildPresenters();
  if (current) fill(current);
  countVoice();
  form.hidden = false;
  renderMeta();
  // Brought back from the family page: the draft starts from the family's last case (issue 20).
  if (current && current.status === 'draft' && param('prefilled') === '1') {
    showStatus('This case starts from the family’s last case. Check each part and change what is different now. '
      + 'Confirm the open Families First Assessment and the family’s consent again: they are never copied.');
  }
  dirty = false;
}

if (member) start();
