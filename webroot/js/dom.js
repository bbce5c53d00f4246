// A&I Live – small DOM helpers shared by the views. Text is always set as text, never as HTML.

/**
 * Makes an element. `props`: `class`, `text`, `hidden`, `on: {click: fn}`, `data: {k: v}`; any other
 * key is set as an attribute (`true` → present, `false`/null/undefined → absent).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'hidden') el.hidden = Boolean(value);
    else if (key === 'on') Object.entries(value).forEach(([type, fn]) => el.addEventListener(type, fn));
    else if (key === 'data') Object.entries(value).forEach(([k, v]) => { el.dataset[k] = v; });
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Sets text only when it differs, so ticking displays do not churn the accessibility tree. */
export function setText(node, text) {
  const value = text ?? '';
  if (node && node.textContent !== value) node.textContent = value;
}

/** aria-disabled keeps a button focusable (focus is not lost when it becomes unavailable). */
export function setAvailable(button, available) {
  if (available) button.removeAttribute('aria-disabled');
  else button.setAttribute('aria-disabled', 'true');
}

export const isAvailable = (button) => button.getAttribute('aria-disabled') !== 'true';

const FIELDS = 'input, select, textarea';

/**
 * Replaces a container's content without taking away what the user is doing: the focused control
 * (by id) gets focus back, and form fields the user has changed but not yet submitted (value
 * differs from its `data-initial`) keep their value. Returns the restored field ids.
 * `fallback`: where focus goes when the focused control is gone (e.g. the action it acted on was
 * confirmed and left the list), so keyboard users are not thrown back to the top of the page.
 */
export function replaceKeepingFocus(container, nodes, { fallback = null } = {}) {
  const active = document.activeElement;
  const hadFocus = Boolean(active && active !== container && container.contains(active));
  const focusedId = hadFocus ? active.id || null : null;
  const selection = focusedId && typeof active.selectionStart === 'number'
    ? [active.selectionStart, active.selectionEnd] : null;
  const edited = new Map();
  container.querySelectorAll(FIELDS).forEach((field) => {
    if (field.id && field.dataset.initial !== undefined && field.value !== field.dataset.initial) {
      edited.set(field.id, field.value);
    }
  });

  container.replaceChildren(...nodes);

  edited.forEach((value, id) => {
    const field = container.querySelector(`#${CSS.escape(id)}`);
    if (field) {
      field.value = value;
      field.dispatchEvent(new Event('restore', { bubbles: true }));
    }
  });
  if (hadFocus) {
    const again = focusedId ? container.querySelector(`#${CSS.escape(focusedId)}`) : null;
    if (!again && fallback) fallback.focus({ preventScroll: true });
    if (again) {
      again.focus({ preventScroll: true });
      if (selection && typeof again.setSelectionRange === 'function') {
        try {
          again.setSelectionRange(...selection);
        } catch {
          // not a text field
        }
      }
    }
  }
  return [...edited.keys()];
}

/** A form field that remembers the value it was drawn with (see replaceKeepingFocus). */
export function field(tag, props = {}, ...children) {
  const el = h(tag, props, ...children);
  if (props.value !== undefined && props.value !== null) {
    el.value = props.value;
    el.dataset.initial = String(props.value);
  } else {
    el.dataset.initial = el.value;
  }
  return el;
}
