// A&I Live – the one place the pages talk to the server's JSON API.
//
// One sign-in per browser, not per tab (issue 16): signing in also gives the browser an HttpOnly
// cookie (scripts never see it) that POST /api/auth/session exchanges for a session token. Each tab
// keeps its own token and the signed-in member in sessionStorage; a tab that has none (a new tab,
// the room display, a room link) asks for one before any page script runs (the await at the end of
// this module), so every page finds the member signed in. A token about to expire, or refused with
// 401, is replaced the same way. Every API error, whether the server's JSON
// `{"error": code, "message": text}` or a network failure, is thrown as an ApiError carrying
// `status`, `code` and `message`.
//
// Signing out (endSession, endAllSessions) ends the browser's session on the server and forgets
// what this browser keeps for the member, in every tab (js/sign-out.js).
//
// The parts: js/api-error.js (ApiError), js/session.js (this tab's session), js/api-fetch.js
// (apiFetch, apiDownload), js/sign-out.js. Pages import them from here: this module signs in, and
// makes sure of the session before any page script runs.

import { apiFetch } from './api-fetch.js';
import { resumeSession, scheduleRenewal, signOut, storeSession, token } from './session.js';
import { finishPendingSignOut, signOutPending } from './sign-out.js';

export { ApiError } from './api-error.js';
export {
  currentMember, EXPIRES_KEY, MEMBER_KEY, resumeSession, SESSION_HEADER, signInHref, signOut, storeSession,
  TOKEN_KEY, token,
} from './session.js';
export { apiDownload, apiFetch } from './api-fetch.js';
export {
  endAllSessions, endSession, OUTBOX_PREFIX, SIGN_OUT_PENDING_KEY, SIGNED_OUT_KEY,
} from './sign-out.js';

/**
 * Signs in. Stores the token and member in sessionStorage and resolves to the member;
 * rejects with an ApiError (401 `bad_credentials`, 429 when rate limited, …). Signing in with a
 * one-time password stores nothing: it resolves to `{mustChangePassword: true, token, member}`,
 * and the session begins once a new password is chosen with `changePassword`.
 */
export async function signIn(email, password) {
  const data = await apiFetch('/api/auth/sign-in', {
    method: 'POST',
    auth: false,
    body: { email, password },
  });
  if (data && (data.mustChangePassword || data.secondFactor || data.twoFactorEnrolmentRequired)) {
    return data; // a next step first (a new password, a code, setting up two-factor): nothing stored yet
  }
  return storeSession(data);
}

/**
 * Chooses a new password (12+ characters, not a common one) with the token of the session it is
 * changed in (the one-time sign-in's, or the stored one). Stores the new session and resolves to
 * the member; rejects with 400 `invalid_field` naming `newPassword` or `currentPassword`.
 */
export async function changePassword(currentPassword, newPassword, sessionToken = token()) {
  const data = await apiFetch('/api/auth/change-password', {
    method: 'POST',
    auth: false,
    headers: sessionToken ? { Authorization: `Bearer ${sessionToken}` } : {},
    body: { currentPassword, newPassword },
  });
  return storeSession(data);
}

/**
 * Exchanges the token of a meeting join link for a session scoped to that meeting. Resolves to
 * `{member, meetingId}`; rejects with 401 `invalid_join_link` when expired or withdrawn.
 */
export async function joinByLink(linkToken) {
  const data = await apiFetch('/api/auth/join', {
    method: 'POST',
    auth: false,
    body: { token: linkToken },
  });
  const member = storeSession(data);
  return { member, meetingId: data.meetingId || member.meetingScope || null };
}

/**
 * Accepts an invitation by setting a password (12 or more characters, not a common one); the
 * member is then signed in. Rejects with 400 `invalid_invitation` when used or expired.
 */
export async function acceptInvitation(code, password) {
  const data = await apiFetch('/api/auth/accept-invitation', {
    method: 'POST',
    auth: false,
    body: { code, password },
  });
  return storeSession(data);
}

// Before any page script runs: a sign-out made offline is finished, and a tab without a session
// takes the browser's (a new tab, the room display, a room link), so pages find the member signed in.
if (typeof window !== 'undefined') {
  await finishPendingSignOut();
  if (signOutPending()) {
    signOut();
  } else if (!token()) {
    await resumeSession();
  } else {
    scheduleRenewal();
  }
}
