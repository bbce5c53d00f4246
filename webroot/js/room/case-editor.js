// A&I Live – the editors of a case summary section in the room: the live edit form (text, or the
// presenting needs as checkboxes), and after a `409 edit_conflict` the merge box: the member's text
// and the text as it is now side by side, theirs editable, merged and sent again.

import { h, isAvailable, setAvailable } from '../dom.js';

export const MAX_TEXT = 10_000;

/** Whether two values of a section (text, or a list of needs) are the same. */
export const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * `label(field)`: the section's words; `submit(key)`, `cancel(key)`: send or drop the edit;
 * `keep()`: keeps the drafts after a change.
 */
export function createCaseEditors({ reference, connection, label, submit, cancel, keep }) {
  function needsChooser(idPrefix, f, chosen, onChange, legend) {
    const options = reference.needs().length ? reference.needs()
      : [...new Set([...(chosen ?? [])])].map((code) => ({ code, label: reference.needLabel(code) }));
    const boxPrefix = idPrefix === 'case-need-fieldset' ? 'case-need' : 'case-merge-need';
    const set = h('fieldset', {
      class: 'needs-chooser', id: `${idPrefix}-${f}`, tabindex: '-1',
      on: {
        // In the template's order, so the list reads the same everywhere.
        change: () => onChange([...set.querySelectorAll('input[type="checkbox"]')].filter((b) => b.checked).map((b) => b.value)),
      },
    },
    h('legend', { text: legend }),
    options.map((n) => {
      const id = `${boxPrefix}-${n.code}`;
      const box = h('input', { id, type: 'checkbox', value: n.code, checked: (chosen ?? []).includes(n.code) });
      return h('div', { class: 'field-check' }, box, h('label', { for: id, text: n.label }));
    }));
    return set;
  }

  function editor(s, f, e, key) {
    const status = connection();
    const sending = e.state === 'sending';
    const errorId = `case-edit-error-${f}`;
    const stale = e.state !== 'conflict' && !same(e.base, s[f]);
    const save = h('button', { id: `case-edit-save-${f}`, type: 'submit' },
      sending ? 'Saving…' : 'Save', h('span', { class: 'visually-hidden', text: ` ${label(f)}` }));
    setAvailable(save, !sending);
    let input;
    if (f === 'presentingNeeds') {
      input = needsChooser('case-need-fieldset', f, e.draft, (v) => {
        e.draft = v;
        keep();
      }, `Presenting needs (choose one or more)`);
    } else {
      input = h('textarea', {
        id: `case-edit-value-${f}`, rows: 6, maxlength: MAX_TEXT,
        'aria-describedby': errorId, 'aria-invalid': e.error ? 'true' : null,
        on: { input: (ev) => { e.draft = ev.target.value; keep(); } },
      });
      input.value = e.draft ?? '';
    }
    return h('form', {
      id: `case-edit-form-${f}`, class: 'case-edit', novalidate: true,
      on: {
        submit(ev) {
          ev.preventDefault();
          if (isAvailable(save)) submit(key);
        },
        keydown(ev) {
          if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
            ev.preventDefault();
            submit(key);
          }
        },
      },
    },
    f === 'presentingNeeds' ? null : h('label', { for: `case-edit-value-${f}` }, 'New text for ', label(f)),
    input,
    stale ? h('p', { class: 'hint warn-text', text: 'This section has been changed by someone else since you started. If you save, you will be asked to merge.' }) : null,
    sending ? h('p', { class: 'hint', text: status.phase === 'live' ? 'Saving…' : 'Waiting to send: it will be saved when the connection is back.' }) : null,
    h('p', { id: errorId, class: 'field-error', text: e.error ?? '' }),
    h('div', { class: 'button-row' },
      save,
      h('button', { id: `case-edit-cancel-${f}`, type: 'button', class: 'button-secondary', on: { click: () => cancel(key) } },
        'Cancel', h('span', { class: 'visually-hidden', text: ` editing ${label(f)}` }))));
  }

  function conflictBox(s, f, e, key) {
    const sending = e.state === 'sending';
    const isNeeds = f === 'presentingNeeds';
    const errorId = `case-merge-error-${f}`;
    let mine;
    let theirs;
    if (isNeeds) {
      mine = needsChooser('case-merge-needs', f, e.draft, (v) => { e.draft = v; keep(); }, 'Your choice (change it to merge)');
      theirs = h('div', { class: 'field' },
        h('p', { class: 'merge-label', text: 'As it is now' }),
        h('ul', { id: `case-current-${f}`, class: 'needs-list' }, (Array.isArray(e.current) ? e.current : [])
          .map((c) => h('li', { text: reference.needLabel(c) }))));
    } else {
      const mineArea = h('textarea', {
        id: `case-merge-${f}`, rows: 8, maxlength: MAX_TEXT, 'aria-describedby': `case-merge-help-${f} ${errorId}`,
        on: { input: (ev) => { e.draft = ev.target.value; keep(); } },
      });
      mineArea.value = e.draft ?? '';
      const currentArea = h('textarea', { id: `case-current-${f}`, rows: 8, readonly: true });
      currentArea.value = e.current ?? '';
      mine = h('div', { class: 'field' }, h('label', { for: `case-merge-${f}`, text: 'Your text (edit it to merge)' }), mineArea);
      theirs = h('div', { class: 'field' }, h('label', { for: `case-current-${f}`, text: 'The text as it is now (read only: copy from it)' }), currentArea);
    }
    const sendButton = h('button', { id: `case-merge-send-${f}`, type: 'button', on: { click: () => submit(key) } },
      sending ? 'Sending…' : 'Send merged text');
    setAvailable(sendButton, !sending);
    return h('div', { id: `case-conflict-${f}`, class: 'conflict', role: 'group', 'aria-labelledby': `case-conflict-title-${f}` },
      h('p', { id: `case-conflict-title-${f}`, class: 'conflict-title' },
        h('span', { class: 'conflict-mark', 'aria-hidden': 'true', text: '⚠ ' }),
        `Someone changed ${label(f)} while you were editing.`),
      h('p', { id: `case-merge-help-${f}`, class: 'hint', text: 'Nothing of yours is lost. Merge what you want to keep into your text, then send it: it replaces the current text.' }),
      h('div', { class: 'merge-columns' }, mine, theirs),
      h('p', { id: errorId, class: 'field-error', text: e.error ?? '' }),
      h('div', { class: 'button-row' },
        sendButton,
        h('button', { id: `case-merge-discard-${f}`, type: 'button', class: 'button-secondary', on: { click: () => cancel(key) } },
          'Keep the current text, discard mine')));
  }

  return { editor, conflictBox };
}
