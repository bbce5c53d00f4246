// A&I Live – the sign-in page: the form, then the member's meetings in the same page.

import { apiFetch, currentMember, signIn, signOut } from './api.js';

const TITLE_SIGN_IN = 'A&I Live – sign in';
const TITLE_MEETINGS = 'A&I Live – your meetings';

const STATUS_LABELS = {
  planned: 'Planned',
  open: 'Open',
  live: 'Live now',
  closed: 'Closed',
};

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
const meetingsError = el('meetings-error');
const meetingsStatus = el('meetings-status');
const meetingList = el('meeting-list');
const signOutButton = el('sign-out');

let busy = false;

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

/** "2026-12-02" → "Wednesday 2 December 2026" (read as a local calendar date, not UTC). */
function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ''));
  if (!m) return String(iso || '');
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  }).format(date);
}

/** "09:30:00" or "09:30" → "09:30". */
function formatTime(t) {
  const m = /^(\d{1,2}:\d{2})/.exec(String(t || ''));
  return m ? m[1] : String(t || '');
}

function statusClass(status) {
  return Object.hasOwn(STATUS_LABELS, status) ? `status-${status}` : 'status-planned';
}

function statusLabel(status) {
  return STATUS_LABELS[status] || String(status || 'Unknown');
}

function errorMessage(err) {
  if (err && err.status === 429) {
    const wait = err.retryAfter;
    const base = err.message || 'Too many attempts.';
    return wait ? `${base} You can try again in ${wait} second${wait === 1 ? '' : 's'}.` : base;
  }
  return (err && err.message) || 'Something went wrong. Try again.';
}

// ---------- views ----------

function showSignIn({ message = '', error = '' } = {}) {
  meetingsSection.hidden = true;
  signInSection.hidden = false;
  meetingList.replaceChildren();
  setText(meetingsError, '');
  setText(meetingsStatus, '');
  setText(memberLine, '');
  document.title = TITLE_SIGN_IN;
  setText(signInError, error);
  setText(signInStatus, message);
}

function renderMeeting(meeting) {
  const li = document.createElement('li');
  li.className = 'meeting';

  const main = document.createElement('div');
  main.className = 'meeting-main';

  const link = document.createElement('a');
  link.className = 'meeting-link';
  link.href = `room.html?meeting=${encodeURIComponent(meeting.id)}`;
  const dateText = formatDate(meeting.meetingDate);
  // The link names both the panel and the date, so each link is unique out of context.
  link.textContent = `${meeting.panelName || 'Meeting'}, ${dateText}`;
  main.append(link);

  // The date is in the link; the line below adds the times and the place.
  const start = formatTime(meeting.startsAt);
  const end = formatTime(meeting.endsAt);
  const details = [];
  if (start) details.push(end ? `${start} to ${end}` : start);
  if (meeting.location) details.push(meeting.location);
  if (details.length > 0) {
    const meta = document.createElement('p');
    meta.className = 'meeting-meta';
    meta.textContent = details.join(' · ');
    main.append(meta);
  }

  const status = document.createElement('span');
  status.className = `status ${statusClass(meeting.status)}`;
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = 'Status: ';
  status.append(hidden, statusLabel(meeting.status));

  li.append(main, status);
  return li;
}

async function loadMeetings() {
  meetingList.replaceChildren();
  setText(meetingsError, '');
  setText(meetingsStatus, 'Loading your meetings…');
  meetingsSection.setAttribute('aria-busy', 'true');
  try {
    const meetings = await apiFetch('/api/meetings');
    const list = Array.isArray(meetings) ? meetings : [];
    meetingList.replaceChildren(...list.map(renderMeeting));
    setText(meetingsStatus, list.length === 0
      ? 'You have no meetings yet.'
      : `You have ${list.length} meeting${list.length === 1 ? '' : 's'}.`);
  } catch (err) {
    if (err && err.status === 401) {
      // token expired or no longer valid: api.js has already forgotten it
      showSignIn({ error: 'Your session has ended. Sign in again.' });
      signInHeading.focus();
      return;
    }
    setText(meetingsStatus, '');
    setText(meetingsError, `Your meetings could not be loaded. ${errorMessage(err)}`);
  } finally {
    meetingsSection.removeAttribute('aria-busy');
  }
}

function showMeetings(member, { focus = true } = {}) {
  signInSection.hidden = true;
  meetingsSection.hidden = false;
  setText(signInError, '');
  setText(signInStatus, '');
  document.title = TITLE_MEETINGS;

  const name = member.fullName || 'member';
  setText(memberLine, member.agency ? `Signed in as ${name}, ${member.agency}.` : `Signed in as ${name}.`);
  if (focus) meetingsHeading.focus();
  return loadMeetings();
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
    const member = await signIn(email, password);
    passwordInput.value = '';
    showPassword.checked = false;
    passwordInput.type = 'password';
    setBusy(false);
    await showMeetings(member);
  } catch (err) {
    setBusy(false);
    // Keep the typed e-mail; the alert region announces the failure.
    setText(signInError, errorMessage(err));
  }
});

showPassword.addEventListener('change', () => {
  passwordInput.type = showPassword.checked ? 'text' : 'password';
});

for (const input of [emailInput, passwordInput]) {
  input.addEventListener('input', () => {
    if (input.getAttribute('aria-invalid') === 'true') markInvalid(input, false);
  });
}

signOutButton.addEventListener('click', () => {
  signOut();
  showSignIn({ message: 'You have signed out.' });
  emailInput.focus();
});

// ---------- start ----------

const member = currentMember();
if (member) {
  // Already signed in in this tab (e.g. after a reload or coming back from a room).
  showMeetings(member, { focus: false });
} else {
  signOut(); // clear any half-stored session
  showSignIn();
}
