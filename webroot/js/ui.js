// A&I Live – what the preparation and follow-up pages share: the signed-in check and the
// role-aware navigation (here), and, re-exported from their own modules so a page imports them
// from one place: messages (messages.js), field errors (field-errors.js), busy buttons, tables and
// selects (page-parts.js), downloads and copying (downloads.js), the live room's state read over
// REST (room-rest.js; its commands are sent with commands.js), statuses in words (labels.js) and
// dates (dates.js). Text is always set as text, never as HTML.

import { currentMember, endAllSessions, endSession } from './api.js';
import { h } from './dom.js';
import { goToSignIn } from './page-address.js';
import { hasRole, roleLabel } from './roles.js';
import './demo-banner.js';
import { createBell } from './bell.js';
import { createSearchBox } from './search-box.js';

export { param, goToSignIn } from './page-address.js';
export { clearError, errorText, showError, showStatus } from './messages.js';
export {
  clearFieldErrors, namedField, showFieldError, showFormError, showProblems,
} from './field-errors.js';
export { fillSelect, table, withBusy } from './page-parts.js';
export { copyText, download, downloadButton, linkBox } from './downloads.js';
export { loadRoom } from './room-rest.js';
export {
  ATTENDANCE_LABELS, CASE_STATUS_LABELS, STATUS_LABELS, statusBadge, tag,
} from './labels.js';
export { dateTime, hoursAndMinutes, londonToday } from './dates.js';

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
