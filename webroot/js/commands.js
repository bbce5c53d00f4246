// A&I Live – live-room commands (docs/PROTOCOL.md, "Changes"): the one idempotency key, the one
// retry rule and the one way a command is sent without a live connection.
//
// A command takes one of two roads. The room page sends it over the event bus (live.js, through
// its persistent outbox); the preparation pages and the apologies page must not join the room
// (listening to it marks a member remote), so they POST it with sendCommand below. Both roads make
// the key with newKey(), the body with commandBody() and decide with isRetryable() and retryDelay()
// from here, so a command is tried again for the same reasons, at the same pace and with the same
// key, whichever road it takes.

import { apiFetch } from './api.js';

/** A fresh idempotency key. `crypto.randomUUID` exists only on https and localhost. */
export function newKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A command as the server reads it on either road: its fields, then `type` and `key` (a field cannot replace them). */
export const commandBody = (type, key, fields = {}) => ({ ...fields, type, key });

// ---------- the retry rule ----------
//
// It lives here, not with each sender, so the room and the preparation pages cannot drift apart.
// Retryable means the server changed nothing, or we cannot tell, and the same command may well
// succeed later with the same key (which makes a second delivery harmless):
// - 503 `busy`, `storage_unavailable`, `room_unavailable`, `timeout`: "try again: nothing was
//   changed" (PROTOCOL.md, errors);
// - 429 `too_many_commands`: slow down, then send it again;
// - no answer at all (status 0 or below: offline, not connected, no reply in time).
// Anything else (400, 403, 404, 409, 413, 500, …) is final: the caller shows it to the user.

/** True when `err` (an ApiError or a live.js CommandError) may be sent again with the same key. */
export function isRetryable(err) {
  const status = err?.status;
  if (typeof status !== 'number') return false; // not an answer from the server: a fault in the page
  return status === 503 || status === 429 || !(status > 0);
}

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 30_000;

/**
 * How long to wait after failed try number `attempt` (0 for the first): 2 s, doubling up to 30 s,
 * and never less than the server's Retry-After (seconds, from a 429 or 503 over REST).
 */
export function retryDelay(attempt, retryAfterSeconds = null) {
  const backoff = RETRY_MIN_MS * 2 ** Math.max(0, attempt);
  const asked = Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : 0;
  return Math.min(Math.max(backoff, asked), RETRY_MAX_MS);
}

// ---------- without a live connection ----------

/**
 * The REST road keeps nothing when the page closes and someone waits at a busy button, so it
 * gives up after this many tries and the error is shown (the outbox instead keeps a command until
 * it lands or the member discards it).
 */
const REST_TRIES = 3;

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * Sends one command as `POST /api/meetings/{id}/commands` with a fresh idempotency key, tried
 * again by the rule above with the same key, so it lands at most once. Resolves with the
 * acknowledgement `{ok, seq, serverTime[, duplicate]}`; rejects with the last ApiError.
 */
export async function sendCommand(meetingId, type, fields = {}) {
  const body = commandBody(type, newKey(), fields);
  const path = `/api/meetings/${encodeURIComponent(meetingId)}/commands`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await apiFetch(path, { method: 'POST', body });
    } catch (err) {
      if (!isRetryable(err) || attempt + 1 >= REST_TRIES) throw err;
      await sleep(retryDelay(attempt, err.retryAfter));
    }
  }
}
