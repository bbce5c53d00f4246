// A&I Live – case-outcome.html?case=ID (chair, officer): a case's step-up outcome after the panel and,
// at its review, whether the need was met (R9, R11), via POST /api/cases/{id}/outcome. The server
// closes the case when its need was met and its actions are closed, and says so.

import { apiFetch } from './api.js';
import { setText } from './dom.js';
import { longDate } from './format.js';
import { clearError, param, showFormError, showStatus, startPage, withBusy } from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'outcome', roles: ['officer', 'chair'] });
const caseId = param('case');
const form = el('outcome-form');

const STATUS_WORDS = {
  accepted: 'accepted, not yet discussed', discussed: 'discussed', closed: 'closed', withdrawn: 'withdrawn',
};

function describe(c, openActions) {
  const parts = [`Family ${c.familyRef}`, c.meetingDate ? `meeting of ${longDate(c.meetingDate)}` : null,
    `status: ${STATUS_WORDS[c.status] ?? c.status}`];
  if (Number.isFinite(openActions) && openActions > 0) parts.push(`${openActions} action${openActions === 1 ? '' : 's'} still open`);
  setText(el('outcome-case'), `${parts.filter(Boolean).join(' · ')}.`);
}

function show(c) {
  el('outcome-step-up').value = c.outcome ?? '';
  const met = c.needMet === true ? 'yes' : c.needMet === false ? 'no' : 'unknown';
  el(`need-met-${met}`).checked = true;
  form.hidden = false;
}

async function load() {
  try {
    const c = await apiFetch(`/api/cases/${encodeURIComponent(caseId)}`);
    describe(c);
    show(c);
  } catch (err) {
    showFormError(err, { form });
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError();
  const outcome = el('outcome-step-up').value;
  const need = form.querySelector('input[name="need-met"]:checked')?.value ?? '';
  const body = { ...(outcome ? { outcome } : {}), ...(need ? { needMet: need === 'true' } : {}) };
  if (!Object.keys(body).length) {
    showFormError(new Error('Choose a step-up or whether the need was met.'), { form });
    return;
  }
  await withBusy(el('outcome-save'), 'Saving…', async () => {
    try {
      const answer = await apiFetch(`/api/cases/${encodeURIComponent(caseId)}/outcome`, { method: 'POST', body });
      const c = await apiFetch(`/api/cases/${encodeURIComponent(caseId)}`);
      describe(c, answer.openActions);
      show(c);
      showStatus(answer.status === 'closed' ? 'Outcome saved. The case is closed: its need was met and its actions are closed.'
        : answer.needMet && answer.openActions > 0 ? 'Outcome saved. The case closes once its open actions are closed.'
          : 'Outcome saved.');
    } catch (err) {
      showFormError(err, { form });
    }
  });
});

if (member && caseId) load();
else if (member) showFormError(new Error('No case was named: open this page from the room or the pack.'), { form });
