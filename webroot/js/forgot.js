// A&I Live – forgot.html: a member who cannot sign in asks for a password reset. The answer is the
// same whether the e-mail is a member's or not. Until the service sends mail (issue 19) the member
// asks the project officer for the link, who sees the request on the members page.

import { requestPasswordReset } from './account-api.js';
import {
  clearError, clearFieldErrors, showError, showFormError, showProblems,
} from './ui.js';

const el = (id) => document.getElementById(id);
const form = el('forgot-form');
const email = el('forgot-email');
const button = el('forgot-submit');
let busy = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy) return;
  clearFieldErrors(form);
  clearError();
  const value = email.value.trim();
  if (showProblems(/^[^\s@]+@[^\s@]+$/.test(value) ? []
    : [[email, 'Enter an e-mail address in the right form, like name@example.org.']])) return;
  busy = true;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = 'Asking…';
  try {
    const answer = await requestPasswordReset(value);
    form.hidden = true;
    el('forgot-done-text').textContent = answer?.message || 'Your request has been made.';
    el('forgot-done').hidden = false;
    el('page-heading').focus();
  } catch (err) {
    // 429: too many asked for; the message already says how long to wait.
    if (err && err.status === 429) showError(err.message);
    else showFormError(err, { form });
  } finally {
    busy = false;
    button.removeAttribute('aria-disabled');
    button.textContent = 'Ask for a new password';
  }
});
