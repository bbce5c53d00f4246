// A&I Live – the search box in the navigation of every page (docs/UI.md, "The search box"): a family
// reference, an action number ("12", "#12", "Action 12") or a member's name. The server answers only
// what the member may read (GET /api/search). Families and actions open the family page; members are
// listed by name and agency. Text is always set as text, never as HTML.

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { actionStatusLabel } from './action-status.js';

const MIN_LENGTH = 2;

/** The family page of a reference, optionally at one of its actions. */
export const familyHref = (ref, actionId = null) => `family.html?ref=${encodeURIComponent(ref)}${actionId ? `#family-action-${encodeURIComponent(actionId)}` : ''}`;

function group(id, label, items) {
  if (!items.length) return null;
  return h('div', { class: 'nav-search-group' },
    h('p', { id: `${id}-label`, class: 'nav-search-label', text: label }),
    h('ul', { id, class: 'nav-search-list', 'aria-labelledby': `${id}-label` }, items));
}

function results(out) {
  const families = (out.families || []).map((f) => h('li', {},
    h('a', { href: familyHref(f.familyRef), id: `search-family-${f.familyRef.replace(/[^A-Za-z0-9_-]/g, '_')}`, text: `Family ${f.familyRef}` })));
  const actions = (out.actions || []).map((a) => h('li', {},
    a.familyRef
      ? h('a', { href: familyHref(a.familyRef, a.id), id: `search-action-${a.number}`, text: `Action ${a.number}: ${a.description}` })
      : h('span', { id: `search-action-${a.number}`, text: `Action ${a.number}: ${a.description}` }),
    h('span', { class: 'muted', text: ` (${a.familyRef ? `family ${a.familyRef}` : 'AOB'}, ${a.ownerAgency}, ${actionStatusLabel(a.status).toLowerCase()})` })));
  const members = (out.members || []).map((m) => h('li', { id: `search-member-${m.memberId}`,
    text: `${m.fullName}${m.agency ? `, ${m.agency}` : ''}` }));
  return [group('search-families', 'Families', families), group('search-actions', 'Actions', actions),
    group('search-members', 'Members', members)].filter(Boolean);
}

function summary(out) {
  const n = (out.families || []).length + (out.actions || []).length + (out.members || []).length;
  if (!n) return `Nothing found for “${out.q}” that you may see.`;
  return `${n} result${n === 1 ? '' : 's'} for “${out.q}”${out.more ? '; only the first 10 of each kind are shown, so type more to narrow it' : ''}.`;
}

/** The search form, made once per page and kept when the navigation is drawn again. */
export function createSearchBox() {
  const input = h('input', {
    id: 'nav-search-q', type: 'search', name: 'q', maxlength: '100', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'nav-search-hint',
  });
  const hint = h('span', { id: 'nav-search-hint', class: 'visually-hidden', text: 'A family reference, an action number or a member’s name.' });
  const status = h('p', { id: 'nav-search-status', class: 'nav-search-status', role: 'status' });
  const list = h('div', { id: 'nav-search-found' });
  const close = h('button', { id: 'nav-search-close', type: 'button', class: 'button-secondary button-small', text: 'Close search results' });
  const panel = h('div', { id: 'nav-search-results', class: 'nav-search-results', hidden: true }, list, close);
  const form = h('form', { id: 'nav-search', class: 'nav-search', role: 'search', 'aria-label': 'Families, actions and members', novalidate: true },
    h('label', { for: 'nav-search-q', class: 'visually-hidden', text: 'Search' }), hint, input,
    h('button', { id: 'nav-search-go', type: 'submit', class: 'button-small', text: 'Search' }), status, panel);

  const hide = () => {
    panel.hidden = true;
    setText(status, '');
  };
  close.addEventListener('click', () => { hide(); input.focus(); });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      hide();
      input.focus();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q.length < MIN_LENGTH && !/^\d$/.test(q)) {
      panel.hidden = true;
      setText(status, `Type at least ${MIN_LENGTH} characters to search.`);
      return;
    }
    setText(status, 'Searching…');
    try {
      const out = await apiFetch(`/api/search?q=${encodeURIComponent(q)}`);
      list.replaceChildren(...results(out));
      panel.hidden = false;
      setText(status, summary(out));
    } catch (err) {
      panel.hidden = true;
      setText(status, (err && err.message) || 'The search did not work. Try again.');
    }
  });
  return form;
}
