// A&I Live – the second step of the sign-in page (issue 18): the 6-digit code from the member's
// authenticator app, or one of their recovery codes. Shown after a right password for a member who
// has two-factor sign-in; `done(answer)` gets the member (session stored) or a one-time password's
// `{mustChangePassword, token, member}`.

import { signInWithCode } from './two-factor-api.js';

const el = (id) => document.getElementById(id);

const section = el('code-section');
const heading = el('code-heading');
const form = el('code-form');
const codeField = el('code-field');
const codeInput = el('code');
const recoveryField = el('recovery-field');
const recoveryInput = el('recovery-code');
const toggle = el('use-recovery-code');
const button = el('code-button');
const error = el('code-error');

let challenge = null;
let onDone = null;
let onRestart = null;
let busy = false;

function usingRecovery() {
  return !recoveryField.hidden;
}

function setRecovery(on) {
  recoveryField.hidden = !on;
  codeField.hidden = on;
  toggle.textContent = on ? 'Use a code from the app instead' : 'Use a recovery code instead';
  (on ? recoveryInput : codeInput).focus();
}

function markInvalid(input, invalid) {
  if (invalid) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-errormessage', 'code-error');
  } else {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-errormessage');
  }
}

/** Shows the code step; `done` gets the answer, `restart(message)` goes back to the password. */
export function askForCode(answer, { done, restart }) {
  challenge = answer.challenge;
  onDone = done;
  onRestart = restart;
  codeInput.value = '';
  recoveryInput.value = '';
  error.textContent = '';
  recoveryField.hidden = true;
  codeField.hidden = false;
  toggle.textContent = 'Use a recovery code instead';
  section.hidden = false;
  document.title = 'A&I Live – enter your code';
  heading.focus();
}

export function hideCodeStep() {
  challenge = null;
  section.hidden = true;
}

toggle.addEventListener('click', () => setRecovery(!usingRecovery()));

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy || !challenge) return;
  const recovery = usingRecovery();
  const input = recovery ? recoveryInput : codeInput;
  const value = input.value.replace(/\s+/g, '');
  markInvalid(input, false);
  if (!recovery && !/^[0-9]{6}$/.test(value)) {
    error.textContent = 'Enter the 6 digits your authenticator app shows.';
    markInvalid(input, true);
    input.focus();
    return;
  }
  if (recovery && !value) {
    error.textContent = 'Enter one of your recovery codes.';
    markInvalid(input, true);
    input.focus();
    return;
  }
  busy = true;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = 'Checking…';
  error.textContent = '';
  try {
    const answer = await signInWithCode(challenge, recovery ? { recoveryCode: value } : { code: value });
    hideCodeStep();
    await onDone(answer);
  } catch (err) {
    if (err && err.code === 'challenge_invalid') {
      hideCodeStep();
      onRestart('That took too long: sign in with your password again.');
      return;
    }
    error.textContent = (err && err.message) || 'Something went wrong. Try again.';
    markInvalid(input, true);
    input.select();
  } finally {
    busy = false;
    button.removeAttribute('aria-disabled');
    button.textContent = 'Continue';
  }
});
