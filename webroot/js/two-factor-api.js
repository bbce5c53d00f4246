// A&I Live – two-factor sign-in (issue 18): the calls of the code step and of two-factor.html.
// Kept apart from api.js (which is long enough); sessions are stored by api.js's storeSession.

import { apiFetch, storeSession } from './api.js';

/**
 * The second step of signing in: the challenge from the password and a code (or a recovery code).
 * Resolves to the member once the session is stored, or to `{mustChangePassword, token, member}`
 * when a one-time password must be changed first (nothing stored).
 */
export async function signInWithCode(challenge, { code, recoveryCode }) {
  const data = await apiFetch('/api/auth/sign-in/second-factor', {
    method: 'POST',
    auth: false,
    body: code ? { challenge, code } : { challenge, recoveryCode },
  });
  if (data && data.mustChangePassword) return data;
  return storeSession(data);
}

export function twoFactorStatus() {
  return apiFetch('/api/auth/two-factor');
}

/** A new secret, pending until confirmed: `{secret, otpauthUri, qr}`. */
export function startEnrolment() {
  return apiFetch('/api/auth/two-factor/enrol', { method: 'POST' });
}

/** Confirms with a code; the ten recovery codes. A set-up session is replaced by the full one it answers. */
export async function confirmEnrolment(code) {
  const data = await apiFetch('/api/auth/two-factor/confirm', { method: 'POST', body: { code } });
  if (data && typeof data.token === 'string') storeSession(data);
  return data.recoveryCodes || [];
}

export async function newRecoveryCodes(code) {
  const data = await apiFetch('/api/auth/two-factor/recovery-codes', { method: 'POST', body: { code } });
  return data.recoveryCodes || [];
}

export function turnOff(code) {
  return apiFetch('/api/auth/two-factor', { method: 'DELETE', body: { code } });
}
