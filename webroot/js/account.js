// A&I Live – account.html, "Your account": the signed-in member changes their password (the
// current one required; every other session of theirs ends, this browser gets a fresh one), and
// finds the way to two-factor sign-in (two-factor.html).

import { changePassword } from './api.js';
import {
  clearError, clearFieldErrors, showFormError, showProblems, showStatus, startPage,
} from './ui.js';

const MIN_LENGTH = 12;
const el = (id) => document.getElementById(id);
const member = startPage({ key: 'account' });

const form = el('account-password-form');
const current = el('account-current');
const chosen = el('account-new');
const confirm = el('account-confirm');
const button = el('account-password-submit');
let busy = false;

if (member) {
  el('account-who').textContent = `Signed in as ${member.fullName}${member.agency ? `, ${member.agency}` : ''}.`;

  el('account-show-password').addEventListener('change', (event) => {
    const type = event.currentTarget.checked ? 'text' : 'password';
    for (const input of [current, chosen, confirm]) input.type = type;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    clearFieldErrors(form);
    clearError();
    const problems = [];
    if (!current.value) problems.push([current, 'Enter your current password.']);
    if (chosen.value.length < MIN_LENGTH) {
      problems.push([chosen, `Enter a new password of at least ${MIN_LENGTH} characters (you have ${chosen.value.length}).`]);
    } else if (confirm.value !== chosen.value) {
      problems.push([confirm, 'The two new passwords are not the same. Type it again.']);
    } else if (chosen.value === current.value) {
      problems.push([chosen, 'The new password must differ from your current one.']);
    }
    if (showProblems(problems)) return;
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = 'Changing your password…';
    try {
      await changePassword(current.value, chosen.value);
      for (const input of [current, chosen, confirm]) input.value = '';
      showStatus('Your password has been changed. Everywhere else you were signed in has been signed out.');
    } catch (err) {
      showFormError(err, { form });
    } finally {
      busy = false;
      button.removeAttribute('aria-disabled');
      button.textContent = 'Change password';
    }
  });
}
