// A&I Live – sending what waits in the outbox (outbox.js) over the live connection (live.js):
// oldest first, one at a time, so the server sees the user's order. What the retry rule of
// commands.js calls retryable (offline, no answer, 503, 429) stays, key and all, and is sent again
// after the delay that rule gives, or at once when the socket joins again; a refusal is handed to
// whoever sent it from this page, or else to the page's `onCommandError`.

import { CommandError } from './live-errors.js';
import { commandBody, isRetryable, newKey, retryDelay } from './commands.js';

/** Keeps a command well under the bridge's 16 KiB frame limit (the token rides along). */
const MAX_COMMAND_CHARS = 12_000;

/**
 * @param {object} link  the connection's side (live.js)
 * @param {object} link.outbox  the persistent outbox (outbox.js)
 * @param {(body: object) => Promise<object>} link.request  a command over the bus
 * @param {(name: string, ...args: any[]) => void} link.call  calls one of the page's handlers
 * @param {() => boolean} link.joined  `joined` seen on this socket
 * @param {() => boolean} link.everSynced  caught up at least once
 * @param {(seq: number) => void} link.expectSeq  the seq an acknowledgement names (catch-up.js)
 * @param {() => void} link.status  reports the status (the number waiting has changed)
 */
export function createSender({ outbox, request, call, joined, everSynced, expectSeq, status }) {
  const waiters = new Map();   // key → {resolve, reject}, for commands sent from this page
  let flushing = false;
  let retryTimer = null;
  let failedTries = 0;         // retryable failures in a row, for retryDelay (commands.js)

  function settleWaiter(key, fn) {
    const w = waiters.get(key);
    if (w) {
      waiters.delete(key);
      fn(w);
      return true;
    }
    return false;
  }

  /** Sends what waits, oldest first, one at a time, so the server sees the user's order. */
  async function flush() {
    if (flushing || !joined() || !everSynced()) return;
    flushing = true;
    clearTimeout(retryTimer);
    try {
      for (let entry = outbox.first(); entry && joined(); entry = outbox.first()) {
        let reply;
        try {
          reply = await request(commandBody(entry.type, entry.key, entry.fields));
        } catch (err) {
          if (isRetryable(err)) {
            // Kept, key and all, and sent again later (or at once when the socket joins again).
            if (joined()) retryTimer = setTimeout(flush, retryDelay(failedTries++));
            return;
          }
          outbox.remove(entry.key);
          if (!settleWaiter(entry.key, (w) => w.reject(err))) call('onCommandError', err, entry);
          continue;
        }
        failedTries = 0;
        outbox.remove(entry.key);
        settleWaiter(entry.key, (w) => w.resolve(reply));
        expectSeq(reply.seq);
      }
    } finally {
      flushing = false;
      status();
    }
  }

  return {
    flush,
    /** No retry waits any more (the socket closed, or the meeting was left). */
    cancelRetry: () => clearTimeout(retryTimer),

    send(type, fields) {
      const entry = { key: newKey(), type, fields, queuedAt: Date.now() };
      if (JSON.stringify(commandBody(type, entry.key, fields)).length > MAX_COMMAND_CHARS) {
        return Promise.reject(new CommandError(413, 'body_too_large', 'That is too long to send.'));
      }
      const done = new Promise((resolve, reject) => waiters.set(entry.key, { resolve, reject }));
      outbox.add(entry);
      return done;
    },

    discardPending() {
      outbox.list().forEach((e) => settleWaiter(e.key, (w) => w.reject(
        new CommandError(0, 'discarded', 'The change was discarded before it reached the server.'))));
      outbox.clear();
    },
  };
}
