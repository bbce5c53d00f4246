// A&I Live – one action as a card, shared by the action log and "my actions": its RAG rating and
// flags (consider a full case review, R7), its updates, posting progress, and dropping it (chair).

import { actionStatusLabel, FOLLOWED_UP } from './action-status.js';
import { apiFetch } from './api.js';
import { h } from './dom.js';
import { shortDate } from './format.js';
import { proposerForms } from './returned-action.js';
import { familyHref } from './search-box.js';
import { hasRole } from './roles.js';
import {
  clearError, clearFieldErrors, dateTime, showFormError, showProblems, showStatus, tag, withBusy,
} from './ui.js';

/**
 * "Action 12", or for one not yet confirmed (no number yet) what it is: never "Action null".
 */
export function actionName(a) {
  if (a.number !== null && a.number !== undefined) return `Action ${a.number}`;
  return a.status === 'returned' ? 'Returned action' : 'Proposed action';
}

const RAG_KIND = { red: 'bad', amber: 'warn', green: 'ok' };

/**
 * The action's RAG rating as the server works it out (red: overdue or no progress for two months;
 * amber: due within 14 days; green: on track), always in words as well as colour; then the call for
 * a full case review (R7). An action that is not followed up has no rating.
 */
export function flagTags(a) {
  const flags = [];
  if (a.rag) {
    flags.push(tag(`${a.rag.label}: ${a.rag.reason}`, RAG_KIND[a.rag.rating] || ''));
  } else {
    if (a.flags?.overdue) flags.push(tag('Overdue', 'bad'));
    if (a.flags?.dueSoon) flags.push(tag('Due soon', 'warn'));
  }
  if (a.flags?.considerFullCaseReview) flags.push(tag('Consider full case review', 'warn')); // R7
  return flags;
}

/**
 * A card for action `a`. `options.member`: the signed-in member; `options.onChange(action)`: called
 * with the action as the server answers after progress or a drop.
 */
export function actionCard(a, { member, onChange, headingLevel = 'h2', focusAfterLoad = null } = {}) {
  const id = a.id;
  const li = h('li', {
    id: `action-${id}`,
    class: ['item-card', a.flags?.overdue ? 'is-overdue' : null, !a.flags?.overdue && a.flags?.dueSoon ? 'is-due-soon' : null],
  });
  const owner = a.ownerName ? `${a.ownerName}, ${a.ownerAgency}` : a.ownerAgency;
  // Element.append would write a null child as the text "null": only the parts that exist.
  li.append(...[
    h(headingLevel, {}, `${actionName(a)}: `, a.description),
    h('p', { class: 'item-meta' },
      a.familyRef ? h('a', { href: familyHref(a.familyRef, a.id), text: `Family ${a.familyRef}` }) : 'AOB',
      ` · Lead: ${owner} · Due ${shortDate(a.dueDate)}${a.meetingDate ? ` · Raised ${shortDate(a.meetingDate)}` : ''}`),
    h('p', {},
      tag(actionStatusLabel(a.status), a.status === 'closed' ? 'ok' : a.status === 'dropped' ? 'bad' : ''),
      ...flagTags(a)),
    a.successMeasure ? h('p', {}, h('strong', { text: 'Success measure: ' }), a.successMeasure) : null,
    a.dropReason ? h('p', {}, h('strong', { text: 'Dropped: ' }), a.dropReason) : null,
    a.status === 'returned' ? h('p', {}, h('strong', { text: 'Returned by the chair: ' }),
      a.returnedReason || 'no reason given', '. Its proposer revises it (or withdraws it) under "Updates and progress", or at the next meeting.') : null,
    h('p', { class: 'muted', id: `action-${id}-last` },
      a.lastProgressAt ? `Last progress ${dateTime(a.lastProgressAt)}.` : 'No progress posted yet.'),
  ].filter(Boolean));

  const details = h('details', { id: `action-${id}-details` }, h('summary', {}, 'Updates and progress',
    h('span', { class: 'visually-hidden', text: ` for ${actionName(a).toLowerCase()}` })));
  const body = h('div', { id: `action-${id}-body` }, h('p', { text: 'Loading…' }));
  details.append(body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    try {
      const full = await apiFetch(`/api/actions/${encodeURIComponent(id)}`);
      renderBody(full);
      if (focusAfterLoad) document.getElementById(focusAfterLoad)?.focus();
    } catch (err) {
      loaded = false;
      body.replaceChildren(h('p', { class: 'error', text: `The updates could not be loaded. ${err.message}` }));
    }
  });

  function renderBody(full) {
    const updates = full.updates || [];
    const nodes = [
      h('h3', { class: 'visually-hidden', text: `Updates on ${actionName(a).toLowerCase()}` }),
      updates.length
        ? h('ul', { id: `action-${id}-updates`, class: 'updates', tabindex: '-1' }, updates.map((u) => h('li', {},
          h('strong', { text: `${dateTime(u.at)}, ${u.authorName} (${u.agency})` }),
          u.statusAfter ? h('span', { class: 'muted', text: ` – ${actionStatusLabel(u.statusAfter)}` }) : null,
          h('p', { class: 'prose', text: u.body }))))
        : h('p', { id: `action-${id}-updates`, tabindex: '-1', text: 'No updates yet.' }),
    ];
    if (FOLLOWED_UP.includes(full.status) && !(hasRole(member, 'observer') && member.roles.length === 1)) {
      nodes.push(progressForm(full));
    }
    if (FOLLOWED_UP.includes(full.status) && hasRole(member, 'chair')) nodes.push(dropForm(full));
    nodes.push(...proposerForms(full, member, actionName(a), (answer) => onChange?.(answer, { focus: `action-${id}-updates` })));
    body.replaceChildren(...nodes);
  }

  function progressForm(full) {
    const text = h('textarea', { id: `progress-body-${id}`, maxlength: '4000', 'data-field': 'body', rows: '3' });
    const status = h('select', { id: `progress-status-${id}`, 'data-field': 'status' },
      h('option', { value: '', text: full.status === 'open' ? 'Mark it in progress' : 'Keep the status' }),
      full.status === 'open' ? null : h('option', { value: 'in_progress', text: 'In progress' }),
      h('option', { value: 'done_awaiting_agreement', text: 'Done: ask the panel to agree its closure' })); // R8
    const submit = h('button', { id: `progress-submit-${id}`, type: 'submit', text: 'Post update' });
    const form = h('form', { class: 'stack', method: 'post', action: '#', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: text.id, text: 'Progress update' }), text),
      h('div', { class: 'field' }, h('label', { for: status.id, text: 'Status after this update' }), status),
      submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      clearError();
      if (showProblems(text.value.trim() ? [] : [[text, 'Write what has happened since the last update.']])) return;
      await withBusy(submit, 'Posting…', async () => {
        try {
          const answer = await apiFetch(`/api/actions/${encodeURIComponent(id)}/progress`, {
            method: 'POST', body: { body: text.value.trim(), ...(status.value ? { status: status.value } : {}) },
          });
          showStatus(`Update posted on ${actionName(a).toLowerCase()}.`);
          onChange?.(answer, { focus: `action-${id}-updates` });
        } catch (err) {
          showFormError(err, { form });
        }
      });
    });
    return form;
  }

  function dropForm() {
    const reason = h('textarea', { id: `drop-reason-${id}`, maxlength: '2000', 'data-field': 'reason', rows: '2' });
    const submit = h('button', { id: `drop-submit-${id}`, type: 'submit', class: 'button-danger', text: 'Drop action' });
    const form = h('form', { class: 'stack', method: 'post', action: '#', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: reason.id, text: 'Reason for dropping it (chair)' }), reason),
      submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      clearError();
      if (showProblems(reason.value.trim() ? [] : [[reason, 'Give the reason for dropping the action.']])) return;
      await withBusy(submit, 'Dropping…', async () => {
        try {
          const answer = await apiFetch(`/api/actions/${encodeURIComponent(id)}/drop`, { method: 'POST', body: { reason: reason.value.trim() } });
          showStatus(`${actionName(a)} dropped.`);
          onChange?.(answer, { focus: `action-${id}-updates` });
        } catch (err) {
          showFormError(err, { form });
        }
      });
    });
    return form;
  }

  li.append(details);
  return li;
}

/**
 * Replaces the card of `action` in `list` after a change, with its details open, and moves focus
 * to `focus` (an element id in the new card) once its updates are loaded.
 */
export function replaceCard(list, action, options, { focus } = {}) {
  const old = document.getElementById(`action-${action.id}`);
  const card = actionCard({ ...action, flags: action.flags || {} }, { ...options, focusAfterLoad: focus });
  if (old) old.replaceWith(card); else list.append(card);
  card.querySelector('details').open = true;
}
