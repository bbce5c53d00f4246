// A&I Live – meeting preparation: who has read the pack, for the officer and the chair. One row per
// partner and presenter of the panel, one column per case of the pack: read or not, from the audit
// trail's record of each case shown (GET /api/meetings/{id}/pack-readers). The grid shows only the
// families' references, so looking at it reads no case.

import { apiFetch } from '../api.js';
import { h, setText } from '../dom.js';
import { dateTime, errorText, table, withBusy } from '../ui.js';

const el = (id) => document.getElementById(id);

function summary(grid) {
  const members = grid.members || [];
  const total = (grid.cases || []).length;
  if (!total) return 'No case is in the pack yet.';
  const all = members.filter((m) => m.casesRead === total).length;
  const none = members.filter((m) => m.casesRead === 0).length;
  return `${all} of ${members.length} members have read every case; ${none} have read none yet.`;
}

function cell(c) {
  return c.read
    ? h('span', { title: `First read ${dateTime(c.firstReadAt)}`, text: 'Read' })
    : h('span', { class: 'muted', text: 'Not read' });
}

export function createReadersView(ctx) {
  const refresh = el('readers-refresh');

  async function load() {
    try {
      const grid = await apiFetch(`/api/meetings/${encodeURIComponent(ctx.meetingId)}/pack-readers`);
      setText(el('readers-summary'), summary(grid));
      const cases = grid.cases || [];
      if (!cases.length) {
        el('readers-body').replaceChildren();
        return;
      }
      const t = table({
        id: 'readers-table',
        caption: 'Who has read each case of the pack',
        head: ['Member', 'Cases read', ...cases.map((c) => c.familyRef)],
        rows: (grid.members || []).map((m) => [
          h('span', {}, m.fullName, m.agency ? h('span', { class: 'muted', text: `, ${m.agency}` }) : null),
          `${m.casesRead} of ${cases.length}`,
          ...m.cases.map(cell),
        ]),
        className: 'readers-grid',
      });
      t.querySelectorAll('tbody tr').forEach((tr, i) => {
        const m = grid.members[i];
        tr.dataset.memberId = m.memberId;
        [...tr.querySelectorAll('td')].slice(1).forEach((td, j) => { td.dataset.read = String(m.cases[j].read); });
      });
      el('readers-body').replaceChildren(t);
    } catch (err) {
      setText(el('readers-summary'), `Who has read the pack could not be loaded. ${errorText(err)}`);
      el('readers-body').replaceChildren();
    }
  }

  refresh.addEventListener('click', () => withBusy(refresh, 'Checking…', load));
  return { load };
}
