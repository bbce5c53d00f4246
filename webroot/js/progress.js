// A&I Live – progress.html#code=…: the owner of an action posts one update on it from the link in
// their weekly digest, without signing in (issue 19). The code is read from the fragment, which never
// reaches the server's logs, and leaves the address bar and the history at once. GET
// /api/progress-links/{code} shows the action (its owner may read its text); POST posts the update
// through the same path as "My actions", and the link is then used up. A link that was used, has
// expired, was withdrawn or whose action has closed is refused with the server's own words.

import { apiFetch } from './api.js';
import { clearError, clearFieldErrors, showError, showFormError, showProblems, showStatus } from './ui.js';
import { actionStatusLabel } from './action-status.js';
import { londonDate, londonTime, longDate } from './format.js';

const el = (id) => document.getElementById(id);
const form = el('progress-form');
const text = el('progress-body');
const status = el('progress-status');
const button = el('progress-submit');

const hash = window.location.hash.replace(/^#/, '');
const code = new URLSearchParams(hash).get('code');
if (hash) window.history.replaceState(null, '', window.location.pathname);

const path = () => `/api/progress-links/${encodeURIComponent(code)}`;

function refused(err) {
  el('progress-action').hidden = true;
  el('progress-sign-in').hidden = false;
  showError(err);
}

function show(answer) {
  const a = answer.action;
  el('progress-number').textContent = `Action ${a.number}`;
  // Outside the council's own mail domains the link shows no family or action text (sign in for it).
  const withheld = answer.detailsWithheld ? 'Not shown on this link: sign in to see it' : null;
  el('progress-family').textContent = withheld || a.familyRef || 'None (raised under any other business)';
  el('progress-due').textContent = `${longDate(a.dueDate)}${a.flags && a.flags.overdue ? ' (overdue)' : ''}`;
  el('progress-status-now').textContent = actionStatusLabel(a.status);
  el('progress-description').textContent = withheld || a.description;
  el('progress-measure').textContent = withheld || a.successMeasure;
  el('progress-expires').textContent = `This link works once, until ${londonDate(answer.expiresAt)} at ${londonTime(answer.expiresAt)}.`;
  if (a.status === 'done_awaiting_agreement') {
    status.querySelector('option[value="done_awaiting_agreement"]').hidden = true;
  }
  el('progress-action').hidden = false;
}

async function load() {
  try {
    show(await apiFetch(path(), { auth: false }));
  } catch (err) {
    refused(err);
  } finally {
    el('progress-loading').hidden = true;
  }
}

if (!code) {
  el('progress-loading').hidden = true;
  el('progress-missing').hidden = false;
  el('progress-sign-in').hidden = false;
} else {
  load();
}

let busy = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy) return;
  clearFieldErrors(form);
  clearError();
  if (showProblems(text.value.trim() ? [] : [[text, 'Write what has happened since the last update.']])) return;
  busy = true;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = 'Posting…';
  try {
    await apiFetch(path(), {
      method: 'POST', auth: false, body: { body: text.value.trim(), ...(status.value ? { status: status.value } : {}) },
    });
    el('progress-action').hidden = true;
    el('progress-done').hidden = false;
    el('progress-sign-in').hidden = false;
    showStatus('Update posted.');
    el('progress-done').focus();
  } catch (err) {
    if (err && err.status === 410) refused(err);
    else showFormError(err, { form });
  } finally {
    busy = false;
    button.removeAttribute('aria-disabled');
    button.textContent = 'Post update';
  }
});
