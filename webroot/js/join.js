// A&I Live – the landing of a meeting join link, join.html#token=…: exchanges the link's token for a
// session scoped to that meeting (kept like a sign-in) and goes to the meeting room.

import { joinByLink } from './api.js';
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

async function join() {
  const linkToken = takeToken();
  if (!linkToken) {
    fail('This join link is incomplete. Open the link you were sent again.');
    return;
  }
  try {
    const { meetingId } = await joinByLink(linkToken);
    status.textContent = 'Link accepted. Opening the meeting room…';
    window.location.replace(meetingId ? `room.html?meeting=${encodeURIComponent(meetingId)}` : 'index.html');
  } catch (err) {
    if (err && (err.status === 401 || err.code === 'invalid_join_link')) {
      fail('This join link has expired or has been withdrawn.');
    } else {
      fail(`The link could not be checked. ${errorText(err)}`);
    }
  }
}

join();
