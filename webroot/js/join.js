// A&I Live – the landing of a meeting join link, join.html#token=…: exchanges the link's token for a
// session scoped to that meeting (kept like a sign-in) and goes to the meeting room. When the meeting
// has a video call (R13; the server gives its link to the members who take part, never observers),
// the page stays: "Join the call" beside "Open the meeting room", since a join link is what a member
// attending remotely is sent.

import { apiFetch, joinByLink } from './api.js';
import { errorText } from './ui.js';

const status = document.getElementById('page-status');
const error = document.getElementById('page-error');
const help = document.getElementById('join-help');

/** The token in the address's fragment; the fragment is then taken out of the address bar and history. */
function takeToken() {
  const hash = window.location.hash.replace(/^#/, '');
  const linkToken = new URLSearchParams(hash).get('token');
  if (hash) window.history.replaceState(null, '', window.location.pathname);
  return linkToken;
}

function fail(message) {
  status.textContent = '';
  error.textContent = message;
  help.hidden = false;
  document.title = 'A&I Live – link not accepted';
  document.getElementById('page-heading').focus();
}

/** The meeting's call link, if it has one for this member; never in the way of opening the room. */
async function callLinkOf(meetingId) {
  try {
    const meeting = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}`);
    return meeting && typeof meeting.callUrl === 'string' && meeting.callUrl.startsWith('https://') ? meeting.callUrl : null;
  } catch {
    return null;
  }
}

function showCall(callUrl, roomHref) {
  status.textContent = 'Link accepted.';
  document.getElementById('join-call-link').href = callUrl;
  document.getElementById('join-room-link').href = roomHref;
  document.getElementById('join-call').hidden = false;
  document.title = 'A&I Live – join the call';
}

async function join() {
  const linkToken = takeToken();
  if (!linkToken) {
    fail('This join link is incomplete. Open the link you were sent again.');
    return;
  }
  try {
    const { meetingId } = await joinByLink(linkToken);
    const roomHref = meetingId ? `room.html?meeting=${encodeURIComponent(meetingId)}` : 'index.html';
    const callUrl = meetingId ? await callLinkOf(meetingId) : null;
    if (callUrl) {
      showCall(callUrl, roomHref);
      return;
    }
    status.textContent = 'Link accepted. Opening the meeting room…';
    window.location.replace(roomHref);
  } catch (err) {
    if (err && (err.status === 401 || err.code === 'invalid_join_link')) {
      fail('This join link has expired or has been withdrawn.');
    } else {
      fail(`The link could not be checked. ${errorText(err)}`);
    }
  }
}

join();
