// A&I Live – accepting an invitation, invite.html#code=…: the new member sets a password
// (12 or more characters) and is signed in.

import { acceptInvitation } from './api.js';
import { twoFactorStatus } from './two-factor-api.js';
import {
  clearError, clearFieldErrors, showError, showFormError, showProblems, showStatus,
} from './ui.js';

const MIN_LENGTH = 12;
const el = (id) => document.getElementById(id);
const form = el('invite-form');
const password = el('invite-password');
const confirm = el('invite-password-confirm');
const show = el('invite-show-password');
const button = el('invite-accept');

/** The code from the fragment; the fragment then leaves the address bar and the history. */
const hash = window.location.hash.replace(/^#/, '');
const code = new URLSearchParams(hash).get('code');
if (hash) window.history.replaceState(null, '', window.location.pathname);

if (!code) {
  form.hidden = true;
  el('invite-missing').hidden = false;
}

show.addEventListener('change', () => {
  const type = show.checked ? 'text' : 'password';
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
    const member = await acceptInvitation(code, password.value);
    password.value = '';
    confirm.value = '';
    showStatus(`Welcome, ${member.fullName}. Opening your home page…`);
    // An officer or chair sets up two-factor sign-in first (issue 18).
    const twoFactor = await twoFactorStatus().catch(() => null);
    window.location.replace(twoFactor && twoFactor.required && !twoFactor.enrolled
      ? 'two-factor.html?setup=required' : 'index.html');
  } catch (err) {
    if (err && err.code === 'invalid_invitation') {
      showError('This invitation has already been used or has expired. Ask the project officer for a new one, or sign in if you have set your password.');
    } else {
      showFormError(err, { form });
    }
  } finally {
    busy = false;
    button.removeAttribute('aria-disabled');
    button.textContent = 'Set password and sign in';
  }
});
