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
// Signing out (endSession, endAllSessions) ends the browser's session on the server (every tab's
// token and the cookie stop working), forgets everything this browser keeps for the member: this
// tab's session, drafts and cached lists (sessionStorage `ailive.*`), the unsent commands of every
// meeting (localStorage `ailive.outbox.<meeting>.<member>`), and tells the member's other tabs,
// which go to sign in. Signed out while offline, the next page load of this site ends it on the
// server first.

export const TOKEN_KEY = 'ailive.token';
export const MEMBER_KEY = 'ailive.member';
export const EXPIRES_KEY = 'ailive.expiresAt';
/** localStorage: the outboxes of js/outbox.js, `ailive.outbox.<meeting>.<member>`. */
export const OUTBOX_PREFIX = 'ailive.outbox.';
/** localStorage: set for a moment when a member signs out, so their other tabs hear it. */
export const SIGNED_OUT_KEY = 'ailive.signedOut';
/** localStorage: a sign-out the server has not heard yet (offline); the next page load sends it. */
export const SIGN_OUT_PENDING_KEY = 'ailive.signOutPending';
/** The header POST /api/auth/session requires (a cross-site form cannot send one). */
export const SESSION_HEADER = 'X-AILive-Session';
const SESSION_PATH = '/api/auth/session';
/** A token is replaced this long before it expires. */
const RENEW_BEFORE_MS = 2 * 60_000;
/** How long a page waits for the browser's session before it shows as signed out. */
const RESUME_TIMEOUT_MS = 5_000;

/** An API failure: `status` is the HTTP status (0 when the server could not be reached). */
export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    /** Seconds from a Retry-After header (429, 503), or null. */
    this.retryAfter = details.retryAfter ?? null;
    /** The parsed JSON error body, or null. */
    this.body = details.body ?? null;
  }
}

/** Messages for failures that came without a usable JSON error body. */
const FALLBACK_MESSAGES = {
  0: 'Could not reach the server. Check your connection and try again.',
  400: 'The request was not accepted. Check what you entered and try again.',
  401: 'Sign in first: your session has ended or is not valid.',
  403: 'You do not have permission to do that.',
  404: 'That was not found.',
  409: 'That conflicts with a change someone else has just made. Reload and try again.',
  413: 'That is too large to send.',
  429: 'Too many attempts. Wait a minute and try again.',
  503: 'The service is busy or restarting. Try again in a moment.',
};

function fallbackMessage(status) {
  return FALLBACK_MESSAGES[status]
    ?? (status >= 500 ? 'Something went wrong on the server. Try again.' : `The request failed (HTTP ${status}).`);
}

function storage() {
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

function parseRetryAfter(response) {
  const value = response.headers.get('Retry-After');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

async function readBody(response) {
  if (response.status === 204 || response.status === 205) return null;
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return text;
}

/**
 * Calls the API. `path` is relative to the site root, e.g. '/api/meetings'.
 * `options` are fetch options; `options.body` may be a plain object or array (sent as JSON).
 * Pass `auth: false` to send no token. Resolves to the parsed JSON body (null when empty);
 * rejects with an ApiError. A 401 on an authenticated call forgets the stored token.
 */
export async function apiFetch(path, options = {}) {
  const { auth = true, retry = true, body, headers: extraHeaders, ...rest } = options;
  const headers = new Headers(extraHeaders || {});
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');

  let payload = body;
  if (body !== undefined && body !== null && typeof body === 'object'
      && !(body instanceof FormData) && !(body instanceof Blob) && !(body instanceof URLSearchParams)
      && !(body instanceof ArrayBuffer)) {
    payload = JSON.stringify(body);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  }

  const bearer = auth ? token() : null;
  if (bearer) headers.set('Authorization', `Bearer ${bearer}`);

  let response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      cache: 'no-store',
      ...rest,
      headers,
      body: payload,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', fallbackMessage(0));
  }

  const data = await readBody(response).catch(() => null);
  if (response.ok) return data;

  if (response.status === 401 && bearer && retry) {
    // This tab's token ended (expired, or its session was renewed elsewhere): the browser's session
    // may still be good. Tried once, and only for the same member.
    const before = currentMember()?.id;
    const again = await resumeSession();
    if (again && again.id === before) return apiFetch(path, { ...options, retry: false });
    if (again) signOut();
  }
  const json = data && typeof data === 'object' ? data : null;
  const code = (json && typeof json.error === 'string' && json.error) || `http_${response.status}`;
  const message = (json && typeof json.message === 'string' && json.message) || fallbackMessage(response.status);
  if (response.status === 401 && bearer) signOut();
  throw new ApiError(response.status, code, message, { retryAfter: parseRetryAfter(response), body: json });
}

let resuming = null;
let renewTimer = null;

/**
 * The browser's session for this tab: POST /api/auth/session with the sign-in cookie. Resolves to
 * the answer `{token, expiresInMinutes, member}`, null when the browser is not signed in (401, or
 * refused), and rejects only when the server could not be reached.
 */
async function fetchSession() {
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
function scheduleRenewal() {
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
  clearTimeout(renewTimer);
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
async function finishPendingSignOut() {
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

/** The file name in a Content-Disposition header, or null. */
function attachmentName(response) {
  const header = response.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : null;
}

/**
 * Fetches a file (CSV, XLSX, PDF) with the bearer token, which a plain link cannot send.
 * Resolves to `{blob, filename}`; rejects with an ApiError like apiFetch.
 */
export async function apiDownload(path, fallbackName = 'download', retry = true) {
  const headers = new Headers();
  const bearer = token();
  if (bearer) headers.set('Authorization', `Bearer ${bearer}`);
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store', headers });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', fallbackMessage(0));
  }
  if (response.status === 401 && bearer && retry) {
    const before = currentMember()?.id;
    const again = await resumeSession();
    if (again && again.id === before) return apiDownload(path, fallbackName, false);
    if (again) signOut();
  }
  if (!response.ok) {
    const data = await readBody(response).catch(() => null);
    const json = data && typeof data === 'object' ? data : null;
    const code = (json && typeof json.error === 'string' && json.error) || `http_${response.status}`;
    const message = (json && typeof json.message === 'string' && json.message) || fallbackMessage(response.status);
    if (response.status === 401 && bearer) signOut();
    throw new ApiError(response.status, code, message, { retryAfter: parseRetryAfter(response), body: json });
  }
  const blob = await response.blob();
  return { blob, filename: attachmentName(response) || fallbackName };
}

// Before any page script runs: a sign-out made offline is finished, and a tab without a session
// takes the browser's (a new tab, the room display, a room link), so pages find the member signed in.
if (typeof window !== 'undefined') {
  await finishPendingSignOut();
  let pending = null;
  try {
    pending = localStore()?.getItem(SIGN_OUT_PENDING_KEY);
  } catch {
    // storage blocked
  }
  if (pending) {
    signOut();
  } else if (!token()) {
    await resumeSession();
  } else {
    scheduleRenewal();
  }
}
