// A&I Live – errors next to their fields (GOV.UK style: a summary at the top linking to each
// field, the message at the field, the field marked invalid and described by it).

import { h } from './dom.js';
import { errorText, showError } from './messages.js';
import { goToSignIn } from './page-address.js';

const el = (id) => document.getElementById(id);

// ---------- field errors (a server 400 `invalid_field` carries the field's code in `field`, and a
// message that names it in words, "Meeting date must be …": the words have one home, the server's
// org.ailive.protocol.FieldLabels, so the page shows the message as it comes) ----------

/** The field a 400 `invalid_field` error names (its code, e.g. `meetingDate`), or null. */
export function namedField(err) {
  if (!err || err.status !== 400) return null;
  return err.body && typeof err.body.field === 'string' ? err.body.field : null;
}

function describedBy(node, id, add) {
  const ids = new Set((node.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
  if (add) ids.add(id); else ids.delete(id);
  if (ids.size) node.setAttribute('aria-describedby', [...ids].join(' '));
  else node.removeAttribute('aria-describedby');
}

/** Removes every field error shown inside `root`. */
export function clearFieldErrors(root) {
  if (!root) return;
  root.querySelectorAll('.field-error').forEach((p) => p.remove());
  root.querySelectorAll('[aria-invalid="true"]').forEach((node) => {
    node.removeAttribute('aria-invalid');
    const errId = `${node.id}-error`;
    describedBy(node, errId, false);
  });
  root.querySelectorAll('.field-has-error').forEach((n) => n.classList.remove('field-has-error'));
}

/**
 * Shows `message` next to the control (an input, select, textarea, or a fieldset of checkboxes):
 * the text sits between the label (or legend) and the control, the control is marked invalid and
 * described by it. Returns the element to focus.
 */
export function showFieldError(control, message) {
  if (!control) return null;
  const errId = `${control.id}-error`;
  document.getElementById(errId)?.remove();
  const p = h('p', { id: errId, class: 'field-error' },
    h('span', { class: 'visually-hidden', text: 'Error: ' }), message);
  if (control.tagName === 'FIELDSET') {
    const after = control.querySelector(':scope > .hint') || control.querySelector(':scope > legend');
    if (after) after.after(p); else control.prepend(p);
    control.classList.add('field-has-error');
    control.setAttribute('aria-invalid', 'true');
    describedBy(control, errId, true);
    return control.querySelector('input, select, textarea, button') || control;
  }
  const wrapper = control.closest('.field, .field-check');
  if (wrapper && wrapper.classList.contains('field-check')) {
    wrapper.after(p);
  } else {
    control.before(p);
  }
  wrapper?.classList.add('field-has-error');
  control.setAttribute('aria-invalid', 'true');
  describedBy(control, errId, true);
  return control;
}

/**
 * Shows an API error for a form: a 400 naming a field goes next to that field (found by
 * `[data-field="name"]` inside `form`, or in `fields`), the alert region gets the message and the
 * field gets focus. Anything else goes to the alert region. Returns true when placed at a field.
 */
export function showFormError(err, { form, region = el('page-error'), fields = {}, prefix = '' } = {}) {
  if (err && err.status === 401) {
    goToSignIn('expired');
    return false;
  }
  const name = namedField(err);
  const control = name && (fields[name] || form?.querySelector(`[data-field="${CSS.escape(name)}"]`));
  if (!control) {
    showError(err, region, prefix);
    return false;
  }
  // GOV.UK style: a summary at the top linking to the field, the message at the field.
  const text = errorText(err);
  const target = showFieldError(control, text);
  if (region) {
    region.replaceChildren(
      h('p', { class: 'error-title', text: prefix ? `There is a problem. ${prefix}` : 'There is a problem' }),
      h('ul', { class: 'error-list' }, h('li', {},
        h('a', { href: `#${control.id}`, text, on: { click: (e) => { e.preventDefault(); focusControl(control); } } }))),
    );
  }
  target?.focus();
  return true;
}

/**
 * Client-side problems found before sending: `[[control, message], …]`. Shows each next to its
 * field, a summary with links in the region, and focuses the first. Returns true if any.
 */
export function showProblems(problems, region = el('page-error')) {
  if (!problems.length) return false;
  problems.forEach(([control, message]) => showFieldError(control, message));
  if (region) {
    region.replaceChildren(
      h('p', { class: 'error-title', text: problems.length === 1 ? 'There is a problem' : `There are ${problems.length} problems` }),
      h('ul', { class: 'error-list' }, problems.map(([control, message]) => h('li', {},
        h('a', { href: `#${control.id}`, text: message, on: { click: (e) => { e.preventDefault(); focusControl(control); } } })))),
    );
  }
  focusControl(problems[0][0]);
  return true;
}

function focusControl(control) {
  const target = control.tagName === 'FIELDSET' ? control.querySelector('input, select, textarea') : control;
  target?.focus();
}
