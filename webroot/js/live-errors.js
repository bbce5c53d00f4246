// A&I Live – what the live connection (live.js) says when a command or request fails: the JSON
// error of the protocol (docs/PROTOCOL.md), or the bus's own failures named as the REST road names
// them, so that one retry rule (commands.js's isRetryable) reads both roads. Also the claims of the
// token, read (never verified) for `sub` and `exp`.

/** A command or request that failed; whether it may be sent again is commands.js's isRetryable. */
export class CommandError extends Error {
  constructor(status, code, message, { details = null } = {}) {
    super(message);
    this.name = 'CommandError';
    this.status = status;
    this.code = code;
    /** The whole JSON error, with what a client needs to recover (e.g. `field`, `current`, `version` of an `edit_conflict`). */
    this.details = details;
  }

  /** The field a `400 invalid_field` names: its message starts with it in quotes ("'dueDate' must…"). */
  get field() {
    if (this.details && typeof this.details.field === 'string') return this.details.field;
    const m = /^'([A-Za-z]+)'/.exec(this.message || '');
    return m ? m[1] : null;
  }
}

export const disconnected = () => new CommandError(0, 'disconnected', 'Not connected to the meeting.');

/** A failure reply from the bridge: `message` is the JSON error of the protocol, as a string. */
export function toCommandError(failure) {
  let status = Number(failure?.failureCode);
  const type = String(failure?.failureType || '');
  let code = 'error';
  let message = 'The server could not do that.';
  let details = null;
  try {
    const parsed = JSON.parse(failure?.message);
    if (parsed && typeof parsed === 'object') details = parsed;
    if (parsed && typeof parsed.error === 'string') code = parsed.error;
    if (parsed && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    if (typeof failure?.message === 'string' && failure.message) message = failure.message;
  }
  // TIMEOUT / NO_HANDLERS come from the bus itself (it did not answer in time, or no owner of the
  // room yet): named as the REST road names them (web/Failures.java), so one retry rule reads both.
  const own = { TIMEOUT: 'timeout', NO_HANDLERS: 'room_unavailable' }[type];
  if (own) {
    status = 503;
    code = own;
  }
  return new CommandError(Number.isFinite(status) ? status : 0, code, message, { details });
}

/** The claims of a JWT, unverified (the server verifies; we only read `sub` and `exp`). */
export function tokenClaims(token) {
  try {
    const part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')),
      (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : {};
  } catch {
    return {};
  }
}
