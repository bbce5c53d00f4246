// A&I Live – the key agencies for each presenting need (`/api/admin/key-agencies`; R11 themes), on
// the set-up wizard and the settings page: per need, the agencies that should be at the meeting when
// a case brings it, and "every county-wide agency". One Save sends the needs that were changed,
// one after another; a conflict keeps every box as ticked here.

import { h, setText } from '../dom.js';
import { getKeyAgencies, isVersionConflict, listAgencies, saveKeyAgencies } from '../admin-api.js';
import { showError, showStatus, withBusy } from '../ui.js';
import { checkbox, clearConflict, count, redraw, showConflict, startSave } from './common.js';

/** `{load, save}` for the key agencies in `container`. */
export function keyAgenciesEditor(container) {
  let data = { version: 0, needs: [] };
  let agencies = [];

  const body = h('div', { class: 'stack' });
  const button = h('button', { id: 'key-agencies-save', type: 'submit', text: 'Save key agencies' });
  const summary = h('p', { id: 'key-agencies-count', class: 'status-message' });
  const form = h('form', { id: 'key-agencies-form', class: 'stack', method: 'post', action: '#', novalidate: true },
    h('p', { class: 'hint', text: 'For each presenting need, tick the agencies the panel should hear from when a case brings it. “Every county-wide agency” also covers county-wide agencies added later.' }),
    summary, body, h('div', { class: 'button-row' }, button));
  container.replaceChildren(form);

  function needSet(n) {
    const active = agencies.filter((a) => !a.retired);
    const chosen = new Set(n.agencyIds || []);
    return h('fieldset', { id: `need-${n.need}`, class: 'need-set' },
      h('legend', { text: n.label }),
      checkbox(`need-${n.need}-county-wide`, 'county-wide', 'Every county-wide agency', n.everyCountyWide),
      active.length
        ? h('div', { class: 'choices' }, active.map((a) => checkbox(`need-${n.need}-agency-${a.id}`, a.id,
          a.attendance === 'county_wide' ? `${a.name} (county-wide)` : a.name, chosen.has(a.id))))
        : h('p', { class: 'muted', text: 'Add agencies first to choose them here.' }));
  }

  /** The needs as ticked now, and which differ from what the server has. */
  function changedNeeds() {
    return data.needs.map((n) => {
      const set = body.querySelector(`#need-${CSS.escape(n.need)}`);
      if (!set) return null;
      const everyCountyWide = set.querySelector(`#need-${CSS.escape(n.need)}-county-wide`).checked;
      const agencyIds = [...set.querySelectorAll('.choices input:checked')].map((i) => i.value);
      const active = new Set(agencies.filter((a) => !a.retired).map((a) => a.id));
      const before = (n.agencyIds || []).filter((id) => active.has(id)).sort().join();
      const changed = everyCountyWide !== Boolean(n.everyCountyWide) || agencyIds.slice().sort().join() !== before;
      return changed ? { need: n.need, label: n.label, everyCountyWide, agencyIds } : null;
    }).filter(Boolean);
  }

  function showCount() {
    const set = data.needs.filter((n) => n.everyCountyWide || (n.agencyIds || []).length).length;
    setText(summary, `Key agencies chosen for ${set} of ${count(data.needs.length, 'presenting need')}.`);
  }

  async function load({ keep = true } = {}) {
    [data, agencies] = await Promise.all([getKeyAgencies(), listAgencies()]);
    data = data || { version: 0, needs: [] };
    agencies = (agencies || []).sort((x, y) => x.name.localeCompare(y.name));
    redraw(body, data.needs.map(needSet), { keep });
    showCount();
    return data;
  }

  async function save({ quiet = false } = {}) {
    startSave(form);
    const changes = changedNeeds();
    if (!changes.length) {
      if (!quiet) showStatus('No changes to save.');
      return true;
    }
    const done = [];
    for (const change of changes) {
      try {
        const answer = await saveKeyAgencies(change.need, {
          everyCountyWide: change.everyCountyWide, agencyIds: change.agencyIds, version: data.version,
        });
        data.version = answer && Number.isFinite(answer.version) ? answer.version : data.version;
        const row = data.needs.find((n) => n.need === change.need);
        Object.assign(row, { everyCountyWide: change.everyCountyWide, agencyIds: change.agencyIds });
        body.querySelectorAll(`#need-${CSS.escape(change.need)} input`).forEach((i) => { i.dataset.initial = String(i.checked); });
        done.push(change.label);
      } catch (err) {
        if (isVersionConflict(err)) showConflict(form, err, () => load({ keep: true }));
        else showError(err, undefined, `The key agencies for ${change.label} could not be saved.`);
        showCount();
        return false;
      }
    }
    clearConflict(form);
    showCount();
    showStatus(`Key agencies saved for ${done.join(', ')}.`);
    return true;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    withBusy(button, 'Saving…', () => save());
  });

  return { load, save: () => save({ quiet: true }) };
}
