// A&I Live – the one way the pages call the server's API: JSON in and out (apiFetch) and files
// (apiDownload), with this tab's token; a token refused with 401 is replaced once from the
// browser's session. Every failure is thrown as an ApiError (js/api-error.js).

import { ApiError, fallbackMessage, readBody, responseError } from './api-error.js';
import { currentMember, resumeSession, signOut, token } from './session.js';

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
  if (response.status === 401 && bearer) signOut();
  throw responseError(response, data);
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
    if (response.status === 401 && bearer) signOut();
    throw responseError(response, data);
  }
  const blob = await response.blob();
  return { blob, filename: attachmentName(response) || fallbackName };
}
