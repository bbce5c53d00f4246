// A&I Live – the sign-in page, then the member's home in the same page (home.js): their meetings
// (with the room, preparation, pack, apologies and minutes links their roles allow) and the pages
// they can use.
// Signing in with a one-time password (the first officer's) leads through choosing a new one first.
// A member with two-factor sign-in types a code next (sign-in-code.js); an officer or chair without
// it is sent to set it up (two-factor.html) before anything else (issue 18).
// Signed in, or already signed in in this browser, it goes back to the page that sent here
// (`?next=`), if any; an officer of a copy not set up yet goes to the set-up wizard instead of home. One sign-in serves every tab of the browser (api.js).

import { setupPageFor } from './admin-api.js';
import { changePassword, currentMember, signIn, signOut, storeSession } from './api.js';
import { clearHome, loadMeetings, renderPages } from './home.js';
import { newPasswordForm } from './new-password.js';
import { askForCode, hideCodeStep } from './sign-in-code.js';
import { twoFactorStatus } from './two-factor-api.js';
import { clearNav, isScoped, renderNav, showFormError } from './ui.js';

const TITLE_SIGN_IN = 'A&I Live – sign in';
const TITLE_MEETINGS = 'A&I Live – your meetings';

const el = (id) => document.getElementById(id);

const signInSection = el('sign-in-section');
const signInHeading = el('sign-in-heading');
const form = el('sign-in-form');
const emailInput = el('email');
const passwordInput = el('password');
const showPassword = el('show-password');
const signInButton = el('sign-in-button');
const signInError = el('sign-in-error');
const signInStatus = el('sign-in-status');

const meetingsSection = el('meetings-section');
const meetingsHeading = el('meetings-heading');
const memberLine = el('member-line');
const pagesSection = el('pages-section');

const changeSection = el('change-password-section');
const changeHeading = el('change-password-heading');
const changeForm = el('change-password-form');
const newPassword = el('new-password');
const newPasswordConfirm = el('new-password-confirm');

let busy = false;
/** While choosing a new password: the one-time session's token and the password it was opened with (memory only). */
let oneTime = null;

// ---------- helpers ----------

function setText(node, text) {
  node.textContent = text || '';
}

function markInvalid(input, invalid) {
  if (invalid) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', 'sign-in-error');
  } else {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
}

function setBusy(on) {
  busy = on;
  // aria-disabled (not disabled) keeps the button focusable, so focus is not lost
  if (on) {
    signInButton.setAttribute('aria-disabled', 'true');
  } else {
    signInButton.removeAttribute('aria-disabled');
  }
  signInButton.textContent = on ? 'Signing in…' : 'Sign in';
  form.setAttribute('aria-busy', on ? 'true' : 'false');
}

function errorMessage(err) {
  if (err && err.status === 429) {
    const wait = err.retryAfter;
    const base = err.message || 'Too many attempts.';
    return wait ? `${base} You can try again in ${wait} second${wait === 1 ? '' : 's'}.` : base;
  }
  return (err && err.message) || 'Something went wrong. Try again.';
}

/** Where to go after signing in: only a page of this site (`?next=cases.html?x=y`), never elsewhere. */
function nextPage() {
  const next = new URLSearchParams(window.location.search).get('next');
  if (!next || !/^[a-z][a-z-]*\.html(\?[^#]*)?$/.test(next) || next.startsWith('index.html')) return null;
  return next;
}

function reasonMessage() {
  const reason = new URLSearchParams(window.location.search).get('reason');
  if (reason === 'expired') return { error: 'Your session has ended. Sign in again.' };
  if (reason === 'required') return { message: 'Sign in to see that page.' };
  if (reason === 'signed-out') return { message: 'You have signed out.' };
  return {};
}

// ---------- views ----------

function showSignIn({ message = '', error = '' } = {}) {
  oneTime = null;
  hideCodeStep();
  changeSection.hidden = true;
  meetingsSection.hidden = true;
  pagesSection.hidden = true;
  signInSection.hidden = false;
  clearHome();
  clearNav();
  setText(memberLine, '');
  document.title = TITLE_SIGN_IN;
  setText(signInError, error);
  setText(signInStatus, message);
}

function showChangePassword(session, password) {
  oneTime = { token: session.token, password };
  signInSection.hidden = true;
  changeSection.hidden = false;
  setText(signInError, '');
  setText(signInStatus, '');
  document.title = 'A&I Live – choose a new password';
  newPassword.value = '';
  newPasswordConfirm.value = '';
  changeHeading.focus();
}

async function showMeetings(member, { focus = true } = {}) {
  // An officer of a copy not set up yet goes through set-up first (issue 18).
  const setup = await setupPageFor(member);
  if (setup) {
    window.location.replace(setup);
    return undefined;
  }
  oneTime = null;
  hideCodeStep();
  changeSection.hidden = true;
  signInSection.hidden = true;
  meetingsSection.hidden = false;
  setText(signInError, '');
  setText(signInStatus, '');
  document.title = TITLE_MEETINGS;
  renderNav(member, 'home');

  const name = member.fullName || 'member';
  const scope = isScoped(member) ? ' You joined with a meeting link: you can reach this meeting only.' : '';
  setText(memberLine, `${member.agency ? `Signed in as ${name}, ${member.agency}.` : `Signed in as ${name}.`}${scope}`);
  renderPages(member);
  if (focus) meetingsHeading.focus();
  return loadMeetings(member, {
    sessionEnded() {
      showSignIn({ error: 'Your session has ended. Sign in again.' });
      signInHeading.focus();
    },
    errorMessage,
  });
}

/** A session (or a next step) from the password or the code: a new password, setting up two-factor, or on. */
async function afterSignIn(answer, password) {
  if (answer.mustChangePassword) {
    showChangePassword(answer, password);
    return;
  }
  if (answer.twoFactorEnrolmentRequired) {
    enrolFirst(answer);
    return;
  }
  const next = nextPage();
  if (next) {
    window.location.assign(next);
    return;
  }
  window.history.replaceState(null, '', 'index.html');
  await showMeetings(answer.member && answer.token ? answer.member : answer);
}

/** An officer or chair without two-factor sign-in: a session for setting it up only, on its page. */
function enrolFirst(answer) {
  if (answer.token) storeSession(answer);
  const next = nextPage();
  window.location.assign(`two-factor.html?setup=required${next ? `&next=${encodeURIComponent(next)}` : ''}`);
}

// ---------- events ----------

function validate(email, password) {
  const problems = [];
  markInvalid(emailInput, false);
  markInvalid(passwordInput, false);
  if (!email) {
    problems.push('Enter your e-mail address.');
    markInvalid(emailInput, true);
  } else if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    problems.push('Enter an e-mail address in the right form, like name@example.org.');
    markInvalid(emailInput, true);
  }
  if (!password) {
    problems.push('Enter your password.');
    markInvalid(passwordInput, true);
  }
  return problems;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy) return;

  const email = emailInput.value.trim();
  const password = passwordInput.value;
  setText(signInStatus, '');

  const problems = validate(email, password);
  if (problems.length > 0) {
    setText(signInError, problems.join(' '));
    (emailInput.getAttribute('aria-invalid') === 'true' ? emailInput : passwordInput).focus();
    return;
  }

  setText(signInError, '');
  setBusy(true);
  try {
    const answer = await signIn(email, password);
    passwordInput.value = '';
    showPassword.checked = false;
    passwordInput.type = 'password';
    setBusy(false);
    if (answer.secondFactor) {
      signInSection.hidden = true;
      askForCode(answer, {
        done: (after) => afterSignIn(after, password),
        restart: (error) => { showSignIn({ error }); signInHeading.focus(); },
      });
      return;
    }
    await afterSignIn(answer, password);
  } catch (err) {
    setBusy(false);
    // Keep the typed e-mail; the alert region announces the failure.
    setText(signInError, errorMessage(err));
  }
});

newPasswordForm({
  form: changeForm,
  password: newPassword,
  confirm: newPasswordConfirm,
  button: el('change-password-button'),
  ready: () => !busy && Boolean(oneTime),
  send: (password) => changePassword(oneTime.password, password, oneTime.token),
  async done(member) {
    // The password first, then two-factor sign-in for an officer or chair who has not set it up.
    const status = await twoFactorStatus().catch(() => null);
    if (status && status.required && !status.enrolled) {
      enrolFirst({});
      return;
    }
    await afterSignIn(member);
  },
  // A lapsed one-time session (401) goes back to signing in; a refused password is shown at its field.
  fail: (err) => showFormError(err, { form: changeForm }),
});

showPassword.addEventListener('change', () => {
  passwordInput.type = showPassword.checked ? 'text' : 'password';
});

for (const input of [emailInput, passwordInput]) {
  input.addEventListener('input', () => {
    if (input.getAttribute('aria-invalid') === 'true') markInvalid(input, false);
  });
}

// ---------- start ----------

const member = currentMember();
const next = nextPage();
if (member && next) {
  // Signed in in this browser meanwhile (another tab): straight back to the page the link came from.
  window.location.replace(next);
} else if (member) {
  // Signed in in this browser (this tab, or another one: api.js took the browser's session).
  showMeetings(member, { focus: false });
} else {
  signOut(); // clear any half-stored session
  showSignIn(reasonMessage());
}
