// A&I Live – the routes of accounts people can recover (issue 18): asking for a password reset,
// setting a password with a reset link (both without signing in), and the officer's re-invite and
// reset link for a member. Kept apart from api.js, which is long enough.

import { apiFetch } from './api.js';

/** POST /api/auth/password-reset: the same answer whether the e-mail is a member's or not. */
export function requestPasswordReset(email) {
  return apiFetch('/api/auth/password-reset', { method: 'POST', auth: false, body: { email } });
}

/** POST /api/auth/reset-password: sets the password; every session of the member ends (sign in after). */
export function resetPassword(code, newPassword) {
  return apiFetch('/api/auth/reset-password', { method: 'POST', auth: false, body: { code, newPassword } });
}

/** The officer: a new invitation for a member without a password; older ones stop working. */
export function reinvite(memberId) {
  return apiFetch(`/api/members/${encodeURIComponent(memberId)}/invitations`, { method: 'POST', body: {} });
}

/** The officer: a password reset link for a member; older ones stop working. */
export function issuePasswordReset(memberId) {
  return apiFetch(`/api/members/${encodeURIComponent(memberId)}/password-reset`, { method: 'POST', body: {} });
}
