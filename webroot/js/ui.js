// A&I Live – what the preparation and follow-up pages share: the signed-in check, the role-aware
// navigation, messages, field errors next to their fields, tables, downloads, copying, and the live
// room's state read over REST (its commands are sent with commands.js). Text is always set as
// text, never as HTML.

import { apiDownload, apiFetch, currentMember, endAllSessions, endSession } from './api.js';
import { h, setText } from './dom.js';
import { hasRole, roleLabel } from './roles.js';
import './demo-banner.js';
import { createBell } from './bell.js';
import { createSearchBox } from './search-box.js';

/**
 * The pages, in navigation order. `roles`: who sees the link (null: everyone signed in with a
 * full session). The ids (`nav-…`, `home-link-…`) are a contract with the browser tests (docs/UI.md).
 */
export const PAGES = [
  { key: 'home', href: 'index.html', text: 'Home', roles: null,
    about: 'Your meetings.' },
  { key: 'meetings', href: 'meetings.html', text: 'Meetings', roles: ['officer', 'chair'],
    about: 'Create meetings (officer), prepare the agenda, cases, attendance and join links.' },
  { key: 'members', href: 'members.html', text: 'Members', roles: ['officer', 'chair'],
    about: 'Panels, agencies and members; invitations, roles and panel membership (officer).' },
  { key: 'cases', href: 'cases.html', text: 'My cases', roles: ['presenter', 'officer'],
    about: 'Write, save and submit cases, and see when yours is expected to start.' },
  { key: 'my-actions', href: 'my-actions.html', text: 'My actions', roles: ['partner', 'presenter', 'chair', 'officer'],
    about: "Actions you or your agency own: what is overdue or due soon; post progress." },
  { key: 'apologies', href: 'apologies.html', text: 'Apologies', roles: ['partner', 'presenter', 'chair'],
    about: 'Send apologies with a written update for a coming meeting.' },
  { key: 'actions', href: 'actions.html', text: 'Action log', roles: ['officer', 'chair'],
    about: 'Every action with filters; download it as CSV or XLSX.' },
  { key: 'reports', href: 'reports.html', text: 'Reports', roles: ['officer', 'chair'],
    about: 'Attendance per agency, presenting needs, outcomes and timing.' },
  { key: 'audit', href: 'audit.html', text: 'Audit trail', roles: ['officer'],
    about: 'Sign-ins, case views, exports and membership changes.' },
  { key: 'settings', href: 'settings.html', text: 'Settings', roles: ['officer'], about: 'The council’s name, panels and districts, agencies, key agencies and chairs.' },
  { key: 'account', href: 'account.html', text: 'Your account', roles: null, about: 'Change your password; two-factor sign-in.' },
];

/** A session from a meeting join link reaches only that meeting. */
export const isScoped = (member) => Boolean(member && member.meetingScope);

export function pagesFor(member) {
  if (!member) return [];
  if (isScoped(member)) return PAGES.filter((p) => p.key === 'home');
  return PAGES.filter((p) => !p.roles || hasRole(member, ...p.roles));
}

const el = (id) => document.getElementById(id);

/** The query parameter `name` of this page's address, or null. */
export function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/** Sends the browser to sign in, coming back here afterwards. */
export function goToSignIn(reason = 'expired') {
  const here = `${window.location.pathname.split('/').pop() || 'index.html'}${window.location.search}`;
  window.location.replace(`index.html?next=${encodeURIComponent(here)}&reason=${encodeURIComponent(reason)}`);
}

let bell = null;
let bellFor = null;
let searchBox = null;

function renderNav(member, currentKey) {
  const nav = el('site-nav');
  if (!nav) return;
  const list = h('ul', { class: 'nav-list' }, pagesFor(member).map((page) => h('li', {},
    h('a', {
      id: `nav-${page.key}`,
      href: page.href,
      'aria-current': page.key === currentKey ? 'page' : null,
      text: page.text,
    }))));
  const roles = (member.roles || []).map(roleLabel).join(', ');
  const who = h('p', { class: 'nav-who', id: 'nav-who' },
    h('span', { class: 'visually-hidden', text: 'Signed in as ' }),
    `${member.fullName || 'Member'}${member.agency ? `, ${member.agency}` : ''}`,
    roles ? h('span', { class: 'nav-roles', text: ` (${roles})` }) : null);
  const signOutButton = (id, text, end) => {
    const button = h('button', {
      id, type: 'button', class: 'button-secondary button-small', text,
      on: {
        click: async () => {
          if (button.getAttribute('aria-disabled') === 'true') return;
          button.setAttribute('aria-disabled', 'true');
          await end();
          window.location.replace('index.html?reason=signed-out');
        },
      },
    });
    return button;
  };
  // The bell (js/bell.js): one per page, kept when the navigation is drawn again.
  if (!isScoped(member) && bellFor !== member.id) [bell, bellFor] = [createBell(member), member.id];
  // The search box (js/search-box.js): one per page too, so what was typed survives a redraw.
  if (!isScoped(member) && !searchBox) searchBox = createSearchBox();
  nav.replaceChildren(list, isScoped(member) ? '' : searchBox, h('div', { class: 'nav-session' }, who, isScoped(member) ? null : bell,
    signOutButton('sign-out', 'Sign out', endSession),
    signOutButton('sign-out-everywhere', 'Sign out everywhere', endAllSessions)));
  nav.hidden = false;
}

/** Hides the navigation (signed out). */
export function clearNav() {
  const nav = el('site-nav');
  if (nav) {
    nav.replaceChildren();
    nav.hidden = true;
  }
}

export { renderNav };

/**
 * Starts a signed-in page: without a session the browser goes to sign in (and comes back);
 * with a session that lacks the roles, the page says so. Resolves to the member or null.
 */
export function startPage({ key, roles = null, allowScoped = false } = {}) {
  const member = currentMember();
  if (!member) {
    goToSignIn('required');
    return null;
  }
  if (isScoped(member) && !allowScoped) {
    window.location.replace(`room.html?meeting=${encodeURIComponent(member.meetingScope)}`);
    return null;
  }
  renderNav(member, key);
  if (roles && !hasRole(member, ...roles)) {
    const main = el('main');
    const heading = el('page-heading');
    const needed = roles.map(roleLabel).join(' or ');
    main.replaceChildren(
      heading || h('h1', { id: 'page-heading', tabindex: '-1', text: 'Not available' }),
      h('p', { id: 'page-forbidden', class: 'error', role: 'alert', text: `This page is for the ${needed.toLowerCase()}. Your roles do not include it.` }),
      h('p', {}, h('a', { href: 'index.html', text: 'Go to your home page' })),
    );
    return null;
  }
  return member;
}

// ---------- messages ----------

/** The text to show for an error, with the wait for a 429. */
export function errorText(err) {
  if (!err) return 'Something went wrong. Try again.';
  if (err.status === 429 && err.retryAfter) {
    return `${err.message} You can try again in ${err.retryAfter} second${err.retryAfter === 1 ? '' : 's'}.`;
  }
  return err.message || 'Something went wrong. Try again.';
}

/** Shows an error in the page's alert region (`page-error`), or the given one; 401 → sign in. */
export function showError(err, region = el('page-error'), prefix = '') {
  if (err && err.status === 401) {
    goToSignIn('expired');
    return;
  }
  const text = typeof err === 'string' ? err : errorText(err);
  if (region) {
    // Clear first so the same message put in again is announced again.
    region.textContent = '';
    window.setTimeout(() => setText(region, prefix ? `${prefix} ${text}` : text), 30);
  }
}

export function clearError(region = el('page-error')) {
  if (region) setText(region, '');
}

/** A polite message in the page's status region (`page-status`). */
export function showStatus(text, region = el('page-status')) {
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => setText(region, text), 30);
}

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

// ---------- busy buttons ----------

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

// ---------- downloads and copying ----------

/** Downloads a file from the API with the session's token, then says so in the status region. */
export async function download(path, fallbackName, { region } = {}) {
  const { blob, filename } = await apiDownload(path, fallbackName);
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, class: 'visually-hidden', tabindex: '-1', text: filename });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  showStatus(`Downloaded ${filename}.`, region);
  return filename;
}

/** A button that downloads `path()`; errors go to the page's alert region. */
export function downloadButton({ id, text, hiddenText = '', path, fallbackName, secondary = true }) {
  const button = h('button', { id, type: 'button', class: secondary ? 'button-secondary' : null }, text,
    hiddenText ? h('span', { class: 'visually-hidden', text: hiddenText }) : null);
  button.addEventListener('click', () => withBusy(button, 'Downloading…', async () => {
    clearError();
    try {
      await download(typeof path === 'function' ? path() : path, fallbackName);
    } catch (err) {
      showError(err, undefined, `${text} failed.`);
    }
  }));
  return button;
}

/** Copies text to the clipboard; falls back to selecting the given input. */
export async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (input) {
      input.focus();
      input.select();
      try {
        return document.execCommand('copy');
      } catch {
        return false;
      }
    }
    return false;
  }
}

/**
 * A read-only field holding a one-time link, with a Copy button: `{wrap, input, button}`.
 * The link is made absolute (the server answers a path).
 */
export function linkBox({ id, label, url, hint }) {
  const absolute = new URL(url, window.location.origin).href;
  const input = h('input', { id, type: 'text', readonly: true, value: absolute, spellcheck: 'false', class: 'link-input' });
  const said = h('span', { class: 'copy-status', role: 'status' });
  const button = h('button', {
    id: `${id}-copy`, type: 'button', class: 'button-secondary', text: 'Copy link',
    'aria-describedby': hint ? `${id}-hint` : null,
  });
  button.addEventListener('click', async () => {
    const ok = await copyText(absolute, input);
    said.textContent = ok ? 'Copied.' : 'Select the link and copy it yourself (Ctrl+C).';
  });
  const wrap = h('div', { class: 'field link-box' },
    h('label', { for: id, text: label }),
    hint ? h('p', { id: `${id}-hint`, class: 'hint', text: hint }) : null,
    h('div', { class: 'link-row' }, input, button),
    said);
  return { wrap, input, button };
}

// ---------- the live room over REST ----------

/**
 * The live room's state (`GET /api/meetings/{id}/room`) with the server's clock: resolves to
 * `{state, offset}` where server time ≈ Date.now() + offset.
 */
export async function loadRoom(meetingId) {
  const t0 = Date.now();
  const data = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}/room`);
  const t1 = Date.now();
  const state = data && data.state ? data.state : data;
  const offset = data && Number.isFinite(data.serverTime) ? data.serverTime - (t0 + t1) / 2 : 0;
  return { state, offset };
}

// ---------- small formatting ----------

/**
 * The meeting's status in words, everywhere (the room's header too). Never "Live": that word
 * would read as the connection's state, which has words of its own (js/room/header.js).
 */
export const STATUS_LABELS = {
  planned: 'Planned',
  open: 'Open for joining',
  live: 'In progress',
  closed: 'Ended',
  // Only a room shows it (the meeting's own status stays; PATCH/cancel, docs/PROTOCOL.md).
  cancelled: 'Cancelled',
};

/** A status badge: text, never colour alone. */
export function statusBadge(status, labels = STATUS_LABELS, prefix = 'Status: ') {
  const known = ['planned', 'open', 'live', 'closed'];
  return h('span', { class: ['status', `status-${known.includes(status) ? status : 'planned'}`] },
    h('span', { class: 'visually-hidden', text: prefix }), labels[status] || String(status || 'Unknown'));
}

/** Today's date in London as YYYY-MM-DD. */
export function londonToday(now = Date.now()) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date(now));
  const get = (t) => parts.find((p) => p.type === t)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** An instant as "2 December 2026, 14:05" in London time. */
export function dateTime(ms) {
  if (!Number.isFinite(ms)) return '';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(ms));
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

// ---------- labels ----------

// One table of attendance words, kept with the room's state (a pure module the pages share).
export { ATTENDANCE_LABELS } from './room-state.js';

export const CASE_STATUS_LABELS = {
  draft: 'Draft',
  submitted: 'Submitted',
  late: 'Late: needs the chair’s acceptance',
  accepted: 'Accepted',
  declined: 'Declined',
  discussed: 'Discussed',
  withdrawn: 'Withdrawn',
  closed: 'Closed',
};

/** A tag: `kind` is '', 'warn', 'bad' or 'ok'. */
export function tag(text, kind = '') {
  return h('span', { class: ['tag', kind ? `tag-${kind}` : null], text });
}

/** "1 h 50 min" / "45 min" from seconds. */
export function hoursAndMinutes(seconds) {
  const total = Math.round(Math.max(0, seconds) / 60);
  const hours = Math.floor(total / 60);
  const mins = total % 60;
  if (!hours) return `${mins} min`;
  return mins ? `${hours} h ${mins} min` : `${hours} h`;
}
