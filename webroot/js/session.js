// A&I Live – this tab's session (issue 16): its token and the signed-in member, kept in
// sessionStorage; taken from the browser's session (its HttpOnly sign-in cookie, which scripts
// never see) with POST /api/auth/session, and replaced the same way shortly before it expires.

import { ApiError, fallbackMessage } from './api-error.js';

export const TOKEN_KEY = 'ailive.token';
export const MEMBER_KEY = 'ailive.member';
export const EXPIRES_KEY = 'ailive.expiresAt';
/** The header POST /api/auth/session requires (a cross-site form cannot send one). */
export const SESSION_HEADER = 'X-AILive-Session';
const SESSION_PATH = '/api/auth/session';
/** A token is replaced this long before it expires. */
const RENEW_BEFORE_MS = 2 * 60_000;
/** How long a page waits for the browser's session before it shows as signed out. */
const RESUME_TIMEOUT_MS = 5_000;

/** This tab's sessionStorage, or null when the browser blocks it. */
export function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage blocked by browser settings
  }
}

/** The stored bearer token, or null when not signed in (or the token has expired). */
export function token() {
  const s = storage();
  const t = s?.getItem(TOKEN_KEY);
  if (!t) return null;
  const expiresAt = Number(s.getItem(EXPIRES_KEY));
  if (expiresAt && Date.now() >= expiresAt) {
    signOut();
    return null;
  }
  return t;
}

/** The signed-in member `{id, fullName, agency, agencyId, roles}`, or null. */
export function currentMember() {
  if (!token()) return null;
  const raw = storage()?.getItem(MEMBER_KEY);
  if (!raw) return null;
  try {
    const member = JSON.parse(raw);
    return member && typeof member === 'object' ? member : null;
  } catch {
    return null;
  }
}

/** Forgets the token and member of this tab (the browser's session, its cookie, is left as it is). */
export function signOut() {
  const s = storage();
  if (!s) return;
  s.removeItem(TOKEN_KEY);
  s.removeItem(MEMBER_KEY);
  s.removeItem(EXPIRES_KEY);
}

let resuming = null;
let renewTimer = null;

/**
 * The browser's session for this tab: POST /api/auth/session with the sign-in cookie. Resolves to
 * the answer `{token, expiresInMinutes, member}`, null when the browser is not signed in (401, or
 * refused), and rejects only when the server could not be reached.
 */
export async function fetchSession() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), RESUME_TIMEOUT_MS);
  try {
    const response = await fetch(SESSION_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json', [SESSION_HEADER]: '1' },
      signal: controller.signal,
    });
    if (!response.ok) {
      if (response.status >= 500) throw new ApiError(response.status, 'unavailable', fallbackMessage(response.status));
      return null;
    }
    const data = await response.json();
    return data && typeof data.token === 'string' && data.member ? data : null;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(0, 'network_error', fallbackMessage(0));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Takes a session token from the browser's session (its cookie) into this tab. Resolves to the
 * member, or null when the browser is not signed in or the server could not be reached. Never rejects.
 */
export function resumeSession() {
  if (!resuming) {
    resuming = fetchSession()
      .then((data) => (data ? storeSession(data) : null))
      .catch(() => null)
      .finally(() => { resuming = null; });
  }
  return resuming;
}

/** Replaces this tab's token shortly before it expires, as long as that gives a later expiry. */
export function scheduleRenewal() {
  clearTimeout(renewTimer);
  const expiresAt = Number(storage()?.getItem(EXPIRES_KEY));
  if (!expiresAt || typeof window === 'undefined') return;
  renewTimer = setTimeout(async () => {
    const before = currentMember()?.id;
    const member = await resumeSession();
    const renewedTo = Number(storage()?.getItem(EXPIRES_KEY));
    if (member && member.id !== before) {
      signOut();
      window.location.replace(signInHref('expired'));
    } else if (member && renewedTo > expiresAt + 60_000) {
      scheduleRenewal();
    }
  }, Math.max(10_000, expiresAt - Date.now() - RENEW_BEFORE_MS));
}

/** The sign-in page's address, coming back to this page once signed in. */
export function signInHref(reason) {
  const here = `${window.location.pathname.split('/').pop() || 'index.html'}${window.location.search}`;
  const next = here.startsWith('index.html') ? '' : `next=${encodeURIComponent(here)}`;
  const query = [next, reason ? `reason=${encodeURIComponent(reason)}` : ''].filter(Boolean).join('&');
  return query ? `index.html?${query}` : 'index.html';
}

/**
 * Keeps a session answered by sign-in, accepting an invitation or joining by link
 * (`{token, expiresInMinutes, member}`) in sessionStorage and resolves to the member.
 */
export function storeSession(data) {
  if (!data || typeof data.token !== 'string' || !data.member) {
    throw new ApiError(500, 'bad_response', 'The server sent an unexpected answer. Try again.');
  }
  const s = storage();
  if (!s) {
    throw new ApiError(0, 'storage_blocked',
      'Your browser is blocking site storage, which A&I Live needs to keep you signed in. Allow it for this site and try again.');
  }
  signOut();
  const member = data.meetingId && !data.member.meetingScope
    ? { ...data.member, meetingScope: data.meetingId } : data.member;
  s.setItem(TOKEN_KEY, data.token);
  s.setItem(MEMBER_KEY, JSON.stringify(member));
  const minutes = Number(data.expiresInMinutes);
  if (Number.isFinite(minutes) && minutes > 0) {
    s.setItem(EXPIRES_KEY, String(Date.now() + minutes * 60_000));
  }
  scheduleRenewal();
  return member;
}

/** Stops replacing this tab's token (it is being signed out). */
export function stopRenewal() {
  clearTimeout(renewTimer);
}
