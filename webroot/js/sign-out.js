// A&I Live – signing out (endSession, endAllSessions) ends the browser's session on the server
// (every tab's token and the cookie stop working), forgets everything this browser keeps for the
// member: this tab's session, drafts and cached lists (sessionStorage `ailive.*`), the unsent
// commands of every meeting (localStorage `ailive.outbox.<meeting>.<member>`), and tells the
// member's other tabs, which go to sign in. Signed out while offline, the next page load of this
// site ends it on the server first (api.js).

import { apiFetch } from './api-fetch.js';
import {
  currentMember, fetchSession, resumeSession, signOut, stopRenewal, storage, token,
} from './session.js';

/** localStorage: the outboxes of js/outbox.js, `ailive.outbox.<meeting>.<member>`. */
export const OUTBOX_PREFIX = 'ailive.outbox.';
/** localStorage: set for a moment when a member signs out, so their other tabs hear it. */
export const SIGNED_OUT_KEY = 'ailive.signedOut';
/** localStorage: a sign-out the server has not heard yet (offline); the next page load sends it. */
export const SIGN_OUT_PENDING_KEY = 'ailive.signOutPending';

function localStore() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function keysOf(store) {
  const keys = [];
  for (let i = 0; i < store.length; i += 1) keys.push(store.key(i));
  return keys;
}

/** Forgets what this browser keeps for the member: this tab's `ailive.*` items and the member's outboxes. */
function forgetMember(memberId) {
  const s = storage();
  if (s) keysOf(s).filter((k) => k && k.startsWith('ailive.')).forEach((k) => s.removeItem(k));
  const local = localStore();
  if (local && memberId) {
    try {
      keysOf(local).filter((k) => k && k.startsWith(OUTBOX_PREFIX) && k.endsWith(`.${memberId}`))
        .forEach((k) => local.removeItem(k));
    } catch {
      // storage blocked: nothing was kept there
    }
  }
}

/** Tells the member's other tabs (a `storage` event there) that they signed out. */
function tellOtherTabs(memberId) {
  const local = localStore();
  if (!local || !memberId) return;
  try {
    local.setItem(SIGNED_OUT_KEY, JSON.stringify({ memberId, at: Date.now() }));
    local.removeItem(SIGNED_OUT_KEY);
  } catch {
    // storage blocked: the other tabs keep their own sessions until they end
  }
}

/** Ends the browser's session on the server. Resolves to false when the server could not be reached. */
async function endOnServer(path) {
  if (!token()) await resumeSession();
  if (!token()) return true; // no session left in this browser
  try {
    await apiFetch(path, { method: 'POST', retry: false });
    return true;
  } catch (err) {
    // Refused (401: already ended, e.g. in another tab) is ended; unreachable is not.
    return err.status !== 0 && err.status < 500;
  }
}

async function endWith(path) {
  const memberId = currentMember()?.id || null;
  stopRenewal();
  const ended = await endOnServer(path);
  forgetMember(memberId);
  const local = localStore();
  try {
    // Offline: the cookie would sign this browser in again at the next page, so that page ends it first.
    if (!ended) local?.setItem(SIGN_OUT_PENDING_KEY, path);
  } catch {
    // storage blocked: the session ends at its time limit
  }
  tellOtherTabs(memberId);
}

/**
 * Signs out on the server too (the token stops working at once, live sockets opened with it
 * close), then forgets everything kept here for the member, in every tab. Never rejects.
 */
export function endSession() {
  return endWith('/api/auth/sign-out');
}

/**
 * Signs out everywhere: every session of the member, on every device, stops working (their live
 * sockets close), and this browser forgets the member as endSession does. Never rejects.
 */
export function endAllSessions() {
  return endWith('/api/auth/sign-out-everywhere');
}

// Another tab of this member signed out: this one ends its own session and goes to sign in.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key !== SIGNED_OUT_KEY || !e.newValue) return;
    let memberId = null;
    try {
      memberId = JSON.parse(e.newValue)?.memberId ?? null;
    } catch {
      return;
    }
    const here = currentMember();
    if (!here || here.id !== memberId) return;
    const bearer = token();
    if (bearer) {
      // Best effort: this tab's token stops working on the server too.
      fetch('/api/auth/sign-out', { method: 'POST', keepalive: true, headers: { Authorization: `Bearer ${bearer}` } })
        .catch(() => {});
    }
    forgetMember(memberId);
    window.location.replace('index.html?reason=signed-out');
  });
}

/** A sign-out made offline reaches the server before this page uses the browser's session. */
export async function finishPendingSignOut() {
  let path = null;
  try {
    path = localStore()?.getItem(SIGN_OUT_PENDING_KEY);
  } catch {
    return;
  }
  if (!path) return;
  signOut();
  let data;
  try {
    data = await fetchSession();
  } catch {
    return; // still unreachable: stay signed out here, try again at the next page
  }
  if (data) {
    const sent = await fetch(path, {
      method: 'POST', credentials: 'same-origin', cache: 'no-store', headers: { Authorization: `Bearer ${data.token}` },
    }).then(() => true, () => false);
    if (!sent) return;
  }
  localStore()?.removeItem(SIGN_OUT_PENDING_KEY);
}

/** Whether a sign-out made offline has still to reach the server. */
export function signOutPending() {
  try {
    return Boolean(localStore()?.getItem(SIGN_OUT_PENDING_KEY));
  } catch {
    return false; // storage blocked
  }
}
