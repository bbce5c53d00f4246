// A&I Live – my-actions.html: the actions owned by the member or their agency (GET /api/actions?mine=true)
// with their flags, and posting progress between meetings.

import { apiFetch } from './api.js';
import { setText } from './dom.js';
import { actionCard, replaceCard } from './actions-view.js';
import { showError, startPage } from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'my-actions' });
const list = el('my-actions-list');
let actions = [];

const options = {
  member,
  onChange: (action, how) => {
    actions = actions.map((a) => (a.id === action.id ? { ...a, ...action } : a));
    replaceCard(list, { ...actions.find((a) => a.id === action.id) }, options, how);
    summarise();
  },
};

function summarise() {
  const count = (f) => actions.filter((a) => a.flags?.[f]).length;
  const parts = [`${actions.length} action${actions.length === 1 ? '' : 's'}`];
  if (count('overdue')) parts.push(`${count('overdue')} overdue`);
  if (count('dueSoon')) parts.push(`${count('dueSoon')} due within 14 days`);
  if (count('considerFullCaseReview')) parts.push(`${count('considerFullCaseReview')} with no progress for two months`);
  setText(el('my-actions-summary'), actions.length ? `${parts.join(', ')}.` : 'You have no actions to follow up.');
}

async function load() {
  const all = el('my-actions-all').checked;
  try {
    actions = await apiFetch(`/api/actions?mine=true${all ? '&status=all' : ''}`) || [];
    list.replaceChildren(...actions.map((a) => actionCard(a, options)));
    summarise();
  } catch (err) {
    setText(el('my-actions-summary'), '');
    showError(err, undefined, 'Your actions could not be loaded.');
  }
}

if (member) {
  el('my-actions-all').addEventListener('change', load);
  load();
}
