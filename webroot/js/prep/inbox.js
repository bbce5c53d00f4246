// A&I Live – meeting preparation: the case submissions inbox (the pre-meeting pack with late flags).
// The panel's chair accepts or declines late cases (R4).

import { apiFetch } from '../api.js';
import { h, setText } from '../dom.js';
import { shortDate } from '../format.js';
import {
  CASE_STATUS_LABELS, clearError, clearFieldErrors, dateTime, errorText, showError, showFormError,
  showStatus, table, tag, withBusy,
} from '../ui.js';

const el = (id) => document.getElementById(id);

export function createInboxView(ctx) {
  const body = el('inbox-body');
  const declineForm = el('decline-form');
  const declineReason = el('decline-reason');
  let declining = null; // the case being declined

  function statusTags(c) {
    const tags = [];
    if (c.status === 'late') tags.push(tag(CASE_STATUS_LABELS.late, 'warn'));
    else if (c.status === 'declined') tags.push(tag('Declined', 'bad'));
    else if (c.status === 'accepted') tags.push(tag('Accepted', 'ok'));
    else tags.push(tag(CASE_STATUS_LABELS[c.status] || c.status));
    if (c.late && c.status !== 'late') tags.push(tag('Submitted late', 'warn'));
    return tags;
  }

  function onAgenda(caseId) {
    return (ctx.room?.state?.agenda || []).some((i) => i.caseId === caseId);
  }

  function chairButtons(c) {
    if (!ctx.isChair || c.status !== 'late' || ctx.meeting?.status === 'closed') return '';
    const accept = h('button', { id: `case-accept-${c.id}`, type: 'button', class: 'button-small', text: 'Accept' },
      h('span', { class: 'visually-hidden', text: ` ${c.familyRef}` }));
    accept.addEventListener('click', () => withBusy(accept, 'Accepting…', async () => {
      clearError();
      try {
        await apiFetch(`/api/cases/${encodeURIComponent(c.id)}/accept`, { method: 'POST' });
        showStatus(`${c.familyRef} accepted. Build the agenda to add it.`);
        await ctx.refreshPack();
        el('build-agenda')?.focus();
      } catch (err) {
        showError(err, undefined, `${c.familyRef} could not be accepted.`);
      }
    }));
    const decline = h('button', { id: `case-decline-${c.id}`, type: 'button', class: 'button-small button-secondary', text: 'Decline' },
      h('span', { class: 'visually-hidden', text: ` ${c.familyRef}` }));
    decline.addEventListener('click', () => {
      declining = c;
      clearFieldErrors(declineForm);
      declineReason.value = '';
      setText(el('decline-heading'), `Decline ${c.familyRef}`);
      declineForm.hidden = false;
      declineReason.focus();
    });
    return h('div', { class: 'button-row' }, accept, decline);
  }

  function renderPack() {
    const pack = ctx.pack;
    if (!pack) return;
    if (pack.error) {
      setText(el('inbox-status'), `The submissions could not be loaded. ${errorText(pack.error)}`);
      body.replaceChildren();
      return;
    }
    setText(el('inbox-deadline'), `Deadline for submissions: ${shortDate(pack.deadlineDate)}, the end of the 5th working day before the meeting. Cases after it are late and need the chair’s acceptance.`);
    const cases = pack.cases || [];
    const late = cases.filter((c) => c.status === 'late').length;
    const waiting = cases.filter((c) => c.status === 'accepted' && !onAgenda(c.id)).length;
    const parts = [`${cases.length} case${cases.length === 1 ? '' : 's'}`];
    if (late) parts.push(`${late} late, waiting for the chair`);
    if (waiting) parts.push(`${waiting} accepted but not on the agenda yet: build the agenda to add ${waiting === 1 ? 'it' : 'them'}`);
    setText(el('inbox-status'), `${parts.join('; ')}.`);
    if (!cases.length) {
      body.replaceChildren(h('p', { text: 'No cases have been submitted for this meeting yet.' }));
      return;
    }
    body.replaceChildren(table({
      id: 'case-inbox',
      caption: 'Cases submitted for this meeting',
      captionHidden: true,
      head: ['Family', 'District', 'Presenter', 'Status', 'Submitted', 'On the agenda', ...(ctx.isChair ? ['Chair'] : [])],
      rows: cases.map((c) => [
        h('a', { id: `case-link-${c.id}`, class: 'nowrap', href: `case-form.html?case=${encodeURIComponent(c.id)}`, text: c.familyRef }),
        c.district || '',
        c.presenter ? `${c.presenter.fullName}, ${c.presenter.agency}` : '',
        h('span', {}, ...statusTags(c)),
        c.submittedAt ? dateTime(c.submittedAt) : 'Not yet',
        onAgenda(c.id) ? 'Yes' : 'No',
        ...(ctx.isChair ? [chairButtons(c)] : []),
      ]),
    }));
  }

  el('decline-cancel').addEventListener('click', () => {
    declineForm.hidden = true;
    const back = declining && el(`case-decline-${declining.id}`);
    declining = null;
    back?.focus();
  });

  declineForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!declining) return;
    clearFieldErrors(declineForm);
    const button = el('decline-confirm');
    await withBusy(button, 'Declining…', async () => {
      try {
        await apiFetch(`/api/cases/${encodeURIComponent(declining.id)}/decline`, {
          method: 'POST', body: { reason: declineReason.value.trim() },
        });
        showStatus(`${declining.familyRef} declined.`);
        declineForm.hidden = true;
        declining = null;
        await ctx.refreshPack();
        el('inbox-heading').parentElement.focus();
      } catch (err) {
        showFormError(err, { form: declineForm, fields: { reason: declineReason } });
      }
    });
  });

  return { renderPack, renderRoom: renderPack };
}
