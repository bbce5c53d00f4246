// A&I Live – an API failure, as every page sees it: the server's JSON `{"error": code, "message":
// text}`, or words of our own for a failure without one (a network failure has status 0).

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

export function fallbackMessage(status) {
  return FALLBACK_MESSAGES[status]
    ?? (status >= 500 ? 'Something went wrong on the server. Try again.' : `The request failed (HTTP ${status}).`);
}

/** Seconds from a Retry-After header (429, 503), or null. */
export function parseRetryAfter(response) {
  const value = response.headers.get('Retry-After');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** The body of a response: parsed JSON, text, or null. */
export async function readBody(response) {
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

/** The ApiError for a failed response whose body was read as `data`. */
export function responseError(response, data) {
  const json = data && typeof data === 'object' ? data : null;
  const code = (json && typeof json.error === 'string' && json.error) || `http_${response.status}`;
  const message = (json && typeof json.message === 'string' && json.message) || fallbackMessage(response.status);
  return new ApiError(response.status, code, message, { retryAfter: parseRetryAfter(response), body: json });
}
