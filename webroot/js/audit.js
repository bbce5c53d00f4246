// A&I Live – audit.html: the audit trail for the officer (R12), with filters kept in the address and
// a CSV download (itself audited).

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { dateTime, downloadButton, showFormError, startPage, table } from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'audit', roles: ['officer'] });
const form = el('audit-form');
const KEYS = ['from', 'to', 'action', 'limit'];

function query() {
  const q = new URLSearchParams(window.location.search);
  const out = new URLSearchParams();
  KEYS.forEach((k) => { if (q.get(k)) out.set(k, q.get(k)); });
  if (!out.get('limit')) out.set('limit', '200');
  return out;
}

function detailText(detail) {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ');
}

async function load() {
  const q = query();
  KEYS.forEach((k) => { if (q.get(k)) el(`audit-${k}`).value = q.get(k); });
  el('audit-downloads').replaceChildren(downloadButton({
    id: 'audit-csv', text: 'Download CSV', path: () => `/api/audit.csv?${query()}`, fallbackName: 'audit-trail.csv',
  }));
  try {
    const rows = await apiFetch(`/api/audit?${q}`) || [];
    setText(el('audit-summary'), `${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}, newest first.`);
    el('audit-body').replaceChildren(table({
      id: 'audit-table',
      caption: 'Audit entries',
      captionHidden: true,
      head: ['When', 'Who', 'What', 'Subject', 'Detail'],
      rows: rows.map((r) => [dateTime(r.at), r.memberName || 'Unknown (or no one)', r.action, r.subject || '',
        h('span', { class: 'prose', text: detailText(r.detail) })]),
    }));
  } catch (err) {
    setText(el('audit-summary'), '');
    showFormError(err, { form });
  }
}

if (member) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    new FormData(form).forEach((v, k) => { if (v) q.set(k, v); });
    window.location.assign(`audit.html?${q}`);
  });
  load();
}
