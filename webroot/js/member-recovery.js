// A&I Live – members.html, the officer's side of accounts people can recover (issue 18): a
// "Re-invite" button for a member who has not set a password (a new invitation link; older ones
// stop working) and "Issue a password reset link" for an active member (shown first when they
// asked for one on forgot.html). The new link is shown once, to copy, and kept on screen while the
// list reloads.

import { h } from './dom.js';
import { issuePasswordReset, reinvite } from './account-api.js';
import { clearError, dateTime, linkBox, showError, showStatus, tag, withBusy } from './ui.js';

/** Links made on this page, by member id: {label, url, hint}. Shown only here and only now. */
const shown = new Map();

/** The tags a member's card gets about getting into their account. */
export function recoveryTags(m) {
  const tags = [];
  if (m.active && !m.hasPassword) {
    const expired = !m.invitationExpiresAt || m.invitationExpiresAt < Date.now();
    tags.push(tag(expired ? 'Invitation expired' : 'Invitation not accepted yet', 'warn'));
  }
  if (m.active && m.resetRequestedAt) {
    tags.push(tag(`Asked for a new password ${dateTime(m.resetRequestedAt)}`, 'warn'));
  }
  if (m.mailProblem) {
    // The mail server refused their address for good (issue 19): cleared by a later mail it accepts.
    tags.push(h('span', { class: 'tag tag-bad', id: `member-${m.id}-mail-problem` },
      `Mail not getting through since ${dateTime(m.mailProblemAt)}: ${m.mailProblem}`));
  }
  return tags;
}

/** The officer's buttons for one member (none for a deactivated one), and the link just made. */
/** What the officer is told about a link just made: sent by e-mail (mail on), or to copy and send. */
export function sentBy(made, email, what) {
  return made.mailed
    ? `Sent by e-mail to ${email}. It is also shown here only now, should they need it another way.`
    : `Shown only now: copy it and ${what}.`;
}

export function recoveryControls(m, reload) {
  if (!m.active) return null;
  const id = m.id;
  const buttons = [];
  const make = (key, text, busyText, request, describe) => {
    const button = h('button', { id: `member-${id}-${key}`, type: 'button', class: 'button-secondary' },
      text, h('span', { class: 'visually-hidden', text: ` for ${m.fullName}` }));
    button.addEventListener('click', () => withBusy(button, busyText, async () => {
      clearError();
      try {
        const made = await request(id);
        shown.set(id, describe(made));
        showStatus(`${m.fullName}: a new link has been made. Copy it below.`);
        await reload();
        const input = document.getElementById(`member-${id}-link`);
        input?.focus();
        input?.select();
      } catch (err) {
        showError(err, undefined, `No link was made for ${m.fullName}.`);
      }
    }));
    buttons.push(button);
  };
  if (!m.hasPassword) {
    make('reinvite', 'Re-invite', 'Making a new invitation…', reinvite, (made) => ({
      label: `New invitation link for ${m.fullName}`,
      url: made.invitationUrl,
      hint: `${sentBy(made, m.email, `send it to ${m.email}`)} It works once, until ${dateTime(made.expiresAt)}; older invitation links for them no longer work.`,
    }));
  }
  make('reset', m.resetRequestedAt ? 'Give them a password reset link' : 'Issue a password reset link',
    'Making a reset link…', issuePasswordReset, (made) => ({
      label: `Password reset link for ${m.fullName}`,
      url: made.url,
      hint: `${sentBy(made, m.email, `give it to ${m.fullName} yourself`)} It works once, until ${dateTime(made.expiresAt)}; older reset links for them no longer work.`,
    }));
  const link = shown.get(id);
  return h('div', { class: 'stack' },
    h('div', { class: 'button-row' }, buttons),
    link ? linkBox({ id: `member-${id}-link`, ...link }).wrap : null);
}
