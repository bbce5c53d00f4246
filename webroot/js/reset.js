// A&I Live – reset.html#code=…: a member sets a new password with a reset link (asked for on
// forgot.html, or issued by the officer). The code is read from the fragment, which never reaches
// the server's logs, and leaves the address bar and the history at once; it is sent only in the
// body of POST /api/auth/reset-password. Every session of the member then ends: they sign in again.

import { resetPassword } from './account-api.js';
import { clearError, clearFieldErrors, showError, showFormError, showProblems } from './ui.js';

const MIN_LENGTH = 12;
const el = (id) => document.getElementById(id);
const form = el('reset-form');
const password = el('reset-password');
const confirm = el('reset-password-confirm');
const button = el('reset-submit');

const hash = window.location.hash.replace(/^#/, '');
const code = new URLSearchParams(hash).get('code');
if (hash) window.history.replaceState(null, '', window.location.pathname);

if (!code) {
  form.hidden = true;
  el('reset-missing').hidden = false;
  el('reset-again').hidden = false;
}

el('reset-show-password').addEventListener('change', (event) => {
  const type = event.currentTarget.checked ? 'text' : 'password';
  password.type = type;
  confirm.type = type;
});

let busy = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy) return;
  clearFieldErrors(form);
  clearError();
  const problems = [];
  if (password.value.length < MIN_LENGTH) {
    problems.push([password, `Enter a password of at least ${MIN_LENGTH} characters (you have ${password.value.length}).`]);
  } else if (confirm.value !== password.value) {
    problems.push([confirm, 'The two passwords are not the same. Type it again.']);
  }
  if (showProblems(problems)) return;
  busy = true;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = 'Setting your password…';
  try {
    await resetPassword(code, password.value);
    password.value = '';
    confirm.value = '';
    form.hidden = true;
    el('reset-done').hidden = false;
    el('reset-sign-in').focus();
  } catch (err) {
    if (err && (err.code === 'invalid_reset' || err.code === 'reset_expired')) {
      showError(err.message);
      el('reset-again').hidden = false;
    } else {
      showFormError(err, { form });
    }
  } finally {
    busy = false;
    button.removeAttribute('aria-disabled');
    button.textContent = 'Set new password';
  }
});
