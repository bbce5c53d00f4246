// A&I Live – the "choose a new password" form, the same wherever a member sets one: accepting an
// invitation (invite.html), with a reset link (reset.html) and after a one-time password
// (index.html). It checks that the password is long enough and typed the same twice (the server
// also refuses a common one), keeps the button busy while it is sent, and leaves a refusal to `fail`.

import { clearFieldErrors, showProblems } from './field-errors.js';
import { clearError } from './messages.js';

export const MIN_PASSWORD = 12;

/**
 * Wires a new-password form: `password` and `confirm` are its two boxes, `show` an optional "Show
 * password" checkbox, `button` its submit button (its words come back after sending).
 * `ready()`: whether it may be sent now; `send(password)`: sends it, resolving to what `done`
 * gets; `done(answer)`: what follows (the boxes are emptied first); `fail(err)`: shows a refusal.
 */
export function newPasswordForm({
  form, password, confirm, show = null, button, ready = () => true, send, done, fail,
}) {
  const idleText = button.textContent;
  let busy = false;

  show?.addEventListener('change', () => {
    const type = show.checked ? 'text' : 'password';
    password.type = type;
    confirm.type = type;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy || !ready()) return;
    clearFieldErrors(form);
    clearError();
    const problems = [];
    if (password.value.length < MIN_PASSWORD) {
      problems.push([password, `Enter a password of at least ${MIN_PASSWORD} characters (you have ${password.value.length}).`]);
    } else if (confirm.value !== password.value) {
      problems.push([confirm, 'The two passwords are not the same. Type it again.']);
    }
    if (showProblems(problems)) return;
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = 'Setting your password…';
    try {
      const answer = await send(password.value);
      password.value = '';
      confirm.value = '';
      await done(answer);
    } catch (err) {
      fail(err);
    } finally {
      busy = false;
      button.removeAttribute('aria-disabled');
      button.textContent = idleText;
    }
  });
}
