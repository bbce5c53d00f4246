// A&I Live – notices.html, "Your notices": every in-app notice of the signed-in member (newest
// first, older ones on request), marking them read, and what they get of each kind of notice
// (#preferences, where every mail's footer links). Text is always set as text, never as HTML.

import { apiFetch } from './api.js';
import { h } from './dom.js';
import { noticeItem, unreadText } from './bell.js';
import { clearError, showError, showFormError, showStatus, startPage, withBusy } from './ui.js';

const PAGE = 20;
const el = (id) => document.getElementById(id);
const member = startPage({ key: 'notices' });
let shown = [];
let next = null;

function draw(unread) {
  el('notices-unread').textContent = `${unreadText(unread)}.`;
  el('notices-list').replaceChildren(...(shown.length
    ? shown.map((n) => noticeItem(n, { idPrefix: 'notice', onRead: () => load() }))
    : [h('li', { class: 'muted', text: 'You have no notices yet.' })]));
  el('notices-more').hidden = !next;
  el('notices-read-all').hidden = unread === 0;
}

async function load({ more = false } = {}) {
  try {
    const path = `/api/notices?limit=${PAGE}${more && next ? `&olderThan=${encodeURIComponent(next)}` : ''}`;
    const out = await apiFetch(path);
    shown = more ? [...shown, ...out.notices] : out.notices;
    next = out.olderThan;
    draw(out.unread);
    document.dispatchEvent(new CustomEvent('ailive:unread', { detail: out.unread }));
  } catch (err) {
    showError(err);
  }
}

function choiceRadios(kind, choices) {
  // The server says which choices each kind offers (GET /api/notices/preferences), so the rule lives there.
  const offered = choices.filter((c) => kind.offered.includes(c.choice));
  const hintId = `pref-${kind.kind}-hint`;
  const mailOrOff = !kind.essential && !kind.offered.includes('app');
  const hint = kind.essential ? 'These cannot be turned off: they always come by e-mail.'
    : mailOrOff ? 'By e-mail or not at all: they carry links that work without signing in, so the app does not show them.'
      : null;
  return h('fieldset', { class: 'preference-kind', id: `pref-${kind.kind}`, data: { field: 'choices' },
    'aria-describedby': hint ? hintId : null },
  h('legend', { text: kind.label }),
  hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
  h('div', { class: 'choices-inline' }, offered.map((c) => h('label', { class: 'choice' },
    h('input', {
      type: 'radio', name: `pref-${kind.kind}`, value: c.choice, id: `pref-${kind.kind}-${c.choice}`,
      checked: kind.choice === c.choice, disabled: kind.essential,
    }), ` ${c.label}`))));
}

async function loadPreferences() {
  try {
    const out = await apiFetch('/api/notices/preferences');
    el('preferences-kinds').replaceChildren(...out.kinds.map((k) => choiceRadios(k, out.choices)));
    return out;
  } catch (err) {
    showError(err);
    return null;
  }
}

if (member) {
  load();
  loadPreferences().then(() => {
    if (window.location.hash === '#preferences') el('preferences').focus();
  });
  el('notices-more').addEventListener('click', () => load({ more: true }));
  el('notices-read-all').addEventListener('click', async (event) => {
    await withBusy(event.currentTarget, 'Marking…', async () => {
      await apiFetch('/api/notices/read-all', { method: 'POST' });
      await load();
      showStatus('All your notices are marked read.');
    });
  });
  // A notice that arrives while the page is open (js/bell.js) shows here too.
  document.addEventListener('ailive:notice', () => load());
  el('preferences-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    const choices = {};
    el('preferences-kinds').querySelectorAll('input[type="radio"]:checked:not(:disabled)').forEach((input) => {
      choices[input.name.replace(/^pref-/, '')] = input.value;
    });
    await withBusy(el('preferences-save'), 'Saving…', async () => {
      try {
        await apiFetch('/api/notices/preferences', { method: 'PUT', body: { choices } });
        await loadPreferences();
        showStatus('Your choices are saved.');
      } catch (err) {
        showFormError(err, { form: el('preferences-form') });
      }
    });
  });
}
