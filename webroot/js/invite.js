// A&I Live – accepting an invitation, invite.html#code=…: the new member sets a password
// (12 or more characters) and is signed in.

import { acceptInvitation } from './api.js';
import { newPasswordForm } from './new-password.js';
import { twoFactorStatus } from './two-factor-api.js';
import { showError, showFormError, showStatus } from './ui.js';

const el = (id) => document.getElementById(id);
const form = el('invite-form');

/** The code from the fragment; the fragment then leaves the address bar and the history. */
const hash = window.location.hash.replace(/^#/, '');
const code = new URLSearchParams(hash).get('code');
if (hash) window.history.replaceState(null, '', window.location.pathname);

if (!code) {
  form.hidden = true;
  el('invite-missing').hidden = false;
}

newPasswordForm({
  form,
  password: el('invite-password'),
  confirm: el('invite-password-confirm'),
  show: el('invite-show-password'),
  button: el('invite-accept'),
  send: (password) => acceptInvitation(code, password),
  async done(member) {
    showStatus(`Welcome, ${member.fullName}. Opening your home page…`);
    // An officer or chair sets up two-factor sign-in first (issue 18).
    const twoFactor = await twoFactorStatus().catch(() => null);
    window.location.replace(twoFactor && twoFactor.required && !twoFactor.enrolled
      ? 'two-factor.html?setup=required' : 'index.html');
  },
  fail(err) {
    if (err && err.code === 'invalid_invitation') {
      showError('This invitation has already been used or has expired. Ask the project officer for a new one, or sign in if you have set your password.');
    } else {
      showFormError(err, { form });
    }
  },
});
