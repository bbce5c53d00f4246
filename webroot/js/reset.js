// A&I Live – reset.html#code=…: a member sets a new password with a reset link (asked for on
// forgot.html, or issued by the officer). The code is read from the fragment, which never reaches
// the server's logs, and leaves the address bar and the history at once; it is sent only in the
// body of POST /api/auth/reset-password. Every session of the member then ends: they sign in again.

import { resetPassword } from './account-api.js';
import { newPasswordForm } from './new-password.js';
import { showError, showFormError } from './ui.js';

const el = (id) => document.getElementById(id);
const form = el('reset-form');

const hash = window.location.hash.replace(/^#/, '');
const code = new URLSearchParams(hash).get('code');
if (hash) window.history.replaceState(null, '', window.location.pathname);

if (!code) {
  form.hidden = true;
  el('reset-missing').hidden = false;
  el('reset-again').hidden = false;
}

newPasswordForm({
  form,
  password: el('reset-password'),
  confirm: el('reset-password-confirm'),
  show: el('reset-show-password'),
  button: el('reset-submit'),
  send: (password) => resetPassword(code, password),
  done() {
    form.hidden = true;
    el('reset-done').hidden = false;
    el('reset-sign-in').focus();
  },
  fail(err) {
    if (err && (err.code === 'invalid_reset' || err.code === 'reset_expired')) {
      showError(err.message);
      el('reset-again').hidden = false;
    } else {
      showFormError(err, { form });
    }
  },
});
