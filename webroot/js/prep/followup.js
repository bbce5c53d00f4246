// A&I Live – meeting preparation: the actions this meeting follows up (R8) and the families to
// consider for the agenda (review dates R9, no progress for two months R7).

import { actionStatusLabel } from '../action-status.js';
import { apiFetch } from '../api.js';
import { h } from '../dom.js';
import { shortDate } from '../format.js';
import { errorText, tag } from '../ui.js';

const el = (id) => document.getElementById(id);

function actionLine(a) {
  const flags = [];
  if (a.flags?.overdue) flags.push(tag('Overdue', 'bad'));
  if (a.flags?.dueSoon) flags.push(tag('Due soon', 'warn'));
  if (a.flags?.considerFullCaseReview) flags.push(tag('Consider full case review', 'warn'));
  return h('li', {}, h('strong', { text: `Action ${a.number}: ` }), a.description,
    h('span', { class: 'muted', text: ` – ${a.ownerName ? `${a.ownerName}, ` : ''}${a.ownerAgency}; due ${shortDate(a.dueDate)}; ${actionStatusLabel(a.status)}. ` }),
    ...flags);
}

export function createFollowUpView(ctx) {
  async function load() {
    const id = encodeURIComponent(ctx.meetingId);
    try {
      const data = await apiFetch(`/api/meetings/${id}/follow-up`);
      const families = data?.families || [];
      el('followup-body').replaceChildren(
        h('h3', { text: 'Actions to follow up' }), // R8
        families.length
          ? h('ul', { id: 'followup-list', class: 'page-list' }, families.map((f) => h('li', {},
            h('strong', { text: f.familyRef || 'AOB (no family)' }),
            f.onAgenda ? ' (also a case on this agenda)' : '',
            h('ul', {}, f.actions.map(actionLine)))))
          : h('p', { text: 'No open actions from earlier meetings.' }),
      );
    } catch (err) {
      el('followup-body').replaceChildren(h('p', { text: `The follow-up could not be loaded. ${errorText(err)}` }));
    }
    if (!ctx.meeting?.panelId) return;
    try {
      const data = await apiFetch(`/api/panels/${encodeURIComponent(ctx.meeting.panelId)}/agenda-suggestions?before=${encodeURIComponent(ctx.meeting.meetingDate)}`);
      const families = data?.families || [];
      el('suggestions-body').replaceChildren(
        h('h3', { text: 'Families to consider for the agenda' }), // R7, R9
        families.length
          ? h('ul', { id: 'suggestions-list', class: 'page-list' }, families.map((f) => h('li', {},
            h('strong', { text: f.familyRef }),
            h('ul', {}, f.reasons.map((r) => h('li', { text: r.text }))))))
          : h('p', { text: 'No family is due a review or stalled.' }),
      );
    } catch (err) {
      el('suggestions-body').replaceChildren(h('p', { text: `The suggestions could not be loaded. ${errorText(err)}` }));
    }
  }
  return { load };
}
