// A&I Live – what the council's editors share (js/council/*.js, used by the set-up wizard and the
// settings page): a version conflict shown at its form with a Reload button (what was typed stays),
// "already taken" answers shown at their field, and small form parts.

import { h } from '../dom.js';
import { isVersionConflict } from '../admin-api.js';
import { clearError, clearFieldErrors, showError, showFormError } from '../ui.js';

/** The field each "already taken" answer belongs to. */
const TAKEN = { name_taken: 'name', code_taken: 'code', email_taken: 'email' };

/** Removes a conflict box shown at `form` (after a save that went through, or a reload). */
export function clearConflict(form) {
  document.getElementById(`${form.id}-conflict`)?.remove();
}

/**
 * Someone else saved this since the page read it: the server's plain message at the top of the
 * form and in the alert region, and a Reload button that draws their version while keeping what
 * was typed here (`reload` does that). Nothing is saved and nothing typed is cleared.
 */
export function showConflict(form, err, reload) {
  clearConflict(form);
  const messageId = `${form.id}-conflict-message`;
  const button = h('button', {
    id: `${form.id}-reload`, type: 'button', class: 'button-secondary', 'aria-describedby': messageId, text: 'Reload',
  });
  button.addEventListener('click', async () => {
    clearError();
    await reload();
    clearConflict(form);
  });
  form.prepend(h('div', { id: `${form.id}-conflict`, class: 'conflict' },
    h('p', { id: messageId, text: err.message }),
    h('p', { class: 'hint', text: 'What you typed is still here. Reload to see their change: your typing stays in the form; then save again.' }),
    button));
  showError(err);
  button.focus();
}

/** Shows a failed save of `form`: a conflict with Reload, a taken name at its field, or the error. */
export function showSaveFailure(err, form, { reload, fields = {} } = {}) {
  if (isVersionConflict(err) && reload) {
    showConflict(form, err, reload);
    return;
  }
  const taken = err && err.status === 409 && TAKEN[err.code];
  if (taken) {
    showFormError({ status: 400, code: err.code, message: err.message, body: { field: taken } }, { form, fields });
    return;
  }
  showFormError(err, { form, fields });
}

/** Clears a form's earlier errors before it is checked or sent again. */
export function startSave(form) {
  clearFieldErrors(form);
  clearError();
}

/** A labelled text field: `{wrap, input}`. `field` is the server's name for it (`data-field`). */
export function textField({ id, label, value = '', field, hint, maxlength = 120, className = '', hiddenLabel = '' }) {
  const input = h('input', {
    id, type: 'text', autocomplete: 'off', maxlength, 'data-field': field,
    'aria-describedby': hint ? `${id}-hint` : null, class: className || null,
  });
  input.value = value;
  input.dataset.initial = value;
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, label, hiddenLabel ? h('span', { class: 'visually-hidden', text: ` ${hiddenLabel}` }) : null),
    hint ? h('p', { id: `${id}-hint`, class: 'hint', text: hint }) : null,
    input);
  return { wrap, input };
}

/** A labelled select of `options` `[{value, text}]`: `{wrap, select}`. */
export function selectField({ id, label, options, value, field, hiddenLabel = '' }) {
  const select = h('select', { id, 'data-field': field },
    options.map((o) => h('option', { value: o.value, text: o.text })));
  if (value !== undefined && value !== null) select.value = value;
  select.dataset.initial = select.value;
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, label, hiddenLabel ? h('span', { class: 'visually-hidden', text: ` ${hiddenLabel}` }) : null),
    select);
  return { wrap, select };
}

/** A checkbox with its label. */
export function checkbox(id, value, label, checked) {
  const input = h('input', { id, type: 'checkbox', value, checked: checked ? true : null });
  input.dataset.initial = checked ? 'true' : 'false';
  return h('div', { class: 'field-check' }, input, h('label', { for: id }, label));
}

/** Values typed into `container`'s fields since they were drawn (id → value), to keep across a redraw. */
export function editedValues(container) {
  const edited = new Map();
  container.querySelectorAll('input, select, textarea').forEach((node) => {
    if (!node.id || node.dataset.initial === undefined) return;
    if (node.type === 'checkbox') {
      if (String(node.checked) !== node.dataset.initial) edited.set(node.id, node.checked);
    } else if (node.value !== node.dataset.initial) {
      edited.set(node.id, node.value);
    }
  });
  return edited;
}

/** Puts values kept by editedValues back into the redrawn fields that still exist. */
export function restoreValues(container, edited) {
  edited.forEach((value, id) => {
    const node = container.querySelector(`#${CSS.escape(id)}`);
    if (!node) return;
    if (node.type === 'checkbox') node.checked = value;
    else node.value = value;
  });
}

/**
 * Redraws `container` with `nodes`, keeping what was typed (fields by id) and where focus was.
 * `keep` false draws the server's values as they are.
 */
export function redraw(container, nodes, { keep = true } = {}) {
  const edited = keep ? editedValues(container) : new Map();
  const focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement.id : null;
  container.replaceChildren(...nodes);
  restoreValues(container, edited);
  if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
}

/** `n thing(s)`. */
export const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
