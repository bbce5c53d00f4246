// A&I Live – setup.html: the first start. After the first officer's own password, an officer of a
// copy not yet set up is sent here from the home page (admin-api.js `setupPageFor`). Six steps,
// one at a time with a step indicator (which opens any step, saving nothing) and Back / "Save and
// continue" (which saves the step's pending work first), each saved as it goes: the
// council's name, panels (two districts each, which goes first), agencies, key agencies per
// presenting need, panel chairs, then a summary with "Finish set-up" (`POST
// /api/admin/setup/complete`; refused, it says what is missing). The editors are those of the
// settings page (js/council/*.js). The step is kept in the address (`#step=3`).

import { h, setText } from './dom.js';
import { completeSetup, getKeyAgencies, getSetup, listAgencies, listPanels } from './admin-api.js';
import { clearError, showError, startPage, withBusy } from './ui.js';
import { count } from './council/common.js';
import { councilNameEditor } from './council/name.js';
import { panelsEditor } from './council/panels.js';
import { agenciesEditor } from './council/agencies.js';
import { keyAgenciesEditor } from './council/key-agencies.js';
import { chairsEditor } from './council/chairs.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'settings', roles: ['officer'] });

const STEPS = ['Council name', 'Panels', 'Agencies', 'Key agencies', 'Chairs', 'Finish'];
const LAST = STEPS.length;
let step = 1;
let editors = {};

function stepFromAddress() {
  const n = Number(new URLSearchParams(window.location.hash.slice(1)).get('step'));
  return Number.isInteger(n) && n >= 1 && n <= LAST ? n : 1;
}

function renderSteps() {
  el('setup-steps').replaceChildren(...STEPS.map((label, i) => {
    const n = i + 1;
    const button = h('button', {
      id: `step-link-${n}`, type: 'button', class: n === step ? null : 'button-secondary',
      'aria-current': n === step ? 'step' : null,
    }, h('span', { class: 'visually-hidden', text: 'Step ' }), `${n}. ${label}`);
    button.addEventListener('click', () => go(n, { save: false }));
    return h('li', {}, button);
  }));
}

async function loadStep(n) {
  if (n === LAST) return renderSummary();
  return editors[n].load({ keep: true });
}

/** Shows step `n` (after saving what the current step has pending when moving on), focus on its heading. */
async function go(n, { save = n > step } = {}) {
  if (n < 1 || n > LAST) return;
  clearError();
  if (save && step < LAST && editors[step]) {
    const ok = await editors[step].save();
    if (!ok) return;
  }
  step = n;
  window.history.replaceState(null, '', `#step=${n}`);
  for (let i = 1; i <= LAST; i += 1) el(`step-${i}`).hidden = i !== n;
  el('setup-done').hidden = true;
  el('setup-moves').hidden = false;
  el('setup-back').hidden = n === 1;
  el('setup-next').hidden = n === LAST;
  renderSteps();
  document.title = `A&I Live – set up your council: ${STEPS[n - 1].toLowerCase()}`;
  try {
    await loadStep(n);
  } catch (err) {
    showError(err, undefined, 'This step could not be loaded.');
  }
  el(`step-${n}-heading`).focus();
}

// ---------- the summary ----------

function missing(setup) {
  const gaps = [];
  if (!setup.councilName) gaps.push(['The council’s name', 1]);
  if (!setup.counts?.panels) gaps.push(['At least one panel', 2]);
  if (!setup.counts?.agencies) gaps.push(['At least one agency', 3]);
  return gaps;
}

async function renderSummary() {
  const [setup, panels, agencies, keys] = await Promise.all([getSetup(), listPanels(), listAgencies(), getKeyAgencies()]);
  const active = (agencies || []).filter((a) => !a.retired);
  const needs = (keys?.needs || []).filter((n) => n.everyCountyWide || (n.agencyIds || []).length);
  const change = (n, what) => h('button', { id: `summary-change-${n}`, type: 'button', class: 'button-secondary button-small', on: { click: () => go(n, { save: false }) } },
    'Change', h('span', { class: 'visually-hidden', text: ` ${what}` }));
  const item = (n, term, value) => [h('dt', { text: term }), h('dd', {}, value, ' ', change(n, term.toLowerCase()))];
  el('setup-summary').replaceChildren(h('dl', { id: 'summary-list', class: 'summary-list' },
    item(1, 'Council name', setup.councilName || 'Not given yet'),
    item(2, 'Panels', (panels || []).length
      ? (panels || []).map((p) => `${p.name} (${p.districts.map((d) => d.name).join(' and ')})`).join('; ')
      : 'None yet'),
    item(3, 'Agencies', active.length ? `${count(active.length, 'agency', 'agencies')}: ${active.map((a) => a.name).join(', ')}` : 'None yet'),
    item(4, 'Key agencies', `Chosen for ${needs.length} of ${count((keys?.needs || []).length, 'presenting need')}`),
    item(5, 'Chairs', (panels || []).length
      ? (panels || []).map((p) => `${p.code}: ${p.chair ? p.chair.fullName : 'no chair yet'}`).join('; ')
      : 'No panels yet')));
  const gaps = missing(setup);
  const box = el('setup-missing');
  box.hidden = gaps.length === 0;
  box.replaceChildren(...(gaps.length ? [
    h('p', { id: 'setup-missing-title', class: 'error-title', text: 'Still needed before set-up can finish:' }),
    h('ul', {}, gaps.map(([text, n]) => h('li', {}, `${text} `, h('button', {
      type: 'button', class: 'button-secondary button-small', on: { click: () => go(n, { save: false }) },
    }, 'Go to step ', String(n))))),
  ] : []));
  return setup;
}

el('setup-finish').addEventListener('click', () => withBusy(el('setup-finish'), 'Finishing…', async () => {
  clearError();
  try {
    await completeSetup();
    for (let i = 1; i <= LAST; i += 1) el(`step-${i}`).hidden = true;
    el('setup-moves').hidden = true;
    el('setup-steps').parentElement.hidden = true;
    el('setup-done').hidden = false;
    document.title = 'A&I Live – set-up is complete';
    el('setup-done-heading').focus();
  } catch (err) {
    showError(err);
    if (err && err.code === 'setup_incomplete') {
      await renderSummary().catch(() => null);
      const box = el('setup-missing');
      box.hidden = false;
      box.prepend(h('p', { id: 'setup-refused', text: err.message }));
    }
  }
}));

// ---------- start ----------

if (member) {
  const onChange = () => {};
  editors = {
    1: councilNameEditor(el('step-1-body')),
    2: panelsEditor(el('step-2-body'), { onChange }),
    3: agenciesEditor(el('step-3-body'), { onChange }),
    4: keyAgenciesEditor(el('step-4-body')),
    5: chairsEditor(el('step-5-body'), { onChange }),
  };
  el('setup-next').addEventListener('click', () => withBusy(el('setup-next'), 'Saving…', () => go(step + 1)));
  el('setup-back').addEventListener('click', () => go(step - 1, { save: false }));
  setText(el('page-status'), '');
  step = stepFromAddress();
  go(step, { save: false });
}
