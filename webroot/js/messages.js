// A&I Live – the messages of a page: errors in its alert region (`page-error`), a polite word in
// its status region (`page-status`). Text is always set as text, never as HTML.

import { setText } from './dom.js';
import { goToSignIn } from './page-address.js';

const el = (id) => document.getElementById(id);

/** The text to show for an error, with the wait for a 429. */
export function errorText(err) {
  if (!err) return 'Something went wrong. Try again.';
  if (err.status === 429 && err.retryAfter) {
    return `${err.message} You can try again in ${err.retryAfter} second${err.retryAfter === 1 ? '' : 's'}.`;
  }
  return err.message || 'Something went wrong. Try again.';
}

/** Shows an error in the page's alert region (`page-error`), or the given one; 401 → sign in. */
export function showError(err, region = el('page-error'), prefix = '') {
  if (err && err.status === 401) {
    goToSignIn('expired');
    return;
  }
  const text = typeof err === 'string' ? err : errorText(err);
  if (region) {
    // Clear first so the same message put in again is announced again.
    region.textContent = '';
    window.setTimeout(() => setText(region, prefix ? `${prefix} ${text}` : text), 30);
  }
}

export function clearError(region = el('page-error')) {
  if (region) setText(region, '');
}

/** A polite message in the page's status region (`page-status`). */
export function showStatus(text, region = el('page-status')) {
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => setText(region, text), 30);
}
