// A&I Live – items that were not discussed (issue 17): the chair defers a case to the panel's next
// meeting or withdraws an item with a reason, and Next on an item that has had under a minute asks
// "mark as discussed or defer?" first. The server records what the chair chose (timer.next with
// discussed: true, item.defer, or a plain timer.next that leaves the item not discussed). Done items
// say what they became; a case's outcome is recorded on case-outcome.html.
// Mounted into #item-outcome; it listens to the chair console's Next button without changing it.

import { h, replaceKeepingFocus, setText } from '../dom.js';
import { hasRole } from '../roles.js';
import { itemName, timerFigures } from '../room-state.js';

/** Under this much time used, Next asks first (AgendaItem.DISCUSSED_MIN_SECONDS on the server). */
export const DISCUSSED_MIN_SECONDS = 60;

const STATE_WORDS = { discussed: 'Discussed', deferred: 'Deferred to the next meeting', withdrawn: 'Withdrawn' };

export function createItemOutcomeView({ member, act }, doc = document) {
  const section = doc.getElementById('item-outcome');
  const chair = hasRole(member, 'chair');
  let model = null;
  let offset = 0; // server time − local time, from the last render
  let signature = '';

  const select = h('select', { id: 'item-outcome-item' });
  const reason = h('textarea', { id: 'item-outcome-reason', rows: '2', maxlength: '1000' });
  const deferButton = h('button', { id: 'item-defer', type: 'button', class: 'button-secondary', text: 'Defer to the next meeting' });
  const withdrawButton = h('button', { id: 'item-withdraw', type: 'button', class: 'button-secondary', text: 'Withdraw with this reason' });
  const done = h('ul', { id: 'item-outcome-done', class: 'plain-list' });
  const status = h('p', { id: 'item-outcome-status', class: 'muted', role: 'status' });

  const prompt = h('dialog', { id: 'next-prompt', 'aria-labelledby': 'next-prompt-heading' },
    h('h2', { id: 'next-prompt-heading', text: 'Mark as discussed or defer?' }),
    h('p', { id: 'next-prompt-text' }),
    h('div', { class: 'button-row' },
      h('button', { id: 'next-discussed', type: 'button', text: 'Mark as discussed' }),
      h('button', { id: 'next-defer', type: 'button', class: 'button-secondary', text: 'Defer to the next meeting' }),
      h('button', { id: 'next-skip', type: 'button', class: 'button-secondary', text: 'Move on, not discussed' }),
      h('button', { id: 'next-cancel', type: 'button', class: 'button-secondary', text: 'Cancel' })));
  let promptItem = null;

  if (chair && section) {
    section.append(
      h('h2', { id: 'item-outcome-heading', text: 'Items not discussed' }),
      h('div', { class: 'field' }, h('label', { for: select.id, text: 'Item' }), select),
      h('div', { class: 'button-row' }, deferButton),
      h('div', { class: 'field' }, h('label', { for: reason.id, text: 'Reason for withdrawing it' }), reason),
      h('div', { class: 'button-row' }, withdrawButton),
      status,
      h('h3', { text: 'Done items' }), done,
      prompt);
    deferButton.addEventListener('click', () => {
      if (!select.value) { act.fail('Choose a case that is not done yet.'); return; }
      act('item.defer', { itemId: select.value });
    });
    withdrawButton.addEventListener('click', () => {
      if (!select.value) { act.fail('Choose an item that is not done yet.'); return; }
      if (!reason.value.trim()) { act.fail('Give the reason for withdrawing the item.'); reason.focus(); return; }
      act('item.withdraw', { itemId: select.value, reason: reason.value.trim() }).then((reply) => {
        if (reply) reason.value = '';
      });
    });
    // Before the console's own handler (capture on the document): Next on an item under a minute asks first.
    doc.addEventListener('click', (event) => {
      const next = event.target instanceof Element ? event.target.closest('#chair-next') : null;
      if (!next || next.getAttribute('aria-disabled') === 'true' || !model) return;
      const f = timerFigures(model, Date.now() + offset);
      if (!f || !f.item || f.item.done || f.usedMs >= DISCUSSED_MIN_SECONDS * 1000) return;
      event.stopImmediatePropagation();
      event.preventDefault();
      promptItem = f.item;
      setText(doc.getElementById('next-prompt-text'), `${itemName(f.item)} has had under a minute. `
        + 'Moving on does not record it as discussed unless you say so.');
      doc.getElementById('next-defer').hidden = f.item.kind !== 'case';
      prompt.showModal();
      doc.getElementById('next-discussed').focus();
    }, true);
    const answer = (fn) => () => { prompt.close(); const item = promptItem; promptItem = null; if (item) fn(item); };
    doc.getElementById('next-discussed').addEventListener('click', answer(() => act('timer.next', { discussed: true })));
    doc.getElementById('next-defer').addEventListener('click', answer((item) => act('item.defer', { itemId: item.id })));
    doc.getElementById('next-skip').addEventListener('click', answer(() => act('timer.next', {})));
    doc.getElementById('next-cancel').addEventListener('click', () => { prompt.close(); promptItem = null; });
  }

  function render(m, now) {
    model = m;
    if (Number.isFinite(now)) offset = now - Date.now();
    if (!chair || !section) return;
    section.hidden = false;
    const agenda = m.agenda || [];
    const sig = agenda.map((i) => `${i.id}:${i.done}:${i.disposition}`).join('|') + m.timer?.itemId;
    if (sig === signature) return;
    signature = sig;
    const open = agenda.filter((i) => !i.done);
    const chosen = select.value && open.some((i) => i.id === select.value) ? select.value : m.timer?.itemId;
    select.replaceChildren(...open.map((i) => h('option', { value: i.id, text: `${i.position}. ${itemName(i)}`
      + (i.id === m.timer?.itemId ? ' (now)' : '') })));
    if (chosen && open.some((i) => i.id === chosen)) select.value = chosen;
    const finished = agenda.filter((i) => i.done);
    replaceKeepingFocus(done, finished.length ? finished.map((i) => h('li', { id: `item-state-${i.id}` },
      `${i.position}. ${itemName(i)}: ${STATE_WORDS[i.disposition] ?? 'Done'}`, i.note ? ` (${i.note})` : null,
      i.kind === 'case' && i.disposition === 'discussed'
        ? [' · ', h('a', { href: `case-outcome.html?case=${encodeURIComponent(i.caseId)}`, text: 'Record its outcome' })]
        : null)) : [h('li', { text: 'None yet.' })]);
    setText(status, open.length ? '' : 'Every item is done.');
  }

  return { render };
}
