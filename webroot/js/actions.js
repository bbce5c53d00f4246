// A&I Live – actions.html: the action log for the officer and the chair, with filters (panel,
// meeting, agency, status, overdue) kept in the address, and downloads as CSV and XLSX.

import { actionStatusLabel, AGREED, IN_HAND } from './action-status.js';
import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { actionCard, replaceCard } from './actions-view.js';
import { shortDate } from './format.js';
import { downloadButton, fillSelect, showFormError, startPage } from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'actions', roles: ['officer', 'chair'] });
const form = el('filter-form');
const list = el('action-log');
const FILTERS = ['panelId', 'meetingId', 'agencyId', 'status', 'overdue'];
let actions = [];

const options = {
  member,
  onChange: (action, how) => {
    actions = actions.map((a) => (a.id === action.id ? { ...a, ...action } : a));
    replaceCard(list, actions.find((a) => a.id === action.id), options, how);
  },
};

/** The filters in the address: `{panelId, meetingId, agencyId, status, overdue}` with empty ones left out. */
function filters() {
  const q = new URLSearchParams(window.location.search);
  const out = {};
  FILTERS.forEach((k) => { if (q.get(k)) out[k] = q.get(k); });
  return out;
}

function query(f, forExport = false) {
  const q = new URLSearchParams();
  Object.entries(f).forEach(([k, v]) => q.set(k, v));
  // The export's default also takes closed and dropped actions: ask for the same statuses as on screen.
  if (forExport && !f.status) q.set('status', IN_HAND.join(','));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** One choice per agreed status, in the words of js/action-status.js, before the "proposed or returned" one. */
function fillStatuses(select) {
  select.querySelector('option[value="proposed,returned"]')
    .before(...AGREED.map((s) => h('option', { value: s, text: actionStatusLabel(s) })));
}

async function fillFilters(f) {
  const [panels, meetings, agencies] = await Promise.all([
    apiFetch('/api/panels'), apiFetch('/api/meetings'), apiFetch('/api/agencies'),
  ]);
  fillSelect(el('filter-panel'), (panels || []).map((p) => ({ value: p.id, text: `${p.name} (${p.code})` })), { placeholder: 'Every panel' });
  fillSelect(el('filter-meeting'), (meetings || []).map((m) => ({ value: m.id, text: `${shortDate(m.meetingDate)}, ${m.panelName}` })), { placeholder: 'Every meeting' });
  fillSelect(el('filter-agency'), (agencies || []).sort((a, b) => a.name.localeCompare(b.name)).map((a) => ({ value: a.id, text: a.name })), { placeholder: 'Every agency' });
  el('filter-panel').value = f.panelId || '';
  el('filter-meeting').value = f.meetingId || '';
  el('filter-agency').value = f.agencyId || '';
  const status = el('filter-status');
  if (f.status && ![...status.options].some((o) => o.value === f.status)) status.append(h('option', { value: f.status, text: f.status }));
  status.value = f.status || '';
  el('filter-overdue').checked = f.overdue === 'true';
}

async function load() {
  const f = filters();
  try {
    await fillFilters(f);
  } catch (err) {
    showFormError(err, { form });
  }
  el('export-buttons').replaceChildren(
    downloadButton({ id: 'export-csv', text: 'Download CSV', path: () => `/api/exports/actions.csv${query(filters(), true)}`, fallbackName: 'action-log.csv' }),
    downloadButton({ id: 'export-xlsx', text: 'Download XLSX', path: () => `/api/exports/actions.xlsx${query(filters(), true)}`, fallbackName: 'action-log.xlsx' }),
  );
  try {
    actions = await apiFetch(`/api/actions${query(f)}`) || [];
    list.replaceChildren(...actions.map((a) => actionCard(a, options)));
    const overdue = actions.filter((a) => a.flags?.overdue).length;
    setText(el('action-log-summary'), actions.length
      ? `${actions.length} action${actions.length === 1 ? '' : 's'}${overdue ? `, ${overdue} overdue` : ''}. Overdue ones come first, then by due date.`
      : 'No actions match these filters.');
  } catch (err) {
    setText(el('action-log-summary'), '');
    showFormError(err, { form });
  }
}

if (member) {
  fillStatuses(el('filter-status'));
  // The form submits by GET, so the filters live in the address (bookmarkable, back button works);
  // empty fields are left out of it.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    new FormData(form).forEach((v, k) => { if (v) q.set(k, v); });
    window.location.assign(`actions.html${q.toString() ? `?${q}` : ''}`);
  });
  load();
}
