// A&I Live – the bell: the signed-in member's in-app notices in the header of every page with the
// site navigation (docs/UI.md, "Notices"). It shows the unread count, keeps it up to date live over
// the bridge (the member's own address, ailive.notices.<member id>: the server lets only them
// listen), and opens a short list with "Mark read" and the notice's link; notices.html has them all
// and the settings. Text is always set as text, never as HTML.

import { apiFetch, token } from './api.js';
import { h, setText } from './dom.js';

const LIST_SIZE = 8;
const RETRY_MS = [2_000, 5_000, 15_000, 30_000];
const el = (id) => document.getElementById(id);

/** Only a path on this site or an http(s) address is followed (the server allows no other). */
export const safeLink = (url) => (typeof url === 'string' && /^(\/(?!\/)|https?:\/\/)/.test(url) ? url : null);

export function when(ms) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
  }).format(new Date(ms));
}

/** "3 unread notices" / "No unread notices": what the count says to a screen reader. */
export const unreadText = (n) => (n === 0 ? 'No unread notices' : `${n} unread notice${n === 1 ? '' : 's'}`);

/** Marks one notice read; resolves to the unread count after. */
export async function markRead(id) {
  const out = await apiFetch(`/api/notices/${encodeURIComponent(id)}/read`, { method: 'POST' });
  document.dispatchEvent(new CustomEvent('ailive:unread', { detail: out.unread }));
  return out;
}

/** A notice as a list item: its subject (a link when it has one), when, and "Mark read" while unread. */
export function noticeItem(n, { idPrefix, onRead }) {
  const link = safeLink(n.url);
  const title = link ? h('a', { href: link, text: n.subject, on: { click: () => { if (!n.readAt) markRead(n.id); } } })
    : h('span', { text: n.subject });
  const item = h('li', { class: ['notice-item', n.readAt ? 'is-read' : 'is-unread'], id: `${idPrefix}-${n.id}` },
    h('p', { class: 'notice-subject' }, n.readAt ? null : h('span', { class: 'tag', text: 'New' }), ' ', title),
    h('p', { class: 'notice-meta muted', text: `${n.label} · ${when(n.createdAt)}` }));
  if (!n.readAt) {
    item.append(h('button', {
      type: 'button', class: 'button-secondary button-small', id: `${idPrefix}-read-${n.id}`,
      'aria-label': `Mark read: ${n.subject}`, text: 'Mark read',
      on: { click: async () => { await markRead(n.id); onRead(); } },
    }));
  }
  return item;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = reject;
    document.head.append(s);
  });
}

async function busLibraries() {
  if (typeof window.SockJS !== 'function') await loadScript('vendor/sockjs.min.js');
  if (typeof window.EventBus !== 'function') await loadScript('vendor/vertx-eventbus.js');
}

/** A bell drawn in the button's own colour (no emoji: not every computer has a font for it). */
function bellIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'bell-icon');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z');
  svg.append(path);
  return svg;
}

/** The bell for `member`, to put in the header; it connects itself. */
export function createBell(member) {
  let unread = 0;
  let items = [];
  let tries = 0;
  const count = h('span', { id: 'bell-count', class: 'bell-count', 'aria-hidden': 'true', text: '0' });
  const said = h('span', { class: 'visually-hidden', id: 'bell-count-text', text: unreadText(0) });
  const button = h('button', {
    id: 'bell-button', type: 'button', class: 'bell-button button-secondary button-small',
    'aria-expanded': 'false', 'aria-controls': 'bell-panel',
  }, bellIcon(), ' Notices ', count, said);
  const announcer = h('p', { id: 'bell-live', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { id: 'bell-list', class: 'notice-list' });
  const readAll = h('button', {
    id: 'bell-read-all', type: 'button', class: 'button-secondary button-small', text: 'Mark all read',
    on: { click: async () => { await apiFetch('/api/notices/read-all', { method: 'POST' }); refresh(); } },
  });
  const panel = h('div', { id: 'bell-panel', class: 'bell-panel', hidden: true, role: 'region', 'aria-labelledby': 'bell-heading' },
    h('p', { id: 'bell-heading', class: 'bell-heading', text: 'Your latest notices' }), list,
    h('div', { class: 'button-row' }, readAll, h('a', { href: 'notices.html', id: 'bell-all', text: 'All notices and settings' })));
  const root = h('div', { class: 'bell', id: 'bell' }, button, announcer, panel);

  function show() {
    setText(count, String(unread));
    count.classList.toggle('is-zero', unread === 0);
    setText(said, `, ${unreadText(unread).toLowerCase()}`);
    button.dataset.count = String(unread);
    list.replaceChildren(...(items.length ? items.map((n) => noticeItem(n, { idPrefix: 'bell-notice', onRead: refresh }))
      : [h('li', { class: 'muted', text: 'You have no notices yet.' })]));
    readAll.hidden = unread === 0;
  }

  async function refresh() {
    try {
      const out = await apiFetch(`/api/notices?limit=${LIST_SIZE}`);
      unread = out.unread;
      items = out.notices;
      show();
    } catch {
      // The count stays as it was; the next notice or reconnect reads it again.
    }
  }

  function arrived(body) {
    if (!body || body.type !== 'notice') return;
    items = [{ ...body, readAt: null }, ...items.filter((n) => n.id !== body.id)].slice(0, LIST_SIZE);
    unread = Number.isFinite(body.unread) ? body.unread : unread + 1;
    show();
    setText(announcer, `New notice: ${body.subject}. ${unreadText(unread)}.`);
    document.dispatchEvent(new CustomEvent('ailive:notice', { detail: body }));
  }

  function connect() {
    if (!token()) return;
    const eb = new window.EventBus('/eventbus', { vertxbus_ping_interval: 10_000, transports: ['websocket'] });
    eb.onopen = () => {
      tries = 0;
      eb.registerHandler(`ailive.notices.${member.id}`, { token: token() }, (err, msg) => {
        if (err) return;
        if (msg.body && msg.body.type === 'listening') refresh();
        else arrived(msg.body);
      });
    };
    eb.onclose = () => {
      const wait = RETRY_MS[Math.min(tries, RETRY_MS.length - 1)];
      tries += 1;
      setTimeout(connect, wait);
    };
  }

  button.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) refresh();
  });
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    }
  });
  document.addEventListener('ailive:unread', (event) => {
    if (Number.isFinite(event.detail)) {
      unread = event.detail;
      items = items.map((n) => n.readAt || unread > 0 ? n : { ...n, readAt: Date.now() });
      show();
    }
  });
  document.addEventListener('ailive:notices-changed', refresh);

  show();
  refresh();
  busLibraries().then(connect).catch(() => { /* no live updates: the count is read when the page loads */ });
  return root;
}
