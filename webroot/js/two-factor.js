// A&I Live – two-factor.html (issue 18): set up two-factor sign-in (a QR code, and its key as text
// for typing in by hand; a code to confirm; ten recovery codes shown once, with an "I have saved
// them" step), and manage it (new recovery codes; turning it off where the role allows). An officer
// or chair who has not set it up comes here straight from signing in (`?setup=required`), with a
// session good for this page only.

import { currentMember } from './api.js';
import { h, setText } from './dom.js';
import {
  clearError, clearFieldErrors, clearNav, goToSignIn, showError, showFormError, showProblems, showStatus, startPage,
  withBusy,
} from './ui.js';
import {
  confirmEnrolment, newRecoveryCodes, startEnrolment, turnOff, twoFactorStatus,
} from './two-factor-api.js';

const el = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const required = params.get('setup') === 'required';
const member = required ? currentMember() : startPage({ key: 'two-factor' });

/** Where to go once it is set up: only a page of this site. */
function nextPage() {
  const next = params.get('next');
  return next && /^[a-z][a-z-]*\.html(\?[^#]*)?$/.test(next) ? next : 'index.html';
}

function show(id) {
  for (const s of ['setup-section', 'codes-section', 'manage-section']) el(s).hidden = s !== id;
}

/** "ABCD EFGH …": easier to read out and type. */
function grouped(secret) {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

function codeProblem(input) {
  const value = input.value.replace(/\s+/g, '');
  return /^[0-9]{6}$/.test(value) ? null : [input, 'Enter the 6 digits your authenticator app shows.'];
}

let status = null;

async function load() {
  try {
    status = await twoFactorStatus();
  } catch (err) {
    showError(err, undefined, 'Your two-factor sign-in could not be loaded.');
    return;
  }
  if (status.enrolled) {
    showManage();
  } else {
    show('setup-section');
    el('setup-required').hidden = !status.required;
    if (required) el('setup-heading').focus();
  }
}

function showManage() {
  show('manage-section');
  const since = status.enrolledAt ? new Date(status.enrolledAt).toLocaleDateString('en-GB', { dateStyle: 'long' }) : '';
  setText(el('manage-summary'), `You sign in with a code from your app${since ? ` (set up on ${since})` : ''}.`
    + ` You have ${status.recoveryCodesLeft} unused recovery code${status.recoveryCodesLeft === 1 ? '' : 's'}.`);
  el('off-part').hidden = status.required;
  el('off-not-allowed').hidden = !status.required;
}

function showCodes(codes) {
  show('codes-section');
  el('recovery-codes').replaceChildren(...codes.map((c) => h('li', {}, h('code', { text: c }))));
  el('codes-saved').checked = false;
  el('codes-heading').focus();
}

el('start-setup-button').addEventListener('click', () => withBusy(el('start-setup-button'), 'Starting…', async () => {
  clearError();
  try {
    const pending = await startEnrolment();
    el('two-factor-qr').src = pending.qr;
    setText(el('two-factor-secret'), grouped(pending.secret));
    el('setup-steps').hidden = false;
    el('start-setup-button').hidden = true;
    el('confirm-code').focus();
  } catch (err) {
    showError(err, undefined, 'Two-factor sign-in could not be started.');
  }
}));

el('confirm-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearFieldErrors(form);
  clearError();
  const input = el('confirm-code');
  const problem = codeProblem(input);
  if (showProblems(problem ? [problem] : [])) return;
  await withBusy(el('confirm-button'), 'Checking…', async () => {
    try {
      const codes = await confirmEnrolment(input.value.replace(/\s+/g, ''));
      input.value = '';
      showCodes(codes);
      showStatus('Two-factor sign-in is on.');
    } catch (err) {
      showFormError(err, { form });
    }
  });
});

el('codes-saved-button').addEventListener('click', async () => {
  clearError();
  if (!el('codes-saved').checked) {
    showProblems([[el('codes-saved'), 'Tick the box once you have saved your recovery codes.']]);
    return;
  }
  if (required) {
    window.location.assign(nextPage());
    return;
  }
  status = await twoFactorStatus().catch(() => status);
  showManage();
  el('manage-heading').focus();
});

el('renew-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearFieldErrors(form);
  clearError();
  const input = el('renew-code');
  const problem = codeProblem(input);
  if (showProblems(problem ? [problem] : [])) return;
  await withBusy(el('renew-button'), 'Making new codes…', async () => {
    try {
      const codes = await newRecoveryCodes(input.value.replace(/\s+/g, ''));
      input.value = '';
      showCodes(codes);
      showStatus('New recovery codes made: the old ones no longer work.');
    } catch (err) {
      showFormError(err, { form });
    }
  });
});

el('off-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearFieldErrors(form);
  clearError();
  const input = el('off-code');
  const problem = codeProblem(input);
  if (showProblems(problem ? [problem] : [])) return;
  await withBusy(el('off-button'), 'Turning off…', async () => {
    try {
      await turnOff(input.value.replace(/\s+/g, ''));
      input.value = '';
      showStatus('Two-factor sign-in is off: you sign in with your password only.');
      await load();
    } catch (err) {
      showFormError(err, { form });
    }
  });
});

if (required && !member) {
  goToSignIn('required');
} else if (member) {
  if (required) clearNav();
  load();
}
