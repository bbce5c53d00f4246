// A&I Live – one question or command over the event bus (live.js), answered or failed: never
// left hanging. A request that gets no answer in time fails with `timeout`; when the socket closes,
// every request still waiting fails with `disconnected` (commands.js's retry rule reads both).

import { CommandError, disconnected, toCommandError } from './live-errors.js';

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * @param {object} bus
 * @param {() => object|null} bus.socket  the EventBus in use now, or null
 * @param {number} bus.openState  `EventBus.OPEN`
 * @param {string} bus.address  where commands go (`ailive.meeting.<id>.cmd`)
 * @param {() => string} bus.token  the current bearer token, sent in the `token` header
 */
export function createBusRequests({ socket, openState, address, token }) {
  const inflight = new Set();

  function request(body, timeoutMs = REQUEST_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      const eb = socket();
      if (!eb || eb.state !== openState) {
        reject(disconnected());
        return;
      }
      let done = false;
      const rec = {};
      const settle = (fn) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        inflight.delete(rec);
        fn();
      };
      rec.fail = (err) => settle(() => reject(err));
      const timer = setTimeout(() => rec.fail(new CommandError(0, 'timeout',
        'The server did not answer in time.')), timeoutMs);
      inflight.add(rec);
      try {
        eb.send(address, body, { token: token() }, (err, msg) => settle(() => {
          if (err) reject(toCommandError(err));
          else resolve(msg?.body ?? {});
        }));
      } catch {
        rec.fail(disconnected());
      }
    });
  }

  return {
    request,
    /** The socket closed: whatever still waits for an answer fails now. */
    failAll: () => inflight.forEach((rec) => rec.fail(disconnected())),
  };
}
