// A&I Live – a returned action between meetings, for its proposer only: revise it (it is then
// proposed again, for the chair to confirm at the next meeting) or withdraw it with a reason
// (POST /api/actions/{id}/revise and /withdraw). The server decides who may; this shows the forms
// only to the proposer.

import { apiFetch } from './api.js';
import { h } from './dom.js';
import { clearError, clearFieldErrors, showFormError, showProblems, showStatus, withBusy } from './ui.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The proposer's forms for returned action `full`, or nothing; `done(answer)` after a change. */
export function proposerForms(full, member, name, done) {
  if (full.status !== 'returned' || !member || full.proposedByMemberId !== member.id) return [];
  return [reviseForm(full, name, done), withdrawForm(full, name, done)];
}

function reviseForm(full, name, done) {
  const id = full.id;
  const description = h('textarea', { id: `revise-description-${id}`, maxlength: '2000', rows: '3', 'data-field': 'description' });
  description.value = full.description || '';
  const measure = h('input', { id: `revise-measure-${id}`, type: 'text', maxlength: '1000', 'data-field': 'successMeasure' });
  measure.value = full.successMeasure || '';
  const due = h('input', { id: `revise-due-${id}`, type: 'date', 'data-field': 'dueDate' });
  due.value = full.dueDate || '';
  const submit = h('button', { id: `revise-submit-${id}`, type: 'submit', text: 'Send the revised action' });
  const form = h('form', { id: `revise-form-${id}`, class: 'stack', method: 'post', action: '#', novalidate: true },
    h('h3', { text: 'Revise it for the next meeting' }),
    h('div', { class: 'field' }, h('label', { for: description.id, text: 'What will be done' }), description),
    h('div', { class: 'field' }, h('label', { for: measure.id, text: 'How the panel will know it is done' }), measure),
    h('div', { class: 'field' }, h('label', { for: due.id, text: 'Due date' }), due),
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError();
    const problems = [];
    if (!description.value.trim()) problems.push([description, 'Say what will be done.']);
    if (!ISO_DATE.test(due.value)) problems.push([due, 'Enter the due date, for example 20/01/2027.']);
    if (showProblems(problems)) return;
    const body = { description: description.value.trim(), dueDate: due.value };
    if (measure.value.trim()) body.successMeasure = measure.value.trim();
    await withBusy(submit, 'Sending…', async () => {
      try {
        const answer = await apiFetch(`/api/actions/${encodeURIComponent(id)}/revise`, { method: 'POST', body });
        showStatus(`${name} revised: the chair confirms it at the next meeting.`);
        done(answer);
      } catch (err) {
        showFormError(err, { form });
      }
    });
  });
  return form;
}

function withdrawForm(full, name, done) {
  const id = full.id;
  const reason = h('textarea', { id: `withdraw-reason-${id}`, maxlength: '1000', rows: '2', 'data-field': 'reason' });
  const submit = h('button', { id: `withdraw-submit-${id}`, type: 'submit', class: 'button-danger', text: 'Withdraw the action' });
  const form = h('form', { id: `withdraw-form-${id}`, class: 'stack', method: 'post', action: '#', novalidate: true },
    h('h3', { text: 'Or withdraw it' }),
    h('div', { class: 'field' }, h('label', { for: reason.id, text: 'Why you are withdrawing it' }), reason),
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError();
    if (showProblems(reason.value.trim() ? [] : [[reason, 'Give the reason for withdrawing the action.']])) return;
    if (!window.confirm(`Withdraw ${name.toLowerCase()}? It is then dropped, with your reason.`)) return;
    await withBusy(submit, 'Withdrawing…', async () => {
      try {
        const answer = await apiFetch(`/api/actions/${encodeURIComponent(id)}/withdraw`, {
          method: 'POST', body: { reason: reason.value.trim() },
        });
        showStatus(`${name} withdrawn.`);
        done(answer);
      } catch (err) {
        showFormError(err, { form });
      }
    });
  });
  return form;
}
