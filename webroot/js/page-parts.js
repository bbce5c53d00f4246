// A&I Live – small parts the pages build: a busy button, a data table, a filled select.

import { h } from './dom.js';

/** Marks a button busy (aria-disabled keeps focus on it) and runs `fn`; ignores clicks meanwhile. */
export async function withBusy(button, busyText, fn) {
  if (button.getAttribute('aria-disabled') === 'true') return undefined;
  const label = [...button.childNodes];
  button.setAttribute('aria-disabled', 'true');
  if (busyText) button.textContent = busyText;
  try {
    return await fn();
  } finally {
    button.removeAttribute('aria-disabled');
    if (busyText) button.replaceChildren(...label);
  }
}

// ---------- tables ----------

let tableCount = 0;

/**
 * A data table in a keyboard-scrollable region (so it reflows at 320 px without the page
 * scrolling sideways). `head`: column headings; `rows`: arrays of cells (text or nodes); the first
 * cell of each row is a row header.
 */
export function table({ id, caption, head, rows, captionHidden = false, className = '' }) {
  tableCount += 1;
  const capId = `${id || `table-${tableCount}`}-caption`;
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': capId, tabindex: '0' },
    h('table', { id, class: ['data-table', className] },
      h('caption', { id: capId, class: captionHidden ? 'visually-hidden' : null, text: caption }),
      h('thead', {}, h('tr', {}, head.map((text) => h('th', { scope: 'col', text })))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) => (i === 0
        ? h('th', { scope: 'row' }, cell ?? '')
        : h('td', {}, cell ?? ''))))))));
}

/** Fills a <select> with options `[{value, text}]`, keeping the current choice when it still exists. */
export function fillSelect(select, options, { placeholder } = {}) {
  const keep = select.value;
  const nodes = [];
  if (placeholder !== undefined) nodes.push(h('option', { value: '', text: placeholder }));
  options.forEach((o) => nodes.push(h('option', { value: o.value, text: o.text })));
  select.replaceChildren(...nodes);
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}
